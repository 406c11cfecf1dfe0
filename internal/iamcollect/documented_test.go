package iamcollect

// The engine against the example responses of AWS's documentation
// (testdata/awsdocs, verbatim, sources in its README), served from a local
// HTTP server through the real SDK: the wire shapes of real AWS, not only
// moto's.
//
// Where moto and the documentation differ, the code follows the
// documentation:
//   - The credential report has a <root_account> row (moto has none): it is
//     parsed and sorted first.
//   - The root row says not_supported and users without a key say N/A (moto
//     writes not_supported where AWS writes N/A): both become null.
//   - GetCredentialReport's GeneratedTime is the generation time (moto
//     answers a constant 2015-02-02T20:02:02Z; the test harness fixes it).
//   - GetAccountAuthorizationDetails pages (IsTruncated with a Marker; moto
//     ignores MaxItems): the engine follows the Marker.
//   - GAAD policy documents are plain JSON in the sample (URL-encoded on the
//     wire in AWS and moto): decodeDocument keeps JSON as it is.
//   - ListMFADevices' sample omits EnableDate (moto always sends it):
//     enable_date is null.
//   - GetAccountSummary reports AccountMFAEnabled 1 (moto always 0 for
//     root): root MFA is on, and with no virtual device assigned to root it
//     is hardware.
//   - ListAccessKeys' sample lists a key whose UserName is Susan in Bob's
//     answer: keys belong to the user they were listed for.
//
// Some documented samples are not well-formed, or carry a placeholder: served
// verbatim, the read fails naming the action (never partial data). The typed
// results are asserted on a repaired copy; documentedRepairs lists every
// change and why, and the responses the documentation does not show are
// marked as built here.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// documentedSample reads one verbatim documentation example.
func documentedSample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "awsdocs", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// documentedTabs is what the documentation pages put after every
// "Version":"2012-10-17", in their policy documents.
const documentedTabs = "\t\t \t \t"

// repair is one change the test makes to a documented sample.
type repair struct {
	old, new, why string
}

// documentedRepairs are the changes that make the documented samples
// well-formed, by action. Every one fixes a typo of the documentation page;
// none changes what the sample says.
var documentedRepairs = map[string][]repair{
	"GetAccountSummary": {
		{"</entry\n", "</entry>\n", "the GroupsPerUserQuota entry's end tag lacks its '>'"},
	},
	"ListVirtualMFADevices": {
		{"<Arn>arn:aws:iam::123456789012:user</MyCustomUser>", "<Arn>arn:aws:iam::123456789012:user/MyCustomUser</Arn>",
			"the Arn element is closed by </MyCustomUser>"},
		{"20112-11-17T12:31:16Z", "2012-11-17T12:31:16Z", "a five-digit year"},
		{"<PasswordLastUsed>1540408180</PasswordLastUsed>", "<PasswordLastUsed>2018-10-24T19:09:40Z</PasswordLastUsed>",
			"epoch seconds where the query protocol sends ISO 8601 (the same instant)"},
		{"<PasswordLastUsed>1380057478</PasswordLastUsed>", "<PasswordLastUsed>2013-09-24T21:17:58Z</PasswordLastUsed>",
			"epoch seconds where the query protocol sends ISO 8601 (the same instant)"},
	},
}

// wrappedText matches element text with the surrounding whitespace the
// documentation adds when it wraps a long value (the Marker, serial
// numbers, a policy ARN, policy documents) over several lines; AWS does
// not send it.
var wrappedText = regexp.MustCompile(`>\s*([^<]*?)\s*<`)

// repaired returns the documented sample of action, made well-formed.
func repaired(t *testing.T, action string) string {
	t.Helper()
	body := documentedSample(t, action+".xml")
	for _, r := range documentedRepairs[action] {
		if !strings.Contains(body, r.old) {
			t.Fatalf("%s: repair %q (%s) does not apply", action, r.old, r.why)
		}
		body = strings.ReplaceAll(body, r.old, r.new)
	}
	return wrappedText.ReplaceAllString(body, ">$1<")
}

