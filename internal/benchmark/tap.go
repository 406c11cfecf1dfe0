package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

// tap is a pass-through HTTP proxy on 127.0.0.1 between the fault proxy and
// moto. It adds no latency; it reads each paginated IAM response on its way
// back and records the calls AWS would have needed for it (see ModelledCalls),
// because moto ignores MaxItems.
type tap struct {
	upstream  *url.URL
	listener  net.Listener
	server    *http.Server
	transport *http.Transport

	mu    sync.Mutex
	pages map[string]PageStats
	err   error // first response the tap could not parse or that mismatched
}

// startTap starts a tap in front of upstream (moto's base URL).
func startTap(upstream string) (*tap, error) {
	up, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("tap upstream %q: %w", upstream, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("tap listen: %w", err)
	}
	t := &tap{
		upstream: up,
		listener: ln,
		transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			DisableCompression:  true,
			MaxIdleConns:        256,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     90 * time.Second,
		},
		pages: map[string]PageStats{},
	}
	t.server = faultproxy.Serve(ln, http.HandlerFunc(t.serve))
	return t, nil
}

// URL is the tap's base URL.
func (t *tap) URL() string { return "http://" + t.listener.Addr().String() }

// Close stops the tap.
func (t *tap) Close() {
	_ = t.server.Close()
	t.transport.CloseIdleConnections()
}

// Reset clears the recorded page statistics.
func (t *tap) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pages = map[string]PageStats{}
	t.err = nil
}

// Pages returns the page statistics per action key ("iam:ListUsers") and
// the first parse error, if any.
func (t *tap) Pages() (map[string]PageStats, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]PageStats, len(t.pages))
	for k, v := range t.pages {
		out[k] = v
	}
	return out, t.err
}

// serve forwards one request and records its response.
func (t *tap) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "tap: read request: "+err.Error(), http.StatusBadRequest)
		return
	}
	form, _ := url.ParseQuery(string(body))
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme = t.upstream.Scheme
	out.URL.Host = t.upstream.Host
	out.Header.Del("Connection")
	out.ContentLength = int64(len(body))
	out.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := t.transport.RoundTrip(out)
	if err != nil {
		http.Error(w, "tap: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, "tap: upstream body: "+err.Error(), http.StatusBadGateway)
		return
	}
	if resp.StatusCode == http.StatusOK {
		t.record(r, form, respBody)
	}
	if err := checkAction(form.Get("Action"), resp.StatusCode, respBody); err != nil {
		t.fail(err)
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(respBody)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(respBody)
}

// record counts the list items of a paginated IAM response.
func (t *tap) record(r *http.Request, form url.Values, respBody []byte) {
	action := form.Get("Action")
	if !IsPaginated(action) || !isIAM(r) {
		return
	}
	items, truncated, err := ListItems(respBody)
	maxItems, _ := strconv.Atoi(form.Get("MaxItems"))
	if err != nil {
		t.fail(fmt.Errorf("iam:%s: %w", action, err))
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	key := "iam:" + action
	st := t.pages[key]
	st.Responses++
	st.Modelled += ModelledCalls(items, PageSize(maxItems), truncated)
	t.pages[key] = st
}

// checkAction reports a successful response that does not answer the
// request's action: a client or proxy that mixed up concurrent requests.
func checkAction(action string, status int, body []byte) error {
	if action == "" || status != http.StatusOK {
		return nil
	}
	head := body[:min(len(body), 256)]
	if !bytes.Contains(head, []byte("<"+action+"Response")) {
		return fmt.Errorf("a %s request got another response: %.120q", action, head)
	}
	return nil
}

// fail records the first error.
func (t *tap) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

// isIAM reports whether the request is signed for the iam service.
func isIAM(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Authorization"), "/iam/aws4_request")
}
