package faultproxy

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// received is what the stub upstream saw of one request.
type received struct {
	Method string
	Host   string
	Action string
	Body   string
	Auth   string
}

// stub is an upstream that answers AWS query protocol requests with small
// IAM/STS-like XML documents and records what it received.
type stub struct {
	srv *httptest.Server

	// hold, when set, is called for each request before answering.
	hold func()

	mu   sync.Mutex
	seen []received
}

// newStub starts a stub upstream on 127.0.0.1, closed when t ends.
func newStub(t *testing.T) *stub {
	t.Helper()
	s := &stub{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL returns the stub's base URL.
func (s *stub) URL() string { return s.srv.URL }

// Seen returns the requests received so far.
func (s *stub) Seen() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.seen...)
}

func (s *stub) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	if action == "" {
		action = r.URL.Query().Get("Action")
	}
	s.mu.Lock()
	s.seen = append(s.seen, received{r.Method, r.Host, action, string(body), r.Header.Get("Authorization")})
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		hold()
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, stubJSONResponse(target))
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(w, stubResponse(action))
}

// stubListUsers is the stub's ListUsers answer.
const stubListUsers = `<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` +
	`<ListUsersResult><IsTruncated>false</IsTruncated><Users><member>` +
	`<Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLEALICE0001</UserId>` +
	`<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate>` +
	`</member></Users></ListUsersResult>` +
	`<ResponseMetadata><RequestId>stub-request</RequestId></ResponseMetadata></ListUsersResponse>`

// stubJSONResponse returns the stub's answer to a JSON protocol request.
func stubJSONResponse(target string) string {
	if strings.HasSuffix(target, ".DescribeOrganization") {
		return `{"Organization":{"Id":"o-abc1234567","MasterAccountId":"123456789012"}}`
	}
	return `{}`
}

// stubResponse returns the stub's XML answer for action.
func stubResponse(action string) string {
	switch action {
	case "ListUsers":
		return stubListUsers
	case "GetCallerIdentity":
		return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
			`<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn>` +
			`<UserId>AIDAEXAMPLEALICE0001</UserId><Account>123456789012</Account></GetCallerIdentityResult>` +
			`<ResponseMetadata><RequestId>stub-request</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
	case "AssumeRole":
		return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
			`<Credentials><AccessKeyId>ASIAMEMBER0000000001</AccessKeyId><SecretAccessKey>not-a-secret</SecretAccessKey>` +
			`<SessionToken>token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>` +
			`<AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/audit/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>` +
			`</AssumeRoleResult><ResponseMetadata><RequestId>stub-request</RequestId></ResponseMetadata></AssumeRoleResponse>`
	default:
		return fmt.Sprintf(`<%[1]sResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><%[1]sResult></%[1]sResult>`+
			`<ResponseMetadata><RequestId>stub-request</RequestId></ResponseMetadata></%[1]sResponse>`, action)
	}
}

// authFor returns a SigV4-shaped Authorization header for service.
func authFor(service string) string {
	return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/" + service +
		"/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123abcd"
}

// startProxy starts a proxy in front of upstream, closed when t ends.
func startProxy(t *testing.T, upstream string, cfg Config) *Proxy {
	t.Helper()
	p, err := Start(upstream, cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// newClient returns an HTTP client with its own transport, closed when t
// ends.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{Proxy: nil, DisableCompression: true, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// post sends an IAM/STS query protocol request for service and action
// through the proxy.
func post(c *http.Client, proxyURL, service, action string) (*http.Response, error) {
	body := "Action=" + action + "&Version=2010-05-08"
	req, err := http.NewRequest(http.MethodPost, proxyURL+"/", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Authorization", authFor(service))
	return c.Do(req)
}

// outcome sends a request and describes what the client saw: the status
// code, or "error".
func outcome(c *http.Client, proxyURL, service, action string) string {
	resp, err := post(c, proxyURL, service, action)
	if err != nil {
		return "error"
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return fmt.Sprintf("%d truncated", resp.StatusCode)
	}
	return fmt.Sprint(resp.StatusCode)
}
