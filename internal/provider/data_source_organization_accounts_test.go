package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// orgMemberRole is the member role of the organization tests: the role AWS
// Organizations creates in the accounts it creates.
const orgMemberRole = "OrganizationAccountAccessRole"

// memberRoleARN is the member role's ARN in account.
func memberRoleARN(account string) string {
	return "arn:aws:iam::" + account + ":role/" + orgMemberRole
}

// memberIAM is an IAM client acting in account, through the member role
// (moto's AssumeRole acts in the role's account; no role needs to exist).
func memberIAM(t *testing.T, srv *acctest.Server, account string) *iam.Client {
	t.Helper()
	cfg := srv.AWSConfig()
	out, err := sts.NewFromConfig(cfg).AssumeRole(t.Context(), &sts.AssumeRoleInput{
		RoleArn: aws.String(memberRoleARN(account)), RoleSessionName: aws.String("iamaudit-test-seed"),
	})
	if err != nil {
		t.Fatalf("sts:AssumeRole into %s: %v", account, err)
	}
	c := out.Credentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	return iam.NewFromConfig(cfg)
}

// createOrganization makes the server's account the management account of
// an organization with n new member accounts and returns their IDs.
func createOrganization(t *testing.T, srv *acctest.Server, n int) []string {
	t.Helper()
	ctx := t.Context()
	org := organizations.NewFromConfig(srv.AWSConfig())
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatalf("organizations:CreateOrganization: %v", err)
	}
	var members []string
	for i := range n {
		out, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{
			AccountName: aws.String(fmt.Sprintf("member-%d", i)), Email: aws.String(fmt.Sprintf("member-%d@example.com", i)),
		})
		if err != nil {
			t.Fatalf("organizations:CreateAccount: %v", err)
		}
		members = append(members, aws.ToString(out.CreateAccountStatus.AccountId))
	}
	return members
}

