package faultproxy

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// IAMStub is a test server for IAM query requests that sits in front of an
// upstream (moto, or a Proxy in front of it) and adds what moto lacks, so
// tests can exercise the paths real IAM takes. Failures of the upstream
// reach the client unchanged (see relayFailure). It binds to 127.0.0.1 on a
// free port.
type IAMStub struct {
	upstream string
	server   *http.Server
	listener net.Listener
	client   *http.Client
	opts     StubOptions

	mu          sync.Mutex
	gaadFaulted int
	pageHits    map[int]int
	actions     map[string]int
	seen        map[string]bool
	injected    map[string]int
	lost        map[string]int
}

// StubOptions choose what the stub adds; the zero value forwards everything.
type StubOptions struct {
	// GAADPageSize > 0 pages GetAccountAuthorizationDetails: moto ignores
	// MaxItems and answers one page, so the stub cuts moto's answer into
	// pages of that many entities (users, groups, roles, policies in that
	// order), chained by its own markers.
	GAADPageSize int
	// GAADFaultKind (ConnectionReset or TruncatedResponse) breaks the
	// 0-based page GAADFaultPage, GAADFaultTimes times (0: every time).
	GAADFaultKind  FaultKind
	GAADFaultPage  int
	GAADFaultTimes int
	// ReportAge shifts the credential report's GeneratedTime back, as with
	// a report generated that long ago, by sending ClockHeader (a clock
	// offset in seconds the upstream applies to that request) with
	// GetCredentialReport.
	ReportAge   time.Duration
	ClockHeader string
	// ReportState, when set, answers every GenerateCredentialReport with
	// that state; ReportInProgress answers every GetCredentialReport with
	// ReportInProgress: a report that never finishes.
	ReportState      string
	ReportInProgress bool
	// LostResponses forwards a request of the action (e.g. "CreateUser") so
	// it takes effect, then answers 500 instead of the upstream's answer,
	// that many times: an answer lost after the write was made.
	LostResponses map[string]int
	// Errors answer actions with IAM errors without forwarding them, as IAM
	// does while a change propagates.
	Errors []StubError
}

// StubError answers Action with an IAM error, Count times, once the After
// action has been seen (immediately when After is "").
type StubError struct {
	Action, After string
	Status        int
	Code, Message string
	Count         int
}

// stubRequestID is the request ID of the stub's own answers.
const stubRequestID = "00000000-0000-4000-8000-0000000057ab"

// gaadMarkerPrefix marks the stub's own GAAD pagination markers.
const gaadMarkerPrefix = "iamaudit-stub-page-"

// StartIAMStub starts a stub in front of upstream.
func StartIAMStub(upstream string, opts StubOptions) (*IAMStub, error) {
	if opts.GAADFaultKind != 0 && opts.GAADFaultKind != ConnectionReset && opts.GAADFaultKind != TruncatedResponse {
		return nil, fmt.Errorf("faultproxy: a GAAD page can be reset or cut off, not %s", opts.GAADFaultKind)
	}
	if opts.ReportAge > 0 && opts.ClockHeader == "" {
		return nil, fmt.Errorf("faultproxy: ReportAge needs the upstream's ClockHeader")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	s := &IAMStub{
		upstream: strings.TrimSuffix(upstream, "/"),
		listener: l,
		client:   &http.Client{Transport: &http.Transport{DisableCompression: true}},
		opts:     opts,
		pageHits: map[int]int{},
		actions:  map[string]int{},
		seen:     map[string]bool{},
		injected: map[string]int{},
		lost:     maps.Clone(opts.LostResponses),
	}
	s.server = Serve(l, http.HandlerFunc(s.serve))
	return s, nil
}

// URL is the stub's base URL.
func (s *IAMStub) URL() string { return "http://" + s.listener.Addr().String() }

// Close stops the stub.
func (s *IAMStub) Close() {
	_ = s.server.Close()
	s.client.CloseIdleConnections()
}

// PageHits returns how often each GAAD page (0-based) was requested.
func (s *IAMStub) PageHits() map[int]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.pageHits)
}

// Actions returns how often each query action reached the stub.
func (s *IAMStub) Actions() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.actions)
}

// Injected returns how often the stub answered action with one of Errors.
func (s *IAMStub) Injected(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.injected[action]
}

// decide records the action and returns how to answer it: lose the
// upstream's answer, or an error to answer with.
func (s *IAMStub) decide(action string) (lose bool, stubErr *StubError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { s.seen[action] = true }()
	s.actions[action]++
	for i := range s.opts.Errors {
		e := &s.opts.Errors[i]
		if e.Action == action && (e.After == "" || s.seen[e.After]) && s.injected[action] < e.Count {
			s.injected[action]++
			return false, e
		}
	}
	if s.lost[action] > 0 {
		s.lost[action]--
		return true, nil
	}
	return false, nil
}

