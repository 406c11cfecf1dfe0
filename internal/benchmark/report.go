package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Run identifiers, in the order they run for each N.
const (
	runStartup       = "startup"
	runCIS           = "cis"
	runSources       = "cis-sources"
	runCISLive       = "cis-live"
	runPerUser       = "peruser"
	runEngineCIS     = "engine-cis"
	runEngineCISLive = "engine-cis-live"
	runEnginePerUser = "engine-peruser"
	runProviderCIS   = "provider-cis"
	runScript        = "script"
	runBaselineC     = "c"
	runBaselineB     = "b"
	runBaselineA     = "a"
)

// allRuns lists every run in execution order.
// The CIS plan, the expert's script and its in-process twin run back to
// back, so that their ratio is measured under the same load.
var allRuns = []string{runStartup, runCIS, runSources, runScript, runBaselineC, runCISLive, runPerUser, runEngineCIS, runEngineCISLive, runEnginePerUser, runProviderCIS, runBaselineB, runBaselineA}

// runLabels name the runs in the report.
var runLabels = map[string]string{
	runStartup:       "provider plan: caller identity only (start-up floor)",
	runCIS:           "provider plan: CIS module",
	runSources:       "provider plan: the CIS module's data sources only (no controls)",
	runCISLive:       "provider plan: CIS module, credential_data = live",
	runPerUser:       "provider plan: access_keys + mfa_devices",
	runEngineCIS:     "engine in-process: CIS sources",
	runEngineCISLive: "engine in-process: CIS sources, live",
	runEnginePerUser: "engine in-process: access keys + MFA devices",
	runProviderCIS:   "provider in-process (no terraform): CIS data sources",
	runScript:        "expert's bulk script: python3 + boto3, own process (GAAD + report + password policy)",
	runBaselineC:     "baseline C: the bulk reads in-process (Go SDK, GAAD + report + password policy)",
	runBaselineB:     "baseline B: per-user SDK audit, concurrency 8",
	runBaselineA:     "baseline A: per-user SDK audit, sequential",
}

// runShort are column headings of the per-action table.
var runShort = map[string]string{
	runStartup:       "start-up",
	runCIS:           "CIS plan",
	runSources:       "CIS sources",
	runCISLive:       "CIS plan live",
	runPerUser:       "per-user plan",
	runEngineCIS:     "engine CIS",
	runEngineCISLive: "engine CIS live",
	runEnginePerUser: "engine per-user",
	runProviderCIS:   "provider CIS",
	runScript:        "script",
	runBaselineC:     "C",
	runBaselineB:     "B",
	runBaselineA:     "A",
}

// measurement is one run at one N.
type measurement struct {
	N            int
	Run          string
	Wall         time.Duration
	Counts       map[string]int // observed at the proxy
	Modelled     map[string]int // what AWS would need (paging model)
	PeakInFlight int
	PeakRSS      int64         // provider process VmHWM, bytes; 0 when not a provider plan
	ProviderCPU  time.Duration // provider processes' CPU time
	TerraformCPU time.Duration // terraform's own CPU time
	ScriptCPU    time.Duration // python3's CPU time (the bulk script)
	ScriptRSS    int64         // python3's peak RSS, bytes (the bulk script)
	Processes    int           // provider processes seen
	MotoCPU      time.Duration // moto's CPU time during the run
	Check        string        // what the run saw, compared with the seeded account
	Skipped      string        // why the run did not run
	Repeats      int           // how often it ran (the fastest is kept)
	Err          error
}

// settings are the fixed parameters of a benchmark run.
type settings struct {
	Latency        time.Duration
	MaxConcurrency int
	CPUs           int
	GoVersion      string
	Terraform      string
	Moto           string
	Date           time.Time
	Repeat         int
	Load           string // load averages when the benchmark started
}

// seconds formats a duration in seconds with two decimals.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.2f", d.Seconds())
}

// mib formats bytes in MiB with one decimal, or "—" for 0.
func mib(b int64) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", float64(b)/(1<<20))
}

