package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

// cisModuleDir is the CIS IAM module, relative to this package.
const cisModuleDir = "../../examples/modules/cis-iam"

// Trust policies of the CIS module fixture.
const (
	cisPartnerTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}]}`
	cisVendorTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":"cis-vendor"}}}]}`
	cisPublicTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},` +
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"cis-public"}}}]}`
	cisInternalTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	cisOIDCOpenTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity",` +
		`"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}`
	cisOIDCScopedTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity",` +
		`"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},` +
		`"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example/infra:*"}}}]}`
	cisAdminPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	// Full admin the literal "*:*" test misses: every action but one IAM
	// write, and "*" split over two statements.
	cisNotActionAdminPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:DeleteAccountAlias","Resource":"*"}]}`
	cisSplitAdminPolicy     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},` +
		`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
	// Trust look-alikes (see TestAccRoles_organization for the verdicts).
	cisSiblingTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::` + cisSiblingAccount + `:root"},"Action":"sts:AssumeRole"}]}`
	cisVendorWildcardTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringLike":{"sts:ExternalId":"*"}}}]}`
	cisVendorAndOwnTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":"cis-vendor"}}},` +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	cisGoogleTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`
	cisGitHubAnyRepoTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity",` +
		`"Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}]}`
	cisServiceTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	cisReportsPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}`
)

// cisSiblingAccount is an account of the organization, passed to the
// module as first_party_account_ids.
const cisSiblingAccount = "555566667777"

// cisExpected is the module's results for the seeded account: status and
// offenders per control.
var cisExpected = map[string]struct {
	status    string
	offenders []string
}{
	"1.4":  {"FAIL", []string{"<root_account>"}}, // AccountAccessKeysPresent set through the harness
	"1.5":  {"PASS", nil},                        // a virtual device on the root user
	"1.6":  {"FAIL", []string{"<root_account>"}}, // ... which is not hardware
	"1.7":  {"UNKNOWN", nil},                     // moto's credential report has no <root_account> row
	"1.8":  {"FAIL", nil},                        // minimum length 8
	"1.9":  {"FAIL", nil},                        // reuse prevention 5
	"1.10": {"FAIL", []string{"console-no-mfa"}}, // break-glass is excluded
	"1.11": {"FAIL", []string{"console-unused-key"}},
	"1.12": {"FAIL", []string{"stale-key", "stale-password"}},
	"1.13": {"FAIL", []string{"two-keys"}},
	"1.14": {"FAIL", []string{"key-90-5-days", "old-key"}}, // key-89-5-days passes
	"1.15": {"FAIL", []string{"direct-policy"}},
	"1.16": {"FAIL", []string{"cis-admin", "cis-not-action-admin"}},
	"1.17": {"FAIL", nil}, // no role has AWSSupportAccess
	"1.19": {"FAIL", []string{"expired-cert"}},
	"1.22": {"FAIL", []string{"shell-users"}},
	"X.1":  {"FAIL", []string{"partner-role", "vendor-wildcard"}}, // sibling-role and vendor-and-own pass
	"X.2":  {"FAIL", []string{"github-any-repo", "google-any-user", "oidc-open"}},
	"X.3":  {"FAIL", []string{"public-role"}}, // org-wide and org-deny pass
	"X.4":  {"FAIL", []string{"group/readers/split", "role/ops/break-glass", "user/direct-policy/everything"}},
}

// cisExpectedMessages are check messages asserted exactly: the ones whose
// detail carries a definition (exact key age, why a policy is admin).
var cisExpectedMessages = map[string]string{
	"1.16": `CIS 1.16: attached policies granting full administrative privileges: cis-admin (customer managed, attached to group admins), ` +
		`cis-not-action-admin (customer managed, attached to group ops; full admin under the stricter-than-CIS rule, not the literal "*:*" test: ` +
		`NotAction "iam:DeleteAccountAlias" on Resource "*" leaves IAM writes allowed, and with them every action)`,
	"X.4": `X.4: inline policies granting full administrative privileges: ` +
		`group/readers/split (2 Allow statements on all resources together allow every action), ` +
		`role/ops/break-glass (Action "*" on Resource "*" allows every action), ` +
		`user/direct-policy/everything (NotAction "iam:DeleteAccountAlias" on Resource "*" leaves IAM writes allowed, and with them every action)`,
}

// cisBulkCallsPerPlan is how often one plan of the module may call each
// bulk API: the provider reads each once per provider process (one process
// per terraform command), however many data sources need it.
// GetAccountAuthorizationDetails is one sequence -- users, groups, roles,
// local and AWS managed policies together (was two: a separate AWS managed
// pass for scope = "All") -- of one page, because moto ignores MaxItems.
var cisBulkCallsPerPlan = map[string]int{
	"iam:GetAccountAuthorizationDetails": 1,
	"organizations:DescribeOrganization": 1,
	"iam:GetCredentialReport":            1,
	"iam:ListVirtualMFADevices":          1,
	"iam:GetAccountSummary":              1,
	"iam:GetAccountPasswordPolicy":       1,
}

// cisPerUserCalls are the calls made per user or per key, and how often one
// plan makes them: everything the controls decide on comes from bulk
// sources, except that mfa_enabled confirms the credential report's
// mfa_active with iam:ListMFADevices for a user without a virtual device
// (the report can be 4 hours old; design.md's mfa_enabled): admin-user's
// hardware device, once.
var cisPerUserCalls = map[string]int{
	"iam:GetAccessKeyLastUsed":     0,
	"iam:GetLoginProfile":          0,
	"iam:ListAccessKeys":           0,
	"iam:ListAttachedUserPolicies": 0,
	"iam:ListGroupsForUser":        0,
	"iam:ListMFADevices":           1,
	"iam:ListUserPolicies":         0,
	"iam:ListUsers":                0,
}

// TestAccCISModule_seededAccount runs examples/modules/cis-iam, called with
// a module block from its absolute path as users call it, against a
// dedicated moto account with a known violator for every control moto can
// express (and compliant principals beside them). It asserts the exact
// status and offenders of every control in the plan's results output, that
// exactly the FAIL controls' check blocks fail, and counts the API calls of
// each terraform command through a counting proxy in front of moto.
//
// It drives the terraform CLI itself, with the provider served in-process
// and attached through TF_REATTACH_PROVIDERS (what terraform-plugin-testing
// does), because terraform-plugin-testing cannot run this configuration: it
// runs `terraform init` on the provider requirements alone, never installing
// a step's modules, and its state shim rejects state with child modules
// ("Modules are not supported"), which the module's data sources are. The
// results are asserted with the same knownvalue checks statecheck uses.
// Driving the CLI also makes the call counts exact: every command gets a
// fresh provider server, so a count is one plan's calls and nothing else.
func TestAccCISModule_seededAccount(t *testing.T) {
	t.Parallel()

	srv := acctest.Dedicated(t, acctest.Options{LoadManagedPolicies: true})
	seedCISAccount(t, srv)

	proxy, err := faultproxy.Start(srv.Endpoint(), faultproxy.Config{})
	if err != nil {
		t.Fatalf("starting the counting proxy: %v", err)
	}
	t.Cleanup(proxy.Close)

	tf := newCISTerraform(t, cisModuleConfig(t, strings.ReplaceAll(srv.ProviderConfig(), srv.Endpoint(), proxy.URL())))
	tf.run("init", "-input=false", "-no-color")

	// Plan: the audit. Its calls are the module's per-plan budget.
	proxy.Reset()
	tf.run("plan", "-input=false", "-no-color", "-lock=false", "-out=audit.tfplan")
	perPlan := proxy.Counts()
	plan := tf.showPlan("audit.tfplan")

	if err := cisResultsCheck().CheckValue(plan.output("results")); err != nil {
		t.Errorf("output results: %v", err)
	}
	if err := knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("break-glass")}).
		CheckValue(plan.output("excluded_users")); err != nil {
		t.Errorf("output excluded_users: %v", err)
	}
	cisAssertChecks(t, plan)

	// Apply the saved plan (outputs only): data sources were read at plan
	// time, so applying reads nothing.
	proxy.Reset()
	tf.run("apply", "-input=false", "-no-color", "-lock=false", "audit.tfplan")
	applied := proxy.Counts()

	// Plan again on the applied state (the refresh-and-plan cycle of the
	// next CI run): the same calls as the first plan.
	proxy.Reset()
	tf.run("plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode")
	replan := proxy.Counts()

	t.Logf("API calls of one plan of the CIS module: %s", formatCounts(perPlan))
	t.Logf("API calls of applying the saved plan: %s", formatCounts(applied))
	t.Logf("API calls of the second plan: %s", formatCounts(replan))

	for action, want := range cisBulkCallsPerPlan {
		if got := perPlan[action]; got != want {
			t.Errorf("one plan called %s %d times, want %d", action, got, want)
		}
		if got := replan[action]; got != want {
			t.Errorf("the second plan called %s %d times, want %d", action, got, want)
		}
	}
	for action, want := range cisPerUserCalls {
		if n := perPlan[action]; n != want {
			t.Errorf("one plan made %d per-user %s calls, want %d", n, action, want)
		}
	}
	statuses := map[string]int{}
	for _, want := range cisExpected {
		statuses[want.status]++
	}
	wantSummary := regexp.MustCompile(fmt.Sprintf(`^%d controls: %d PASS, %d FAIL, %d UNKNOWN; user credential facts as of the credential report generated \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z, \d+ min before this plan$`,
		len(cisExpected), statuses["PASS"], statuses["FAIL"], statuses["UNKNOWN"]))
	if summary, _ := plan.output("summary").(string); !wantSummary.MatchString(summary) {
		t.Errorf("output summary = %q, want it to match %s", summary, wantSummary)
	}
	for action, n := range applied {
		if strings.HasPrefix(action, "iam:") {
			t.Errorf("applying the saved plan called %s %d times; data sources are read at plan time only", action, n)
		}
	}
	if perPlan["sts:GetCallerIdentity"] != 1 {
		t.Errorf("one plan called sts:GetCallerIdentity %d times, want 1 (provider configuration)", perPlan["sts:GetCallerIdentity"])
	}
}

// cisResultsCheck is the exact value of output "results".
func cisResultsCheck() knownvalue.Check {
	controls := make(map[string]knownvalue.Check, len(cisExpected))
	for id, want := range cisExpected {
		offenders := make([]knownvalue.Check, 0, len(want.offenders))
		for _, name := range want.offenders {
			offenders = append(offenders, knownvalue.StringExact(name))
		}
		controls[id] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"title":     knownvalue.StringRegexp(regexp.MustCompile(`^Ensure |^Eliminate |^Do not `)),
			"status":    knownvalue.StringExact(want.status),
			"offenders": knownvalue.ListExact(offenders),
		})
	}
	return knownvalue.MapExact(controls)
}

// cisAssertChecks asserts that exactly the FAIL controls' check blocks fail,
// each with a message naming the control and its offenders.
func cisAssertChecks(t *testing.T, plan cisPlan) {
	t.Helper()
	got := map[string]string{} // check name => status
	messages := map[string][]string{}
	for _, c := range plan.Checks {
		if c.Address.Kind != "check" {
			continue
		}
		got[c.Address.Name] = c.Status
		for _, inst := range c.Instances {
			for _, p := range inst.Problems {
				messages[c.Address.Name] = append(messages[c.Address.Name], p.Message)
			}
		}
	}
	for id, want := range cisExpected {
		name := "cis_" + strings.ReplaceAll(id, ".", "_")
		prefix := "CIS " + id + ": "
		if strings.HasPrefix(id, "X.") {
			name, prefix = "x_"+strings.TrimPrefix(id, "X."), id+": "
		}
		wantStatus := "pass"
		if want.status == "FAIL" {
			wantStatus = "fail"
		}
		if got[name] != wantStatus {
			t.Errorf("check.%s is %q, want %q (messages %q)", name, got[name], wantStatus, messages[name])
			continue
		}
		if wantStatus == "pass" {
			continue
		}
		msg := strings.Join(messages[name], "\n")
		if want, ok := cisExpectedMessages[id]; ok && msg != want {
			t.Errorf("check.%s message\n  %q\nwant\n  %q", name, msg, want)
		}
		if !strings.HasPrefix(msg, prefix) {
			t.Errorf("check.%s message %q does not start with %q", name, msg, prefix)
		}
		for _, offender := range want.offenders {
			if !strings.Contains(msg, offender+" (") {
				t.Errorf("check.%s message %q does not name %s with detail", name, msg, offender)
			}
		}
	}
	if len(got) != len(cisExpected) {
		t.Errorf("the plan has %d check blocks, want %d: %v", len(got), len(cisExpected), got)
	}
}

// cisModuleConfig is the root configuration: the provider (pointed at the
// counting proxy) and the module from its absolute path.
func cisModuleConfig(t *testing.T, providerHCL string) string {
	t.Helper()
	dir, err := filepath.Abs(cisModuleDir)
	if err != nil {
		t.Fatalf("resolving %s: %v", cisModuleDir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "main.tf")); err != nil {
		t.Fatalf("CIS module not found: %v", err)
	}
	return fmt.Sprintf(`
