// Package faultproxy is an HTTP reverse proxy for tests and benchmarks that
// sits on 127.0.0.1 in front of an AWS query protocol endpoint (IAM and STS,
// usually moto). It counts requests per action, records the peak number of
// requests in flight, adds a fixed or jittered latency like a real AWS round
// trip, and injects faults by action and rate: throttling, 500 and 503
// errors, connection resets, truncated responses and AccessDenied. Fault
// decisions come from a PRNG seeded by Config.Seed, so the same sequence of
// requests meets the same faults.
package faultproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultLatency is the latency of DefaultConfig, about one AWS round trip.
const DefaultLatency = 50 * time.Millisecond

// PRNG streams, so that jitter draws never shift fault decisions.
const (
	faultStream  = 0x6661756c74   // "fault"
	jitterStream = 0x6a6974746572 // "jitter"
)

// Config configures a Proxy.
type Config struct {
	// Latency is added to every request before it is forwarded or faulted.
	Latency time.Duration
	// Jitter adds a uniformly distributed extra delay in [0, Jitter].
	Jitter time.Duration
	// Seed seeds the PRNGs that decide faults and jitter.
	Seed int64
	// Faults are tried in order; the first that fires applies.
	Faults []Fault
}

// DefaultConfig returns a Config with DefaultLatency, no jitter and no faults.
func DefaultConfig() Config {
	return Config{Latency: DefaultLatency}
}

// Proxy is a running fault-injecting reverse proxy. It is safe for
// concurrent use.
type Proxy struct {
	upstream  *url.URL
	latency   time.Duration
	jitter    time.Duration
	listener  net.Listener
	server    *http.Server
	transport *http.Transport
	closeOnce sync.Once

	mu        sync.Mutex
	faultRNG  *rand.Rand
	jitterRNG *rand.Rand
	faults    []faultState
	counts    map[string]int
	faulted   map[string]int
	calls     []string
	requests  []Request
	// keyAccount maps the access key IDs of sessions sts:AssumeRole
	// returned through the proxy to the account of their role.
	keyAccount map[string]string
	received   int
	inFlight   int
	peak       int
}

// faultState is a configured fault and how often it was injected.
type faultState struct {
	Fault
	injected int
}

// Start starts a proxy for upstream (e.g. "http://127.0.0.1:5000") listening
// on a free port of 127.0.0.1.
func Start(upstream string, cfg Config) (*Proxy, error) {
	up, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("faultproxy: upstream %q: %w", upstream, err)
	}
	if (up.Scheme != "http" && up.Scheme != "https") || up.Host == "" {
		return nil, fmt.Errorf("faultproxy: upstream %q is not an http(s) URL with a host", upstream)
	}
	if cfg.Latency < 0 || cfg.Jitter < 0 {
		return nil, fmt.Errorf("faultproxy: negative latency %v or jitter %v", cfg.Latency, cfg.Jitter)
	}
	faults, err := newFaultStates(cfg.Faults)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{
		upstream:   up,
		latency:    cfg.Latency,
		jitter:     cfg.Jitter,
		listener:   ln,
		transport:  newTransport(),
		faultRNG:   rand.New(rand.NewPCG(uint64(cfg.Seed), faultStream)),
		jitterRNG:  rand.New(rand.NewPCG(uint64(cfg.Seed), jitterStream)),
		faults:     faults,
		counts:     map[string]int{},
		faulted:    map[string]int{},
		keyAccount: map[string]string{},
	}
	p.server = Serve(ln, http.HandlerFunc(p.serve))
	return p, nil
}

// Serve serves h on ln in the background, as the test servers here do: a
// bound on reading request headers, and no log of the connection resets
// and cut-off answers they cause on purpose. Close the returned server.
func Serve(ln net.Listener, h http.Handler) *http.Server {
	server := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() { _ = server.Serve(ln) }()
	return server
}

// newTransport returns the transport to the upstream: no environment proxy,
// no transparent decompression (bodies pass through as sent), and enough idle
// connections for concurrent callers.
func newTransport() *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		DisableCompression:  true,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
	}
}

// newFaultStates validates faults and returns them with zero injections.
func newFaultStates(faults []Fault) ([]faultState, error) {
	states := make([]faultState, 0, len(faults))
	for _, f := range faults {
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("faultproxy: %w", err)
		}
		states = append(states, faultState{Fault: f})
	}
	return states, nil
}

