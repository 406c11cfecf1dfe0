package faultproxy

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestActionKey(t *testing.T) {
	const form = "application/x-www-form-urlencoded; charset=utf-8"
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		auth        string
		body        string
		want        string
	}{
		{"iam form body", "POST", "/", form, authFor("iam"), "Action=ListUsers&Version=2010-05-08", "iam:ListUsers"},
		{"sts form body", "POST", "/", form, authFor("sts"), "Action=GetCallerIdentity&Version=2011-06-15", "sts:GetCallerIdentity"},
		{"form without content type", "POST", "/", "", authFor("iam"), "Action=GetUser&UserName=a", "iam:GetUser"},
		{"GET query", "GET", "/?Action=ListRoles&Version=2010-05-08", "", authFor("iam"), "", "iam:ListRoles"},
		{"presigned query", "GET", "/?Action=GetCallerIdentity&X-Amz-Credential=" +
			url.QueryEscape("AKID/20240102/us-east-1/sts/aws4_request"), "", "", "", "sts:GetCallerIdentity"},
		{"no authorization", "POST", "/", form, "", "Action=ListUsers", "unknown:ListUsers"},
		{"malformed scope", "POST", "/", form, "AWS4-HMAC-SHA256 Credential=AKID/20240102/iam, Signature=x", "Action=ListUsers", "unknown:ListUsers"},
		{"no action", "POST", "/", form, authFor("iam"), "Version=2010-05-08", "iam:unknown"},
		{"JSON body ignored", "POST", "/", "application/x-amz-json-1.1", authFor("iam"), "Action=ListUsers", "iam:unknown"},
		{"JSON protocol target", "POST", "/", "application/x-amz-json-1.1", authFor("organizations"), "{}", "organizations:DescribeOrganization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest(tt.method, "http://127.0.0.1"+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			if tt.name == "JSON protocol target" {
				r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization")
			}
			if got := actionKey(r, []byte(tt.body)); got != tt.want {
				t.Errorf("actionKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCountsAndForwarding(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{})
	c := newClient(t)

	sequence := []struct{ service, action string }{
		{"iam", "ListUsers"}, {"iam", "GetUser"}, {"sts", "GetCallerIdentity"}, {"iam", "ListUsers"},
	}
	for _, s := range sequence {
		resp, err := post(c, p.URL(), s.service, s.action)
		if err != nil {
			t.Fatalf("%s: %v", s.action, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || string(body) != stubResponse(s.action) {
			t.Fatalf("%s: status %d, body %q, err %v", s.action, resp.StatusCode, body, err)
		}
	}

	wantCounts := map[string]int{"iam:ListUsers": 2, "iam:GetUser": 1, "sts:GetCallerIdentity": 1}
	if got := p.Counts(); !maps.Equal(got, wantCounts) {
		t.Errorf("Counts = %v, want %v", got, wantCounts)
	}
	wantCalls := []string{"iam:ListUsers", "iam:GetUser", "sts:GetCallerIdentity", "iam:ListUsers"}
	if got := p.Calls(); !slices.Equal(got, wantCalls) {
		t.Errorf("Calls = %v, want %v", got, wantCalls)
	}
	if got := p.Total(); got != 4 {
		t.Errorf("Total = %d, want 4", got)
	}
	if got := p.Faulted(); len(got) != 0 {
		t.Errorf("Faulted = %v, want empty", got)
	}
	if got := p.InFlight(); got != 0 {
		t.Errorf("InFlight = %d, want 0", got)
	}
	if got := p.PeakInFlight(); got != 1 {
		t.Errorf("PeakInFlight = %d, want 1", got)
	}

	// The upstream gets the body back and the client's Host and signature.
	seen := up.Seen()
	if len(seen) != 4 {
		t.Fatalf("upstream saw %d requests, want 4", len(seen))
	}
	proxyHost := strings.TrimPrefix(p.URL(), "http://")
	want := received{"POST", proxyHost, "ListUsers", "Action=ListUsers&Version=2010-05-08", authFor("iam")}
	if seen[0] != want {
		t.Errorf("upstream saw %+v, want %+v", seen[0], want)
	}

	p.Reset()
	if got := p.Counts(); len(got) != 0 || p.Total() != 0 || len(p.Calls()) != 0 || p.PeakInFlight() != 0 {
		t.Errorf("after Reset: Counts %v, Total %d, Calls %v, Peak %d", got, p.Total(), p.Calls(), p.PeakInFlight())
	}
}

func TestPeakInFlight(t *testing.T) {
	const n = 8
	up := newStub(t)
	// The upstream answers only once all n requests have arrived, so all n
	// are in flight at once whatever the scheduling.
	var arrived sync.WaitGroup
	arrived.Add(n)
	allIn := make(chan struct{})
	go func() { arrived.Wait(); close(allIn) }()
	up.hold = func() {
		arrived.Done()
		select {
		case <-allIn:
		case <-time.After(30 * time.Second):
		}
	}
	p := startProxy(t, up.URL(), Config{Latency: 20 * time.Millisecond})
	c := newClient(t)

	var wg sync.WaitGroup
	results := make([]string, n)
	for i := range n {
		wg.Go(func() { results[i] = outcome(c, p.URL(), "iam", "GetUser") })
	}
	wg.Wait()
	for i, r := range results {
		if r != "200" {
			t.Errorf("request %d: %s", i, r)
		}
	}
	if got := p.PeakInFlight(); got != n {
		t.Errorf("PeakInFlight = %d, want %d", got, n)
	}
	if got := p.InFlight(); got != 0 {
		t.Errorf("InFlight = %d, want 0", got)
	}
	if got := p.Counts()["iam:GetUser"]; got != n {
		t.Errorf("Counts[iam:GetUser] = %d, want %d", got, n)
	}
}

func TestLatency(t *testing.T) {
	up := newStub(t)
	const latency = 100 * time.Millisecond
	p := startProxy(t, up.URL(), Config{Latency: latency})
	c := newClient(t)
	start := time.Now()
	if got := outcome(c, p.URL(), "iam", "ListUsers"); got != "200" {
		t.Fatalf("outcome = %s", got)
	}
	if elapsed := time.Since(start); elapsed < latency {
		t.Errorf("request took %v, want at least %v", elapsed, latency)
	}
	if got := DefaultConfig().Latency; got != 50*time.Millisecond {
		t.Errorf("DefaultConfig().Latency = %v, want 50ms", got)
	}
}

func TestJitterDeterministicAndBounded(t *testing.T) {
	const latency, jitter = 50 * time.Millisecond, 20 * time.Millisecond
	delays := func(seed int64) []time.Duration {
		p := startProxy(t, "http://127.0.0.1:1", Config{Latency: latency, Jitter: jitter, Seed: seed})
		var out []time.Duration
		for range 200 {
			out = append(out, p.begin("iam:ListUsers", "", "").delay)
			p.end()
		}
		return out
	}
	a, b, other := delays(7), delays(7), delays(8)
	if !slices.Equal(a, b) {
		t.Errorf("same seed gave different delays")
	}
	if slices.Equal(a, other) {
		t.Errorf("different seeds gave the same delays")
	}
	for _, d := range a {
		if d < latency || d > latency+jitter {
			t.Fatalf("delay %v outside [%v, %v]", d, latency, latency+jitter)
		}
	}
	if slices.Min(a) == slices.Max(a) {
		t.Errorf("jitter produced a constant delay %v", a[0])
	}
}

func TestLatencyRespectsCancellation(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Latency: time.Hour})
	c := newClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL()+"/", strings.NewReader("Action=ListUsers"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Do error = %v, want deadline exceeded", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.InFlight() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := p.InFlight(); got != 0 {
		t.Errorf("InFlight = %d after the client gave up, want 0", got)
	}
	if got := len(up.Seen()); got != 0 {
		t.Errorf("upstream saw %d requests, want 0", got)
	}
	if got := p.Total(); got != 1 {
		t.Errorf("Total = %d, want 1", got)
	}
}

func TestFaultResponses(t *testing.T) {
	const requestID = "00000000-0000-4000-8000-000000000001"
	tests := []struct {
		kind         FaultKind
		service      string
		status       int
		body         string
		reachesUpstr bool
	}{
		{Throttling, "iam", 400, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
			`<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>` + requestID + `</RequestId></ErrorResponse>`, false},
		{InternalError, "iam", 500, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>` +
			`<Code>ServiceFailure</Code><Message>The request processing has failed because of an unknown error, exception or failure.</Message>` +
			`</Error><RequestId>` + requestID + `</RequestId></ErrorResponse>`, false},
		{InternalError, "sts", 500, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Receiver</Type>` +
			`<Code>InternalFailure</Code><Message>The request processing has failed because of an unknown error, exception or failure.</Message>` +
			`</Error><RequestId>` + requestID + `</RequestId></ErrorResponse>`, false},
		{ServiceUnavailable, "iam", 503, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type>` +
			`<Code>ServiceUnavailable</Code><Message>Service is unavailable. Please try again later.</Message></Error>` +
			`<RequestId>` + requestID + `</RequestId></ErrorResponse>`, false},
		{AccessDenied, "iam", 403, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
			`<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/faultproxy is not authorized to perform: ` +
			`iam:ListUsers on resource: *</Message></Error><RequestId>` + requestID + `</RequestId></ErrorResponse>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String()+"/"+tt.service, func(t *testing.T) {
			up := newStub(t)
			p := startProxy(t, up.URL(), Config{Faults: []Fault{{Kind: tt.kind, Rate: 1}}})
			resp, err := post(newClient(t), p.URL(), tt.service, "ListUsers")
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/xml" {
				t.Errorf("Content-Type = %q, want text/xml", got)
			}
			if got := resp.Header.Get("X-Amzn-Requestid"); got != requestID {
				t.Errorf("x-amzn-RequestId = %q, want %q", got, requestID)
			}
			if string(body) != tt.body {
				t.Errorf("body =\n%s\nwant\n%s", body, tt.body)
			}
			if got := len(up.Seen()); got != 0 {
				t.Errorf("upstream saw %d requests, want 0", got)
			}
			key := tt.service + ":ListUsers"
			if got, want := p.Faulted(), map[string]int{key: 1}; !maps.Equal(got, want) {
				t.Errorf("Faulted = %v, want %v", got, want)
			}
			if got, want := p.Counts(), map[string]int{key: 1}; !maps.Equal(got, want) {
				t.Errorf("Counts = %v, want %v", got, want)
			}
		})
	}
}

func TestConnectionReset(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{{Action: "iam:ListUsers", Kind: ConnectionReset, Rate: 1}}})
	c := newClient(t)
	_, err := post(c, p.URL(), "iam", "ListUsers")
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("error = %v, want a connection reset", err)
	}
	if got := len(up.Seen()); got != 0 {
		t.Errorf("upstream saw %d requests, want 0", got)
	}
	// Other actions are untouched.
	if got := outcome(c, p.URL(), "iam", "GetUser"); got != "200" {
		t.Errorf("GetUser outcome = %s, want 200", got)
	}
}