// TestAccOrganization_audit audits an organization of a management account
// and three members, each with its own IAM users, from one provider
// configuration. The fault proxy's request log shows which account each
// request acted in and the exact RoleArn of every sts:AssumeRole.
//   - check_access, with sts:AssumeRole denied into the third member: that
//     account is inaccessible with the error, the others accessible, and the
//     users of each accessible account are that account's only;
//   - throttling and 5xx on everything the first member's session does
//     (and its sts:AssumeRole): identical results;
//   - organization-central is exact: the central identity's own calls are
//     that purpose's actions plus organizations:DescribeOrganization and
//     sts:GetCallerIdentity, which audit grants;
//   - a forbidden member, and account_id without member_role, fail the plan.
func TestAccOrganization_audit(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	members := createOrganization(t, srv, 3)
	management := srv.AccountID()
	wantUsers := map[string][]string{management: {"mgmt-bob"}}
	for i, m := range members {
		api := memberIAM(t, srv, m)
		for _, name := range []string{fmt.Sprintf("m%d-alice", i), fmt.Sprintf("m%d-carol", i)} {
			mustSDK(t)(api.CreateUser(t.Context(), &iam.CreateUserInput{UserName: aws.String(name)}))
			wantUsers[m] = append(wantUsers[m], name)
		}
	}
	mustSDK(t)(srv.IAM().CreateUser(t.Context(), &iam.CreateUserInput{UserName: aws.String("mgmt-bob")}))
	denied := members[2]
	delete(wantUsers, denied)

	proxy := startProxy(t, srv.Endpoint(), faultproxy.Fault{Action: "sts:AssumeRole", Kind: faultproxy.AccessDenied, Rate: 1, Account: denied})
	memberRoleBlock := fmt.Sprintf("member_role {\n    role_name = %q\n  }", orgMemberRole)
	providerHCL := proxyProviderConfig(proxy.URL(), memberRoleBlock)
	auditHCL := providerHCL + `
data "iamaudit_organization_accounts" "org" {
  check_access = true
}

locals {
  reachable = [for a in data.iamaudit_organization_accounts.org.accounts : a.id if a.accessible]
}

# count rather than for_each: the test harness's state checks do not
# support string instance keys.
data "iamaudit_users" "each" {
  count      = length(local.reachable)
  account_id = local.reachable[count.index]
}

output "users" {
  value = zipmap(local.reachable, [for d in data.iamaudit_users.each : [for u in d.users : u.name]])
}

output "accessible" {
  value = { for a in data.iamaudit_organization_accounts.org.accounts : a.id => a.accessible }
}

# The organization as a member account sees it.
data "iamaudit_organization_features" "member" {
  account_id = "` + members[0] + `"
}

data "iamaudit_delegated_administrators" "member" {
  account_id = "` + members[0] + `"
}

output "member_sees_the_organization" {
  value = [
    data.iamaudit_organization_features.member.organization_id == data.iamaudit_organization_accounts.org.organization_id,
    data.iamaudit_delegated_administrators.member.organization_id == data.iamaudit_organization_accounts.org.organization_id,
  ]
}
`
	usersCheck := map[string]knownvalue.Check{}
	accessCheck := map[string]knownvalue.Check{management: knownvalue.Bool(true)}
	for id, names := range wantUsers {
		usersCheck[id] = knownvalue.ListExact(acctest.ExactStrings(names))
	}
	for _, m := range members {
		accessCheck[m] = knownvalue.Bool(m != denied)
	}
	outputs := []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("users", knownvalue.MapExact(usersCheck)),
		statecheck.ExpectKnownOutputValue("accessible", knownvalue.MapExact(accessCheck)),
		statecheck.ExpectKnownOutputValue("member_sees_the_organization", knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(true), knownvalue.Bool(true)})),
	}
	wantRoleARNs := []string{memberRoleARN(members[0]), memberRoleARN(members[1]), memberRoleARN(members[2])}
	slices.Sort(wantRoleARNs)

	// Central-only: the accounts, both ways, and the members' users.
	centralHCL := providerHCL + `
data "iamaudit_organization_accounts" "org" {
  check_access = true
}

data "iamaudit_organization_accounts" "under_root" {
  parent_ids = [data.iamaudit_organization_accounts.org.root_id]
}

locals {
  members = [for a in data.iamaudit_organization_accounts.under_root.accounts : a.id if a.id != "` + management + `" && a.id != "` + denied + `"]
}

data "iamaudit_users" "each" {
  count      = length(local.members)
  account_id = local.members[count.index]
}
`
	central := func(r faultproxy.Request) bool { return r.Account == "" || r.Action == "sts:AssumeRole" }
	_, orgCentral, err := policydoc.OrganizationCentralPolicy("aws", "", orgMemberRole, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCentral := slices.Sorted(slices.Values(slices.Compact(slices.Sorted(slices.Values(
		append(orgCentral, "organizations:DescribeOrganization", "sts:GetCallerIdentity"))))))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            auditHCL,
				ConfigStateChecks: outputs,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.iamaudit_organization_accounts.org", "accounts.#", "4"),
					func(s *terraform.State) error {
						return checkMemberRequests(proxy.Requests(), wantRoleARNs, append([]string{""}, members[:2]...))
					},
					func(s *terraform.State) error {
						attrs, err := acctest.FlatAttributes(s, "data.iamaudit_organization_accounts.org")
						if err != nil {
							return err
						}
						for i := range 4 {
							id, accessErr := attrs[fmt.Sprintf("accounts.%d.id", i)], attrs[fmt.Sprintf("accounts.%d.access_error", i)]
							want := ""
							if id == denied {
								want = "sts:AssumeRole of " + memberRoleARN(denied) + " failed: AccessDenied: User: "
							}
							if (want == "") != (accessErr == "") || !strings.HasPrefix(accessErr, want) {
								return fmt.Errorf("account %s: access_error %q, want %q…", id, accessErr, want)
							}
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					proxy.Reset()
					// The first GAAD and GenerateCredentialReport of the faulty
					// member always fail, so the step cannot pass without a fault;
					// the rest are the usual random throttling and 5xx.
					must(t, proxy.SetFaults(append([]faultproxy.Fault{
						{Action: "sts:AssumeRole", Kind: faultproxy.AccessDenied, Rate: 1, Account: denied},
						{Action: "iam:GetAccountAuthorizationDetails", Kind: faultproxy.Throttling, Rate: 1, Count: 1, Account: members[0]},
						{Action: "iam:GenerateCredentialReport", Kind: faultproxy.ServiceUnavailable, Rate: 1, Count: 1, Account: members[0]},
					}, accountFaults(members[0])...)))
				},
				Config:            auditHCL,
				ConfigStateChecks: outputs,
				Check: func(*terraform.State) error {
					faulted := proxy.Faulted()
					if faulted["iam:GetAccountAuthorizationDetails"]+faulted["iam:GetCredentialReport"]+faulted["iam:ListUsers"] == 0 {
						return fmt.Errorf("no IAM request of the faulty member was faulted (%v): the step proves nothing", faulted)
					}
					return checkMemberRequests(proxy.Requests(), wantRoleARNs, append([]string{""}, members[:2]...))
				},
			},
			{
				PreConfig: func() {
					proxy.Reset()
					must(t, proxy.SetFaults([]faultproxy.Fault{{Action: "sts:AssumeRole", Kind: faultproxy.AccessDenied, Rate: 1, Account: denied}}))
				},
				Config: centralHCL,
				Check: func(*terraform.State) error {
					calls := map[string]bool{}
					for _, r := range proxy.Requests() {
						if central(r) {
							calls[r.Action] = true
						}
					}
					if got := slices.Sorted(maps.Keys(calls)); !slices.Equal(got, wantCentral) {
						return fmt.Errorf("the central identity called\n  %q\nbut organization-central and the audit actions it relies on are\n  %q", got, wantCentral)
					}
					return nil
				},
			},
			{
				Config: proxyProviderConfig(proxy.URL(), memberRoleBlock, fmt.Sprintf("forbidden_account_ids = [%q]", members[1])) +
					fmt.Sprintf("data \"iamaudit_users\" \"forbidden\" {\n  account_id = %q\n}\n", members[1]),
				PlanOnly:    true,
				ExpectError: expectErrorText("Account Not Allowed"),
			},
			{
				Config: proxyProviderConfig(proxy.URL(), fmt.Sprintf("allowed_account_ids = [%q, %q]", management, members[0]), memberRoleBlock) +
					fmt.Sprintf("resource \"iamaudit_cross_account_role\" \"not_allowed\" {\n  account_id = %q\n  name = \"auditor\"\n  %s\n}\n", members[1], validRoleArgs),
				PlanOnly:    true,
				ExpectError: expectErrorText("Account Not Allowed"),
			},
			{
				Config: proxyProviderConfig(proxy.URL()) +
					fmt.Sprintf("data \"iamaudit_users\" \"no_member_role\" {\n  account_id = %q\n}\n", members[0]),
				PlanOnly:    true,
				ExpectError: expectErrorText("has no member_role block"),
			},
		},
	})
}

// accountFaults are throttlingFaults confined to account.
func accountFaults(account string) []faultproxy.Fault {
	faults := throttlingFaults()
	for i := range faults {
		faults[i].Account = account
	}
	return faults
}

// checkMemberRequests checks the request log of an organization audit:
// sts:AssumeRole only of the wanted role ARNs, each at least once, and every
// other request in one of the accounts ("" the provider's own).
func checkMemberRequests(requests []faultproxy.Request, wantRoleARNs, accounts []string) error {
	seen := map[string]bool{}
	for _, r := range requests {
		if r.Action == "sts:AssumeRole" {
			seen[r.RoleARN] = true
			continue
		}
		if !slices.Contains(accounts, r.Account) {
			return fmt.Errorf("%s acted in account %q, not one of %q", r.Action, r.Account, accounts)
		}
	}
	if got := slices.Sorted(maps.Keys(seen)); !slices.Equal(got, wantRoleARNs) {
		return fmt.Errorf("sts:AssumeRole of\n  %q\nwant\n  %q", got, wantRoleARNs)
	}
	return nil
}

// must fails t on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
