// Command benchmark is `make bench`: it measures this provider against the
// SDK audits users would otherwise write, at N = 100 and 1 000 IAM users (10
// 000 on request), and prints a markdown table it also writes to a file.
// With -org it also audits whole AWS Organizations in one plan (see
// organization.go).
//
// It starts moto on a free 127.0.0.1 port, a pass-through tap that models
// AWS paging (moto ignores MaxItems) and, in front of both, the fault proxy
// with a fixed latency per call (50 ms, an AWS round trip). For each N it
// seeds moto with a realistic account (not timed), then measures through the
// proxy: `terraform plan` of the CIS IAM module and of the per-user data
// sources with the provider installed from the filesystem mirror, the
// collection engine in-process (optionally under pprof), and three
// baselines — a sequential per-user SDK audit (A), the same with
// concurrency 8 (B) and an expert's bulk script (C). Every server it starts
// is stopped before it exits.
//
//	go run ./internal/benchmark -cli-config build/terraformrc -n 100,1000 -out build/bench-results.md
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// options are the command-line flags.
type options struct {
	sizes           []int
	latency         time.Duration
	maxConcurrency  int
	out             string
	cliConfig       string
	examples        string
	runs            map[string]bool
	sequentialMax   int
	concurrentMax   int
	seedConcurrency int
	profileDir      string
	timeout         time.Duration
	verbose         bool
	tfLog           string
	hold            bool
	repeat          int
	orgShapes       []orgShape
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchmark: %v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	err = run(ctx, opts, os.Stdout)
	cancel()
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchmark: %v\n", err)
		os.Exit(1)
	}
}

// parseFlags parses the command line.
func parseFlags(args []string) (options, error) {
	var opts options
	fs := flag.NewFlagSet("benchmark", flag.ContinueOnError)
	sizes := fs.String("n", "1,100,1000", "comma-separated numbers of IAM users to seed and measure (ascending; 10000 is opt-in; the smallest is the base of the marginal cost)")
	runs := fs.String("runs", strings.Join(allRuns, ","), "comma-separated runs (or none): "+strings.Join(allRuns, ", "))
	fs.DurationVar(&opts.latency, "latency", faultproxy.DefaultLatency, "latency the proxy adds to every call")
	fs.IntVar(&opts.maxConcurrency, "max-concurrency", 8, "the provider's max_concurrency, and baseline B's concurrency")
	fs.StringVar(&opts.out, "out", "build/bench-results.md", "markdown file the results are written to")
	fs.StringVar(&opts.cliConfig, "cli-config", "build/terraformrc", "Terraform CLI configuration that installs the provider from the filesystem mirror (`make install` writes it)")
	fs.StringVar(&opts.examples, "examples", "examples", "the examples directory (benchmark configurations and modules)")
	fs.IntVar(&opts.sequentialMax, "sequential-max", 1000, "run baseline A (sequential, ~8 calls per user) only up to this N")
	fs.IntVar(&opts.concurrentMax, "concurrent-max", 10000, "run baseline B only up to this N")
	fs.IntVar(&opts.seedConcurrency, "seed-concurrency", 8, "concurrent SDK calls while seeding moto")
	fs.IntVar(&opts.repeat, "repeat", 3, "repeat every run but baselines A and B this many times and keep the fastest (the machine may be shared)")
	fs.StringVar(&opts.profileDir, "profile-dir", "", "write pprof CPU and heap profiles of the in-process engine runs into this directory")
	fs.DurationVar(&opts.timeout, "timeout", 3*time.Hour, "bound on the whole benchmark")
	fs.BoolVar(&opts.verbose, "v", false, "print terraform's output")
	fs.BoolVar(&opts.hold, "hold", false, "after the last size, keep moto and the proxy running until interrupted (for profiling by hand)")
	org := fs.String("org", "", "opt-in: organizations to audit in one plan, as <accounts>x<users per account>, comma-separated (e.g. 50x100,200x20): "+
		"one provider configuration with member_role versus one provider alias per account, side by side")
	fs.StringVar(&opts.tfLog, "tf-log", "", "run terraform with this TF_LOG level, logging to <workdir>/<config>.tf.log (kept with -v)")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	var err error
	if opts.sizes, err = parseSizes(*sizes); err != nil {
		return opts, err
	}
	if opts.runs, err = parseRuns(*runs); err != nil {
		return opts, err
	}
	if opts.orgShapes, err = parseOrgShapes(*org); err != nil {
		return opts, err
	}
	if opts.maxConcurrency < 1 || opts.seedConcurrency < 1 || opts.repeat < 1 {
		return opts, errors.New("-max-concurrency, -seed-concurrency and -repeat must be at least 1")
	}
	return opts, nil
}

