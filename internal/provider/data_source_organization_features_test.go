package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// organizationDataSources reads the organization features, the delegated
// administrators (all, and IAM's) and the root login profile of the
// caller's own account and of target.
func organizationDataSources(target string) string {
	return fmt.Sprintf(`
data "iamaudit_organization_features" "test" {}
data "iamaudit_delegated_administrators" "all" {}
data "iamaudit_delegated_administrators" "iam" {
  service_principal = "iam.amazonaws.com"
}
data "iamaudit_root_login_profile" "own" {}
data "iamaudit_root_login_profile" "target" {
  account_id = %q
}
`, target)
}

// rootProfileChecks asserts a root login profile: checked with a password
// (true/false), or not checked with reason.
func rootProfileChecks(name, account string, checked bool, password knownvalue.Check, reason, created knownvalue.Check) []statecheck.StateCheck {
	addr := "data.iamaudit_root_login_profile." + name
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(account)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("checked"), knownvalue.Bool(checked)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_enabled"), password),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("unchecked_reason"), reason),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("create_date"), created),
	}
}

// featuresChecks asserts iamaudit_organization_features.test exactly.
func featuresChecks(orgID, management, reason knownvalue.Check, readable bool, enabled []string) []statecheck.StateCheck {
	addr := "data.iamaudit_organization_features.test"
	var features, rcm, rs knownvalue.Check = knownvalue.Null(), knownvalue.Null(), knownvalue.Null()
	if readable {
		features = knownvalue.ListExact(acctest.ExactStrings(enabled))
		rcm, rs = knownvalue.Bool(false), knownvalue.Bool(false)
		for _, f := range enabled {
			switch f {
			case "RootCredentialsManagement":
				rcm = knownvalue.Bool(true)
			case "RootSessions":
				rs = knownvalue.Bool(true)
			}
		}
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), orgID),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("management_account_id"), management),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("readable"), knownvalue.Bool(readable)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("reason"), reason),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("enabled_features"), features),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_credentials_management"), rcm),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("root_sessions"), rs),
	}
}

// delegatedChecks asserts an iamaudit_delegated_administrators exactly.
func delegatedChecks(name string, orgID knownvalue.Check, readable bool, reason knownvalue.Check, admins ...knownvalue.Check) []statecheck.StateCheck {
	addr := "data.iamaudit_delegated_administrators." + name
	if admins == nil {
		admins = []knownvalue.Check{}
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), orgID),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("readable"), knownvalue.Bool(readable)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("reason"), reason),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("delegated_administrators"), knownvalue.ListExact(admins)),
	}
}

