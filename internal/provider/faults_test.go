package provider

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

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

// startIAMStub starts a faultproxy.IAMStub in front of upstream (a fault
// proxy, or moto), closed when t ends; a report age moves moto's clock for
// GetCredentialReport (the harness wrapper's clock header).
func startIAMStub(t testing.TB, upstream string, opts faultproxy.StubOptions) *faultproxy.IAMStub {
	t.Helper()
	if opts.ReportAge > 0 {
		opts.ClockHeader = acctest.TimeOffsetHeader
	}
	stub, err := faultproxy.StartIAMStub(upstream, opts)
	if err != nil {
		t.Fatalf("starting the IAM stub: %v", err)
	}
	t.Cleanup(stub.Close)
	return stub
}