// parseSizes parses "100,1000" into ascending, distinct positive sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-n: %q is not a positive number of users", f)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// parseRuns parses the -runs list.
func parseRuns(s string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "none" {
			continue
		}
		if !slices.Contains(allRuns, f) {
			return nil, fmt.Errorf("-runs: unknown run %q (want some of %s)", f, strings.Join(allRuns, ", "))
		}
		out[f] = true
	}
	return out, nil
}

// bench is one benchmark session: moto, the tap, the proxy and what uses them.
type bench struct {
	opts  options
	srv   *acctest.Server
	tap   *tap
	proxy *faultproxy.Proxy
	ws    *workspace
	log   io.Writer
}

// run is the whole benchmark; every server is stopped before it returns.
func run(ctx context.Context, opts options, stdout io.Writer) error {
	b := &bench{opts: opts, log: os.Stderr}
	b.logf("starting moto on 127.0.0.1 ...")
	srv, err := acctest.Start(ctx, acctest.Options{})
	if err != nil {
		return fmt.Errorf("starting moto: %w", err)
	}
	defer srv.Stop()
	b.srv = srv
	if b.tap, err = startTap(srv.Endpoint()); err != nil {
		return err
	}
	defer b.tap.Close()
	if b.proxy, err = faultproxy.Start(b.tap.URL(), faultproxy.Config{Latency: opts.latency}); err != nil {
		return err
	}
	defer b.proxy.Close()
	b.logf("moto %s, proxy %s (latency %s)", srv.Endpoint(), b.proxy.URL(), opts.latency)

	if opts.runs[runStartup] || opts.runs[runCIS] || opts.runs[runSources] || opts.runs[runCISLive] || opts.runs[runPerUser] || len(opts.orgShapes) > 0 {
		if b.ws, err = newWorkspace(opts.examples, opts.cliConfig, b.providerHCL(), opts.verbose, opts.tfLog); err != nil {
			return err
		}
		defer b.ws.cleanup()
		b.logf("terraform init (provider from the mirror of %s) ...", opts.cliConfig)
		if err := b.ws.init(ctx); err != nil {
			return err
		}
	}

	s := settings{
		Repeat: opts.repeat, Load: loadAverage(),
		Latency: opts.latency, MaxConcurrency: opts.maxConcurrency, CPUs: runtime.NumCPU(),
		GoVersion: runtime.Version(), Terraform: commandLine(ctx, "terraform", "version"),
		Moto: commandLine(ctx, "python3", "-c", "import moto; print(moto.__version__)"), Date: time.Now(),
	}
	var report strings.Builder
	writeHeader(&report, s)
	all := map[int][]measurement{}
	seed := newSeeder(srv, opts.seedConcurrency)
	for _, n := range opts.sizes {
		start := time.Now()
		b.logf("seeding moto up to %d users ...", n)
		if err := seed.growTo(ctx, n); err != nil {
			return fmt.Errorf("seeding %d users: %w", n, err)
		}
		b.logf("seeded %s in %s", seed.inv, time.Since(start).Round(time.Second))
		ms := b.measureAll(ctx, n, seed.inv)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		all[n] = ms
		var section strings.Builder
		writeTable(&section, n, seed.inv, ms, loadAverage())
		writeTargets(&section, n, ms, s)
		fmt.Fprint(stdout, section.String())
		report.WriteString(section.String())
	}
	var mem strings.Builder
	writeMemory(&mem, all)
	writeMarginal(&mem, all)
	fmt.Fprint(stdout, mem.String())
	report.WriteString(mem.String())
	if err := b.runOrganizations(ctx, opts.orgShapes, &report); err != nil {
		return err
	}
	if err := writeFile(opts.out, report.String()); err != nil {
		return err
	}
	if opts.hold {
		b.logf("holding: moto %s, proxy %s; provider override:\n%sinterrupt to stop", srv.Endpoint(), b.proxy.URL(), b.providerHCL())
		<-ctx.Done()
	}
	return nil
}