terraform {
  required_providers {
    iamaudit = {
      source = "iamaudit/iamaudit"
    }
  }
}

%[1]s

module "cis" {
  source = %[2]q

  exclude_users           = ["break-glass"]
  first_party_account_ids = [%[3]q]
}

output "results" {
  value = module.cis.results
}

output "excluded_users" {
  value = module.cis.excluded_users
}

output "summary" {
  value = module.cis.summary
}
`, providerHCL, dir, cisSiblingAccount)
}

// cisTerraform runs the terraform CLI in a temporary directory against an
// in-process provider server, started afresh for every command.
type cisTerraform struct {
	t   *testing.T
	bin string
	dir string
}

func newCISTerraform(t *testing.T, config string) *cisTerraform {
	t.Helper()
	bin, err := acctest.TerraformPath()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return &cisTerraform{t: t, bin: bin, dir: dir}
}

// run runs one terraform command with a new provider server attached and
// returns its standard output; it fails the test when terraform fails.
func (tf *cisTerraform) run(args ...string) []byte {
	tf.t.Helper()
	reattach, stop := serveCISProvider(tf.t)
	defer stop()

	cmd := exec.CommandContext(tf.t.Context(), tf.bin, args...)
	cmd.Dir = tf.dir
	cmd.Env = append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tf.t.Fatalf("terraform %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return []byte(stdout.String())
}

// cisPlan is the part of `terraform show -json <plan>` the test reads.
type cisPlan struct {
	PlannedValues struct {
		Outputs map[string]struct {
			Value json.RawMessage `json:"value"`
		} `json:"outputs"`
	} `json:"planned_values"`
	Checks []struct {
		Address struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"address"`
		Status    string `json:"status"`
		Instances []struct {
			Problems []struct {
				Message string `json:"message"`
			} `json:"problems"`
		} `json:"instances"`
	} `json:"checks"`
	t *testing.T
}