// documentedReportCSV is the documentation's decoded credential report with
// the two changes its page makes necessary: the header and the root row are
// on one line, and the root user is "root_account" (the HTML ate the angle
// brackets of <root_account>, the name the User Guide gives the root row).
func documentedReportCSV(t *testing.T) string {
	t.Helper()
	csvText := documentedSample(t, "credential-report.csv")
	const joined = "cert_2_last_rotated root_account,"
	if !strings.Contains(csvText, joined) {
		t.Fatalf("credential-report.csv: %q not found", joined)
	}
	return strings.TrimLeft(strings.Replace(csvText, joined, "cert_2_last_rotated\n"+RootUserName+",", 1), " ")
}

// withLastUsedColumns adds the six access key last-used columns, which the
// documented report (April 2015) predates, as N/A: what the report says of
// a key not used since AWS began tracking it (April 22, 2015).
func withLastUsedColumns(t *testing.T, csvText string) string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for i, rec := range records {
		extra := []string{"N/A", "N/A", "N/A"}
		if i == 0 {
			extra = nil
		}
		out := slices.Clone(rec[:10]) // through access_key_1_last_rotated
		out = append(out, cmpOr(extra, []string{colAccessKey1LastUsedDate, colAccessKey1LastUsedRegion, colAccessKey1LastUsedService})...)
		out = append(out, rec[10:12]...) // access_key_2_active, access_key_2_last_rotated
		out = append(out, cmpOr(extra, []string{colAccessKey2LastUsedDate, colAccessKey2LastUsedRegion, colAccessKey2LastUsedService})...)
		out = append(out, rec[12:]...)
		if err := w.Write(out); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.String()
}

func cmpOr(a, b []string) []string {
	if a != nil {
		return a
	}
	return b
}

// reportResponse is the documented GetCredentialReport envelope with
// content in place of its "BASE-64 ENCODED FILE CONTENTS" placeholder.
func reportResponse(t *testing.T, content string) string {
	t.Helper()
	return strings.Replace(repaired(t, "GetCredentialReport"), "BASE-64 ENCODED FILE CONTENTS",
		base64.StdEncoding.EncodeToString([]byte(content)), 1)
}

// docServer answers IAM query-protocol requests with documented responses.
type docServer struct {
	t         *testing.T
	mu        sync.Mutex
	calls     map[string]int
	responses map[string]string // action → body, unless answered by answer
	generated bool
}

// Responses the documentation does not show, built here.
const (
	// The sample's GenerateCredentialReport says STARTED; the next call says
	// COMPLETE, the state the API reference lists for a finished report.
	builtGenerateComplete = `<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` +
		`<GenerateCredentialReportResult><State>COMPLETE</State></GenerateCredentialReportResult>` +
		`<ResponseMetadata><RequestId>built-by-the-test</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`
	// The sample GAAD page is truncated; this is the last page its Marker leads to.
	builtGAADLastPage = `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` +
		`<GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated></GetAccountAuthorizationDetailsResult>` +
		`<ResponseMetadata><RequestId>built-by-the-test</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`
	// The samples answer for Bob; every other user has no password (the
	// documented NoSuchEntity error of GetLoginProfile, in the query
	// protocol's error shape), no keys and no MFA device.
	builtNoLoginProfile = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
		`<Code>NoSuchEntity</Code><Message>Login Profile for User cannot be found.</Message></Error>` +
		`<RequestId>built-by-the-test</RequestId></ErrorResponse>`
	builtNoAccessKeys = `<ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccessKeysResult>` +
		`<AccessKeyMetadata/><IsTruncated>false</IsTruncated></ListAccessKeysResult>` +
		`<ResponseMetadata><RequestId>built-by-the-test</RequestId></ResponseMetadata></ListAccessKeysResponse>`
	builtNoMFADevices = `<ListMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListMFADevicesResult>` +
		`<MFADevices/><IsTruncated>false</IsTruncated></ListMFADevicesResult>` +
		`<ResponseMetadata><RequestId>built-by-the-test</RequestId></ResponseMetadata></ListMFADevicesResponse>`
)

