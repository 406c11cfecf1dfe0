package main

import (
	"strings"
	"testing"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

func TestParseOrgShapes(t *testing.T) {
	t.Parallel()
	got, err := parseOrgShapes("50x100, 200x20")
	if err != nil || len(got) != 2 || got[0] != (orgShape{50, 100}) || got[1] != (orgShape{200, 20}) {
		t.Fatalf("parseOrgShapes() = %v, %v", got, err)
	}
	if got, err := parseOrgShapes(""); err != nil || got != nil {
		t.Fatalf("parseOrgShapes(\"\") = %v, %v; want none", got, err)
	}
	for _, bad := range []string{"50", "50x", "x20", "0x20", "50x0", "fifty x 20"} {
		if _, err := parseOrgShapes(bad); err == nil {
			t.Errorf("parseOrgShapes(%q) accepted", bad)
		}
	}
}

func TestOrgConfigurations(t *testing.T) {
	t.Parallel()
	members := []string{"111111111111", "222222222222"}
	one := oneConfiguration("http://127.0.0.1:1", 8, members)
	for _, want := range []string{`role_name = "OrganizationAccountAccessRole"`, `accounts = toset(["111111111111", "222222222222"])`,
		`data "iamaudit_roles" "each" {`, "account_id = each.key"} {
		if !strings.Contains(one, want) {
			t.Errorf("the one-configuration plan lacks %q:\n%s", want, one)
		}
	}
	aliases := aliasPerAccount("http://127.0.0.1:1", 8, members)
	for _, want := range []string{`alias = "a222222222222"`, `role_arn = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"`,
		`data "iamaudit_roles" "a111111111111" {`, "provider = iamaudit.a111111111111",
		"sum([length(data.iamaudit_users.a111111111111.users), length(data.iamaudit_users.a222222222222.users)])"} {
		if !strings.Contains(aliases, want) {
			t.Errorf("the alias-per-account plan lacks %q:\n%s", want, aliases)
		}
	}
	if n := strings.Count(aliases, "  alias = "); n != 2 {
		t.Errorf("%d provider aliases, want 2", n)
	}

	module := moduleOneConfiguration("http://127.0.0.1:1", 8)
	for _, want := range []string{`role_name             = "OrganizationAccountAccessRole"`, "max_parallel_accounts = 16",
		`source = "../../modules/organization-iam"`, "value = length(module.organization.results)"} {
		if !strings.Contains(module, want) {
			t.Errorf("the organization module plan lacks %q:\n%s", want, module)
		}
	}
	moduleAliases := moduleAliasPerAccount("http://127.0.0.1:1", 8, "999999999999", members)
	for _, want := range []string{`organization = ["999999999999", "111111111111", "222222222222"]`,
		"module \"cis_999999999999\" {\n  source                  = \"../../modules/cis-iam\"\n  first_party_account_ids = local.organization\n}",
		`providers               = { iamaudit = iamaudit.a222222222222 }`,
		"value = length([module.cis_999999999999.results, module.cis_111111111111.results, module.cis_222222222222.results])"} {
		if !strings.Contains(moduleAliases, want) {
			t.Errorf("the CIS module alias-per-account plan lacks %q:\n%s", want, moduleAliases)
		}
	}
	if n := strings.Count(moduleAliases, "  alias = "); n != 2 {
		t.Errorf("%d provider aliases, want 2", n)
	}
}

func TestOrgSummarize(t *testing.T) {
	t.Parallel()
	var m orgMeasurement
	m.summarize([]faultproxy.Request{
		{Action: "sts:GetCallerIdentity"},
		{Action: "sts:AssumeRole", Account: "111111111111"},
		{Action: "sts:GetCallerIdentity", Account: "111111111111"},
		{Action: "iam:ListUsers", Account: "111111111111"},
		{Action: "sts:AssumeRole", Account: "222222222222"},
	}, []string{"111111111111", "222222222222"})
	// A member's sts:AssumeRole counts for the central identity and for the member.
	if m.calls != 5 || m.centralCalls != 3 || m.perAccountMin != 1 || m.perAccountMax != 3 || m.stsPerAccountMin != 1 || m.stsPerAccountMax != 2 {
		t.Fatalf("summarize: %+v", m)
	}
}