// writeHeader writes the report title and settings.
func writeHeader(w io.Writer, s settings) {
	fmt.Fprintf(w, "# terraform-provider-iamaudit benchmark\n\n")
	fmt.Fprintf(w, "%s; %d CPUs (nproc), load average %s at the start; %s; %s; moto %s; proxy latency %s per call; provider max_concurrency %d.\n\n",
		s.Date.UTC().Format(time.RFC3339), s.CPUs, s.Load, s.GoVersion, s.Terraform, s.Moto, s.Latency, s.MaxConcurrency)
	fmt.Fprintf(w, "API calls are counted at the proxy (IAM and STS). moto ignores MaxItems and returns every list in one page, "+
		"so \"AWS calls\" models what AWS would need for the same requests: ceil(items / MaxItems) per list response "+
		"(IAM's default page size 100 when a request sets no MaxItems; GetAccountAuthorizationDetails counts users, "+
		"groups, roles and policies against one MaxItems). Peak RSS is the largest VmHWM of a "+
		"terraform-provider-iamaudit process during the plan; CPU columns are process CPU time (provider, terraform, moto). "+
		"Seeding is not timed. Every run except baselines A and B runs %d times and the fastest is shown (the machine "+
		"may be shared: see the load averages).\n\n", s.Repeat)
}

// writeTable writes the summary table of one N.
func writeTable(w io.Writer, n int, inv Inventory, ms []measurement, load string) {
	fmt.Fprintf(w, "## N = %d\n\nAccount: %s. Load average after the runs: %s.\n\n", n, inv, load)
	if len(ms) == 0 {
		return
	}
	fmt.Fprintln(w, "| run | wall s | API calls | AWS calls (modelled) | IAM AWS calls | peak in-flight | provider peak RSS MiB | RSS bytes / user | provider CPU s | terraform (python3) CPU s | moto CPU s |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, m := range ms {
		label := runLabels[m.Run]
		switch {
		case m.Skipped != "":
			fmt.Fprintf(w, "| %s | skipped: %s | | | | | | | | | |\n", label, m.Skipped)
			continue
		case m.Err != nil:
			fmt.Fprintf(w, "| %s | FAILED (see below) | | | | | | | | | |\n", label)
			continue
		}
		perUser, cpu, tfCPU := "—", "—", "—"
		if m.PeakRSS > 0 {
			perUser = fmt.Sprintf("%d", m.PeakRSS/int64(max(n, 1)))
			cpu = seconds(m.ProviderCPU)
			tfCPU = seconds(m.TerraformCPU)
		}
		if m.Run == runScript {
			tfCPU = "(" + seconds(m.ScriptCPU) + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %d | %s | %s | %s | %s | %s |\n",
			label, seconds(m.Wall), Sum(m.Counts, ""), Sum(m.Modelled, ""), Sum(m.Modelled, "iam:"),
			m.PeakInFlight, mib(m.PeakRSS), perUser, cpu, tfCPU, seconds(m.MotoCPU))
	}
	fmt.Fprintln(w)
	writeActions(w, ms)
	writeChecks(w, ms)
}

