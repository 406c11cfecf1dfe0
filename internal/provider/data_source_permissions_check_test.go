package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// keyRotationSelfActions are the actions of key-rotation-self, sorted.
var keyRotationSelfActions = []string{
	"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "iam:GetUser",
	"iam:ListAccessKeys", "iam:ListAccountAliases", "iam:UpdateAccessKey",
}

// permissionsCheckChecks asserts a permissions check's results exactly.
func permissionsCheckChecks(name string, allowed, missing, unchecked []string) []statecheck.StateCheck {
	addr := "data.iamaudit_permissions_check." + name
	list := func(values []string) knownvalue.Check { return knownvalue.ListExact(acctest.ExactStrings(values)) }
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("allowed_actions"), list(allowed)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("missing_actions"), list(missing)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("unchecked_actions"), list(unchecked)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("ok"), knownvalue.Bool(len(missing) == 0)),
	}
}

func TestAccPermissionsCheck_basic(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	checks := permissionsCheckChecks("audit", slices.DeleteFunc(slices.Clone(policydoc.AuditActions),
		func(a string) bool { return a == "sts:AssumeRoot" }), nil, []string{"sts:AssumeRoot"})
	checks = append(checks, statecheck.ExpectKnownValue("data.iamaudit_permissions_check.audit", tfjsonpath.New("purpose"), knownvalue.StringExact("audit")))
	checks = append(checks, permissionsCheckChecks("rotation", slices.DeleteFunc(slices.Clone(keyRotationSelfActions),
		func(a string) bool { return a == "iam:CreateAccessKey" }), nil, []string{"iam:CreateAccessKey"})...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + `
data "iamaudit_permissions_check" "audit" {}
data "iamaudit_permissions_check" "rotation" {
  purpose = "key-rotation-self"
}
`,
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccPermissionsCheck_faults: AccessDenied never fails the check, it
// lists the action; an error that says nothing about authorization does.
func TestAccPermissionsCheck_faults(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	proxy, err := faultproxy.Start(srv.Endpoint(), faultproxy.Config{Faults: []faultproxy.Fault{
		{Action: "iam:ListRoles", Kind: faultproxy.AccessDenied, Rate: 1},
		{Action: "iam:GetCredentialReport", Kind: faultproxy.AccessDenied, Rate: 1},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	config := providerBlock("", proxy.URL(), fmt.Sprintf("%q", acctest.AccessKey), fmt.Sprintf("%q", acctest.SecretKey), "max_retries = 1") +
		"data \"iamaudit_permissions_check\" \"audit\" {}\n"
	missing := []string{"iam:GetCredentialReport", "iam:ListRoles"}
	allowed := slices.DeleteFunc(slices.Clone(policydoc.AuditActions), func(a string) bool {
		return slices.Contains(missing, a) || a == "sts:AssumeRoot"
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: permissionsCheckChecks("audit", allowed, missing, []string{"sts:AssumeRoot"}),
			},
			{
				PreConfig: func() {
					if err := proxy.SetFaults([]faultproxy.Fault{{Action: "iam:GetAccountSummary", Kind: faultproxy.InternalError, Rate: 1}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config,
				ExpectError: wrappedRE("Unable to Check Permissions"),
			},
		},
	})
}

// providerBlock is a provider "iamaudit" block (alias "" for the default)
// whose IAM and STS endpoint is endpoint; key and secret are HCL
// expressions.
func providerBlock(alias, endpoint, keyExpr, secretExpr string, extra ...string) string {
	aliasLine := ""
	if alias != "" {
		aliasLine = fmt.Sprintf("  alias      = %q\n", alias)
	}
	out := fmt.Sprintf(`
provider "iamaudit" {
%s  region     = %q
  access_key = %s
  secret_key = %s
`, aliasLine, acctest.Region, keyExpr, secretExpr)
	for _, e := range extra {
		out += "  " + e + "\n"
	}
	return out + fmt.Sprintf(`
  endpoints {
    iam = %[1]q
    sts = %[1]q
    organizations = %[1]q
  }
}
`, endpoint)
}
