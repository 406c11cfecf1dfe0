package main

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestConcurrencyBound(t *testing.T) {
	tests := []struct {
		calls, maxConcurrency int
		latency               time.Duration
		want                  time.Duration
	}{
		{1850, 8, 50 * time.Millisecond, 17400 * time.Millisecond}, // ceil(1850/8) = 232 waves
		{8, 8, 50 * time.Millisecond, 75 * time.Millisecond},
		{9, 8, 50 * time.Millisecond, 150 * time.Millisecond},
		{0, 8, 50 * time.Millisecond, 0},
		{3, 0, 10 * time.Millisecond, 45 * time.Millisecond}, // concurrency < 1 counts as 1
	}
	for _, tt := range tests {
		if got := concurrencyBound(tt.calls, tt.maxConcurrency, tt.latency); got != tt.want {
			t.Errorf("concurrencyBound(%d, %d, %v) = %v, want %v", tt.calls, tt.maxConcurrency, tt.latency, got, tt.want)
		}
	}
}

func TestMarginalBytesPerUser(t *testing.T) {
	got := marginalBytesPerUser([]memoryPoint{{N: 1000, RSS: 60_000_000}, {N: 100, RSS: 42_000_000}, {N: 10000, RSS: 240_000_000}})
	want := []string{
		"N 100 → 1000: 20000 bytes per added user",
		"N 1000 → 10000: 20000 bytes per added user",
	}
	if !slices.Equal(got, want) {
		t.Errorf("marginalBytesPerUser = %q, want %q", got, want)
	}
}

func TestActionCell(t *testing.T) {
	tests := []struct {
		observed, modelled int
		want               string
	}{
		{0, 0, ""},
		{5, 5, "5"},
		{2, 12, "2 (12)"},
	}
	for _, tt := range tests {
		if got := actionCell(tt.observed, tt.modelled); got != tt.want {
			t.Errorf("actionCell(%d, %d) = %q, want %q", tt.observed, tt.modelled, got, tt.want)
		}
	}
}

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("1000, 100,1000")
	if err != nil || !slices.Equal(got, []int{100, 1000}) {
		t.Errorf("parseSizes = %v, %v; want [100 1000]", got, err)
	}
	for _, bad := range []string{"", "0", "-1", "10k"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) succeeded, want an error", bad)
		}
	}
}

func TestParseRuns(t *testing.T) {
	got, err := parseRuns("cis, c")
	if err != nil || !maps.Equal(got, map[string]bool{runCIS: true, runBaselineC: true}) {
		t.Errorf("parseRuns = %v, %v", got, err)
	}
	if _, err := parseRuns("cis,z"); err == nil || !strings.Contains(err.Error(), `unknown run "z"`) {
		t.Errorf("parseRuns(z) error = %v", err)
	}
}

func TestPlanOutputs(t *testing.T) {
	stdout := []byte(`data.iamaudit_access_keys.all: Reading...

Changes to Outputs:
  + access_key_count = 1234
  + mfa_device_count = 431
  + name             = "x"

You can apply this plan to save these new output values to the Terraform
state, without changing any real infrastructure.
`)
	want := map[string]int{"access_key_count": 1234, "mfa_device_count": 431}
	if got := planOutputs(stdout); !maps.Equal(got, want) {
		t.Errorf("planOutputs = %v, want %v", got, want)
	}
}

func TestTargetLines(t *testing.T) {
	s := settings{Latency: 50 * time.Millisecond, MaxConcurrency: 8}
	ms := []measurement{
		{Run: runCIS, Wall: 2 * time.Second, Modelled: map[string]int{"iam:GetAccountAuthorizationDetails": 12, "sts:GetCallerIdentity": 1}},
		{Run: runBaselineC, Wall: 1500 * time.Millisecond, Modelled: map[string]int{"iam:GetAccountAuthorizationDetails": 11, "iam:GetCredentialReport": 1}},
		{Run: runBaselineB, Wall: 50 * time.Second},
		{Run: runPerUser, Wall: 3 * time.Second, PeakInFlight: 9, Counts: map[string]int{"iam:ListAccessKeys": 80}},
	}
	got := strings.Join(targetLines(10000, ms, s), "\n")
	for _, want := range []string{
		"CIS plan calls within 2× of baseline C: yes — 13 vs 12 modelled AWS calls (1.08×)",
		"CIS plan wall time within 2× of baseline C: yes — 2.00s vs 1.50s (1.33×; terraform + provider start-up alone: not measured)",
		"CIS plan ≥ 10× faster than baseline B: yes — 2.00s vs 50.00s (25.0× faster)",
		"CIS plan at N = 10 000 under 40 IAM calls (modelled AWS paging): yes — 12 IAM calls",
		"per-user plan in flight ≤ max_concurrency (8): **no** — peak 9",
		"per-user plan within 1.5 × ceil(calls / max_concurrency) × latency: **no** — 3.00s vs bound 0.75s for 80 calls",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("targetLines lack %q; got:\n%s", want, got)
		}
	}
}
