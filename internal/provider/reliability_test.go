package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// The reliability suite: every audit data source read
// through internal/faultproxy in front of moto, with faults the SDK must
// retry, faults that must fail the read naming the action, and faults
// mid-pagination that must never shorten a list.

// reportAge makes the credential report an hour old (see iamStub), so the
// users created now need the engine's per-user calls (GetLoginProfile,
// ListAccessKeys, ListMFADevices) while older ones come from the report.
const reportAge = time.Hour

// auditSlice is an account seeded on a dedicated moto server: users, groups,
// roles, policies and a server certificate under one path, plus an account
// password policy, so that every audit data source returns something and
// every action of policydoc.AuditActions is needed.
type auditSlice struct {
	srv   *acctest.Server
	path  string
	users []string // sorted
	alice string   // the user the iamaudit_user data source reads
	// member is a member account under centralized root access, whose
	// root login profile is read in a root session.
	member string
}

// seedAuditSlice seeds an auditSlice:
//   - alice (60 days old, so in the stale report): console password, a key
//     from then used 10 days ago and a second inactive key, a virtual MFA
//     device, a group, an attached and an inline policy, tags;
//   - bob (new): an unused key, a hardware MFA device (ListMFADevices);
//   - carol (new): a console password only (GetLoginProfile);
//   - eight more users (30 days old), every other one with a key;
//   - a group with an inline and an attached policy; a cross-account role
//     with an external ID and a service role; a full-admin policy; a server
//     certificate; a password policy.
func seedAuditSlice(t *testing.T) auditSlice {
	t.Helper()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	f := srv.Fixtures()
	s := auditSlice{srv: srv, path: acctest.UniquePath(t)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the audit slice: %v", err)
		}
	}
	user := func(ctx context.Context, prefix string, tags map[string]string) string {
		name := acctest.RandomName(prefix)
		_, err := f.CreateUser(ctx, name, s.path, tags)
		must(err)
		s.users = append(s.users, name)
		return name
	}
	readDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}`
	adminDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	readARN, err := f.CreatePolicy(ctx, acctest.RandomName("rel-read"), s.path, readDoc)
	must(err)
	_, err = f.CreatePolicy(ctx, acctest.RandomName("rel-admin"), s.path, adminDoc)
	must(err)

	var firstKey, firstSecret string
	must(srv.InPast(ctx, 60, func(ctx context.Context) error {
		s.alice = user(ctx, "rel-alice", map[string]string{"team": "audit"})
		var err error
		firstKey, firstSecret, err = f.CreateAccessKey(ctx, s.alice)
		return err
	}))
	must(srv.InPast(ctx, 10, func(ctx context.Context) error {
		return f.MarkAccessKeyUsed(ctx, firstKey, firstSecret)
	}))
	must(f.CreateLoginProfile(ctx, s.alice))
	_, err = f.EnableVirtualMFA(ctx, s.alice)
	must(err)
	secondKey, _, err := f.CreateAccessKey(ctx, s.alice)
	must(err)
	must(f.UpdateAccessKeyStatus(ctx, s.alice, secondKey, false))
	must(f.AttachUserPolicy(ctx, s.alice, readARN))
	must(f.PutUserPolicy(ctx, s.alice, "inline-read", readDoc))

	bob := user(ctx, "rel-bob", nil)
	_, _, err = f.CreateAccessKey(ctx, bob)
	must(err)
	_, err = f.EnableHardwareMFA(ctx, bob)
	must(err)
	carol := user(ctx, "rel-carol", nil)
	must(f.CreateLoginProfile(ctx, carol))
	must(srv.InPast(ctx, 30, func(ctx context.Context) error {
		for i := range 8 {
			u := user(ctx, fmt.Sprintf("rel-u%d", i), nil)
			if i%2 == 0 {
				if _, _, err := f.CreateAccessKey(ctx, u); err != nil {
					return err
				}
			}
		}
		return nil
	}))

	group := acctest.RandomName("rel-group")
	_, err = f.CreateGroup(ctx, group, s.path)
	must(err)
	must(f.PutGroupPolicy(ctx, group, "inline-read", readDoc))
	must(f.AttachGroupPolicy(ctx, group, readARN))
	must(f.AddUserToGroup(ctx, group, s.alice))
	must(f.AddUserToGroup(ctx, group, bob))

	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},` +
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"rel-external-id"}}}]}`
	role := acctest.RandomName("rel-xacct")
	_, err = f.CreateRole(ctx, role, s.path, trust)
	must(err)
	must(f.AttachRolePolicy(ctx, role, readARN))
	must(f.PutRolePolicy(ctx, role, "inline-read", readDoc))
	_, err = f.CreateRole(ctx, acctest.RandomName("rel-svc"), s.path,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	must(err)

	_, err = f.UploadServerCertificate(ctx, acctest.RandomName("rel-cert"), s.path, time.Now().Add(90*24*time.Hour))
	must(err)
	// The account manages an organization under centralized root access,
	// so the member's root login profile is read in a root session.
	org, err := f.CreateOrganization(ctx, "rel-member")
	must(err)
	s.member = org.Members["rel-member"]
	must(f.EnableCentralizedRootAccess(ctx))
	must(f.RegisterDelegatedAdministrator(ctx, s.member, "iam.amazonaws.com"))
	must(f.SetRootAccount(ctx, acctest.RootAccount{Account: s.member}))
	must(f.SetPasswordPolicy(ctx, iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength:      aws.Int32(14),
		RequireSymbols:             true,
		RequireNumbers:             true,
		MaxPasswordAge:             aws.Int32(90),
		PasswordReusePrevention:    aws.Int32(24),
		AllowUsersToChangePassword: true,
	}))
	sort.Strings(s.users)
	return s
}

// auditDataSources returns every audit data source, with the
// slice's filters, keyed by address. The connector helpers
// (iamaudit_reader_policy, iamaudit_permissions_check) are not audit reads.
func (s auditSlice) auditDataSources() map[string]string {
	all := map[string]string{
		"data.iamaudit_caller_identity.this":          `data "iamaudit_caller_identity" "this" {}`,
		"data.iamaudit_account.this":                  `data "iamaudit_account" "this" {}`,
		"data.iamaudit_password_policy.this":          `data "iamaudit_password_policy" "this" {}`,
		"data.iamaudit_users.this":                    fmt.Sprintf(`data "iamaudit_users" "this" { path_prefix = %q }`, s.path),
		"data.iamaudit_user.this":                     fmt.Sprintf(`data "iamaudit_user" "this" { name = %q }`, s.alice),
		"data.iamaudit_groups.this":                   fmt.Sprintf(`data "iamaudit_groups" "this" { path_prefix = %q }`, s.path),
		"data.iamaudit_roles.this":                    fmt.Sprintf(`data "iamaudit_roles" "this" { path_prefix = %q }`, s.path),
		"data.iamaudit_policies.local":                `data "iamaudit_policies" "local" {}`,
		"data.iamaudit_policies.all":                  `data "iamaudit_policies" "all" { scope = "All" }`,
		"data.iamaudit_access_keys.this":              `data "iamaudit_access_keys" "this" {}`,
		"data.iamaudit_mfa_devices.this":              `data "iamaudit_mfa_devices" "this" {}`,
		"data.iamaudit_credential_report.this":        `data "iamaudit_credential_report" "this" {}`,
		"data.iamaudit_server_certificates.this":      `data "iamaudit_server_certificates" "this" {}`,
		"data.iamaudit_saml_providers.this":           `data "iamaudit_saml_providers" "this" {}`,
		"data.iamaudit_organization_features.this":    `data "iamaudit_organization_features" "this" {}`,
		"data.iamaudit_delegated_administrators.this": `data "iamaudit_delegated_administrators" "this" {}`,
		"data.iamaudit_root_login_profile.this":       fmt.Sprintf(`data "iamaudit_root_login_profile" "this" { account_id = %q }`, s.member),
	}
	return all
}

// config returns the provider block for endpoint plus every audit data source.
func (s auditSlice) config(endpoint string, extra ...string) string {
	sources := s.auditDataSources()
	addrs := slices.Sorted(func(yield func(string) bool) {
		for a := range sources {
			if !yield(a) {
				return
			}
		}
	})
	var b strings.Builder
	b.WriteString(proxyProviderConfig(endpoint, extra...))
	for _, a := range addrs {
		b.WriteString("\n" + sources[a] + "\n")
	}
	return b.String()
}

// volatileAttribute reports whether a flatmap key holds a value that differs
// between two correct reads: moto stamps the credential report with the time
// of each GetCredentialReport call.
func volatileAttribute(key string) bool {
	return strings.HasSuffix(key, "generated_at")
}

// captureDataSources records the flatmap state of every address into dst.
func captureDataSources(addrs []string, dst map[string]map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, a := range addrs {
			attrs, err := acctest.FlatAttributes(s, a)
			if err != nil {
				return err
			}
			dst[a] = attrs
		}
		return nil
	}
}

// diffAttributes lists the differences between two flatmap states,
// ignoring volatile attributes.
func diffAttributes(want, got map[string]string) []string {
	var diffs []string
	for k, w := range want {
		if volatileAttribute(k) {
			continue
		}
		if g, ok := got[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: missing (want %q)", k, w))
		} else if g != w {
			diffs = append(diffs, fmt.Sprintf("%s: %q, want %q", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && !volatileAttribute(k) {
			diffs = append(diffs, fmt.Sprintf("%s: unexpected %q", k, g))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// TestAccReliability_faultsEquivalence reads every audit data source twice
// through one proxy: once without faults, once with 30 % Throttling and 5 %
// 500/503 on every action (sts:GetCallerIdentity included), seeded. The two
// states must be identical attribute by attribute (except the report's
// generated_at, which moto stamps per call), and the faulted run must have
// met faults on every action: the first request of each fails for sure
// (firstCallFaults), the rest at the random rates.
//
// The faults stay on for the faulted step's plan and apply (the read whose
// state is compared); its post-apply plans run without them, because the SDK's
// backoff (up to 20 s per retry) makes every extra faulted read cost tens of
// seconds without proving more.
func TestAccReliability_faultsEquivalence(t *testing.T) {
	t.Parallel()
	s := seedAuditSlice(t)
	proxy := startProxy(t, s.srv.Endpoint())
	stub := startIAMStub(t, proxy.URL(), faultproxy.StubOptions{ReportAge: reportAge})
	config := s.config(stub.URL())
	addrs := slices.Sorted(func(yield func(string) bool) {
		for a := range s.auditDataSources() {
			if !yield(a) {
				return
			}
		}
	})
	clean := map[string]map[string]string{}
	faulted := map[string]map[string]string{}
	var cleanCounts, faultedCounts, faults map[string]int

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  captureDataSources(addrs, clean),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_users.this", tfjsonpath.New("users"), knownvalue.ListSizeExact(len(s.users))),
				},
			},
			{
				PreConfig: func() {
					cleanCounts = proxy.Counts()
					if err := proxy.SetFaults(append(firstCallFaults(cleanCounts), throttlingFaults()...)); err != nil {
						t.Fatal(err)
					}
					proxy.Reset()
				},
				Config: config,
				Check: func(st *terraform.State) error {
					if err := captureDataSources(addrs, faulted)(st); err != nil {
						return err
					}
					var diffs []string
					for _, a := range addrs {
						for _, d := range diffAttributes(clean[a], faulted[a]) {
							diffs = append(diffs, a+"."+d)
						}
					}
					faultedCounts, faults = proxy.Counts(), proxy.Faulted()
					if err := proxy.SetFaults(nil); err != nil {
						return err
					}
					if len(diffs) > 0 {
						return fmt.Errorf("with faults, %d attributes differ from the read without faults:\n%s",
							len(diffs), strings.Join(diffs, "\n"))
					}
					return nil
				},
			},
		},
	})

	t.Logf("requests without faults: %d %v", totalCalls(cleanCounts), cleanCounts)
	t.Logf("requests with faults: %d, faulted %d %v", totalCalls(faultedCounts), totalCalls(faults), faults)
	for action := range cleanCounts {
		if faultedCounts[action] == 0 {
			t.Errorf("the faulted run never called %s, which the clean run called", action)
		} else if faults[action] == 0 {
			t.Errorf("no fault hit %s: the run proves nothing about its retries", action)
		}
	}
}

// TestAccReliability_accessDenied denies one action at a time, persistently,
// and proves the read fails naming that action, for every action of
// policydoc.AuditActions (sts:GetCallerIdentity fails provider configuration
// itself). Clean reads first record which actions the data sources call,
// in either credential_data mode: that set must be exactly
// policydoc.AuditActions, the audit reader policy.
// Subtests share the moto server; each has its own proxy.
func TestAccReliability_accessDenied(t *testing.T) {
	t.Parallel()
	s := seedAuditSlice(t)
	// Some audit actions are called only in one credential_data mode (live
	// mode reads every user's credentials per user): a clean read in each
	// mode records which, and each action is denied in a mode that calls it.
	modes := []string{`credential_data = "report"`, `credential_data = "live"`}
	calledIn := map[string]string{} // action → the first mode whose clean read called it
	for _, mode := range modes {
		clean := startProxy(t, s.srv.Endpoint())
		cleanStub := startIAMStub(t, clean.URL(), faultproxy.StubOptions{ReportAge: reportAge})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps:                    []resource.TestStep{{Config: s.config(cleanStub.URL(), mode)}},
		})
		for action := range clean.Counts() {
			if _, ok := calledIn[action]; !ok {
				calledIn[action] = mode
			}
		}
	}
	audit := map[string]bool{}
	for _, action := range policydoc.AuditActions {
		audit[action] = true
	}
	actions := slices.Sorted(func(yield func(string) bool) {
		for a := range calledIn {
			if !yield(a) {
				return
			}
		}
		for a := range audit {
			if _, ok := calledIn[a]; !ok && !yield(a) {
				return
			}
		}
	})

	for _, action := range actions {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			if !audit[action] {
				t.Errorf("the audit data sources call %s, but policydoc.AuditActions (the audit reader policy) does not grant it: "+
					"a least-privilege reader would fail with AccessDenied", action)
			}
			mode, ok := calledIn[action]
			if !ok {
				t.Errorf("%s is in policydoc.AuditActions but no audit data source called it in the clean reads: "+
					"the audit reader policy grants more than the audit needs", action)
				return
			}
			proxy := startProxy(t, s.srv.Endpoint(), faultproxy.Fault{Action: action, Kind: faultproxy.AccessDenied, Rate: 1})
			stub := startIAMStub(t, proxy.URL(), faultproxy.StubOptions{ReportAge: reportAge})
			want := action + " was denied"
			if action == callerIdentityAction {
				want = "identify the caller: " + action
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      s.config(stub.URL(), mode),
					ExpectError: expectErrorText(want),
				}},
			})
			if proxy.Faulted()[action] == 0 {
				t.Errorf("the proxy never denied %s", action)
			}
		})
	}
}

// TestAccReliability_paginationFaults pages GAAD (moto answers one page; the
// stub cuts it into pages of four entities) and breaks one request: the
// first page through the proxy, or page three in the stub, once by a
// connection reset and once by a response cut off mid-body. The read
// recovers and returns exactly all the seeded users, never fewer. A page
// that keeps failing fails the read naming the action: closed, not short.
func TestAccReliability_paginationFaults(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	path := acctest.UniquePath(t)
	var users []string
	for i := range 12 {
		name := acctest.RandomName(fmt.Sprintf("page-u%02d", i))
		if _, err := srv.Fixtures().CreateUser(ctx, name, path, map[string]string{"i": fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		users = append(users, name)
	}
	for i := range 3 {
		if _, err := srv.Fixtures().CreateGroup(ctx, acctest.RandomName(fmt.Sprintf("page-g%d", i)), path); err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(users)
	names := make([]knownvalue.Check, len(users))
	for i, u := range users {
		names[i] = knownvalue.StringExact(u)
	}
	const pageSize = 4 // 12 users + 3 groups: pages 0-3
	const faultPage = 2

	cases := map[string]struct {
		proxyFault *faultproxy.Fault
		stubKind   faultproxy.FaultKind
		stubTimes  int
		maxRetries int
		wantError  string
	}{
		"connection reset on the first page": {proxyFault: &faultproxy.Fault{
			Action: "iam:GetAccountAuthorizationDetails", Kind: faultproxy.ConnectionReset, Rate: 1, Count: 1}},
		"truncated first page": {proxyFault: &faultproxy.Fault{
			Action: "iam:GetAccountAuthorizationDetails", Kind: faultproxy.TruncatedResponse, Rate: 1, Count: 1}},
		"connection reset mid-pagination": {stubKind: faultproxy.ConnectionReset, stubTimes: 1},
		"truncated page mid-pagination":   {stubKind: faultproxy.TruncatedResponse, stubTimes: 1},
		"three resets of the same page":   {stubKind: faultproxy.ConnectionReset, stubTimes: 3},
		"page that never arrives fails closed": {
			stubKind:   faultproxy.ConnectionReset,
			maxRetries: 2,
			wantError:  "iam:GetAccountAuthorizationDetails failed",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var faults []faultproxy.Fault
			if tc.proxyFault != nil {
				faults = append(faults, *tc.proxyFault)
			}
			proxy := startProxy(t, srv.Endpoint(), faults...)
			stub := startIAMStub(t, proxy.URL(), faultproxy.StubOptions{
				GAADPageSize: pageSize, GAADFaultPage: faultPage, GAADFaultKind: tc.stubKind, GAADFaultTimes: tc.stubTimes,
			})
			config := proxyProviderConfigRetries(stub.URL(), tc.maxRetries) + fmt.Sprintf(`data "iamaudit_users" "this" { path_prefix = %q }`, path)
			step := resource.TestStep{Config: config}
			if tc.wantError != "" {
				step.ExpectError = expectErrorText(tc.wantError)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_users.this", tfjsonpath.New("users"),
						knownvalue.ListExact(objectsWithNames(names))),
				}
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{step},
			})
			hits := stub.PageHits()
			t.Logf("GAAD page requests: %v; proxy faults: %v", hits, proxy.Faulted())
			if tc.proxyFault != nil && proxy.Faulted()[tc.proxyFault.Action] != 1 {
				t.Errorf("proxy faults = %v, want exactly one on %s", proxy.Faulted(), tc.proxyFault.Action)
			}
			if tc.stubKind != 0 && hits[faultPage] < 2 {
				t.Errorf("page %d was requested %d times, want the faulted request and a retry", faultPage, hits[faultPage])
			}
			if tc.wantError == "" && hits[3] == 0 {
				t.Errorf("the last page was never requested: %v", hits)
			}
		})
	}
}

// firstCallFaults fails the first request of every action in counts, in
// turn with each retryable error kind, so that every action's retry is
// proven whatever the random draws.
func firstCallFaults(counts map[string]int) []faultproxy.Fault {
	kinds := []faultproxy.FaultKind{faultproxy.Throttling, faultproxy.InternalError, faultproxy.ServiceUnavailable}
	var out []faultproxy.Fault
	for i, action := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, faultproxy.Fault{Action: action, Kind: kinds[i%len(kinds)], Rate: 1, Count: 1})
	}
	return out
}

// objectsWithNames checks list elements by their name attribute only.
func objectsWithNames(names []knownvalue.Check) []knownvalue.Check {
	out := make([]knownvalue.Check, len(names))
	for i, n := range names {
		out[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": n})
	}
	return out
}

// TestAccReliability_credentialReportTimeout holds the credential report
// back forever — GenerateCredentialReport answering STARTED or INPROGRESS,
// or GetCredentialReport answering ReportInProgress — with
// credential_report_timeout = "2s": reads of iamaudit_credential_report and
// iamaudit_users fail with an error that says the report was not generated
// within 2s and names the setting, and the engine stops polling (a bounded
// number of calls).
func TestAccReliability_credentialReportTimeout(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	cases := map[string]faultproxy.StubOptions{
		"generation stays STARTED":         {ReportState: "STARTED"},
		"generation stays INPROGRESS":      {ReportState: "INPROGRESS"},
		"report stays in ReportInProgress": {ReportState: "COMPLETE", ReportInProgress: true},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			proxy := startProxy(t, srv.Endpoint())
			stub := startIAMStub(t, proxy.URL(), opts)
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      proxyProviderConfig(stub.URL(), `credential_report_timeout = "2s"`) + `data "iamaudit_credential_report" "this" {}`,
					ExpectError: expectErrorText("The IAM credential report was not generated within 2s: AWS still reported it in progress"),
				}},
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      proxyProviderConfig(stub.URL(), `credential_report_timeout = "2s"`) + `data "iamaudit_users" "this" {}`,
					ExpectError: expectErrorText("allow more time with the provider argument credential_report_timeout"),
				}},
			})
			counts := stub.Actions()
			polls := counts["GenerateCredentialReport"] + counts["GetCredentialReport"]
			t.Logf("after %s: %v", time.Since(start).Round(time.Millisecond), counts)
			// Each of the two plans reads once; a 2s bound at the 2s default
			// poll interval allows a few polls each, not an open-ended loop.
			if polls < 2 || polls > 12 {
				t.Errorf("credential report calls = %d, want 2 to 12 (bounded polling)", polls)
			}
		})
	}
}

// coreWrites are the writes that create and delete the resources' main
// entities; the resource test fails the first request of each for sure (one
// of each retryable kind in turn) on top of the random faults. (All writes
// would prove little more and add a backoff of about a second each.)
var coreWrites = []string{
	"iam:CreateAccessKey", "iam:CreateRole", "iam:CreateUser", "iam:DeleteRole", "iam:DeleteUser",
}

// connectorResourcesConfig is a reader user with an access key and a
// cross-account role under iamPath; tag is a value to change between steps.
func connectorResourcesConfig(providerHCL, user, role, iamPath, tag string) string {
	return providerHCL + fmt.Sprintf(`