// documentedResponses is every documented response, repaired, with the
// report's content filled in from the User Guide's example.
func documentedResponses(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{
		"GetCredentialReport": reportResponse(t, withLastUsedColumns(t, documentedReportCSV(t))),
	}
	for _, action := range []string{
		"GetAccountAuthorizationDetails", "GenerateCredentialReport", "ListVirtualMFADevices",
		"GetAccountSummary", "ListAccountAliases", "ListMFADevices", "GetAccessKeyLastUsed",
		"ListAccessKeys", "GetLoginProfile", "ListUsers",
	} {
		m[action] = repaired(t, action)
	}
	return m
}

func (s *docServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := r.PostForm.Get("Action")
	s.mu.Lock()
	// The SDK retries transient transport errors, as the provider's retryer
	// does (under -race, net/http sometimes closes a connection it is still
	// reading from); calls counts first attempts only.
	if strings.HasPrefix(r.Header.Get("Amz-Sdk-Request"), "attempt=1;") {
		s.calls[action]++
	}
	body, status := s.answer(action, r.PostForm.Get("UserName"), r.PostForm.Get("Marker")), http.StatusOK
	s.mu.Unlock()
	if body == builtNoLoginProfile {
		status = http.StatusNotFound
	}
	if body == "" {
		s.t.Errorf("no documented response for %s", action)
		http.Error(w, "no documented response for "+action, http.StatusNotImplemented)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// answer picks the response to one request; s.mu is held.
func (s *docServer) answer(action, userName, marker string) string {
	switch {
	case action == "GenerateCredentialReport" && s.generated:
		return builtGenerateComplete
	case action == "GenerateCredentialReport":
		s.generated = true
	case action == "GetAccountAuthorizationDetails" && marker != "":
		return builtGAADLastPage
	case userName != "" && userName != "Bob":
		switch action {
		case "GetLoginProfile":
			return builtNoLoginProfile
		case "ListAccessKeys":
			return builtNoAccessKeys
		case "ListMFADevices":
			return builtNoMFADevices
		}
	}
	return s.responses[action]
}

// documentedCollector serves responses through the real SDK from a local
// server on 127.0.0.1 and returns a collector reading from it.
func documentedCollector(t *testing.T, responses map[string]string) (*Collector, *docServer) {
	t.Helper()
	ds := &docServer{t: t, calls: map[string]int{}, responses: responses}
	srv := httptest.NewServer(ds)
	t.Cleanup(srv.Close)
	client := iam.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "documented-secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   srv.Client(),
		Retryer:      func() aws.Retryer { return retry.NewStandard() },
	})
	c := New(client, Options{
		ReportPollInterval: time.Millisecond,
		ReportTimeout:      5 * time.Second,
		AccountID:          "123456789012",
		Now:                func() time.Time { return readAt },
	})
	return c, ds
}

func TestDocumentedResponses_verbatimFailClosed(t *testing.T) {
	tests := []struct {
		name     string
		action   string
		response func(t *testing.T) string
		read     func(context.Context, *Collector) error
		want     string // the error starts with it
		cause    string // and contains it
	}{
		{
			name:   "GetCredentialReport with its placeholder content",
			action: "GetCredentialReport",
			response: func(t *testing.T) string {
				return documentedSample(t, "GetCredentialReport.xml")
			},
			read:  func(ctx context.Context, c *Collector) error { _, err := c.CredentialReport(ctx); return err },
			want:  "iam:GetCredentialReport: ",
			cause: "illegal base64 data",
		},
		{
			name:     "the documented report, which predates the access key last-used columns",
			action:   "GetCredentialReport",
			response: func(t *testing.T) string { return reportResponse(t, documentedReportCSV(t)) },
			read:     func(ctx context.Context, c *Collector) error { _, err := c.CredentialReport(ctx); return err },
			want: "iam:GetCredentialReport: credential report: missing columns access_key_1_last_used_date, " +
				"access_key_1_last_used_region, access_key_1_last_used_service, access_key_2_last_used_date, " +
				"access_key_2_last_used_region, access_key_2_last_used_service",
		},
		{
			name:     "GetAccountSummary as documented (an end tag without '>')",
			action:   "GetAccountSummary",
			response: func(t *testing.T) string { return documentedSample(t, "GetAccountSummary.xml") },
			read:     func(ctx context.Context, c *Collector) error { _, err := c.Account(ctx); return err },
			want:     "iam:GetAccountSummary: ",
			cause:    "XML syntax error on line 44: invalid characters between </entry and >",
		},
		{
			name:     "ListVirtualMFADevices as documented (a five-digit year, a mismatched end tag)",
			action:   "ListVirtualMFADevices",
			response: func(t *testing.T) string { return documentedSample(t, "ListVirtualMFADevices.xml") },
			read:     func(ctx context.Context, c *Collector) error { _, err := c.Users(ctx); return err },
			want:     "iam:ListVirtualMFADevices: ",
			cause:    "unable to parse time string",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			responses := documentedResponses(t)
			responses[tt.action] = tt.response(t)
			c, _ := documentedCollector(t, responses)
			err := tt.read(context.Background(), c)
			t.Logf("%s fails closed: %v", tt.action, err)
			var apiErr *awserr.ActionError
			if !errors.As(err, &apiErr) || !strings.HasPrefix(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.cause) {
				t.Fatalf("err = %v, want an *awserr.ActionError starting %q and saying %q", err, tt.want, tt.cause)
			}
		})
	}
}

