package provider

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

// Helpers of the reliability, bad-input and secrets suites: a fault proxy per
// test, provider configuration pointing at it, an IAM stub that pages GAAD
// and holds back the credential report, and state readers.

// reliabilityMaxRetries is max_retries in the fault tests: with at most 35 %
// of attempts faulted, a call fails for good with probability 0.35^15 ≈ 1.5e-7.
const reliabilityMaxRetries = 15

// proxyLatency keeps the fault tests fast while still interleaving requests.
const proxyLatency = time.Millisecond

// callerIdentityAction is the one call Configure makes.
const callerIdentityAction = "sts:GetCallerIdentity"

// seedFor derives a deterministic fault seed from the test's name, so a
// rerun of one test meets the same fault decisions for the same requests.
func seedFor(t testing.TB) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(t.Name()))
	return int64(h.Sum64() >> 1)
}

// startProxy starts a fault proxy in front of upstream, closed when t ends.
func startProxy(t testing.TB, upstream string, faults ...faultproxy.Fault) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.Start(upstream, faultproxy.Config{
		Latency: proxyLatency,
		Jitter:  proxyLatency,
		Seed:    seedFor(t),
		Faults:  faults,
	})
	if err != nil {
		t.Fatalf("starting fault proxy: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// throttlingFaults are the faults of the equivalence and resource tests: 30 %
// Throttling and 5 % 5xx (half 500, half 503) on every action. The proxy
// tries them in order, so about 33.5 % of all requests fail.
func throttlingFaults() []faultproxy.Fault {
	return []faultproxy.Fault{
		{Action: "*", Kind: faultproxy.Throttling, Rate: 0.30},
		{Action: "*", Kind: faultproxy.InternalError, Rate: 0.025},
		{Action: "*", Kind: faultproxy.ServiceUnavailable, Rate: 0.025},
	}
}

// proxyProviderConfig is a provider block sending IAM and STS to endpoint
// (a fault proxy) with static test credentials, standard retries (no
// client-side rate limiting to slow the tests) and reliabilityMaxRetries;
// extra lines go inside the block.
func proxyProviderConfig(endpoint string, extra ...string) string {
	return proxyProviderConfigRetries(endpoint, reliabilityMaxRetries, extra...)
}

// proxyProviderConfigRetries is proxyProviderConfig with max_retries set to
// maxRetries (0: reliabilityMaxRetries).
func proxyProviderConfigRetries(endpoint string, maxRetries int, extra ...string) string {
	if maxRetries == 0 {
		maxRetries = reliabilityMaxRetries
	}
	var b strings.Builder
	fmt.Fprintf(&b, `provider "iamaudit" {
  region      = %[1]q
  access_key  = %[2]q
  secret_key  = %[3]q
  max_retries = %[5]d
  retry_mode  = "standard"

  endpoints {
    iam = %[4]q
    sts = %[4]q
    organizations = %[4]q
  }
`, acctest.Region, acctest.AccessKey, acctest.SecretKey, endpoint, maxRetries)
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// totalCalls adds up per-action counts.
func totalCalls(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// flatAttributes returns a copy of the flatmap attributes of the resource
// or data source at address ("data.iamaudit_users.this") in s.
func flatAttributes(s *terraform.State, address string) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok || rs.Primary == nil {
		return nil, fmt.Errorf("%s is not in state", address)
	}
	return maps.Clone(rs.Primary.Attributes), nil
}

// registeredTypes returns the type names of the provider's data sources and
// resources ("iamaudit_users"), so tests of types other helpers are still
// building run as soon as they are registered.
func registeredTypes(ctx context.Context) (dataSources, resources map[string]bool) {
	dataSources, resources = map[string]bool{}, map[string]bool{}
	for _, f := range providerDataSources {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "iamaudit"}, &resp)
		dataSources[resp.TypeName] = true
	}
	for _, f := range providerResources {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "iamaudit"}, &resp)
		resources[resp.TypeName] = true
	}
	return dataSources, resources
}