func TestTruncatedResponse(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{{Action: "iam:ListUsers", Kind: TruncatedResponse, Rate: 1}}})
	resp, err := post(newClient(t), p.URL(), "iam", "ListUsers")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading body: error %v, want unexpected EOF", err)
	}
	full := len(stubListUsers)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Length") != strconv.Itoa(full) || resp.Header.Get("Content-Type") != "text/xml" {
		t.Errorf("status %d, Content-Length %q, Content-Type %q; want 200, %d, text/xml",
			resp.StatusCode, resp.Header.Get("Content-Length"), resp.Header.Get("Content-Type"), full)
	}
	if string(body) != stubListUsers[:full/2] {
		t.Errorf("body = %q, want the first %d bytes of the upstream body", body, full/2)
	}
	if got := len(up.Seen()); got != 1 {
		t.Errorf("upstream saw %d requests, want 1", got)
	}
}

func TestFaultSelection(t *testing.T) {
	type step struct{ service, action, want string }
	tests := []struct {
		name   string
		faults []Fault
		steps  []step
	}{
		{
			name:   "rate 0 never faults",
			faults: []Fault{{Kind: Throttling, Rate: 0}},
			steps:  repeat(step{"iam", "ListUsers", "200"}, 100),
		},
		{
			name:   "rate 1 always faults",
			faults: []Fault{{Action: "*", Kind: ServiceUnavailable, Rate: 1}},
			steps:  repeat(step{"iam", "ListUsers", "503"}, 100),
		},
		{
			name:   "count limits injections",
			faults: []Fault{{Action: "iam:ListUsers", Kind: Throttling, Rate: 1, Count: 2}},
			steps: []step{
				{"iam", "ListUsers", "400"}, {"iam", "GetUser", "200"}, {"iam", "ListUsers", "400"},
				{"iam", "ListUsers", "200"}, {"iam", "ListUsers", "200"},
			},
		},
		{
			name:   "exact action",
			faults: []Fault{{Action: "iam:ListUsers", Kind: AccessDenied, Rate: 1}},
			steps:  []step{{"iam", "ListUsers", "403"}, {"iam", "ListRoles", "200"}, {"sts", "ListUsers", "200"}},
		},
		{
			name:   "service wildcard",
			faults: []Fault{{Action: "iam:*", Kind: InternalError, Rate: 1}},
			steps:  []step{{"iam", "ListUsers", "500"}, {"iam", "GetUser", "500"}, {"sts", "GetCallerIdentity", "200"}},
		},
		{
			name: "first fault that fires wins",
			faults: []Fault{
				{Action: "iam:GetUser", Kind: AccessDenied, Rate: 1},
				{Kind: Throttling, Rate: 1, Count: 1},
			},
			steps: []step{{"iam", "GetUser", "403"}, {"iam", "ListUsers", "400"}, {"iam", "GetUser", "403"}, {"iam", "ListUsers", "200"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up := newStub(t)
			p := startProxy(t, up.URL(), Config{Seed: 1, Faults: tt.faults})
			c := newClient(t)
			wantFaulted := map[string]int{}
			for i, s := range tt.steps {
				if got := outcome(c, p.URL(), s.service, s.action); got != s.want {
					t.Errorf("step %d %s:%s: outcome %s, want %s", i, s.service, s.action, got, s.want)
				}
				if s.want != "200" {
					wantFaulted[s.service+":"+s.action]++
				}
			}
			if got := p.Faulted(); !maps.Equal(got, wantFaulted) {
				t.Errorf("Faulted = %v, want %v", got, wantFaulted)
			}
			if got := p.Total(); got != len(tt.steps) {
				t.Errorf("Total = %d, want %d", got, len(tt.steps))
			}
		})
	}
}

// repeat returns n copies of v.
func repeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestDeterministicWithSeed(t *testing.T) {
	faults := []Fault{
		{Action: "iam:ListUsers", Kind: AccessDenied, Rate: 0.1},
		{Kind: Throttling, Rate: 0.2},
		{Action: "iam:*", Kind: ServiceUnavailable, Rate: 0.1},
		{Kind: InternalError, Rate: 0.1, Count: 5},
	}
	actions := []struct{ service, action string }{
		{"iam", "ListUsers"}, {"iam", "GetUser"}, {"sts", "GetCallerIdentity"}, {"iam", "ListAccessKeys"},
	}
	run := func(seed int64) ([]string, map[string]int) {
		up := newStub(t)
		p := startProxy(t, up.URL(), Config{Seed: seed, Faults: faults})
		c := newClient(t)
		var seq []string
		for i := range 200 {
			a := actions[i%len(actions)]
			seq = append(seq, outcome(c, p.URL(), a.service, a.action))
		}
		return seq, p.Faulted()
	}
	a, faultedA := run(42)
	b, faultedB := run(42)
	other, _ := run(43)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different outcomes:\n%v\n%v", a, b)
	}
	if !maps.Equal(faultedA, faultedB) {
		t.Errorf("same seed, different Faulted: %v, %v", faultedA, faultedB)
	}
	if slices.Equal(a, other) {
		t.Errorf("seeds 42 and 43 gave the same outcomes")
	}
	kinds := map[string]int{}
	for _, o := range a {
		kinds[o]++
	}
	for _, status := range []string{"200", "400", "403", "500", "503"} {
		if kinds[status] == 0 {
			t.Errorf("no %s outcome in 200 requests: %v", status, kinds)
		}
	}
	if kinds["500"] > 5 {
		t.Errorf("%d InternalError outcomes, want at most Count 5", kinds["500"])
	}
}

