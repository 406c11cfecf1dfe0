package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// inventoryActions is the iam-inventory list of design.md, written out
// here (not taken from policydoc) so the test pins it: 19 actions, no
// iam:ListGroupTags.
var inventoryActions = []string{
	"iam:GetAccountSummary", "iam:GetGroup", "iam:GetGroupPolicy", "iam:GetLoginProfile", "iam:GetUser",
	"iam:GetUserPolicy", "iam:ListAccessKeys", "iam:ListAttachedGroupPolicies", "iam:ListAttachedUserPolicies",
	"iam:ListGroupPolicies", "iam:ListGroups", "iam:ListGroupsForUser", "iam:ListMFADevices", "iam:ListSSHPublicKeys",
	"iam:ListServiceSpecificCredentials", "iam:ListSigningCertificates", "iam:ListUserPolicies", "iam:ListUserTags",
	"iam:ListUsers",
}

// keyRotationSelfJSON is the key-rotation-self document for moto's account,
// written out exactly.
const keyRotationSelfJSON = `{"Statement":[` +
	`{"Action":["iam:ListAccountAliases"],"Effect":"Allow","Resource":"*","Sid":"ListAccountAliases"},` +
	`{"Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:GetAccessKeyLastUsed","iam:GetUser","iam:ListAccessKeys","iam:UpdateAccessKey"],` +
	`"Effect":"Allow","Resource":["arn:aws:iam::123456789012:user/${aws:username}","arn:aws:iam::123456789012:user/*/${aws:username}"],` +
	`"Sid":"RotateOwnAccessKeys"}],"Version":"2012-10-17"}`

// readStatementJSON is a one-statement reader policy on "*".
func readStatementJSON(sid string, actions []string) string {
	return `{"Statement":[{"Action":["` + strings.Join(actions, `","`) + `"],"Effect":"Allow","Resource":"*","Sid":"` + sid + `"}],"Version":"2012-10-17"}`
}

// auditPolicyJSON is the audit purpose's document for actions (the audit
// actions plus any extras): every action but sts:AssumeRoot on "*", and
// sts:AssumeRoot with the credential-reading task policy only.
func auditPolicyJSON(actions []string) string {
	read := slices.DeleteFunc(slices.Clone(actions), func(a string) bool { return a == "sts:AssumeRoot" })
	statement := readStatementJSON("IAMAuditRead", read)
	return strings.TrimSuffix(statement, `],"Version":"2012-10-17"}`) +
		`,{"Action":["sts:AssumeRoot"],"Condition":{"ArnLike":{"sts:TaskPolicyArn":"` + policydoc.RootAuditTaskPolicyARNPattern + `"}},` +
		`"Effect":"Allow","Resource":"*","Sid":"IAMAuditRootUserCredentials"}],"Version":"2012-10-17"}`
}

func TestAccReaderPolicy_purposes(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	withExtras := append([]string{"iam:ListUsers", "s3:ListAllMyBuckets"}, policydoc.AuditActions...)
	withExtras = sortedCopy(withExtras)
	withWildcard := sortedCopy(append([]string{"iam:Get*"}, inventoryActions...))
	check := func(name, purpose, json string, actions []string) []statecheck.StateCheck {
		addr := "data.iamaudit_reader_policy." + name
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("purpose"), knownvalue.StringExact(purpose)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("json"), knownvalue.StringExact(json)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("actions"), knownvalue.ListExact(acctest.ExactStrings(actions))),
		}
	}
	var checks []statecheck.StateCheck
	checks = append(checks, check("default", "audit", auditPolicyJSON(policydoc.AuditActions), policydoc.AuditActions)...)
	checks = append(checks, check("inventory", "iam-inventory", readStatementJSON("IAMInventoryRead", inventoryActions), inventoryActions)...)
	checks = append(checks, check("rotation", "key-rotation-self", keyRotationSelfJSON, []string{
		"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "iam:GetUser",
		"iam:ListAccessKeys", "iam:ListAccountAliases", "iam:UpdateAccessKey",
	})...)
	checks = append(checks, check("extras", "audit", auditPolicyJSON(withExtras), withExtras)...)
	checks = append(checks, check("wildcard", "iam-inventory", readStatementJSON("IAMInventoryRead", withWildcard), withWildcard)...)

	// organization-central: the member role from the provider's member_role,
	// or from member_role_name / member_role_path.
	central := func(roleARN string) string {
		return `{"Statement":[{"Action":["organizations:ListAccounts","organizations:ListAccountsForParent",` +
			`"organizations:ListOrganizationalUnitsForParent","organizations:ListRoots"],"Effect":"Allow","Resource":"*",` +
			`"Sid":"OrganizationAccountsRead"},{"Action":["sts:AssumeRole"],"Effect":"Allow","Resource":["` + roleARN +
			`"],"Sid":"AssumeMemberRole"}],"Version":"2012-10-17"}`
	}
	centralActions := []string{"organizations:ListAccounts", "organizations:ListAccountsForParent",
		"organizations:ListOrganizationalUnitsForParent", "organizations:ListRoots", "sts:AssumeRole"}
	checks = append(checks, check("central_default", "organization-central", central("arn:aws:iam::*:role/audit/iamaudit-member"), centralActions)...)
	checks = append(checks, check("central_named", "organization-central", central("arn:aws:iam::*:role/OrganizationAccountAccessRole"), centralActions)...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig("  member_role {\n    role_name = \"iamaudit-member\"\n    path = \"/audit/\"\n  }") + `
data "iamaudit_reader_policy" "central_default" {
  purpose = "organization-central"
}
data "iamaudit_reader_policy" "central_named" {
  purpose          = "organization-central"
  member_role_name = "OrganizationAccountAccessRole"
}
data "iamaudit_reader_policy" "default" {}
data "iamaudit_reader_policy" "inventory" {
  purpose = "iam-inventory"
}
data "iamaudit_reader_policy" "rotation" {
  purpose = "key-rotation-self"
}
data "iamaudit_reader_policy" "extras" {
  extra_actions = ["s3:ListAllMyBuckets", "iam:ListUsers", "iam:GetAccountSummary", "s3:ListAllMyBuckets"]
}
data "iamaudit_reader_policy" "wildcard" {
  purpose                = "iam-inventory"
  extra_actions          = ["iam:Get*"]
  allow_wildcard_actions = true
}
`,
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccReaderPolicy_validation(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	tests := []struct{ body, errRE string }{
		{`purpose = "admin"`, `value must be one of: ["audit" "iam-inventory" "key-rotation-self" "organization-central"]`},
		{`purpose = "organization-central"`, "needs the role: set member_role_name"},
		{`extra_actions = ["iam:*"]`, "Wildcard Action Not Allowed"},
		{`extra_actions = ["*"]`, `Invalid action name "*"`},
		{`extra_actions = ["IAM:ListUsers"]`, `Invalid action name "IAM:ListUsers"`},
		{`extra_actions = ["iam:List Users"]`, "Invalid Action Name"},
	}
	steps := make([]resource.TestStep, 0, len(tests))
	for _, tt := range tests {
		steps = append(steps, invalidConfigStep(srv.ProviderConfig()+fmt.Sprintf("data \"iamaudit_reader_policy\" \"bad\" {\n  %s\n}\n", tt.body), tt.errRE))
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

func sortedCopy(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}
