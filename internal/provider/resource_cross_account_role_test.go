package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

const (
	roleAddr          = "iamaudit_cross_account_role.test"
	securityAuditARN  = "arn:aws:iam::aws:policy/SecurityAudit"
	readOnlyAccessARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
)

// Trust policies of the lifecycle test, written out exactly as the role
// must have them.
const (
	trustTwoPrincipals = `{"Statement":[{"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":"acme-7f3c9e"}},"Effect":"Allow",` +
		`"Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:role/Auditor"]}}],` +
		`"Version":"2012-10-17"}`
	trustOneWithMFA = `{"Statement":[{"Action":"sts:AssumeRole",` +
		`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"sts:ExternalId":"acme-7f3c9e"}},` +
		`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}],"Version":"2012-10-17"}`
)

func roleConfig(providerHCL, name, iamPath string, body ...string) string {
	return identityResourceConfig(providerHCL, "iamaudit_cross_account_role", name, iamPath, body...)
}

func rolePolicyARN(iamPath, name string) string {
	return testAccount.PolicyARN(iamPath, iamidentity.PermissionsPolicyName(name))
}

// expectRole checks the role in AWS: trust policy equivalent to trust,
// maximum session duration and attached managed policies exactly.
func expectRole(api *iam.Client, name, trust string, maxSession int32, attached []string) acctest.SDKCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		out, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
		if err != nil {
			return err
		}
		got := aws.ToString(out.Role.AssumeRolePolicyDocument)
		if equal, err := policydoc.Equivalent(got, trust); err != nil || !equal {
			return fmt.Errorf("trust policy of %s is %s, want %s (%v)", name, got, trust, err)
		}
		if d := aws.ToInt32(out.Role.MaxSessionDuration); d != maxSession {
			return fmt.Errorf("max session duration of %s is %d, want %d", name, d, maxSession)
		}
		arns, err := acctest.AttachedRolePolicies(ctx, api, name)
		if err != nil {
			return err
		}
		want := sortedCopy(attached)
		if !slices.Equal(arns, want) {
			return fmt.Errorf("policies attached to %s are %v, want %v", name, arns, want)
		}
		return nil
	}
}