// TestAccCentralizedRootAccess_organization walks one account through the
// centralized root access states, on its own moto server (organizations and
// root state are account-wide), and reads them as the management account, a
// member account and the IAM delegated administrator: the organization's
// features, its delegated administrators, and member root passwords read in
// root sessions (moto lacks ListOrganizationsFeatures and AssumeRoot; the
// harness's wrapper answers them as AWS documents).
func TestAccCentralizedRootAccess_organization(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	fx := srv.Fixtures()
	const management = acctest.AccountID
	run := func(providerHCL, target string, checks ...[]statecheck.StateCheck) {
		t.Helper()
		var all []statecheck.StateCheck
		for _, c := range checks {
			all = append(all, c...)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps:                    []resource.TestStep{{Config: providerHCL + organizationDataSources(target), ConfigStateChecks: all}},
		})
	}
	var null knownvalue.Check = knownvalue.Null()
	str := func(s string) knownvalue.Check { return knownvalue.StringExact(s) }

	// No organization: nothing is enabled, nothing can be checked.
	noOrg := "account " + management + " belongs to no AWS Organization"
	run(srv.ProviderConfig(), "210987654321",
		featuresChecks(null, null, str(noOrg), true, []string{}),
		delegatedChecks("all", null, true, str(noOrg)),
		rootProfileChecks("own", management, false, null,
			str(noOrg+"; root sessions (sts:AssumeRoot) exist only for its member accounts"), null),
	)

	org, err := fx.CreateOrganization(ctx, "security", "workloads")
	if err != nil {
		t.Fatal(err)
	}
	security, workloads := org.Members["security"], org.Members["workloads"]
	orgID := str(org.ID)
	// The member's root user has no credentials, not even a password yet.
	if err := fx.SetRootAccount(ctx, acctest.RootAccount{Account: workloads}); err != nil {
		t.Fatal(err)
	}

	// An organization without trusted access for IAM: nothing can be enabled.
	run(srv.ProviderConfig(), workloads,
		featuresChecks(orgID, str(management),
			str("trusted access for IAM (iam.amazonaws.com) is not enabled in organization "+org.ID+", which centralized root access requires"),
			true, []string{}),
		delegatedChecks("all", orgID, true, null),
		rootProfileChecks("target", workloads, false, null,
			str("centralized root access (RootCredentialsManagement) is not enabled in organization "+org.ID+", so no root session can be opened"), null),
	)

	if err := fx.EnableCentralizedRootAccess(ctx); err != nil {
		t.Fatal(err)
	}
	beforeDelegation := time.Now()
	if err := fx.RegisterDelegatedAdministrator(ctx, security, "iam.amazonaws.com"); err != nil {
		t.Fatal(err)
	}
	securityAdmin := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":                      str(security),
		"arn":                     knownvalue.StringRegexp(regexp.MustCompile(`^arn:aws:organizations::` + management + `:account/` + org.ID + `/` + security + `$`)),
		"name":                    str("security"),
		"email":                   str("security@example.com"),
		"status":                  str("ACTIVE"),
		"joined_method":           str("CREATED"),
		"joined_at":               knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
		"delegation_enabled_date": acctest.TimestampNotBefore(beforeDelegation),
	})

	// The management account: features readable, the member's root read in a
	// root session, the management account itself never a target.
	run(srv.ProviderConfig(), workloads,
		featuresChecks(orgID, str(management), null, true, []string{"RootCredentialsManagement"}),
		delegatedChecks("all", orgID, true, null, securityAdmin),
		delegatedChecks("iam", orgID, true, null, securityAdmin),
		rootProfileChecks("own", management, false, null,
			str("account "+management+" is the management account of organization "+org.ID+", which sts:AssumeRoot cannot target"), null),
		rootProfileChecks("target", workloads, true, knownvalue.Bool(false), null, null),
	)

	// A root password set in the member account shows in the root session.
	passwordSet := time.Now()
	if err := fx.SetRootAccount(ctx, acctest.RootAccount{Account: workloads, Password: true}); err != nil {
		t.Fatal(err)
	}
	run(srv.ProviderConfig(), workloads,
		rootProfileChecks("target", workloads, true, knownvalue.Bool(true), null, acctest.TimestampNotBefore(passwordSet)),
	)

	// A member account that is no delegated administrator may read neither
	// the features nor the delegated administrators: unreadable, with the
	// reason, and no root session.
	notManagement := "iam:ListOrganizationsFeatures answers only the management account (" + management + ") of organization " +
		org.ID + " and the delegated administrator for centralized root access; account " + workloads +
		" is neither, so whether centralized root access is enabled is unknown to it"
	run(srv.ProviderConfig(assumeRoleHCL(workloads)), workloads,
		featuresChecks(orgID, str(management), str(notManagement), false, nil),
		delegatedChecks("all", orgID, false, str("organizations:ListDelegatedAdministrators was denied to account "+workloads+
			": AWS lists delegated administrators only for the management account ("+management+") of organization "+org.ID+
			" and for delegated administrators; if account "+workloads+" is one, grant it the action")),
		rootProfileChecks("own", workloads, false, null, str(notManagement), null),
	)

	// The IAM delegated administrator reads everything, its own root user too.
	run(srv.ProviderConfig(assumeRoleHCL(security)), workloads,
		featuresChecks(orgID, str(management), null, true, []string{"RootCredentialsManagement"}),
		delegatedChecks("all", orgID, true, null, securityAdmin),
		rootProfileChecks("own", security, true, knownvalue.Bool(false), null, null),
		rootProfileChecks("target", workloads, true, knownvalue.Bool(true), null, acctest.TimestampNotBefore(passwordSet)),
	)
}

// assumeRoleHCL is a provider assume_role block acting in account.
func assumeRoleHCL(account string) string {
	return fmt.Sprintf("assume_role {\n  role_arn = %q\n}", acctest.MemberRoleARN(account))
}
