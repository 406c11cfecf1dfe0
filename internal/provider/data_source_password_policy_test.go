package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// TestAccPasswordPolicy_lifecycle runs on its own moto server: the password
// policy is account-wide.
func TestAccPasswordPolicy_lifecycle(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	const config = `data "iamaudit_password_policy" "test" {}`
	setPolicy := func(in iam.UpdateAccountPasswordPolicyInput) func() {
		return func() {
			if err := srv.Fixtures().SetPasswordPolicy(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No policy: not an error.
				Config: srv.ProviderConfig() + config,
				ConfigStateChecks: passwordPolicyChecks(map[string]knownvalue.Check{
					"exists":                         knownvalue.Bool(false),
					"minimum_password_length":        knownvalue.Null(),
					"require_symbols":                knownvalue.Bool(false),
					"require_numbers":                knownvalue.Bool(false),
					"require_uppercase_characters":   knownvalue.Bool(false),
					"require_lowercase_characters":   knownvalue.Bool(false),
					"allow_users_to_change_password": knownvalue.Bool(false),
					"expire_passwords":               knownvalue.Bool(false),
					"max_password_age":               knownvalue.Null(),
					"password_reuse_prevention":      knownvalue.Null(),
					"hard_expiry":                    knownvalue.Bool(false),
				}),
			},
			{
				// The CIS policy.
				PreConfig: setPolicy(iam.UpdateAccountPasswordPolicyInput{
					MinimumPasswordLength:      aws.Int32(14),
					RequireSymbols:             true,
					RequireNumbers:             true,
					RequireUppercaseCharacters: true,
					RequireLowercaseCharacters: true,
					AllowUsersToChangePassword: true,
					MaxPasswordAge:             aws.Int32(90),
					PasswordReusePrevention:    aws.Int32(24),
					HardExpiry:                 aws.Bool(true),
				}),
				Config: srv.ProviderConfig() + config,
				ConfigStateChecks: passwordPolicyChecks(map[string]knownvalue.Check{
					"exists":                         knownvalue.Bool(true),
					"minimum_password_length":        knownvalue.Int64Exact(14),
					"require_symbols":                knownvalue.Bool(true),
					"require_numbers":                knownvalue.Bool(true),
					"require_uppercase_characters":   knownvalue.Bool(true),
					"require_lowercase_characters":   knownvalue.Bool(true),
					"allow_users_to_change_password": knownvalue.Bool(true),
					"expire_passwords":               knownvalue.Bool(true),
					"max_password_age":               knownvalue.Int64Exact(90),
					"password_reuse_prevention":      knownvalue.Int64Exact(24),
					"hard_expiry":                    knownvalue.Bool(true),
				}),
			},
			{
				// A weak policy: passwords never expire, reuse is not limited.
				PreConfig: setPolicy(iam.UpdateAccountPasswordPolicyInput{
					MinimumPasswordLength: aws.Int32(8),
					RequireNumbers:        true,
				}),
				Config: srv.ProviderConfig() + config,
				ConfigStateChecks: passwordPolicyChecks(map[string]knownvalue.Check{
					"exists":                         knownvalue.Bool(true),
					"minimum_password_length":        knownvalue.Int64Exact(8),
					"require_symbols":                knownvalue.Bool(false),
					"require_numbers":                knownvalue.Bool(true),
					"require_uppercase_characters":   knownvalue.Bool(false),
					"require_lowercase_characters":   knownvalue.Bool(false),
					"allow_users_to_change_password": knownvalue.Bool(false),
					"expire_passwords":               knownvalue.Bool(false),
					"max_password_age":               knownvalue.Null(),
					"password_reuse_prevention":      knownvalue.Null(),
					"hard_expiry":                    knownvalue.Bool(false),
				}),
			},
		},
	})
}

// passwordPolicyChecks asserts every attribute of data.iamaudit_password_policy.test.
func passwordPolicyChecks(want map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(want))
	for attr, check := range want {
		checks = append(checks, statecheck.ExpectKnownValue("data.iamaudit_password_policy.test", tfjsonpath.New(attr), check))
	}
	return checks
}

func TestPasswordPolicyModelOf(t *testing.T) {
	t.Parallel()
	zero := int32(0)
	cases := map[string]struct {
		in   *iamcollect.PasswordPolicy
		want passwordPolicyModel
	}{
		"nil": {nil, passwordPolicyModelOf(&iamcollect.PasswordPolicy{})},
		// Some endpoints report unset numbers as 0; IAM's minimum is 1.
		"zero numbers are null": {
			&iamcollect.PasswordPolicy{Exists: true, MinimumPasswordLength: 6, MaxPasswordAge: &zero, PasswordReusePrevention: &zero},
			passwordPolicyModel{
				Exists: types.BoolValue(true), MinimumPasswordLength: types.Int64Value(6),
				RequireSymbols: types.BoolValue(false), RequireNumbers: types.BoolValue(false),
				RequireUppercaseCharacters: types.BoolValue(false), RequireLowercaseCharacters: types.BoolValue(false),
				AllowUsersToChangePassword: types.BoolValue(false), ExpirePasswords: types.BoolValue(false),
				MaxPasswordAge: types.Int64Null(), PasswordReusePrevention: types.Int64Null(), HardExpiry: types.BoolValue(false),
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := passwordPolicyModelOf(tc.in); got != tc.want {
				t.Errorf("passwordPolicyModelOf() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestAccPasswordPolicy_accessDenied proves the audit fails closed: a denied
// GetAccountPasswordPolicy is an error naming the action, never exists = false.
func TestAccPasswordPolicy_accessDenied(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{InitialNoAuthActionCount: 3})
	ctx := t.Context()
	f := srv.Fixtures()
	// The three actions moto allows before it enforces policies.
	if _, err := f.CreateUser(ctx, "auditor", "", nil); err != nil {
		t.Fatal(err)
	}
	keyID, secret, err := f.CreateAccessKey(ctx, "auditor")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.PutUserPolicy(ctx, "auditor", "identity-only",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	provider := strings.Replace(srv.ProviderConfig(), `access_key = "test"`+"\n  secret_key = \"test\"",
		fmt.Sprintf("access_key = %q\n  secret_key = %q", keyID, secret), 1)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "iamaudit_password_policy" "test" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Unable to Read IAM Password Policy[\s\S]*iam:GetAccountPasswordPolicy\s+was\s+denied`),
		}},
	})
}
