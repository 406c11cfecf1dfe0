package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// The marginal cost: what each added user costs, without the fixed start-up
// of Terraform, the provider, python3 and boto3. Every size is compared with
// the smallest size measured (`make bench` measures N = 1 for this).

// scriptRatioTarget is the CIS plan's wall-time target against the expert's
// script: 2× up to 1 000 users, 3× from 10 000 (GAAD pages and the report
// CSV grow with users on both sides; Terraform's state grows only on ours).
func scriptRatioTarget(n int) float64 {
	if n >= 10000 {
		return 3
	}
	return 2
}

// memoryTargetPerUser is the provider's marginal peak RSS target for the
// CIS plan, bytes per user.
const memoryTargetPerUser = 20 * 1000

// sizePoint is what the marginal comparison needs of one size.
type sizePoint struct {
	N                                 int
	Plan, Script, Bulk                time.Duration // CIS plan, script (own process), baseline C (in-process)
	ProviderCPU, TerraformCPU, Python time.Duration
	PeakRSS                           int64
}

// sizePoints collects the CIS plan and the script at every size where both
// ran, by ascending N.
func sizePoints(all map[int][]measurement) []sizePoint {
	var out []sizePoint
	for n, ms := range all {
		cis, ok1 := find(ms, runCIS)
		sc, ok2 := find(ms, runScript)
		if !ok1 || !ok2 {
			continue
		}
		p := sizePoint{N: n, Plan: cis.Wall, Script: sc.Wall, ProviderCPU: cis.ProviderCPU,
			TerraformCPU: cis.TerraformCPU, Python: sc.ScriptCPU, PeakRSS: cis.PeakRSS}
		if c, ok := find(ms, runBaselineC); ok {
			p.Bulk = c.Wall
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b sizePoint) int { return a.N - b.N })
	return out
}

// marginalRow is one size compared with the smallest.
type marginalRow struct {
	N, Base                             int
	PlanDelta, ScriptDelta, BulkDelta   time.Duration
	Ratio                               float64 // PlanDelta / ScriptDelta
	TerraformCPUDelta, ProviderCPUDelta time.Duration
	RSSPerUser                          int64 // (RSS(N) − RSS(base)) / (N − base)
}

// marginalRows compares every size with the smallest one.
func marginalRows(points []sizePoint) []marginalRow {
	if len(points) < 2 {
		return nil
	}
	base := points[0]
	var out []marginalRow
	for _, p := range points[1:] {
		r := marginalRow{
			N: p.N, Base: base.N,
			PlanDelta: p.Plan - base.Plan, ScriptDelta: p.Script - base.Script, BulkDelta: p.Bulk - base.Bulk,
			TerraformCPUDelta: p.TerraformCPU - base.TerraformCPU, ProviderCPUDelta: p.ProviderCPU - base.ProviderCPU,
		}
		r.Ratio = ratio(r.PlanDelta.Seconds(), r.ScriptDelta.Seconds())
		if p.PeakRSS > 0 && base.PeakRSS > 0 {
			r.RSSPerUser = (p.PeakRSS - base.PeakRSS) / int64(p.N-base.N)
		}
		out = append(out, r)
	}
	return out
}

// writeMarginal writes the sizes side by side and the marginal comparison.
func writeMarginal(w io.Writer, all map[int][]measurement) {
	points := sizePoints(all)
	if len(points) == 0 {
		return
	}
	fmt.Fprint(w, "## CIS plan against the expert's bulk script\n\n")
	fmt.Fprintln(w, "| N | CIS plan s | script s | plan / script | target | bulk in-process s | terraform CPU s | provider CPU s | python3 CPU s | provider peak RSS MiB |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range points {
		fmt.Fprintf(w, "| %d | %s | %s | %.2f× | ≤ %.0f× | %s | %s | %s | %s | %s |\n", p.N, seconds(p.Plan), seconds(p.Script),
			ratio(p.Plan.Seconds(), p.Script.Seconds()), scriptRatioTarget(p.N), seconds(p.Bulk),
			seconds(p.TerraformCPU), seconds(p.ProviderCPU), seconds(p.Python), mib(p.PeakRSS))
	}
	fmt.Fprintln(w)
	rows := marginalRows(points)
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "Marginal cost against N = %d (the fixed start-up of terraform, the provider, python3 and boto3 removed):\n\n", rows[0].Base)
	fmt.Fprintln(w, "| N | plan(N) − plan(base) s | script(N) − script(base) s | marginal ratio | bulk in-process Δ s | terraform CPU Δ s | provider CPU Δ s | provider RSS per added user |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		rss := "—"
		if r.RSSPerUser != 0 {
			rss = fmt.Sprintf("%.1f KB (target ≤ %d KB)", float64(r.RSSPerUser)/1000, memoryTargetPerUser/1000)
		}
		marginal := fmt.Sprintf("%.2f×", r.Ratio)
		if r.ScriptDelta <= 0 {
			// The script's own growth is lost in the machine's noise.
			marginal = "n/a (script not slower than at the base: noise)"
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r.N, seconds(r.PlanDelta), seconds(r.ScriptDelta),
			marginal, seconds(r.BulkDelta), seconds(r.TerraformCPUDelta), seconds(r.ProviderCPUDelta), rss)
	}
	fmt.Fprintln(w)
}