resource "iamaudit_reader_user" "connector" {
  name    = %[1]q
  path    = %[3]q
  purpose = "audit"
  tags    = { owner = %[4]q }
}

resource "iamaudit_cross_account_role" "connector" {
  name                   = %[2]q
  path                   = %[3]q
  trusted_principal_arns = ["210987654321"]
  external_id            = "reliability-ext-id"
  purpose                = "audit"
  managed_policy_arns    = ["arn:aws:iam::aws:policy/SecurityAudit"]
  tags                   = { owner = %[4]q }
}
`, user, role, iamPath, tag)
}

// TestAccReliability_resourcesUnderThrottling creates, updates and destroys
// an iamaudit_reader_user (with an access key) and an
// iamaudit_cross_account_role through a proxy answering 30 % of requests
// with Throttling and 5 % with 500/503, plus a sure fault on the first
// request of each coreWrites action. Apply converges (the state matches AWS,
// the follow-up plans are empty), and after destroy nothing is left under
// the resources' path or by their names, checked with the SDK directly
// against moto.
func TestAccReliability_resourcesUnderThrottling(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	iamPath := acctest.UniquePath(t)
	user, role := acctest.RandomName("rel-reader"), acctest.RandomName("rel-xacct")
	counts := map[string]int{}
	for _, a := range coreWrites {
		counts[a] = 1
	}
	proxy := startProxy(t, srv.Endpoint(), append(firstCallFaults(counts), throttlingFaults()...)...)
	providerHCL := proxyProviderConfig(proxy.URL())
	api := srv.IAM()
	inAWS := func(tag string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			ctx := context.Background()
			u, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(user)})
			if err != nil {
				return fmt.Errorf("reader user: %w", err)
			}
			if got := tagValue(u.User.Tags, "owner"); got != tag {
				return fmt.Errorf("reader user tag owner = %q, want %q", got, tag)
			}
			keys, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
			if err != nil {
				return err
			}
			attrs, err := acctest.FlatAttributes(s, "iamaudit_reader_user.connector")
			if err != nil {
				return err
			}
			if len(keys.AccessKeyMetadata) != 1 || aws.ToString(keys.AccessKeyMetadata[0].AccessKeyId) != attrs["access_key_id"] {
				return fmt.Errorf("access keys in AWS %v, want exactly the one in state (%s): a retried CreateAccessKey must not leave a second key",
					keys.AccessKeyMetadata, attrs["access_key_id"])
			}
			r, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(role)})
			if err != nil {
				return fmt.Errorf("cross-account role: %w", err)
			}
			if got := tagValue(r.Role.Tags, "owner"); got != tag {
				return fmt.Errorf("role tag owner = %q, want %q", got, tag)
			}
			return nil
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			left, err := acctest.LeftoversUnder(context.Background(), api, iamPath, user, role)
			if err != nil {
				return err
			}
			if len(left) > 0 {
				return fmt.Errorf("destroy under faults left behind: %s", strings.Join(left, ", "))
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: connectorResourcesConfig(providerHCL, user, role, iamPath, "first"), Check: inAWS("first")},
			{Config: connectorResourcesConfig(providerHCL, user, role, iamPath, "second"), Check: inAWS("second")},
		},
	})

	faults := proxy.Faulted()
	t.Logf("requests: %d, faulted %d %v", proxy.Total(), totalCalls(faults), faults)
	for _, a := range coreWrites {
		if faults[a] == 0 {
			t.Errorf("no fault hit %s (called %d times): the run proves nothing about its retries", a, proxy.Counts()[a])
		}
	}
}

// tagValue returns the value of the tag with key, or "".
func tagValue(tags []iamtypes.Tag, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

// TestAccReliability_lostWriteResponses makes the first response to one
// write action get lost after IAM made the write (the stub forwards the
// request, then answers 500 ServiceFailure, which the SDK retries), as a
// connection reset or a 5xx after the commit does on a flaky network. The
// design allows the apply to fail, but not to orphan anything: after the
// apply and, if it failed, one more apply, AWS must match state (one access
// key, the one in state), and after destroy nothing may be left under the
// resources' path or by their names.
//
// The SDK's retry of a create whose first response was lost gets
// EntityAlreadyExists (CreateUser, CreateGroup, CreateRole, CreatePolicy) or
// makes a second key (CreateAccessKey); the resources adopt what the lost
// attempt created and delete the extra key (create_retry.go).
func TestAccReliability_lostWriteResponses(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	for _, action := range []string{
		"CreateUser", "CreateGroup", "CreatePolicy", "AddUserToGroup", "AttachGroupPolicy", "CreateAccessKey",
		"CreateRole", "AttachRolePolicy", "DeleteAccessKey", "DeleteUser", "DeleteRole", "DeletePolicy",
	} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			proxy := startProxy(t, srv.Endpoint())
			stub := startIAMStub(t, proxy.URL(), faultproxy.StubOptions{LostResponses: map[string]int{action: 1}})
			iamPath := acctest.UniquePath(t)
			user, role := acctest.RandomName("lost-reader"), acctest.RandomName("lost-xacct")
			config := connectorResourcesConfig(proxyProviderConfig(stub.URL()), user, role, iamPath, "lost")
			api := srv.IAM()
			step := 0
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				ErrorCheck: func(err error) error {
					if step == 1 {
						t.Logf("the first apply failed (allowed, if the next converges): %v", err)
						return nil
					}
					return err
				},
				CheckDestroy: func(*terraform.State) error {
					left, err := acctest.LeftoversUnder(context.Background(), api, iamPath, user, role)
					if err != nil {
						return err
					}
					if len(left) > 0 {
						return fmt.Errorf("after a lost %s response, destroy left behind: %s", action, strings.Join(left, ", "))
					}
					return nil
				},
				Steps: []resource.TestStep{
					{PreConfig: func() { step = 1 }, Config: config},
					{PreConfig: func() { step = 2 }, Config: config, Check: oneKeyInState(api, user)},
				},
			})
			if stub.Actions()[action] == 0 {
				t.Errorf("%s was never called: the case proves nothing", action)
			}
		})
	}
}

// oneKeyInState checks that the reader user has exactly one access key in
// AWS, the one in state.
func oneKeyInState(api *iam.Client, user string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs, err := acctest.FlatAttributes(s, "iamaudit_reader_user.connector")
		if err != nil {
			return err
		}
		keys, err := api.ListAccessKeys(context.Background(), &iam.ListAccessKeysInput{UserName: aws.String(user)})
		if err != nil {
			return err
		}
		var ids []string
		for _, k := range keys.AccessKeyMetadata {
			ids = append(ids, aws.ToString(k.AccessKeyId))
		}
		if len(ids) != 1 || ids[0] != attrs["access_key_id"] {
			return fmt.Errorf("access keys of %s in AWS: %v; in state: %q (want exactly that one)", user, ids, attrs["access_key_id"])
		}
		return nil
	}
}