// providerHCL is the provider override: moto's account through the proxy.
func (b *bench) providerHCL() string {
	return "provider \"iamaudit\" {\n" + providerArgs(b.proxy.URL(), b.opts.maxConcurrency) + "}\n"
}

// measureAll runs every selected run at size n.
func (b *bench) measureAll(ctx context.Context, n int, inv Inventory) []measurement {
	var ms []measurement
	for _, r := range allRuns {
		if !b.opts.runs[r] || ctx.Err() != nil {
			continue
		}
		m := measurement{N: n, Run: r}
		switch {
		case r == runBaselineA && n > b.opts.sequentialMax:
			m.Skipped = fmt.Sprintf("N > %d (-sequential-max)", b.opts.sequentialMax)
		case r == runBaselineB && n > b.opts.concurrentMax:
			m.Skipped = fmt.Sprintf("N > %d (-concurrent-max)", b.opts.concurrentMax)
		default:
			b.logf("N=%d: %s ...", n, runLabels[r])
			m = b.best(ctx, m, inv)
			if m.Err != nil {
				b.logf("N=%d: %s FAILED: %v", n, runLabels[r], m.Err)
			} else {
				b.logf("N=%d: %s: %ss, %d calls", n, runLabels[r], seconds(m.Wall), Sum(m.Counts, ""))
			}
		}
		ms = append(ms, m)
	}
	return ms
}

// best measures a run -repeat times (baselines A and B once: they are long
// and bound by latency) and returns the fastest measurement, or the first
// failure.
func (b *bench) best(ctx context.Context, m measurement, inv Inventory) measurement {
	reps := b.opts.repeat
	if m.Run == runBaselineA || m.Run == runBaselineB {
		reps = 1
	}
	var best measurement
	for i := range reps {
		try := m
		b.measure(ctx, &try, inv)
		if try.Err != nil {
			return try
		}
		if i == 0 || try.Wall < best.Wall {
			best = try
		}
		best.Repeats = i + 1
	}
	return best
}

// measure runs one run with fresh proxy and tap counters.
func (b *bench) measure(ctx context.Context, m *measurement, inv Inventory) {
	var body func() error
	switch m.Run {
	case runStartup, runCIS, runSources, runCISLive, runPerUser:
		body = func() error { return b.plan(ctx, m, inv) }
	case runEngineCIS, runEngineCISLive, runEnginePerUser:
		client, err := engineClient(ctx, b.proxy.URL())
		if err != nil {
			m.Err = err
			return
		}
		body = func() error {
			return profiled(b.opts.profileDir, fmt.Sprintf("%s-%d", m.Run, m.N), func() error { return b.engine(ctx, m, client, inv) })
		}
	case runProviderCIS:
		body = func() error {
			return profiled(b.opts.profileDir, fmt.Sprintf("%s-%d", m.Run, m.N), func() error {
				sum, err := providerCIS(ctx, b.proxy.URL(), b.opts.maxConcurrency)
				m.Wall = sum.wall
				if err == nil {
					m.Check = sum.String()
				}
				return err
			})
		}
	case runBaselineA, runBaselineB, runBaselineC:
		body = func() error { return b.baseline(ctx, m, inv) }
	case runScript:
		body = func() error { return b.script(ctx, m, inv) }
	}
	b.proxy.Reset()
	b.tap.Reset()
	motoBefore, _ := processCPU(b.srv.PID())
	start := time.Now()
	err := body()
	if m.Wall == 0 {
		m.Wall = time.Since(start)
	}
	motoAfter, _ := processCPU(b.srv.PID())
	m.MotoCPU = motoAfter - motoBefore
	m.Counts = b.proxy.Counts()
	m.PeakInFlight = b.proxy.PeakInFlight()
	pages, tapErr := b.tap.Pages()
	m.Modelled = ModelCounts(m.Counts, pages)
	m.Err = errors.Join(err, tapErr)
}