// iamStub sits between the provider and a fault proxy in front of moto, and
// adds what moto lacks for reliability tests (failures of the proxy behind
// it reach the provider unchanged, see relayFailure):
//   - GAAD pagination: moto ignores MaxItems and always answers one page;
//     with gaadPageSize > 0 the stub splits moto's answer into pages of that
//     many entities (users, groups, roles, policies in that order), chained
//     by its own markers, and can fault one page (gaadFaultPage);
//   - a stale credential report: reportAge shifts the report's GeneratedTime
//     back (through the moto wrapper's clock header), so users created since
//     then need the engine's per-user calls, as with a real 4-hour-old report;
//   - a report that never finishes: reportState answers every
//     GenerateCredentialReport with that state, and reportInProgress answers
//     every GetCredentialReport with ReportInProgress.
type iamStub struct {
	upstream string
	server   *httptest.Server
	client   *http.Client

	gaadPageSize     int
	gaadFaultPage    int                  // 0-based page to fault; used when gaadFaultKind != 0
	gaadFaultKind    faultproxy.FaultKind // ConnectionReset or TruncatedResponse
	gaadFaultTimes   int                  // how often; 0 means every request for the page
	reportAge        time.Duration
	reportState      string
	reportInProgress bool
	// lostResponses makes the stub forward a request of the action (e.g.
	// "CreateUser") to the upstream, so it takes effect, and then answer 500
	// instead of the upstream's answer, that many times: a response lost
	// after the write was made, as a real network or AWS fault can do.
	lostResponses map[string]int

	mu          sync.Mutex
	gaadFaulted int
	pageHits    map[int]int
	actions     map[string]int
}

// startIAMStub starts the stub on 127.0.0.1 in front of upstream (a fault
// proxy, or moto), closed when t ends. Set its options before the first request.
func startIAMStub(t testing.TB, upstream string, configure func(*iamStub)) *iamStub {
	t.Helper()
	s := &iamStub{
		upstream: strings.TrimSuffix(upstream, "/"),
		client:   &http.Client{Transport: &http.Transport{DisableCompression: true}},
		pageHits: map[int]int{},
		actions:  map[string]int{},
	}
	if configure != nil {
		configure(s)
	}
	s.server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.server.Close)
	return s
}

// URL is the stub's base URL.
func (s *iamStub) URL() string { return s.server.URL }

// PageHits returns how often each GAAD page (0-based) was requested.
func (s *iamStub) PageHits() map[int]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.pageHits)
}

// Actions returns how often each query action reached the stub.
func (s *iamStub) Actions() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.actions)
}

const stubRequestID = "00000000-0000-4000-8000-0000000057ab"

// gaadMarkerPrefix marks the stub's own GAAD pagination markers.
const gaadMarkerPrefix = "iamaudit-stub-page-"

func (s *iamStub) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	s.mu.Lock()
	s.actions[action]++
	lose := s.lostResponses[action] > 0
	if lose {
		s.lostResponses[action]--
	}
	s.mu.Unlock()

	switch {
	case lose:
		if _, err := s.forward(r, body, nil); err != nil {
			stubResetConn(w)
			return
		}
		stubWriteXML(w, http.StatusInternalServerError, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>`+
			`<Code>ServiceFailure</Code><Message>The request processing has failed because of an unknown error.</Message></Error>`+
			`<RequestId>`+stubRequestID+`</RequestId></ErrorResponse>`)
	case action == "GenerateCredentialReport" && s.reportState != "":
		stubWriteXML(w, http.StatusOK, fmt.Sprintf(`<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`+
			`<GenerateCredentialReportResult><State>%s</State><Description>stub</Description></GenerateCredentialReportResult>`+
			`<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`, s.reportState, stubRequestID))
	case action == "GetCredentialReport" && s.reportInProgress:
		stubWriteXML(w, http.StatusNotFound, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>`+
			`<Code>ReportInProgress</Code><Message>Report generation in progress.</Message></Error>`+
			`<RequestId>`+stubRequestID+`</RequestId></ErrorResponse>`)
	case action == "GetAccountAuthorizationDetails" && s.gaadPageSize > 0:
		s.serveGAADPage(w, r, body, form.Get("Marker"))
	default:
		header := http.Header{}
		if action == "GetCredentialReport" && s.reportAge > 0 {
			header.Set("X-Iamaudit-Time-Offset", strconv.FormatFloat(-s.reportAge.Seconds(), 'f', -1, 64))
		}
		ans, err := s.forward(r, body, header)
		if err != nil {
			ans.relayFailure(w)
			return
		}
		for k, v := range ans.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(ans.body)))
		w.WriteHeader(ans.status)
		_, _ = w.Write(ans.body)
	}
}