func TestAccCrossAccountRole_lifecycle(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-xrole"), acctest.UniquePath(t)
	policyARN := rolePolicyARN(iamPath, name)
	roleARN := "arn:aws:iam::" + acctest.AccountID + ":role" + iamPath + name
	audit := readerPolicyJSON(t, "audit", nil)
	custom := `{"Statement":[{"Action":["iam:GetAccountSummary","iam:ListRoles"],"Effect":"Allow","Resource":"*","Sid":"Custom"}],"Version":"2012-10-17"}`
	sameRole := statecheck.CompareValue(compare.ValuesSame())
	attr := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	step1 := []string{
		`trusted_principal_arns = ["111122223333", "arn:aws:iam::444455556666:role/Auditor"]`,
		`external_id            = "acme-7f3c9e"`,
		`purpose                = "audit"`,
		fmt.Sprintf(`managed_policy_arns    = [%q]`, securityAuditARN),
		`max_session_duration   = 14400`,
		`tags                   = { owner = "security" }`,
	}
	step2 := []string{
		`trusted_principal_arns = ["arn:aws:iam::111122223333:root"]`,
		`external_id            = "acme-7f3c9e"`,
		`require_mfa            = true`,
		`description            = "Auditor access from the security account"`,
		`policy_json            = jsonencode({Version = "2012-10-17", Statement = [{Sid = "Custom", Effect = "Allow", Action = ["iam:GetAccountSummary", "iam:ListRoles"], Resource = "*"}]})`,
		`max_session_duration   = 43200`,
		`tags                   = { owner = "platform" }`,
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(api, nil, nil, []string{name}, []string{policyARN}),
		Steps: []resource.TestStep{
			{
				Config: roleConfig(srv.ProviderConfig(), name, iamPath, step1...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(roleAddr, attr("trust_policy_json"), knownvalue.StringExact(trustTwoPrincipals)),
					plancheck.ExpectKnownValue(roleAddr, attr("arn"), knownvalue.StringExact(roleARN)),
					plancheck.ExpectKnownValue(roleAddr, attr("policy_arn"), knownvalue.StringExact(policyARN)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("arn"), knownvalue.StringExact(roleARN)),
					statecheck.ExpectKnownValue(roleAddr, attr("unique_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(roleAddr, attr("trust_policy_json"), knownvalue.StringExact(trustTwoPrincipals)),
					statecheck.ExpectKnownValue(roleAddr, attr("policy_arn"), knownvalue.StringExact(policyARN)),
					statecheck.ExpectKnownValue(roleAddr, attr("policy_document"), knownvalue.StringExact(audit)),
					statecheck.ExpectKnownValue(roleAddr, attr("max_session_duration"), knownvalue.Int64Exact(14400)),
					sameRole.AddStateValue(roleAddr, attr("unique_id")),
					expectRole(api, name, trustTwoPrincipals, 14400, []string{policyARN, securityAuditARN}),
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						if err := acctest.ExpectEquivalentPolicy(ctx, api, policyARN, audit); err != nil {
							return err
						}
						tags, err := acctest.RoleTags(ctx, api, name)
						if err != nil || fmt.Sprint(tags) != "map[owner:security]" {
							return fmt.Errorf("tags of %s: %v, %v", name, tags, err)
						}
						return nil
					}),
				},
			},
			{
				// Update in place: trust (one principal, MFA), description,
				// session duration, own policy document, managed policies, tags.
				Config: roleConfig(srv.ProviderConfig(), name, iamPath, step2...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(roleAddr, attr("trust_policy_json"), knownvalue.StringExact(trustOneWithMFA)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("trust_policy_json"), knownvalue.StringExact(trustOneWithMFA)),
					statecheck.ExpectKnownValue(roleAddr, attr("policy_document"), knownvalue.StringExact(custom)),
					statecheck.ExpectKnownValue(roleAddr, attr("managed_policy_arns"), knownvalue.Null()),
					sameRole.AddStateValue(roleAddr, attr("unique_id")),
					expectRole(api, name, trustOneWithMFA, 43200, []string{policyARN}),
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						out, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
						if err != nil || aws.ToString(out.Role.Description) != "Auditor access from the security account" {
							return fmt.Errorf("description of %s: %v, %v", name, out, err)
						}
						return acctest.ExpectEquivalentPolicy(ctx, api, policyARN, custom)
					}),
				},
			},
			{
				ResourceName:                         roleAddr,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				// Semantically equal documents written differently outside
				// Terraform are no change.
				PreConfig: func() {
					ctx := context.Background()
					mustSDK(t)(api.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{
						RoleName: aws.String(name),
						PolicyDocument: aws.String(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Principal": {"AWS": ["111122223333"]},
    "Effect": "Allow",
    "Action": ["sts:AssumeRole"],
    "Condition": {"StringEquals": {"sts:ExternalId": "acme-7f3c9e"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}`),
					}))
					mustSDK(t)(api.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
						PolicyArn:      aws.String(policyARN),
						PolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": {"Sid": "Custom", "Resource": ["*"], "Action": ["iam:ListRoles", "iam:GetAccountSummary"], "Effect": "Allow"}}`),
						SetAsDefault:   true,
					}))
				},
				Config:   roleConfig(srv.ProviderConfig(), name, iamPath, step2...),
				PlanOnly: true,
			},
			{
				// Real drift: trust policy replaced, an extra policy attached and
				// the own policy detached outside Terraform. The plan shows the
				// way back.
				PreConfig: func() {
					ctx := context.Background()
					mustSDK(t)(api.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{
						RoleName:       aws.String(name),
						PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}]}`),
					}))
					mustSDK(t)(api.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(readOnlyAccessARN)}))
					mustSDK(t)(api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(policyARN)}))
				},
				Config: roleConfig(srv.ProviderConfig(), name, iamPath, step2...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(roleAddr, attr("trust_policy_json"), knownvalue.StringExact(trustOneWithMFA)),
					plancheck.ExpectKnownValue(roleAddr, attr("policy_arn"), knownvalue.StringExact(policyARN)),
					plancheck.ExpectKnownValue(roleAddr, attr("managed_policy_arns"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectRole(api, name, trustOneWithMFA, 43200, []string{policyARN}),
				},
			},
			{
				// Without purpose and policy_json the own policy is deleted.
				Config: roleConfig(srv.ProviderConfig(), name, iamPath,
					`trusted_principal_arns = ["arn:aws:iam::111122223333:root"]`,
					`external_id            = "acme-7f3c9e"`,
					fmt.Sprintf(`managed_policy_arns    = [%q]`, securityAuditARN)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("policy_arn"), knownvalue.Null()),
					statecheck.ExpectKnownValue(roleAddr, attr("policy_document"), knownvalue.Null()),
					expectRole(api, name, strings.ReplaceAll(trustOneWithMFA, `"Bool":{"aws:MultiFactorAuthPresent":"true"},`, ""), 3600, []string{securityAuditARN}),
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						return acctest.ExpectGone(ctx, api, nil, nil, nil, []string{policyARN})
					}),
				},
			},
		},
	})
}

func TestAccCrossAccountRole_validation(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	valid := []string{`trusted_principal_arns = ["111122223333"]`, `external_id = "acme-1234"`, `purpose = "audit"`}
	// with replaces lines of the valid body (by index) and adds more.
	with := func(replace map[int]string, more ...string) []string {
		out := slices.Clone(valid)
		for i, v := range replace {
			out[i] = v
		}
		return append(out, more...)
	}
	tests := []struct {
		role  string
		body  []string
		errRE string
	}{
		{"no spaces allowed", with(nil), "must be 1 to 64 characters of letters, digits and +=,.@-_"},
		{"acme", with(map[int]string{1: `external_id = "a"`}), "string length must be between 2 and 1224"},
		{"acme", with(map[int]string{1: `external_id = "has space"`}), "must be 2 to 1224 characters"},
		{"acme", with(map[int]string{0: `trusted_principal_arns = ["12345"]`}), "must be a 12-digit account ID, an account root ARN"},
		{"acme", with(map[int]string{0: `trusted_principal_arns = ["arn:aws:iam::123456789012:group/Auditors"]`}), "must be a 12-digit account ID"},
		{"acme", with(map[int]string{0: `trusted_principal_arns = []`}), "set must contain at least 1 elements"},
		{"acme", with(nil, "max_session_duration = 3599"), "value must be between 3600 and 43200"},
		{"acme", with(nil, "max_session_duration = 43201"), "value must be between 3600 and 43200"},
		{"acme", with(map[int]string{2: `purpose = "admin"`}), "value must be one of"},
		{"acme", with(map[int]string{2: `policy_json = "not json"`}), "Invalid Policy Document"},
		{"acme", with(map[int]string{2: `description = "no permissions"`}), "At least one of these attributes must be configured"},
		{"acme", with(nil, fmt.Sprintf("description = %q", strings.Repeat("d", 1001))), "must be at most 1000"},
		{"acme", with(nil, `managed_policy_arns = ["SecurityAudit"]`), "must be a managed policy ARN"},
		{"acme", with(nil, `extra_actions = ["iam:List*"]`), "Wildcard Action Not Allowed"},
		{"acme", with(nil, `policy_json = jsonencode({Statement = [{Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*"}]})`), "cannot be configured together"},
	}
	steps := make([]resource.TestStep, 0, len(tests))
	for _, tt := range tests {
		steps = append(steps, invalidConfigStep(roleConfig(srv.ProviderConfig(), tt.role, "/", tt.body...), tt.errRE))
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccCrossAccountRole_eventualConsistency: a role trusting a user
// created in the same apply. IAM rejects a principal it does not see yet
// ("Invalid principal in policy") and may not show the new role at once;
// both are retried.
func TestAccCrossAccountRole_eventualConsistency(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	proxy := startIAMStub(t, srv.Endpoint(), faultproxy.StubOptions{Errors: []faultproxy.StubError{
		{Action: "CreateRole", Status: 400, Code: "MalformedPolicyDocument", Count: 2,
			Message: `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/new-auditor"`},
		{Action: "GetRole", After: "CreateRole", Status: 404, Code: "NoSuchEntity", Count: 1, Message: "The role cannot be found."},
	}})
	user, role, iamPath := acctest.RandomName("acc-trusted"), acctest.RandomName("acc-trusting"), acctest.UniquePath(t)
	userARN := "arn:aws:iam::" + acctest.AccountID + ":user" + iamPath + user
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: acctest.CheckDestroyed(srv.IAM(), []string{user}, []string{user}, []string{role},
			[]string{rolePolicyARN(iamPath, role), readerUserPolicyARN(iamPath, user)}),
		Steps: []resource.TestStep{{
			Config: proxyProviderConfig(proxy.URL()) + fmt.Sprintf(`
resource "iamaudit_reader_user" "auditor" {
  name              = %[1]q
  path              = %[3]q
  create_access_key = false
}
resource "iamaudit_cross_account_role" "test" {
  name                   = %[2]q
  path                   = %[3]q
  trusted_principal_arns = [iamaudit_reader_user.auditor.arn]
  external_id            = "acme-7f3c9e"
  purpose                = "audit"
}
`, user, role, iamPath),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// The user's ARN is known at plan (derived from name and path).
				plancheck.ExpectKnownValue(roleAddr, tfjsonpath.New("trust_policy_json"), knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta(userARN)))),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("trust_policy_json"), knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta(`"AWS":"`+userARN+`"`)))),
				acctest.SDKCheck(func(context.Context, *tfjson.State) error {
					if proxy.Injected("CreateRole") != 2 || proxy.Injected("GetRole") != 1 {
						return fmt.Errorf("injected %d CreateRole and %d GetRole faults, want 2 and 1", proxy.Injected("CreateRole"), proxy.Injected("GetRole"))
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccCrossAccountRole_createFailureRollsBack(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-xrollback"), acctest.UniquePath(t)
	if _, err := srv.Fixtures().CreatePolicy(t.Context(), iamidentity.PermissionsPolicyName(name), iamPath, readerPolicyJSON(t, "audit", nil)); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: roleConfig(srv.ProviderConfig(), name, iamPath,
				`trusted_principal_arns = ["111122223333"]`, `external_id = "acme-1234"`, `purpose = "audit"`),
			ExpectError: regexp.MustCompile(`iam:CreatePolicy failed[\s\S]*EntityAlreadyExists[\s\S]*Rolled Back[\s\S]*role\s+` + regexp.QuoteMeta(name)),
		}},
	})
	if err := acctest.ExpectGone(t.Context(), api, nil, nil, []string{name}, nil); err != nil {
		t.Errorf("after the failed create: %v", err)
	}
	if _, err := api.GetPolicy(t.Context(), &iam.GetPolicyInput{PolicyArn: aws.String(rolePolicyARN(iamPath, name))}); err != nil {
		t.Errorf("the conflicting policy was not kept: %v", err)
	}
}

// TestAccCrossAccountRole_deleteRefusesForeignInlinePolicy: an inline
// policy someone else added is not deleted; destroy says so and deletes
// nothing.
func TestAccCrossAccountRole_deleteRefusesForeignInlinePolicy(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-xinline"), acctest.UniquePath(t)
	config := roleConfig(srv.ProviderConfig(), name, iamPath,
		`trusted_principal_arns = ["111122223333"]`, `external_id = "acme-1234"`, fmt.Sprintf(`managed_policy_arns = [%q]`, securityAuditARN))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(api, nil, nil, []string{name}, nil),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					mustSDK(t)(api.PutRolePolicy(context.Background(), &iam.PutRolePolicyInput{
						RoleName: aws.String(name), PolicyName: aws.String("extra"),
						PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`),
					}))
				},
				Config:      config,
				Destroy:     true,
				ExpectError: wrappedRE("Cannot Delete Cross-Account IAM Role Role " + name + " has things this resource did not create and will not delete: inline policy extra."),
			},
			{
				// Nothing was deleted; once the inline policy is gone, destroy works.
				PreConfig: func() {
					mustSDK(t)(api.DeleteRolePolicy(context.Background(), &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("extra")}))
				},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectRole(api, name, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Condition":{"StringEquals":{"sts:ExternalId":"acme-1234"}}}]}`, 3600, []string{securityAuditARN})},
			},
		},
	})
}
