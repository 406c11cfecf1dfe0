package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

// organizationModuleDir is examples/modules/organization-iam, relative to this package.
const organizationModuleDir = "../../examples/modules/organization-iam"

// TestAccOrganizationModule_audit runs the organization module on an
// organization of a management account and three members, each with its
// own findings, one provider configuration and one plan:
//   - management: a role trusting a third-party account without an external
//     ID (X.1), and one trusting a member account (first party: no finding);
//   - member 0: a user with a policy of its own (2.13 / permissions through groups);
//   - member 1: a publicly assumable role (X.3, and X.1);
//   - member 2: sts:AssumeRole into it denied (fault proxy): UNKNOWN for every
//     control with the error, never skipped.
//
// moto gives every member an OrganizationAccountAccessRole trusting the
// management account without an external ID: it passes X.1 only because
// the module passes the organization's accounts as first party.
//
// Each finding is reported in its own account only; every request acts in
// the account it is for, sts:AssumeRole only of the member role ARNs, each
// account collected once. Then the same organization in two shards, whose
// reports merge-shards.sh joins into exactly the one plan's results.
func TestAccOrganizationModule_audit(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	members := createOrganization(t, srv, 3)
	management := srv.AccountID()
	denied := members[2]
	ctx := t.Context()

	trust := func(principal string) *string {
		return aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}]}`)
	}
	mgmt := srv.IAM()
	mustSDK(t)(mgmt.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("mgmt-partner"), AssumeRolePolicyDocument: trust("arn:aws:iam::999988887777:root")}))
	mustSDK(t)(mgmt.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("mgmt-sibling"), AssumeRolePolicyDocument: trust("arn:aws:iam::" + members[0] + ":root")}))
	m0 := memberIAM(t, srv, members[0])
	mustSDK(t)(m0.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("m0-direct")}))
	mustSDK(t)(m0.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String("m0-direct"), PolicyName: aws.String("read-reports"), PolicyDocument: aws.String(cisReportsPolicy),
	}))
	m1 := memberIAM(t, srv, members[1])
	mustSDK(t)(m1.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("m1-public"), AssumeRolePolicyDocument: trust("*")}))

	proxy := startProxy(t, srv.Endpoint(), faultproxy.Fault{Action: "sts:AssumeRole", Kind: faultproxy.AccessDenied, Rate: 1, Account: denied})
	tf := newOrganizationTerraform(t, proxyProviderConfig(proxy.URL(), fmt.Sprintf("member_role {\n    role_name = %q\n  }", orgMemberRole)))
	tf.run("init", "-input=false", "-no-color")
	proxy.Reset()
	tf.run("plan", "-input=false", "-no-color", "-lock=false", "-out=org.tfplan")
	requests := proxy.Requests()
	plan := tf.showPlan("org.tfplan")
	results, _ := plan.output("results").(map[string]any)

	// Every account reported, each finding in its own account only.
	accounts := append([]string{management}, members...)
	slices.Sort(accounts)
	if got := sortedKeys(results); !slices.Equal(got, accounts) {
		t.Fatalf("results for accounts %q, want %q", got, accounts)
	}
	findings := map[string]map[string][]string{ // control -> account -> offenders of a FAIL
		"X.1":  {management: {"mgmt-partner"}, members[1]: {"m1-public"}}, // a public role trusts third parties too
		"2.13": {members[0]: {"m0-direct"}},
		"X.3":  {members[1]: {"m1-public"}},
	}
	for control, failing := range findings {
		for _, account := range accounts {
			if account == denied {
				continue
			}
			r, _ := results[account].(map[string]any)[control].(map[string]any)
			want := knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"status": knownvalue.StringExact("PASS"), "offenders": knownvalue.ListExact(nil),
			})
			if offenders, ok := failing[account]; ok {
				want = knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"status": knownvalue.StringExact("FAIL"), "offenders": knownvalue.ListExact(acctest.ExactStrings(offenders)),
				})
			}
			if err := want.CheckValue(r); err != nil {
				t.Errorf("account %s, %s: %v (%v)", account, control, err, r)
			}
		}
	}

	// The unreachable member: every control UNKNOWN with the error.
	unknownReason := "account " + denied + " could not be reached, so none of its controls was audited: sts:AssumeRole of " + memberRoleARN(denied) + " failed: AccessDenied"
	deniedResults, _ := results[denied].(map[string]any)
	if len(deniedResults) != 30 {
		t.Errorf("the unreachable account has %d results, want the 30 of CIS v7.0.0", len(deniedResults))
	}
	for id, v := range deniedResults {
		r, _ := v.(map[string]any)
		if r["status"] != "UNKNOWN" || !strings.HasPrefix(fmt.Sprint(r["reason"]), unknownReason) {
			t.Errorf("unreachable %s %s: %v, want UNKNOWN with %q…", denied, id, r["status"], unknownReason)
			break
		}
	}
	unreachable, _ := plan.output("unreachable").(map[string]any)
	if len(unreachable) != 1 || !strings.HasPrefix(fmt.Sprint(unreachable[denied]), "sts:AssumeRole of "+memberRoleARN(denied)+" failed: AccessDenied") {
		t.Errorf("unreachable = %v", unreachable)
	}
	summary, _ := plan.output("summary").(map[string]any)
	x3, _ := summary["X.3"].(map[string]any)
	if err := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"failing_accounts": knownvalue.ListExact(acctest.ExactStrings([]string{members[1]})),
		"unknown_accounts": knownvalue.ListExact(acctest.ExactStrings([]string{denied})),
		"counts": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"PASS": knownvalue.Int64Exact(2), "FAIL": knownvalue.Int64Exact(1), "UNKNOWN": knownvalue.Int64Exact(1),
			"EXCEPTED": knownvalue.Int64Exact(0), "MANUAL": knownvalue.Int64Exact(0),
		}),
	}).CheckValue(x3); err != nil {
		t.Errorf("summary X.3: %v (%v)", err, x3)
	}

	// Every request in its own account; each account collected once.
	wantRoleARNs := []string{memberRoleARN(members[0]), memberRoleARN(members[1]), memberRoleARN(members[2])}
	slices.Sort(wantRoleARNs)
	if err := checkMemberRequests(requests, wantRoleARNs, []string{"", members[0], members[1]}); err != nil {
		t.Error(err)
	}
	perAccount := map[string]map[string]int{}
	for _, r := range requests {
		if perAccount[r.Account] == nil {
			perAccount[r.Account] = map[string]int{}
		}
		perAccount[r.Account][r.Action]++
	}
	for _, account := range []string{"", members[0], members[1]} {
		counts := perAccount[account]
		for _, action := range []string{"iam:GetAccountAuthorizationDetails", "iam:GetAccountSummary", "iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"} {
			if counts[action] != 1 {
				t.Errorf("account %q: %s called %d times, want once (one collection per account per plan): %s", account, action, counts[action], formatCounts(counts))
			}
		}
	}
	for _, m := range members[:2] {
		if n := perAccount[m]["sts:GetCallerIdentity"]; n != 1 {
			t.Errorf("member %s: sts:GetCallerIdentity %d times in its session, want 1 (the session reused after check_access)", m, n)
		}
	}
	assumes := map[string]int{}
	for _, r := range requests {
		if r.Action == "sts:AssumeRole" {
			assumes[r.RoleARN]++
		}
	}
	for _, m := range members[:2] {
		if assumes[memberRoleARN(m)] != 1 {
			t.Errorf("sts:AssumeRole of %s %d times, want once per plan", memberRoleARN(m), assumes[memberRoleARN(m)])
		}
	}

	// Two shards: each audits its accounts (id mod 2), and their reports
	// merge into exactly the one plan's results.
	dir := t.TempDir()
	var shardFiles []string
	for index := range 2 {
		file := fmt.Sprintf("shard-%d.tfplan", index)
		tf.run("plan", "-input=false", "-no-color", "-lock=false", "-out="+file, "-var", "shard_count=2", "-var", fmt.Sprintf("shard_index=%d", index))
		shard := tf.showPlan(file)
		report, _ := shard.output("report").(map[string]any)
		var want []string
		for _, a := range accounts {
			if int(a[len(a)-1]-'0')%2 == index {
				want = append(want, a)
			}
		}
		if got := fmt.Sprint(report["account_ids"]); got != fmt.Sprint(want) {
			t.Errorf("shard %d audits %s, want %s", index, got, want)
		}
		data, err := json.Marshal(report)
		if err != nil {
			t.Fatal(err)
		}
		shardFiles = append(shardFiles, filepath.Join(dir, fmt.Sprintf("shard-%d.json", index)))
		if err := os.WriteFile(shardFiles[index], data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs("../../examples/ci/merge-shards.sh")
	if err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	cmd := exec.CommandContext(ctx, "bash", append([]string{script, "--reports", reports}, shardFiles...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("merge-shards.sh: %v, want exit 1 (controls fail)\n%s", err, out)
	}
	merged, err := os.ReadFile(filepath.Join(reports, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Results    map[string]any `json:"results"`
		AccountIDs []string       `json:"account_ids"`
	}
	if err := json.Unmarshal(merged, &got); err != nil {
		t.Fatal(err)
	}
	onePlan, err := json.Marshal(results)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(onePlan, &want); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.AccountIDs, accounts) || !reflect.DeepEqual(got.Results, want) {
		t.Errorf("the merged shards (accounts %q) differ from the one plan's results", got.AccountIDs)
	}
}

// newOrganizationTerraform is a terraform working directory with the
// organization module's acceptance test configuration: the provider, the
// module with shard variables, and its outputs. The module's source is a
// relative path: an absolute one would make the module a package of its
// own, which its ../cis-iam may not leave.
func newOrganizationTerraform(t *testing.T, providerHCL string) *cisTerraform {
	t.Helper()
	moduleDir, err := filepath.Abs(organizationModuleDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(moduleDir, "main.tf")); err != nil {
		t.Fatalf("organization module not found: %v", err)
	}
	tf := newCISTerraform(t, "")
	source, err := filepath.Rel(tf.dir, moduleDir)
	if err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`
terraform {
  required_providers {
    iamaudit = {
      source = "iamaudit/iamaudit"
    }
  }
}

%s

variable "shard_count" {
  type    = number
  default = 1
}

variable "shard_index" {
  type    = number
  default = 0
}

module "organization" {
  source = %q

  shard_count = var.shard_count
  shard_index = var.shard_index
}

output "results" {
  value = module.organization.results
}

output "summary" {
  value = module.organization.summary
}

output "unreachable" {
  value = module.organization.unreachable
}

output "report" {
  value = module.organization.report
}
`, providerHCL, source)
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return tf
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