// upstreamAnswer is what the upstream answered, possibly cut off.
type upstreamAnswer struct {
	status int // 0 when no answer arrived
	header http.Header
	body   []byte
	length int64 // declared Content-Length
}

// forward sends the request upstream and returns its whole answer.
func (s *iamStub) forward(r *http.Request, body []byte, extra http.Header) (upstreamAnswer, error) {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, s.upstream+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return upstreamAnswer{}, err
	}
	out.Header = r.Header.Clone()
	for k, v := range extra {
		out.Header[k] = v
	}
	out.Host = r.Host
	resp, err := s.client.Do(out)
	if err != nil {
		return upstreamAnswer{}, err
	}
	defer resp.Body.Close()
	ans := upstreamAnswer{status: resp.StatusCode, header: resp.Header.Clone(), length: resp.ContentLength}
	ans.header.Del("Content-Length")
	ans.header.Del("Connection")
	ans.body, err = io.ReadAll(resp.Body)
	return ans, err
}

// relayFailure fails the client's request the way the upstream failed the
// stub's: an answer cut off mid-body is sent cut off the same way, no answer
// at all becomes a connection reset. So faults of a proxy behind the stub
// reach the provider unchanged.
func (a upstreamAnswer) relayFailure(w http.ResponseWriter) {
	if a.status == 0 {
		stubResetConn(w)
		return
	}
	stubWriteTruncated(w, a.status, a.body, a.length)
}

