package faultproxy

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// fakeIAMUpstream answers GAAD with users u0..u(n-1) and two groups in one
// page (as moto does), everything else with an empty success, and records
// the actions and headers it saw.
type fakeIAMUpstream struct {
	srv *httptest.Server

	mu      sync.Mutex
	actions []string
	headers []http.Header
}

func newFakeIAMUpstream(t *testing.T, users int) *fakeIAMUpstream {
	t.Helper()
	u := &fakeIAMUpstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		action := form.Get("Action")
		u.mu.Lock()
		u.actions = append(u.actions, action)
		u.headers = append(u.headers, r.Header.Clone())
		u.mu.Unlock()
		if action != "GetAccountAuthorizationDetails" {
			writeXML(w, fmt.Sprintf(`<%[1]sResponse><%[1]sResult></%[1]sResult></%[1]sResponse>`, action))
			return
		}
		var b strings.Builder
		b.WriteString(`<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><UserDetailList>`)
		for i := range users {
			fmt.Fprintf(&b, `<member><UserName>u%d</UserName></member>`, i)
		}
		b.WriteString(`</UserDetailList><GroupDetailList><member><GroupName>g0</GroupName></member><member><GroupName>g1</GroupName></member>` +
			`</GroupDetailList><RoleDetailList></RoleDetailList><Policies></Policies><IsTruncated>false</IsTruncated>` +
			`</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`)
		writeXML(w, b.String())
	}))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *fakeIAMUpstream) seen() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return slices.Clone(u.actions)
}

func startStub(t *testing.T, upstream string, opts StubOptions) *IAMStub {
	t.Helper()
	s, err := StartIAMStub(upstream, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func stubIAM(s *IAMStub, maxAttempts int) *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.Backoff = noBackoff
		}),
	})
}

// gaadNames pages GAAD through the SDK and returns the user and group names.
func gaadNames(t *testing.T, client *iam.Client) ([]string, error) {
	t.Helper()
	var names []string
	p := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			return names, err
		}
		for _, u := range page.UserDetailList {
			names = append(names, aws.ToString(u.UserName))
		}
		for _, g := range page.GroupDetailList {
			names = append(names, aws.ToString(g.GroupName))
		}
	}
	return names, nil
}

func TestIAMStubPagesGAAD(t *testing.T) {
	t.Parallel()
	want := []string{"u0", "u1", "u2", "u3", "u4", "g0", "g1"}
	for _, tc := range []struct {
		name  string
		kind  FaultKind
		times int
	}{{"clean", 0, 0}, {"page reset twice", ConnectionReset, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			up := newFakeIAMUpstream(t, 5)
			stub := startStub(t, up.srv.URL, StubOptions{GAADPageSize: 3, GAADFaultKind: tc.kind, GAADFaultPage: 1, GAADFaultTimes: tc.times})
			got, err := gaadNames(t, stubIAM(stub, 5))
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("GAAD through the stub = %v, %v; want %v", got, err, want)
			}
			if hits := stub.PageHits(); hits[0] != 1 || hits[1] != 1+tc.times || hits[2] != 1 || len(hits) != 3 {
				t.Errorf("page hits = %v", hits)
			}
		})
	}
	t.Run("a page that never arrives fails the read", func(t *testing.T) {
		t.Parallel()
		up := newFakeIAMUpstream(t, 5)
		stub := startStub(t, up.srv.URL, StubOptions{GAADPageSize: 3, GAADFaultKind: ConnectionReset, GAADFaultPage: 2})
		got, err := gaadNames(t, stubIAM(stub, 3))
		if err == nil || !slices.Equal(got, want[:6]) {
			t.Fatalf("GAAD = %v, %v; want the first two pages and an error", got, err)
		}
	})
	t.Run("a page cut off reaches the client cut off", func(t *testing.T) {
		t.Parallel()
		up := newFakeIAMUpstream(t, 5)
		stub := startStub(t, up.srv.URL, StubOptions{GAADPageSize: 3, GAADFaultKind: TruncatedResponse, GAADFaultPage: 1, GAADFaultTimes: 1})
		// The SDK does not retry a cut-off 200 by itself (internal/awsclient does).
		got, err := gaadNames(t, stubIAM(stub, 3))
		if err == nil || !strings.Contains(err.Error(), "unexpected EOF") || !slices.Equal(got, want[:3]) {
			t.Fatalf("GAAD = %v, %v; want the first page and unexpected EOF", got, err)
		}
	})
}

