package provider

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/smithy-go"
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

func TestPermissionProbesCoverEveryPurpose(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	for _, purpose := range policydoc.Purposes {
		_, actions, err := policydoc.ReaderPolicy(purpose, "aws", acctest.AccountID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			used[a] = true
			if _, ok := permissionProbes[a]; !ok && !slices.Contains(uncheckedActions, a) {
				t.Errorf("purpose %s: no permission probe for %s", purpose, a)
			}
		}
	}
	for a := range permissionProbes {
		if !used[a] {
			t.Errorf("permission probe for %s, which no purpose grants", a)
		}
	}
}

func TestCallerUserName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"arn:aws:iam::123456789012:user/alice":                            "alice",
		"arn:aws:iam::123456789012:user/connectors/audit/bob":             "bob",
		"arn:aws-us-gov:iam::123456789012:user/carol":                     "carol",
		"arn:aws:sts::123456789012:assumed-role/Auditor/session":          absentEntityName,
		"arn:aws:iam::123456789012:root":                                  absentEntityName,
		"":                                                                absentEntityName,
		"arn:aws:sts::123456789012:federated-user/user/someone-federated": absentEntityName,
	}
	for arn, want := range tests {
		if got := callerUserName(arn); got != want {
			t.Errorf("callerUserName(%q) = %q, want %q", arn, got, want)
		}
	}
}

func TestProbeOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err         error
		wantAllowed bool
		wantErr     bool
	}{
		{nil, true, false},
		{&smithy.GenericAPIError{Code: "NoSuchEntity"}, true, false},
		{&smithy.GenericAPIError{Code: "ReportNotPresent"}, true, false},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, false, false},
		{&smithy.GenericAPIError{Code: "Throttling"}, false, true},
		{&smithy.GenericAPIError{Code: "ServiceFailure"}, false, true},
		{errors.New("connection reset"), false, true},
	}
	for _, tt := range tests {
		allowed, err := probeOutcome(tt.err)
		if allowed != tt.wantAllowed || (err != nil) != tt.wantErr {
			t.Errorf("probeOutcome(%v) = %v, %v; want %v, error %v", tt.err, allowed, err, tt.wantAllowed, tt.wantErr)
		}
	}
}

// permissionsCheckChecks asserts a permissions check's results exactly.
func permissionsCheckChecks(name string, allowed, missing, unchecked []string) []statecheck.StateCheck {
	addr := "data.iamaudit_permissions_check." + name
	list := func(values []string) knownvalue.Check { return knownvalue.ListExact(exactStrings(values)) }
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
	checks := permissionsCheckChecks("audit", policydoc.AuditActions, nil, nil)
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
	allowed := slices.DeleteFunc(slices.Clone(policydoc.AuditActions), func(a string) bool { return slices.Contains(missing, a) })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: permissionsCheckChecks("audit", allowed, missing, nil),
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
