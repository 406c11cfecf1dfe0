package provider

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// TestAccAccount_rootAndSummary runs on its own moto server: aliases, root
// state and the summary counters are account-wide.
func TestAccAccount_rootAndSummary(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	f := srv.Fixtures()
	const config = `data "iamaudit_account" "test" {}`
	setRoot := func(root acctest.RootAccount) func() {
		return func() {
			if err := f.SetRootAccount(ctx, root); err != nil {
				t.Fatal(err)
			}
		}
	}
	seed := func() {
		if _, err := f.IAM.CreateAccountAlias(ctx, &iam.CreateAccountAliasInput{AccountAlias: aws.String("acme-prod-audit")}); err != nil {
			t.Fatalf("iam:CreateAccountAlias: %v", err)
		}
		for _, u := range []string{"alice", "bob", "carol"} {
			if _, err := f.CreateUser(ctx, u, "", nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.CreateGroup(ctx, "admins", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.CreateRole(ctx, "deployer", "", trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", "")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.CreatePolicy(ctx, "deploy", "", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`); err != nil {
			t.Fatal(err)
		}
		setRoot(acctest.RootAccount{MFA: "virtual", AccessKeysPresent: true})()
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A fresh account: no alias, no root MFA, nothing created.
				Config: srv.ProviderConfig() + config,
				ConfigStateChecks: accountChecks(nil, false, "none", false, false, map[string]int64{
					"Users": 0, "Groups": 0, "Roles": 0, "Policies": 0,
					"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0,
					"MFADevices": 0, "UsersQuota": 5000,
				}),
			},
			{
				PreConfig: seed,
				Config:    srv.ProviderConfig() + config,
				ConfigStateChecks: accountChecks([]string{"acme-prod-audit"}, true, "virtual", true, false, map[string]int64{
					"Users": 3, "Groups": 1, "Roles": 1, "Policies": 1,
					"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1, "AccountSigningCertificatesPresent": 0,
					"MFADevices": 1, "UsersQuota": 5000,
				}),
			},
			{
				PreConfig: setRoot(acctest.RootAccount{MFA: "hardware", SigningCertificatesPresent: true}),
				Config:    srv.ProviderConfig() + config,
				ConfigStateChecks: accountChecks([]string{"acme-prod-audit"}, true, "hardware", false, true, map[string]int64{
					"Users": 3, "Groups": 1, "Roles": 1, "Policies": 1,
					"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 1,
					"MFADevices": 0, "UsersQuota": 5000,
				}),
			},
		},
	})
}

// accountChecks asserts data.iamaudit_account.test exactly; summary lists the
// counters that must hold (GetAccountSummary returns many more quotas).
func accountChecks(aliases []string, mfaEnabled bool, mfaType string, rootKeys, rootCerts bool, summary map[string]int64) []statecheck.StateCheck {
	const addr = "data.iamaudit_account.test"
	counters := make(map[string]knownvalue.Check, len(summary))
	for k, v := range summary {
		counters[k] = knownvalue.Int64Exact(v)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(acctest.AccountID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("aliases"), acctest.KnownStrings(aliases)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_mfa_enabled"), knownvalue.Bool(mfaEnabled)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_mfa_type"), knownvalue.StringExact(mfaType)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_access_keys_present"), knownvalue.Bool(rootKeys)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_signing_certificates_present"), knownvalue.Bool(rootCerts)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("summary"), knownvalue.MapPartial(counters)),
		// moto 5.2.1 returns 33 counters and quotas.
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("summary"), knownvalue.MapSizeExact(33)),
	}
}