func TestIAMStubLostResponsesAndErrors(t *testing.T) {
	t.Parallel()
	up := newFakeIAMUpstream(t, 0)
	stub := startStub(t, up.srv.URL, StubOptions{
		LostResponses: map[string]int{"CreateUser": 1},
		Errors:        []StubError{{Action: "GetUser", After: "CreateUser", Status: 404, Code: "NoSuchEntity", Message: "not yet", Count: 2}},
	})
	client := stubIAM(stub, 1)
	if _, err := client.GetUser(t.Context(), &iam.GetUserInput{UserName: aws.String("u")}); err != nil {
		t.Fatalf("GetUser before CreateUser: %v (errors apply only after CreateUser)", err)
	}
	_, err := client.CreateUser(t.Context(), &iam.CreateUserInput{UserName: aws.String("u")})
	if err == nil || !strings.Contains(err.Error(), "ServiceFailure") || !slices.Contains(up.seen(), "CreateUser") {
		t.Fatalf("CreateUser = %v (upstream saw %v); want the write forwarded and its answer lost", err, up.seen())
	}
	if _, err := client.CreateUser(t.Context(), &iam.CreateUserInput{UserName: aws.String("u")}); err != nil {
		t.Fatalf("second CreateUser: %v (one answer lost only)", err)
	}
	for i := range 3 {
		_, err := client.GetUser(t.Context(), &iam.GetUserInput{UserName: aws.String("u")})
		if (i < 2) != (err != nil && strings.Contains(err.Error(), "NoSuchEntity")) {
			t.Errorf("GetUser %d after CreateUser: %v", i, err)
		}
	}
	if n := stub.Injected("GetUser"); n != 2 {
		t.Errorf("injected %d GetUser errors, want 2", n)
	}
	if got := stub.Actions(); got["CreateUser"] != 2 || got["GetUser"] != 4 {
		t.Errorf("actions = %v", got)
	}
}

func TestIAMStubCredentialReport(t *testing.T) {
	t.Parallel()
	up := newFakeIAMUpstream(t, 0)
	stub := startStub(t, up.srv.URL, StubOptions{ReportAge: 90 * time.Minute, ClockHeader: "X-Test-Clock"})
	if _, err := stubIAM(stub, 1).GetCredentialReport(t.Context(), &iam.GetCredentialReportInput{}); err != nil {
		t.Fatal(err)
	}
	up.mu.Lock()
	got := up.headers[len(up.headers)-1].Get("X-Test-Clock")
	up.mu.Unlock()
	if got != "-5400" {
		t.Errorf("clock header = %q, want -5400", got)
	}

	stuck := startStub(t, up.srv.URL, StubOptions{ReportState: "STARTED", ReportInProgress: true})
	out, err := stubIAM(stuck, 1).GenerateCredentialReport(t.Context(), &iam.GenerateCredentialReportInput{})
	if err != nil || out.State != "STARTED" {
		t.Fatalf("GenerateCredentialReport = %v, %v", out, err)
	}
	if _, err := stubIAM(stuck, 1).GetCredentialReport(t.Context(), &iam.GetCredentialReportInput{}); err == nil || !strings.Contains(err.Error(), "ReportInProgress") {
		t.Fatalf("GetCredentialReport = %v, want ReportInProgress", err)
	}
	if _, err := StartIAMStub(up.srv.URL, StubOptions{ReportAge: 1}); err == nil {
		t.Error("ReportAge without ClockHeader accepted")
	}
	if _, err := StartIAMStub(up.srv.URL, StubOptions{GAADFaultKind: Throttling}); err == nil {
		t.Error("a GAAD fault other than reset or cut-off accepted")
	}
}