// plan measures one terraform plan and checks what it read.
func (b *bench) plan(ctx context.Context, m *measurement, inv Inventory) error {
	config := map[string]string{runStartup: configStartup, runCIS: configCIS, runSources: configSources, runCISLive: configCISLive, runPerUser: configPerUser}[m.Run]
	res, err := b.ws.plan(ctx, config)
	m.Wall, m.PeakRSS, m.ProviderCPU, m.Processes, m.TerraformCPU = res.wall, res.peakRSS, res.cpu, res.processes, res.terraform
	if err != nil {
		return err
	}
	m.Check = fmt.Sprintf("%d provider process(es); outputs %v", res.processes, res.outputs)
	if m.Run == runSources && res.outputs["user_count"] != inv.Users {
		return fmt.Errorf("the CIS sources plan read %d users, seeded %d", res.outputs["user_count"], inv.Users)
	}
	if m.Run == runPerUser {
		wantKeys, wantMFA := inv.Keys, inv.VirtualMFA+inv.HardwareMFA+1 // + root's virtual device
		if res.outputs["access_key_count"] != wantKeys || res.outputs["mfa_device_count"] != wantMFA {
			return fmt.Errorf("per-user plan read %d keys and %d MFA devices, seeded %d and %d",
				res.outputs["access_key_count"], res.outputs["mfa_device_count"], wantKeys, wantMFA)
		}
	}
	return nil
}

// engine measures one in-process engine run.
func (b *bench) engine(ctx context.Context, m *measurement, client *awsclient.Client, inv Inventory) error {
	var sum engineSummary
	var err error
	switch m.Run {
	case runEngineCIS:
		sum, err = engineCIS(ctx, client, b.opts.maxConcurrency, iamcollect.CredentialDataReport)
	case runEngineCISLive:
		sum, err = engineCIS(ctx, client, b.opts.maxConcurrency, iamcollect.CredentialDataLive)
	default:
		sum, err = enginePerUser(ctx, client, b.opts.maxConcurrency)
	}
	if err != nil {
		return err
	}
	m.Check = fmt.Sprintf("allocated %.1f MiB (%d bytes per user), live heap after %.1f MiB",
		float64(sum.heapAlloc)/(1<<20), sum.heapAlloc/uint64(max(inv.Users, 1)), float64(sum.heapLive)/(1<<20))
	if (m.Run == runEngineCIS || m.Run == runEngineCISLive) && sum.users != inv.Users {
		return fmt.Errorf("engine read %d users, seeded %d", sum.users, inv.Users)
	}
	if m.Run == runEnginePerUser && (sum.keys != inv.Keys || sum.mfaDevices != inv.VirtualMFA+inv.HardwareMFA+1) {
		return fmt.Errorf("engine read %d keys and %d MFA devices, seeded %d and %d",
			sum.keys, sum.mfaDevices, inv.Keys, inv.VirtualMFA+inv.HardwareMFA+1)
	}
	return nil
}

// baseline measures one SDK baseline.
func (b *bench) baseline(ctx context.Context, m *measurement, inv Inventory) error {
	client := baselineClient(b.proxy.URL())
	var (
		sum auditSummary
		err error
	)
	switch m.Run {
	case runBaselineA:
		sum, err = perUserAudit(ctx, client, 1)
	case runBaselineB:
		sum, err = perUserAudit(ctx, client, b.opts.maxConcurrency)
	default:
		sum, err = bulkAudit(ctx, client)
	}
	if err != nil {
		return err
	}
	m.Check = "read " + sum.String()
	if sum.Users != inv.Users || sum.Keys != inv.Keys {
		return fmt.Errorf("read %s; seeded %d users and %d keys", sum, inv.Users, inv.Keys)
	}
	return nil
}

// logf prints progress to standard error.
func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "benchmark: "+format+"\n", args...)
}

// loadAverage returns the 1, 5 and 15 minute load averages, or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// commandLine returns the first line of a command's output, or "unknown".
func commandLine(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return name + " unknown"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// writeFile writes the report, creating its directory.
func writeFile(path, content string) error {
	if path == "" {
		return nil
	}
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		if err := os.MkdirAll(path[:i], 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", path[:i], err)
		}
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