func (s *IAMStub) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action := actionFromRequest(r, body)
	lose, stubErr := s.decide(action)
	switch {
	case stubErr != nil:
		writeAWSError(w, awsError{stubErr.Status, "Sender", stubErr.Code, stubErr.Message}, "iam:"+action, stubRequestID, false)
	case lose:
		if _, err := s.forward(r, body, nil); err != nil {
			resetConnection(w)
			return
		}
		e := errorFor(InternalError, "iam:"+action)
		writeAWSError(w, e, "iam:"+action, stubRequestID, false)
	case action == "GenerateCredentialReport" && s.opts.ReportState != "":
		writeXML(w, fmt.Sprintf(`<GenerateCredentialReportResponse xmlns="%s">`+
			`<GenerateCredentialReportResult><State>%s</State><Description>stub</Description></GenerateCredentialReportResult>`+
			`<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`,
			namespaces["iam"], s.opts.ReportState, stubRequestID))
	case action == "GetCredentialReport" && s.opts.ReportInProgress:
		writeAWSError(w, awsError{http.StatusNotFound, "Sender", "ReportInProgress", "Report generation in progress."}, "iam:"+action, stubRequestID, false)
	case action == "GetAccountAuthorizationDetails" && s.opts.GAADPageSize > 0:
		form, _ := url.ParseQuery(string(body))
		s.serveGAADPage(w, r, body, form.Get("Marker"))
	default:
		header := http.Header{}
		if action == "GetCredentialReport" && s.opts.ReportAge > 0 {
			header.Set(s.opts.ClockHeader, strconv.FormatFloat(-s.opts.ReportAge.Seconds(), 'f', -1, 64))
		}
		ans, err := s.forward(r, body, header)
		if err != nil {
			ans.relayFailure(w)
			return
		}
		ans.write(w, ans.body)
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
func (s *IAMStub) forward(r *http.Request, body []byte, extra http.Header) (upstreamAnswer, error) {
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
	removeHopHeaders(ans.header)
	ans.header.Del("Content-Length")
	ans.body, err = io.ReadAll(resp.Body)
	return ans, err
}

// write sends the answer's status and headers with body.
func (a upstreamAnswer) write(w http.ResponseWriter, body []byte) {
	copyHeader(w.Header(), a.header)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(body)
}

// relayFailure fails the client's request the way the upstream failed the
// stub's: an answer cut off mid-body is sent cut off the same way, no answer
// at all becomes a connection reset. So faults of a proxy behind the stub
// reach the client unchanged.
func (a upstreamAnswer) relayFailure(w http.ResponseWriter) {
	if a.status == 0 {
		resetConnection(w)
		return
	}
	writeCutOff(w, a.status, http.Header{"Content-Type": {"text/xml"}}, a.body, int(a.length))
}

// serveGAADPage answers one page of a paginated GAAD from the upstream's
// full answer.
func (s *IAMStub) serveGAADPage(w http.ResponseWriter, r *http.Request, body []byte, marker string) {
	page := 0
	if marker != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(marker, gaadMarkerPrefix))
		if err != nil || !strings.HasPrefix(marker, gaadMarkerPrefix) {
			writeAWSError(w, awsError{http.StatusBadRequest, "Sender", "ValidationError", "Invalid Marker"}, "iam:GetAccountAuthorizationDetails", stubRequestID, false)
			return
		}
		page = n
	}
	s.mu.Lock()
	s.pageHits[page]++
	fault := s.opts.GAADFaultKind != 0 && page == s.opts.GAADFaultPage && (s.opts.GAADFaultTimes == 0 || s.gaadFaulted < s.opts.GAADFaultTimes)
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
		ans.write(w, ans.body) // an error the upstream answered (e.g. an injected Throttling)
		return
	}
	doc, err := gaadPage(ans.body, page, s.opts.GAADPageSize)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	switch {
	case fault && s.opts.GAADFaultKind == ConnectionReset:
		resetConnection(w)
	case fault && s.opts.GAADFaultKind == TruncatedResponse:
		writeCutOff(w, http.StatusOK, http.Header{"Content-Type": {"text/xml"}}, []byte(doc)[:len(doc)/2], len(doc))
	default:
		writeXML(w, doc)
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
	b.WriteString(`<GetAccountAuthorizationDetailsResponse xmlns="` + namespaces["iam"] + `"><GetAccountAuthorizationDetailsResult>`)
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

// writeXML writes a successful XML answer.
func writeXML(w http.ResponseWriter, doc string) {
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, doc)
}