func TestSetFaults(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{})
	c := newClient(t)
	if got := outcome(c, p.URL(), "iam", "ListUsers"); got != "200" {
		t.Fatalf("outcome = %s, want 200", got)
	}
	if err := p.SetFaults([]Fault{{Kind: Throttling, Rate: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := outcome(c, p.URL(), "iam", "ListUsers"); got != "400" {
		t.Errorf("outcome = %s, want 400", got)
	}
	if err := p.SetFaults([]Fault{{Kind: Throttling, Rate: 2}}); err == nil {
		t.Errorf("SetFaults accepted rate 2")
	}
	if err := p.SetFaults(nil); err != nil {
		t.Fatal(err)
	}
	if got := outcome(c, p.URL(), "iam", "ListUsers"); got != "200" {
		t.Errorf("outcome = %s, want 200", got)
	}
}

func TestStartRejectsInvalidConfig(t *testing.T) {
	tests := []struct {
		name     string
		upstream string
		cfg      Config
		want     string
	}{
		{"unparsable", "127.0.0.1:5000", Config{}, "first path segment in URL cannot contain colon"},
		{"other scheme", "ftp://127.0.0.1:5000", Config{}, "not an http(s) URL"},
		{"no host", "http://", Config{}, "not an http(s) URL"},
		{"negative latency", "http://127.0.0.1:5000", Config{Latency: -1}, "negative latency"},
		{"negative jitter", "http://127.0.0.1:5000", Config{Jitter: -1}, "negative latency"},
		{"zero kind", "http://127.0.0.1:5000", Config{Faults: []Fault{{Rate: 1}}}, "invalid kind 0"},
		{"rate above 1", "http://127.0.0.1:5000", Config{Faults: []Fault{{Kind: Throttling, Rate: 1.5}}}, "not in [0, 1]"},
		{"negative rate", "http://127.0.0.1:5000", Config{Faults: []Fault{{Kind: Throttling, Rate: -0.1}}}, "not in [0, 1]"},
		{"negative count", "http://127.0.0.1:5000", Config{Faults: []Fault{{Kind: Throttling, Count: -1}}}, "negative count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(tt.upstream, tt.cfg)
			if err == nil {
				p.Close()
				t.Fatalf("Start succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestUpstreamDown(t *testing.T) {
	up := newStub(t)
	upstream := up.URL()
	up.srv.Close()
	p := startProxy(t, upstream, Config{})
	if got := outcome(newClient(t), p.URL(), "iam", "ListUsers"); got != "502" {
		t.Errorf("outcome = %s, want 502", got)
	}
}

func TestClose(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{})
	p.Close()
	p.Close()
	if got := outcome(newClient(t), p.URL(), "iam", "ListUsers"); got != "error" {
		t.Errorf("outcome after Close = %s, want error", got)
	}
}

func TestFaultKindString(t *testing.T) {
	got := []string{}
	for k := Throttling; k <= AccessDenied+1; k++ {
		got = append(got, k.String())
	}
	want := []string{"Throttling", "InternalError", "ServiceUnavailable", "ConnectionReset", "TruncatedResponse", "AccessDenied", "FaultKind(7)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("String = %v, want %v", got, want)
	}
}