// showPlan reads a saved plan as JSON.
func (tf *cisTerraform) showPlan(file string) cisPlan {
	tf.t.Helper()
	plan := cisPlan{t: tf.t}
	if err := json.Unmarshal(tf.run("show", "-json", "-no-color", file), &plan); err != nil {
		tf.t.Fatalf("parsing terraform show -json: %v", err)
	}
	return plan
}

// output decodes a planned output value as knownvalue checks expect it
// (objects as map[string]any, lists as []any, numbers as json.Number).
func (p cisPlan) output(name string) any {
	p.t.Helper()
	out, ok := p.PlannedValues.Outputs[name]
	if !ok {
		p.t.Fatalf("the plan has no output %q", name)
	}
	dec := json.NewDecoder(bytes.NewReader(out.Value))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		p.t.Fatalf("decoding output %q: %v", name, err)
	}
	return v
}

// serveCISProvider serves the provider in-process in debug mode, as
// terraform-plugin-testing does, and returns the TF_REATTACH_PROVIDERS value
// that attaches terraform to it and a function that stops it.
func serveCISProvider(t *testing.T) (reattach string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	const address = "registry.terraform.io/iamaudit/iamaudit"
	errCh := make(chan error, 1)
	go func() {
		errCh <- tf6server.Serve(address, providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
		)
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case err := <-errCh:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider server did not start within 30s")
	}
	data, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol":        string(cfg.Protocol),
		"ProtocolVersion": cfg.ProtocolVersion,
		"Pid":             cfg.Pid,
		"Test":            cfg.Test,
		"Addr":            map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		cancel()
		t.Fatalf("encoding reattach config: %v", err)
	}
	return string(data), func() {
		cancel()
		select {
		case <-closeCh:
		case <-time.After(10 * time.Second):
			t.Error("the provider server did not stop within 10s")
		}
	}
}