func TestDocumentedResponses_typedResults(t *testing.T) {
	c, ds := documentedCollector(t, documentedResponses(t))
	ctx := context.Background()
	ts := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tp := func(s string) *time.Time { v := ts(s); return &v }
	fls, tru := false, true

	t.Run("CredentialReport", func(t *testing.T) {
		rep, err := c.CredentialReport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := &CredentialReport{
			GeneratedAt: ts("2014-08-28T21:42:50Z"),
			Rows: []CredentialReportRow{
				{
					User: RootUserName, ARN: "arn:aws:iam::123456789012:root", UserCreationTime: tp("2014-10-15T16:31:25Z"),
					PasswordLastUsed: tp("2015-04-20T17:41:10Z"), MFAActive: true,
				},
				{
					User: "Administrator", ARN: "arn:aws:iam::123456789012:user/Administrator", UserCreationTime: tp("2014-10-16T16:03:09Z"),
					PasswordEnabled: &tru, PasswordLastUsed: tp("2015-04-20T15:18:32Z"), PasswordLastChanged: tp("2014-10-16T16:06:00Z"),
					AccessKey1Active: true, AccessKey1LastRotated: tp("2014-12-03T18:53:41Z"),
					AccessKey2Active: true, AccessKey2LastRotated: tp("2015-03-25T20:38:14Z"),
				},
				{
					User: "Bill", ARN: "arn:aws:iam::123456789012:user/Bill", UserCreationTime: tp("2015-04-15T18:27:44Z"),
					PasswordEnabled: &fls, Cert1LastRotated: tp("2015-04-20T20:00:12Z"),
				},
			},
		}
		if !reflect.DeepEqual(rep, want) {
			t.Errorf("report\n got %+v\nwant %+v", rep, want)
		}
	})

	t.Run("Account", func(t *testing.T) {
		a, err := c.Account(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := &Account{
			AccountID: "123456789012", Aliases: []string{"example-corporation"},
			RootMFAEnabled: true, RootMFAType: RootMFATypeHardware,
			Summary: map[string]int64{
				"Users": 32, "GroupPolicySizeQuota": 10240, "PolicyVersionsInUseQuota": 10000, "ServerCertificatesQuota": 20,
				"AccountSigningCertificatesPresent": 0, "AccountAccessKeysPresent": 0, "Groups": 7, "UsersQuota": 150,
				"UserPolicySizeQuota": 10240, "GroupsPerUserQuota": 10, "AttachedPoliciesPerGroupQuota": 2,
				"VersionsPerPolicyQuota": 5, "GroupsQuota": 50, "PolicySizeQuota": 5120, "Policies": 22,
				"ServerCertificates": 1, "AttachedPoliciesPerRoleQuota": 2, "MFADevicesInUse": 4, "PoliciesQuota": 1000,
				"AccountMFAEnabled": 1, "MFADevices": 4, "AccessKeysPerUserQuota": 2, "AttachedPoliciesPerUserQuota": 2,
				"SigningCertificatesPerUserQuota": 2, "PolicyVersionsInUse": 27, "GlobalEndpointTokenVersion": 2,
				"AccountPasswordPresent": 1,
			},
		}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("account\n got %+v\nwant %+v", a, want)
		}
	})

	// None of GAAD's users is in the documented report: every one is read
	// with per-user calls, Bob from the documented samples.
	lastUsed := tp("2015-03-13T10:45:00Z")
	bobKeys := []AccessKey{
		{UserName: "Bob", AccessKeyID: "AKIA1234567890EXAMPLE", Status: "Active", CreateDate: ts("2016-12-03T18:53:41Z"),
			LastUsedDate: lastUsed, LastUsedService: "s3", LastUsedRegion: "us-west-2"},
		{UserName: "Bob", AccessKeyID: "AKIA2345678901EXAMPLE", Status: "Inactive", CreateDate: ts("2017-03-25T20:38:14Z"),
			LastUsedDate: lastUsed, LastUsedService: "s3", LastUsedRegion: "us-west-2"},
	}

	t.Run("Users", func(t *testing.T) {
		users, err := c.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		user := func(name, id, created, group string) User {
			return User{
				Name: name, ARN: "arn:aws:iam::123456789012:user/" + name, UserID: id, Path: "/", CreateDate: ts(created),
				Tags: map[string]string{}, Groups: []string{group}, AttachedPolicyARNs: []string{}, InlinePolicyNames: []string{},
				InlinePolicies: []InlinePolicy{}, AccessKeys: []AccessKeySlot{}, CredentialsAsOf: readAt,
			}
		}
		bob := user("Bob", "AIDACKCEVSQ6C3EXAMPLE", "2013-10-14T18:32:25Z", "Admins")
		bob.InlinePolicyNames = []string{"DenyBillingAndIAMPolicy"}
		// As the sample has it: plain JSON (URL-encoded on the wire in AWS),
		// wrapped over lines, with the page's tabs after the Version.
		bob.InlinePolicies = []InlinePolicy{{Name: "DenyBillingAndIAMPolicy", Document: `{"Version":"2012-10-17",` + documentedTabs +
			`"Statement":{"Effect":"Deny","Action":` + "\n              " + `["aws-portal:*","iam:*"],"Resource":"*"}}`}}
		bob.PasswordEnabled, bob.MFAEnabled = true, true
		bob.AccessKeys = []AccessKeySlot{
			{Slot: 1, Active: true, CreateDate: ts("2016-12-03T18:53:41Z"), LastUsedDate: lastUsed, LastUsedService: "s3", LastUsedRegion: "us-west-2"},
			{Slot: 2, Active: false, CreateDate: ts("2017-03-25T20:38:14Z"), LastUsedDate: lastUsed, LastUsedService: "s3", LastUsedRegion: "us-west-2"},
		}
		want := []User{
			user("Alice", "AIDACKCEVSQ6C2EXAMPLE", "2013-10-14T18:32:24Z", "Admins"),
			bob,
			user("Charlie", "AIDACKCEVSQ6C4EXAMPLE", "2013-10-14T18:33:56Z", "Dev"),
			user("Danielle", "AIDACKCEVSQ6C5EXAMPLE", "2013-10-14T18:33:56Z", "Dev"),
			user("Elaine", "AIDACKCEVSQ6C6EXAMPLE", "2013-10-14T18:57:48Z", "Finance"),
		}
		if !reflect.DeepEqual(users, want) {
			for i := range max(len(users), len(want)) {
				if i >= len(users) || i >= len(want) || !reflect.DeepEqual(users[i], want[i]) {
					t.Errorf("user %d\n got %+v\nwant %+v", i, at(users, i), at(want, i))
				}
			}
		}
	})

	t.Run("AccessKeys", func(t *testing.T) {
		keys, err := c.AccessKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(keys, bobKeys) {
			t.Errorf("keys\n got %+v\nwant %+v", keys, bobKeys)
		}
	})

	t.Run("MFADevices", func(t *testing.T) {
		devices, err := c.MFADevices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []MFADevice{
			{SerialNumber: "R1234", UserName: "Bob", Type: MFATypeHardware},
			{SerialNumber: "arn:aws:iam:::mfa/ExampleUser", UserName: "ExampleUser", Type: MFATypeVirtual, EnableDate: tp("2011-10-31T20:45:02Z")},
			{SerialNumber: "arn:aws:iam::123456789012:mfa/MyCustomUser", UserName: "MyCustomUser", Type: MFATypeVirtual, EnableDate: tp("2012-11-17T12:31:16Z")},
		}
		if !reflect.DeepEqual(devices, want) {
			t.Errorf("devices\n got %+v\nwant %+v", devices, want)
		}
	})

	t.Run("Groups", func(t *testing.T) {
		groups, err := c.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []Group{
			{Name: "Admins", ARN: "arn:aws:iam::123456789012:group/Admins", GroupID: "AIDACKCEVSQ6C7EXAMPLE", Path: "/",
				CreateDate: ts("2013-10-14T18:32:24Z"), Members: []string{"Alice", "Bob"},
				AttachedPolicyARNs: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}, InlinePolicyNames: []string{}, InlinePolicies: []InlinePolicy{}},
			{Name: "Dev", ARN: "arn:aws:iam::123456789012:group/Dev", GroupID: "AIDACKCEVSQ6C8EXAMPLE", Path: "/",
				CreateDate: ts("2013-10-14T18:33:55Z"), Members: []string{"Charlie", "Danielle"},
				AttachedPolicyARNs: []string{"arn:aws:iam::aws:policy/PowerUserAccess"}, InlinePolicyNames: []string{}, InlinePolicies: []InlinePolicy{}},
			{Name: "Finance", ARN: "arn:aws:iam::123456789012:group/Finance", GroupID: "AIDACKCEVSQ6C9EXAMPLE", Path: "/",
				CreateDate: ts("2013-10-14T18:57:48Z"), Members: []string{"Elaine"},
				AttachedPolicyARNs: []string{}, InlinePolicyNames: []string{"policygen-201310141157"},
				InlinePolicies: []InlinePolicy{{Name: "policygen-201310141157", Document: `{"Version":"2012-10-17",` + documentedTabs +
					`"Statement":[{"Action":["aws-portal:*"],` + "\n              " + `"Sid":"Stmt1381777017000","Resource":["*"],"Effect":"Allow"}]}`}}},
		}
		if !reflect.DeepEqual(groups, want) {
			t.Errorf("groups\n got %+v\nwant %+v", groups, want)
		}
	})

	t.Run("Policies", func(t *testing.T) {
		policies, err := c.Policies(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range policies {
			names = append(names, p.Name+" "+p.ARN+" "+map[bool]string{true: "aws", false: "local"}[p.AWSManaged])
		}
		want := []string{
			"AWSOpsWorksRole arn:aws:iam::aws:policy/service-role/AWSOpsWorksRole aws",
			"AmazonEC2FullAccess arn:aws:iam::aws:policy/AmazonEC2FullAccess aws",
			"S3-read-only-specific-bucket arn:aws:iam::123456789012:policy/S3-read-only-specific-bucket local",
			"create-update-delete-set-managed-policies arn:aws:iam::123456789012:policy/create-update-delete-set-managed-policies local",
		}
		if !reflect.DeepEqual(names, want) {
			t.Errorf("policies\n got %q\nwant %q", names, want)
		}
	})

	wantCalls := map[string]int{
		"GetAccountAuthorizationDetails": 2, // the documented page, then the last page its Marker leads to
		"GenerateCredentialReport":       2, // STARTED, then COMPLETE
		"GetCredentialReport":            1,
		"ListVirtualMFADevices":          1,
		"GetAccountSummary":              1,
		"ListAccountAliases":             1,
		"ListUsers":                      1,
		"GetLoginProfile":                5,
		"ListAccessKeys":                 5,
		"ListMFADevices":                 5,
		"GetAccessKeyLastUsed":           2,
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if !reflect.DeepEqual(ds.calls, wantCalls) {
		t.Errorf("calls = %v, want %v", ds.calls, wantCalls)
	}
}