// URL returns the proxy's base URL, e.g. "http://127.0.0.1:41234", for use as
// an SDK endpoint.
func (p *Proxy) URL() string {
	return "http://" + p.listener.Addr().String()
}

// Close stops the proxy and closes its connections. It is safe to call more
// than once.
func (p *Proxy) Close() {
	p.closeOnce.Do(func() {
		_ = p.server.Close()
		p.transport.CloseIdleConnections()
	})
}

// SetFaults replaces the faults, with fresh Count budgets. The PRNG is not
// reseeded.
func (p *Proxy) SetFaults(faults []Fault) error {
	states, err := newFaultStates(faults)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = states
	return nil
}

// Counts returns the number of requests received per action key
// ("iam:ListUsers"), faulted ones included.
func (p *Proxy) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return copyCounts(p.counts)
}

// Faulted returns the number of requests per action key that got a fault.
func (p *Proxy) Faulted() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return copyCounts(p.faulted)
}

// Total returns the number of requests received.
func (p *Proxy) Total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.calls)
}

// Calls returns the action keys of the requests received, in arrival order.
func (p *Proxy) Calls() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.calls...)
}

// Request is one request the proxy received.
type Request struct {
	// Action is the action key, e.g. "iam:ListUsers".
	Action string
	// Account is the AWS account the request acts in, when the proxy can
	// tell: for sts:AssumeRole the account of the role ARN; for a request
	// signed with a session an sts:AssumeRole through this proxy returned,
	// the account of that role; else "" (the caller's own credentials).
	Account string
	// RoleARN is the RoleArn parameter of sts:AssumeRole, else "".
	RoleARN string
}

// Requests returns the requests received, in arrival order.
func (p *Proxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.requests...)
}

// InFlight returns the number of requests being handled now.
func (p *Proxy) InFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inFlight
}

// PeakInFlight returns the largest number of requests handled at once.
func (p *Proxy) PeakInFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// Reset clears the counts, faulted counts and call log, and sets the peak to
// the number in flight now. Faults, their Count budgets and the PRNG state
// are kept.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts = map[string]int{}
	p.faulted = map[string]int{}
	p.calls = nil
	p.requests = nil
	p.peak = p.inFlight
}

// copyCounts returns a copy of m.
func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// decision is what happens to one request.
type decision struct {
	fault     FaultKind // 0 for none
	delay     time.Duration
	requestID string
}

// begin records a received request and decides its fault and delay.
// accessKey signed it; roleARN is its RoleArn parameter, if any.
func (p *Proxy) begin(action, accessKey, roleARN string) decision {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight++
	p.peak = max(p.peak, p.inFlight)
	p.counts[action]++
	p.calls = append(p.calls, action)
	account := p.keyAccount[accessKey]
	if action == assumeRoleAction {
		account = roleARNAccount(roleARN)
	}
	p.requests = append(p.requests, Request{Action: action, Account: account, RoleARN: roleARN})
	p.received++
	d := decision{
		fault:     p.decideFault(action, account),
		delay:     p.latency,
		requestID: fmt.Sprintf("00000000-0000-4000-8000-%012d", p.received),
	}
	if d.fault != 0 {
		p.faulted[action]++
	}
	if p.jitter > 0 {
		d.delay += time.Duration(p.jitterRNG.Int64N(int64(p.jitter) + 1))
	}
	return d
}

// decideFault returns the first fault that fires for action, or 0. Each
// matching fault with budget left draws one number, whatever its rate, so the
// draws depend only on the sequence of requests. Callers hold p.mu.
func (p *Proxy) decideFault(action, account string) FaultKind {
	for i := range p.faults {
		f := &p.faults[i]
		if !f.matches(action, account) || (f.Count > 0 && f.injected >= f.Count) {
			continue
		}
		if p.faultRNG.Float64() < f.Rate {
			f.injected++
			return f.Kind
		}
	}
	return 0
}

// end records a finished request.
func (p *Proxy) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight--
}