// seedCISAccount creates the account the test expects (see cisExpected).
func seedCISAccount(t *testing.T, srv *acctest.Server) {
	t.Helper()
	ctx := t.Context()
	fx := srv.Fixtures()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the CIS account: %v", err)
		}
	}
	past := func(days int, fn func(ctx context.Context) error) {
		t.Helper()
		must(srv.InPast(ctx, days, fn))
	}
	now := time.Now().UTC()
	awsPolicy := func(name string) string { return "arn:aws:iam::aws:policy/" + name }

	// Root: a virtual MFA device (1.5 passes, 1.6 fails) and access keys (1.4).
	must(fx.SetRootAccount(ctx, acctest.RootAccount{MFA: "virtual", AccessKeysPresent: true}))
	// 1.8 and 1.9: too short, too little reuse prevention.
	must(fx.SetPasswordPolicy(ctx, iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength:   aws.Int32(8),
		PasswordReusePrevention: aws.Int32(5),
	}))

	// Groups: readers (compliant), admins (1.16: a customer policy granting
	// "*" on "*"), shell-users (1.22).
	adminARN, err := fx.CreatePolicy(ctx, "cis-admin", "/", cisAdminPolicy)
	must(err)
	notActionAdminARN, err := fx.CreatePolicy(ctx, "cis-not-action-admin", "/", cisNotActionAdminPolicy)
	must(err)
	reportsARN, err := fx.CreatePolicy(ctx, "cis-reports", "/", cisReportsPolicy)
	must(err)
	for group, policy := range map[string]string{
		"readers":     awsPolicy("ReadOnlyAccess"),
		"admins":      adminARN,
		"ops":         notActionAdminARN, // 1.16 only under the stricter rule
		"shell-users": awsPolicy("AWSCloudShellFullAccess"),
	} {
		_, err := fx.CreateGroup(ctx, group, "/")
		must(err)
		must(fx.AttachGroupPolicy(ctx, group, policy))
	}
	// X.4: admin split over two statements, inline in a group.
	must(fx.PutGroupPolicy(ctx, "readers", "split", cisSplitAdminPolicy))

	user := func(name string, console bool, groups ...string) {
		t.Helper()
		_, err := fx.CreateUser(ctx, name, "/", nil)
		must(err)
		if console {
			must(fx.CreateLoginProfile(ctx, name))
		}
		for _, g := range groups {
			must(fx.AddUserToGroup(ctx, g, name))
		}
	}
	usedKey := func(ctx context.Context, name string) {
		t.Helper()
		id, secret, err := fx.CreateAccessKey(ctx, name)
		must(err)
		must(fx.MarkAccessKeyUsed(ctx, id, secret))
	}

	// Compliant: console with MFA, permissions from a group, recent use.
	user("good-user", true, "readers")
	_, err = fx.EnableVirtualMFA(ctx, "good-user")
	must(err)
	must(fx.MarkPasswordUsed(ctx, "good-user", now.Add(-24*time.Hour)))
	user("admin-user", true, "admins")
	_, err = fx.EnableHardwareMFA(ctx, "admin-user")
	must(err)

	// 1.10: console password without MFA; break-glass likewise but excluded.
	user("console-no-mfa", true, "readers")
	must(fx.MarkPasswordUsed(ctx, "console-no-mfa", now.Add(-48*time.Hour)))
	user("break-glass", true, "admins")

	// 1.11: console user with an active key it never used.
	user("console-unused-key", true, "readers")
	_, err = fx.EnableVirtualMFA(ctx, "console-unused-key")
	must(err)
	_, _, err = fx.CreateAccessKey(ctx, "console-unused-key")
	must(err)

	// 1.12: a key created 80 days ago, last used 50 days ago ...
	var staleID, staleSecret string
	past(80, func(ctx context.Context) (err error) {
		if _, err = fx.CreateUser(ctx, "stale-key", "/", nil); err != nil {
			return err
		}
		staleID, staleSecret, err = fx.CreateAccessKey(ctx, "stale-key")
		return err
	})
	past(50, func(ctx context.Context) error { return fx.MarkAccessKeyUsed(ctx, staleID, staleSecret) })
	// ... and a console password set 60 days ago, never used.
	past(60, func(ctx context.Context) error {
		if _, err := fx.CreateUser(ctx, "stale-password", "/", nil); err != nil {
			return err
		}
		if err := fx.CreateLoginProfile(ctx, "stale-password"); err != nil {
			return err
		}
		_, err := fx.EnableVirtualMFA(ctx, "stale-password")
		return err
	})

	// 1.13: two active keys.
	user("two-keys", false, "readers")
	usedKey(ctx, "two-keys")
	usedKey(ctx, "two-keys")

	// 1.14: a key created 120 days ago, used today.
	var oldID, oldSecret string
	past(120, func(ctx context.Context) (err error) {
		if _, err = fx.CreateUser(ctx, "old-key", "/", nil); err != nil {
			return err
		}
		oldID, oldSecret, err = fx.CreateAccessKey(ctx, "old-key")
		return err
	})
	must(fx.MarkAccessKeyUsed(ctx, oldID, oldSecret))

	// 1.14 to the second: keys 90.5 and 89.5 days old (age_days 90 and 89),
	// both used today. Only the first is older than 90 days.
	for name, age := range map[string]time.Duration{
		"key-90-5-days": 90*24*time.Hour + 12*time.Hour,
		"key-89-5-days": 89*24*time.Hour + 12*time.Hour,
	} {
		pastCtx := acctest.WithTimeOffset(ctx, -age)
		_, err := fx.CreateUser(pastCtx, name, "/", nil)
		must(err)
		id, secret, err := fx.CreateAccessKey(pastCtx, name)
		must(err)
		must(fx.MarkAccessKeyUsed(ctx, id, secret))
	}

	// 1.15: a policy attached to the user itself; X.4: and an inline one
	// granting full admin without "*:*".
	user("direct-policy", false, "readers")
	must(fx.AttachUserPolicy(ctx, "direct-policy", reportsARN))
	must(fx.PutUserPolicy(ctx, "direct-policy", "everything", cisNotActionAdminPolicy))

	// 1.19: moto reports every server certificate as expired in 2012.
	_, err = fx.UploadServerCertificate(ctx, "expired-cert", "/", now.AddDate(1, 0, 0))
	must(err)

	// The account manages an organization: "*" confined to it is not
	// public (X.3).
	org, err := organizations.NewFromConfig(srv.AWSConfig()).CreateOrganization(ctx, &organizations.CreateOrganizationInput{
		FeatureSet: orgtypes.OrganizationFeatureSetAll,
	})
	must(err)
	orgID := aws.ToString(org.Organization.Id)

	// Roles: compliant ones and violators per X control, beside their
	// look-alikes; none has AWSSupportAccess (1.17).
	for name, trust := range map[string]string{
		"vendor-role":     cisVendorTrust,
		"internal-role":   cisInternalTrust,
		"oidc-scoped":     cisOIDCScopedTrust,
		"sibling-role":    cisSiblingTrust,        // first-party: passes X.1
		"vendor-and-own":  cisVendorAndOwnTrust,   // the own-account statement needs no external ID
		"partner-role":    cisPartnerTrust,        // X.1
		"vendor-wildcard": cisVendorWildcardTrust, // X.1: "*" restricts no external ID
		"oidc-open":       cisOIDCOpenTrust,       // X.2
		"google-any-user": cisGoogleTrust,         // X.2
		"github-any-repo": cisGitHubAnyRepoTrust,  // X.2
		"public-role":     cisPublicTrust,         // X.3 (its external ID satisfies X.1)
		"org-wide": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole",` +
			`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"` + orgID + `"}}}]}`,
		"org-deny": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},` +
			`{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"` + orgID + `"}}}]}`,
		"ops": cisServiceTrust,
	} {
		_, err := fx.CreateRole(ctx, name, "/", trust)
		must(err)
	}
	must(fx.AttachRolePolicy(ctx, "vendor-role", awsPolicy("SecurityAudit")))
	// X.4: an inline "*:*" on a role.
	must(fx.PutRolePolicy(ctx, "ops", "break-glass", cisAdminPolicy))
}

// formatCounts renders counts as "action=n" sorted by action.
func formatCounts(counts map[string]int) string {
	parts := make([]string, 0, len(counts))
	for _, action := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s=%d", action, counts[action]))
	}
	return strings.Join(parts, " ")
}