// writeActions writes the per-action call counts: observed, and the
// modelled AWS count in parentheses where it differs.
func writeActions(w io.Writer, ms []measurement) {
	var ran []measurement
	actions := map[string]bool{}
	for _, m := range ms {
		if m.Skipped != "" || m.Err != nil {
			continue
		}
		ran = append(ran, m)
		for a := range m.Counts {
			actions[a] = true
		}
	}
	if len(ran) == 0 {
		return
	}
	names := make([]string, 0, len(actions))
	for a := range actions {
		names = append(names, a)
	}
	slices.Sort(names)
	fmt.Fprint(w, "Calls per action (observed; modelled AWS calls in parentheses where they differ):\n\n| action |")
	for _, m := range ran {
		fmt.Fprintf(w, " %s |", runShort[m.Run])
	}
	fmt.Fprint(w, "\n|---|")
	for range ran {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, a := range names {
		fmt.Fprintf(w, "| %s |", a)
		for _, m := range ran {
			fmt.Fprintf(w, " %s |", actionCell(m.Counts[a], m.Modelled[a]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// actionCell formats one per-action count.
func actionCell(observed, modelled int) string {
	switch {
	case observed == 0:
		return ""
	case modelled != observed:
		return fmt.Sprintf("%d (%d)", observed, modelled)
	default:
		return fmt.Sprintf("%d", observed)
	}
}

// writeChecks writes what each run saw and the errors of failed runs.
func writeChecks(w io.Writer, ms []measurement) {
	for _, m := range ms {
		switch {
		case m.Err != nil:
			fmt.Fprintf(w, "- %s FAILED: %s\n", runLabels[m.Run], oneLine(m.Err.Error(), 600))
		case m.Check != "":
			fmt.Fprintf(w, "- %s: %s\n", runLabels[m.Run], m.Check)
		}
	}
	fmt.Fprintln(w)
}

// oneLine squeezes s onto one line of at most n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// find returns the measurement of run, if it ran.
func find(ms []measurement, run string) (measurement, bool) {
	for _, m := range ms {
		if m.Run == run && m.Skipped == "" && m.Err == nil {
			return m, true
		}
	}
	return measurement{}, false
}

// concurrencyBound is the per-user target: 1.5 × ceil(calls / maxConcurrency) × latency.
func concurrencyBound(calls, maxConcurrency int, latency time.Duration) time.Duration {
	if maxConcurrency <= 0 {
		maxConcurrency = 1
	}
	waves := (calls + maxConcurrency - 1) / maxConcurrency
	return time.Duration(1.5 * float64(waves) * float64(latency))
}

// verdict formats a target as "yes"/"no" with the figures.
func verdict(ok bool, detail string) string {
	if ok {
		return "yes — " + detail
	}
	return "**no** — " + detail
}

// ratio returns a / b, or +Inf when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return a / b
}

// targetLines evaluates the targets of the benchmark issue at one N.
func targetLines(n int, ms []measurement, s settings) []string {
	var out []string
	cis, haveCIS := find(ms, runCIS)
	if c, ok := find(ms, runBaselineC); ok && haveCIS {
		cisCalls, cCalls := Sum(cis.Modelled, ""), Sum(c.Modelled, "")
		out = append(out,
			"CIS plan calls within 2× of baseline C: "+verdict(float64(cisCalls) <= 2*float64(cCalls),
				fmt.Sprintf("%d vs %d modelled AWS calls (%.2f×)", cisCalls, cCalls, ratio(float64(cisCalls), float64(cCalls)))),
			"CIS plan wall time within 2× of baseline C: "+verdict(cis.Wall <= 2*c.Wall,
				fmt.Sprintf("%ss vs %ss (%.2f×; terraform + provider start-up alone: %s)", seconds(cis.Wall), seconds(c.Wall),
					ratio(cis.Wall.Seconds(), c.Wall.Seconds()), startupNote(ms))))
		if e, ok := find(ms, runEngineCIS); ok {
			out = append(out, fmt.Sprintf("engine in-process (no terraform) for the CIS sources vs baseline C: %ss vs %ss (%.2f×)",
				seconds(e.Wall), seconds(c.Wall), ratio(e.Wall.Seconds(), c.Wall.Seconds())))
		}
	}
	if sc, ok := find(ms, runScript); ok && haveCIS {
		limit := scriptRatioTarget(n)
		out = append(out, fmt.Sprintf("CIS plan wall time within %.0f× of the expert's bulk script (own process): ", limit)+
			verdict(cis.Wall.Seconds() <= limit*sc.Wall.Seconds(), fmt.Sprintf("%ss vs %ss (%.2f×)",
				seconds(cis.Wall), seconds(sc.Wall), ratio(cis.Wall.Seconds(), sc.Wall.Seconds()))))
	}
	if haveCIS && cis.ProviderCPU+cis.TerraformCPU > 0 {
		line := fmt.Sprintf("CIS plan CPU: terraform %ss, provider %ss (terraform's share %.0f %%)",
			seconds(cis.TerraformCPU), seconds(cis.ProviderCPU),
			100*ratio(cis.TerraformCPU.Seconds(), (cis.TerraformCPU+cis.ProviderCPU).Seconds()))
		if src, ok := find(ms, runSources); ok {
			line += fmt.Sprintf("; of terraform's, %ss read the data sources (plan of the sources alone) and %ss evaluated the controls",
				seconds(src.TerraformCPU), seconds(cis.TerraformCPU-src.TerraformCPU))
		}
		out = append(out, line)
	}
	if b, ok := find(ms, runBaselineB); ok && haveCIS {
		out = append(out, "CIS plan ≥ 10× faster than baseline B: "+verdict(10*cis.Wall <= b.Wall,
			fmt.Sprintf("%ss vs %ss (%.1f× faster)", seconds(cis.Wall), seconds(b.Wall), ratio(b.Wall.Seconds(), cis.Wall.Seconds()))))
	}
	if haveCIS && n >= 10000 {
		iamCalls := Sum(cis.Modelled, "iam:")
		out = append(out, "CIS plan at N = 10 000 under 40 IAM calls (modelled AWS paging): "+
			verdict(iamCalls < 40, fmt.Sprintf("%d IAM calls", iamCalls)))
	}
	if l, ok := find(ms, runCISLive); ok && haveCIS {
		liveCalls, reportCalls := Sum(l.Modelled, ""), Sum(cis.Modelled, "")
		calls := Sum(l.Counts, "")
		bound := concurrencyBound(calls, s.MaxConcurrency, s.Latency)
		out = append(out,
			fmt.Sprintf("CIS plan with credential_data = live: %d modelled AWS calls vs %d in report mode (%.2f more per user); %ss vs %ss",
				liveCalls, reportCalls, float64(liveCalls-reportCalls)/float64(max(n, 1)), seconds(l.Wall), seconds(cis.Wall)),
			fmt.Sprintf("live CIS plan in flight ≤ max_concurrency (%d): ", s.MaxConcurrency)+
				verdict(l.PeakInFlight <= s.MaxConcurrency, fmt.Sprintf("peak %d", l.PeakInFlight)),
			"live CIS plan within 1.5 × ceil(calls / max_concurrency) × latency: "+verdict(l.Wall <= bound,
				fmt.Sprintf("%ss vs bound %ss for %d calls", seconds(l.Wall), seconds(bound), calls)))
	}
	if p, ok := find(ms, runPerUser); ok {
		calls := Sum(p.Counts, "")
		bound := concurrencyBound(calls, s.MaxConcurrency, s.Latency)
		out = append(out,
			fmt.Sprintf("per-user plan in flight ≤ max_concurrency (%d): ", s.MaxConcurrency)+
				verdict(p.PeakInFlight <= s.MaxConcurrency, fmt.Sprintf("peak %d", p.PeakInFlight)),
			"per-user plan within 1.5 × ceil(calls / max_concurrency) × latency: "+verdict(p.Wall <= bound,
				fmt.Sprintf("%ss vs bound %ss for %d calls", seconds(p.Wall), seconds(bound), calls)))
		if e, ok := find(ms, runEnginePerUser); ok {
			ecalls := Sum(e.Counts, "")
			ebound := concurrencyBound(ecalls, s.MaxConcurrency, s.Latency)
			out = append(out, "engine in-process per-user sources within the same bound: "+verdict(e.Wall <= ebound,
				fmt.Sprintf("%ss vs bound %ss for %d calls; peak in flight %d", seconds(e.Wall), seconds(ebound), ecalls, e.PeakInFlight)))
		}
	}
	return out
}

// startupNote is the start-up floor's wall time, if measured.
func startupNote(ms []measurement) string {
	if m, ok := find(ms, runStartup); ok {
		return seconds(m.Wall) + "s"
	}
	return "not measured"
}

// writeTargets writes the target evaluation of one N.
func writeTargets(w io.Writer, n int, ms []measurement, s settings) {
	lines := targetLines(n, ms, s)
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "Targets at N = %d (figures, not assertions):\n\n", n)
	for _, l := range lines {
		fmt.Fprintf(w, "- %s\n", l)
	}
	fmt.Fprintln(w)
}

// memoryPoint is a provider plan's peak RSS at one N.
type memoryPoint struct {
	N   int
	RSS int64
}

// marginalBytesPerUser returns (RSS(b) − RSS(a)) / (N(b) − N(a)) for
// consecutive points sorted by N.
func marginalBytesPerUser(points []memoryPoint) []string {
	slices.SortFunc(points, func(a, b memoryPoint) int { return a.N - b.N })
	var out []string
	for i := 1; i < len(points); i++ {
		a, b := points[i-1], points[i]
		if b.N == a.N || a.RSS == 0 || b.RSS == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("N %d → %d: %d bytes per added user", a.N, b.N, (b.RSS-a.RSS)/int64(b.N-a.N)))
	}
	return out
}

// writeMemory writes the marginal memory per user of the provider plans.
func writeMemory(w io.Writer, all map[int][]measurement) {
	var lines []string
	for _, run := range []string{runCIS, runPerUser} {
		var points []memoryPoint
		for n, ms := range all {
			if m, ok := find(ms, run); ok && m.PeakRSS > 0 {
				points = append(points, memoryPoint{N: n, RSS: m.PeakRSS})
			}
		}
		for _, l := range marginalBytesPerUser(points) {
			lines = append(lines, runLabels[run]+", "+l)
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprint(w, "## Provider memory per user\n\nMarginal peak RSS between the measured sizes (flat memory per user means these stay level):\n\n")
	for _, l := range lines {
		fmt.Fprintf(w, "- %s\n", l)
	}
	fmt.Fprintln(w)
}