// serve handles one request: count, delay, then fault or forward.
func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(r.Body)
	action := actionKey(r, body)
	var roleARN string
	if action == assumeRoleAction {
		roleARN = formValue(r, body, "RoleArn")
	}
	d := p.begin(action, accessKeyFromRequest(r), roleARN)
	defer p.end()
	if readErr != nil {
		http.Error(w, "faultproxy: read request body: "+readErr.Error(), http.StatusBadRequest)
		return
	}
	if !sleep(r.Context(), d.delay) {
		return
	}
	switch d.fault {
	case 0:
		answer := p.forward(w, r, body, false)
		if roleARN != "" {
			p.learnSession(answer, roleARN)
		}
	case TruncatedResponse:
		p.forward(w, r, body, true)
	case ConnectionReset:
		resetConnection(w)
	default:
		e := errorFor(d.fault, action)
		writeAWSError(w, e, action, d.requestID, jsonTarget(r) != "")
	}
}

// sleep waits for d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// learnSession remembers the access key of the session a successful
// sts:AssumeRole answer carries as acting in the role's account.
func (p *Proxy) learnSession(answer []byte, roleARN string) {
	m := accessKeyIDPattern.FindSubmatch(answer)
	if m == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keyAccount[string(m[1])] = roleARNAccount(roleARN)
}

// forward sends the request upstream with its body restored and copies the
// response back, or with truncate only half of its body. It returns the
// body of a successful (2xx) answer sent in full, else nil.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, body []byte, truncate bool) []byte {
	resp, err := p.transport.RoundTrip(p.outgoing(r, body))
	if err != nil {
		if r.Context().Err() == nil {
			http.Error(w, "faultproxy: upstream: "+err.Error(), http.StatusBadGateway)
		}
		return nil
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, "faultproxy: upstream body: "+err.Error(), http.StatusBadGateway)
		return nil
	}
	if truncate {
		writeTruncated(w, resp, respBody)
		return nil
	}
	h := w.Header()
	copyHeader(h, resp.Header)
	h.Set("Content-Length", strconv.Itoa(len(respBody)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(respBody)
	if resp.StatusCode/100 != 2 {
		return nil
	}
	return respBody
}

// outgoing returns the upstream request: same method, path, query, headers
// (Host included, so SigV4 signatures stay valid) and body.
func (p *Proxy) outgoing(r *http.Request, body []byte) *http.Request {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme = p.upstream.Scheme
	out.URL.Host = p.upstream.Host
	if prefix := strings.TrimSuffix(p.upstream.Path, "/"); prefix != "" {
		out.URL.Path = prefix + r.URL.Path
		out.URL.RawPath = ""
	}
	removeHopHeaders(out.Header)
	out.Close = false
	out.ContentLength = int64(len(body))
	out.Body = http.NoBody
	out.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return out
}

// hopHeaders are the hop-by-hop headers a proxy must not forward.
var hopHeaders = []string{
	"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
	"Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// removeHopHeaders deletes hop-by-hop headers, including those named by
// Connection.
func removeHopHeaders(h http.Header) {
	for _, v := range h.Values("Connection") {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}

// copyHeader copies the end-to-end headers of src into dst.
func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
	removeHopHeaders(dst)
}

// writeAWSError writes an AWS error response in the request's protocol:
// JSON for JSON protocol requests, else the query protocol's XML.
func writeAWSError(w http.ResponseWriter, e awsError, action, requestID string, jsonProtocol bool) {
	body, contentType := e.body(action, requestID), "text/xml"
	if jsonProtocol {
		body, contentType = e.jsonBody(), "application/x-amz-json-1.1"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Amzn-Requestid", requestID)
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

// resetConnection takes over the client connection and closes it with a TCP
// RST (SO_LINGER 0), without a response.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// writeTruncated takes over the client connection, writes the upstream
// status and headers with the full Content-Length but only the first half of
// the body, and closes the connection.
func writeTruncated(w http.ResponseWriter, resp *http.Response, body []byte) {
	writeCutOff(w, resp.StatusCode, resp.Header, body[:len(body)/2], len(body))
}

// writeCutOff takes over the client connection, writes status and header
// with Content-Length length but only partial of the body, and closes the
// connection: an answer cut off mid-body.
func writeCutOff(w http.ResponseWriter, status int, header http.Header, partial []byte, length int) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	h := header.Clone()
	removeHopHeaders(h)
	h.Set("Content-Length", strconv.Itoa(length))
	h.Set("Connection", "close")
	_, _ = fmt.Fprintf(buf, "HTTP/1.1 %03d %s\r\n", status, http.StatusText(status))
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(partial)
	_ = buf.Flush()
}