// serveGAADPage answers one page of a paginated GAAD from moto's full answer.
func (s *iamStub) serveGAADPage(w http.ResponseWriter, r *http.Request, body []byte, marker string) {
	page := 0
	if marker != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(marker, gaadMarkerPrefix))
		if err != nil || !strings.HasPrefix(marker, gaadMarkerPrefix) {
			stubWriteXML(w, http.StatusBadRequest, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>`+
				`<Message>Invalid Marker</Message></Error></ErrorResponse>`)
			return
		}
		page = n
	}
	s.mu.Lock()
	s.pageHits[page]++
	fault := s.gaadFaultKind != 0 && page == s.gaadFaultPage && (s.gaadFaultTimes == 0 || s.gaadFaulted < s.gaadFaultTimes)
	if fault {
		s.gaadFaulted++
	}
	s.mu.Unlock()

	ans, err := s.forward(r, body, nil)
	if err != nil {
		ans.relayFailure(w)
		return
	}
	if ans.status != http.StatusOK {
		// An error the upstream answered (e.g. an injected Throttling).
		for k, v := range ans.header {
			w.Header()[k] = v
		}
		stubWriteXML(w, ans.status, string(ans.body))
		return
	}
	doc, err := gaadPage(ans.body, page, s.gaadPageSize)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	switch {
	case fault && s.gaadFaultKind == faultproxy.ConnectionReset:
		stubResetConn(w)
	case fault && s.gaadFaultKind == faultproxy.TruncatedResponse:
		stubWriteTruncated(w, http.StatusOK, []byte(doc)[:len(doc)/2], int64(len(doc)))
	default:
		stubWriteXML(w, http.StatusOK, doc)
	}
}

// gaadLists are GAAD's entity lists, in the order the stub pages them.
var gaadLists = []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}

// gaadPage cuts page (0-based) of size entities out of a full GAAD answer.
func gaadPage(full []byte, page, size int) (string, error) {
	members, err := gaadMembers(full)
	if err != nil {
		return "", err
	}
	type entity struct {
		list string
		raw  []byte
	}
	var all []entity
	for _, list := range gaadLists {
		for _, m := range members[list] {
			all = append(all, entity{list, m})
		}
	}
	from, to := min(page*size, len(all)), min((page+1)*size, len(all))
	var b strings.Builder
	b.WriteString(`<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult>`)
	for _, list := range gaadLists {
		b.WriteString("<" + list + ">")
		for _, e := range all[from:to] {
			if e.list == list {
				b.Write(e.raw)
			}
		}
		b.WriteString("</" + list + ">")
	}
	if to < len(all) {
		fmt.Fprintf(&b, "<IsTruncated>true</IsTruncated><Marker>%s%d</Marker>", gaadMarkerPrefix, page+1)
	} else {
		b.WriteString("<IsTruncated>false</IsTruncated>")
	}
	b.WriteString(`</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>` + stubRequestID +
		`</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`)
	return b.String(), nil
}

// gaadMembers returns the raw <member> elements of each GAAD entity list.
func gaadMembers(doc []byte) (map[string][][]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	out := map[string][][]byte{}
	var stack []string
	var memberStart int64
	for {
		offset := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("parsing GAAD answer: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			stack = append(stack, el.Name.Local)
			if len(stack) == 4 && el.Name.Local == "member" && slices.Contains(gaadLists, stack[2]) {
				memberStart = offset
			}
		case xml.EndElement:
			if len(stack) == 4 && el.Name.Local == "member" && slices.Contains(gaadLists, stack[2]) {
				out[stack[2]] = append(out[stack[2]], doc[memberStart:dec.InputOffset()])
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// stubWriteXML writes an XML answer.
func stubWriteXML(w http.ResponseWriter, status int, doc string) {
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, doc)
}

// stubResetConn closes the client connection with a TCP RST and no answer.
func stubResetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// stubWriteTruncated sends status with Content-Length length but only
// partial of the body, then closes the connection.
func stubWriteTruncated(w http.ResponseWriter, status int, partial []byte, length int64) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %03d %s\r\nContent-Type: text/xml\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		status, http.StatusText(status), length)
	_, _ = buf.Write(partial)
	_ = buf.Flush()
}

// leftoversUnder lists, straight from moto through the SDK, every user,
// group, role and customer managed policy whose path starts with iamPath,
// and any user, group or role with one of names elsewhere: what a destroy
// must have removed. Paths are filtered here too: moto's ListGroups ignores
// PathPrefix.
func leftoversUnder(ctx context.Context, api *iam.Client, iamPath string, names ...string) ([]string, error) {
	var left []string
	add := func(kind, path, arn string) {
		if strings.HasPrefix(path, iamPath) {
			left = append(left, kind+" "+arn)
		}
	}
	users := iam.NewListUsersPaginator(api, &iam.ListUsersInput{PathPrefix: aws.String(iamPath)})
	for users.HasMorePages() {
		page, err := users.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Users {
			add("user", aws.ToString(u.Path), aws.ToString(u.Arn))
		}
	}
	groups := iam.NewListGroupsPaginator(api, &iam.ListGroupsInput{PathPrefix: aws.String(iamPath)})
	for groups.HasMorePages() {
		page, err := groups.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range page.Groups {
			add("group", aws.ToString(g.Path), aws.ToString(g.Arn))
		}
	}
	roles := iam.NewListRolesPaginator(api, &iam.ListRolesInput{PathPrefix: aws.String(iamPath)})
	for roles.HasMorePages() {
		page, err := roles.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Roles {
			add("role", aws.ToString(r.Path), aws.ToString(r.Arn))
		}
	}
	policies := iam.NewListPoliciesPaginator(api, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, PathPrefix: aws.String(iamPath)})
	for policies.HasMorePages() {
		page, err := policies.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range page.Policies {
			add("policy", aws.ToString(p.Path), aws.ToString(p.Arn))
		}
	}
	for _, name := range names {
		if _, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)}); err == nil {
			left = append(left, "user "+name)
		} else if !isNoSuchEntityErr(err) {
			return nil, err
		}
		if _, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(name)}); err == nil {
			left = append(left, "group "+name)
		} else if !isNoSuchEntityErr(err) {
			return nil, err
		}
		if _, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)}); err == nil {
			left = append(left, "role "+name)
		} else if !isNoSuchEntityErr(err) {
			return nil, err
		}
	}
	slices.Sort(left)
	return slices.Compact(left), nil
}

// isNoSuchEntityErr reports whether err is IAM's NoSuchEntity.
func isNoSuchEntityErr(err error) bool {
	var nse *iamtypes.NoSuchEntityException
	return errors.As(err, &nse)
}
