package main

import (
	"math"
	"testing"
	"time"
)

func TestMarginalRows(t *testing.T) {
	all := map[int][]measurement{
		1000: {
			{N: 1000, Run: runCIS, Wall: 5 * time.Second, TerraformCPU: 4 * time.Second, ProviderCPU: 1300 * time.Millisecond, PeakRSS: 88_000_000},
			{N: 1000, Run: runScript, Wall: 2 * time.Second},
			{N: 1000, Run: runBaselineC, Wall: 500 * time.Millisecond},
		},
		1: {
			{N: 1, Run: runCIS, Wall: 2 * time.Second, TerraformCPU: 1900 * time.Millisecond, ProviderCPU: 400 * time.Millisecond, PeakRSS: 41_000_000},
			{N: 1, Run: runScript, Wall: 1500 * time.Millisecond},
			{N: 1, Run: runBaselineC, Wall: 100 * time.Millisecond},
		},
		100: {{N: 100, Run: runCIS, Wall: 3 * time.Second}}, // no script: not a point
	}
	points := sizePoints(all)
	if len(points) != 2 || points[0].N != 1 || points[1].N != 1000 {
		t.Fatalf("sizePoints = %+v, want N = 1 and 1000", points)
	}
	rows := marginalRows(points)
	if len(rows) != 1 {
		t.Fatalf("marginalRows = %+v, want one row", rows)
	}
	r := rows[0]
	if r.Base != 1 || r.PlanDelta != 3*time.Second || r.ScriptDelta != 500*time.Millisecond || r.BulkDelta != 400*time.Millisecond {
		t.Errorf("row = %+v", r)
	}
	if math.Abs(r.Ratio-6) > 1e-9 {
		t.Errorf("ratio = %v, want 6", r.Ratio)
	}
	if r.TerraformCPUDelta != 2100*time.Millisecond || r.ProviderCPUDelta != 900*time.Millisecond {
		t.Errorf("CPU deltas = %v, %v", r.TerraformCPUDelta, r.ProviderCPUDelta)
	}
	if r.RSSPerUser != 47_047 { // (88 000 000 − 41 000 000) / 999
		t.Errorf("RSS per user = %d, want 47047", r.RSSPerUser)
	}
}

func TestScriptRatioTarget(t *testing.T) {
	for n, want := range map[int]float64{1: 2, 1000: 2, 9999: 2, 10000: 3, 50000: 3} {
		if got := scriptRatioTarget(n); got != want {
			t.Errorf("scriptRatioTarget(%d) = %v, want %v", n, got, want)
		}
	}
}
