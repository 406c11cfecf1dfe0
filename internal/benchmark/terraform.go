package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/tfworkdir"
)

// Terraform configurations the benchmark plans, under examples/benchmark.
const (
	configCIS     = "cis"         // the CIS IAM module
	configSources = "cis-sources" // the CIS IAM module's data sources, no controls
	configCISLive = "cis-live"    // the CIS IAM module with credential_data = "live"
	configPerUser = "per-user"    // iamaudit_access_keys and iamaudit_mfa_devices
	configStartup = "startup"     // iamaudit_caller_identity only: terraform and provider start-up
)

// configs are every benchmark configuration.
var configs = []string{configCIS, configSources, configCISLive, configPerUser, configStartup}

// overrideFile is the provider override the benchmark adds to each copy.
const overrideFile = "bench_override.tf"

// workspace is a temporary copy of examples/benchmark and examples/modules,
// so runs leave no .terraform directory or lock file in the repository.
type workspace struct {
	root      string
	cliConfig string
	terraform string
	verbose   bool
	tfLog     string
	// env is added to terraform's environment.
	env []string
	// planArgs are added to terraform plan's arguments.
	planArgs []string
}

// newWorkspace copies <examples>/benchmark and <examples>/modules into a
// temporary directory and writes providerHCL as an override into every
// benchmark configuration.
func newWorkspace(examples, cliConfig, providerHCL string, verbose bool, tfLog string) (*workspace, error) {
	terraform, err := acctest.TerraformPath()
	if err != nil {
		return nil, err
	}
	cliConfig, err = filepath.Abs(cliConfig)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", cliConfig, err)
	}
	if _, err := os.Stat(cliConfig); err != nil {
		return nil, fmt.Errorf("CLI configuration %s: %w (run `make install` first)", cliConfig, err)
	}
	root, err := os.MkdirTemp("", "iamaudit-bench-")
	if err != nil {
		return nil, fmt.Errorf("creating the benchmark working directory: %w", err)
	}
	w := &workspace{root: root, cliConfig: cliConfig, terraform: terraform, verbose: verbose, tfLog: tfLog}
	for _, dir := range []string{"benchmark", "modules"} {
		if err := tfworkdir.CopyConfig(filepath.Join(examples, dir), filepath.Join(root, dir)); err != nil {
			w.cleanup()
			return nil, err
		}
	}
	override := "# Written by the benchmark: the provider talks to moto through the proxy.\n" + providerHCL
	for _, name := range configs {
		if err := os.WriteFile(filepath.Join(w.dir(name), overrideFile), []byte(override), 0o600); err != nil {
			w.cleanup()
			return nil, fmt.Errorf("writing the provider override: %w", err)
		}
	}
	return w, nil
}

// dir is the copy of one benchmark configuration.
func (w *workspace) dir(config string) string {
	return filepath.Join(w.root, "benchmark", config)
}

// cleanup removes the working directory, unless terraform logs were asked
// for with -v.
func (w *workspace) cleanup() {
	if w.tfLog != "" && w.verbose {
		fmt.Fprintln(os.Stderr, "benchmark: kept the working directory and terraform logs in", w.root)
		return
	}
	_ = os.RemoveAll(w.root)
}

// init runs terraform init in every benchmark configuration.
func (w *workspace) init(ctx context.Context) error {
	for _, config := range configs {
		if _, _, err := w.run(ctx, config, nil, "init", "-input=false", "-no-color"); err != nil {
			return err
		}
	}
	return nil
}

// planResult is one measured terraform plan.
type planResult struct {
	wall       time.Duration
	peakRSS    int64 // largest VmHWM of a provider process, bytes
	sumRSS     int64 // summed VmHWM of the provider processes, bytes
	cpu        time.Duration
	processes  int
	terraform  time.Duration  // CPU time of the terraform process itself
	outputs    map[string]int // numeric outputs printed by the plan
	stdoutTail string
}

// plan runs terraform plan in config, sampling the provider processes.
func (w *workspace) plan(ctx context.Context, config string) (planResult, error) {
	var res planResult
	var sampler *providerSampler
	start := time.Now()
	out, state, err := w.run(ctx, config, func(pid int) { sampler = sampleProviders(pid, 10*time.Millisecond) },
		append([]string{"plan", "-input=false", "-no-color", "-lock=false"}, w.planArgs...)...)
	res.wall = time.Since(start)
	if sampler != nil {
		res.peakRSS, res.cpu, res.processes = sampler.Stop()
		res.sumRSS = sampler.SumPeakRSS()
	}
	if state != nil {
		res.terraform = ownCPU(state.UserTime()+state.SystemTime(), res.cpu)
	}
	if err != nil {
		return res, err
	}
	res.outputs = planOutputs(out)
	res.stdoutTail = tail(string(out), 2000)
	return res, nil
}

// ownCPU is terraform's own CPU time: the rusage wait4 reports for it also
// counts the children it waited for, the provider processes, whose CPU the
// sampler measured.
func ownCPU(withChildren, providers time.Duration) time.Duration {
	return max(withChildren-providers, 0)
}

// run runs one terraform command in a configuration with the benchmark's
// CLI configuration; started, when set, gets terraform's PID. It returns
// standard output and the process state; the combined output is part of
// the error.
func (w *workspace) run(ctx context.Context, config string, started func(pid int), args ...string) ([]byte, *os.ProcessState, error) {
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.dir(config)
	cmd.Env = tfworkdir.Env(w.cliConfig)
	if w.tfLog != "" {
		cmd.Env = append(cmd.Env, "TF_LOG="+w.tfLog, "TF_LOG_PATH="+filepath.Join(w.root, config+".tf.log"))
	}
	cmd.Env = append(cmd.Env, w.env...)
	cmd.WaitDelay = 10 * time.Second
	var stdout, combined bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &combined
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("terraform %s (%s): %w", args[0], config, err)
	}
	if started != nil {
		started(cmd.Process.Pid)
	}
	err := cmd.Wait()
	if w.verbose {
		fmt.Fprintf(os.Stderr, "--- terraform %s (%s)\n%s%s", args[0], config, stdout.String(), combined.String())
	}
	if err != nil {
		return nil, cmd.ProcessState, fmt.Errorf("terraform %s (%s): %w\n%s\n%s", args[0], config, err, tail(stdout.String(), 4000), tail(combined.String(), 4000))
	}
	return stdout.Bytes(), cmd.ProcessState, nil
}

// outputLine matches "  + name = 123" in the plan's "Changes to Outputs".
var outputLine = regexp.MustCompile(`(?m)^\s*\+\s+([a-z_]+)\s+=\s+(\d+)\s*$`)

// planOutputs returns the numeric outputs a plan prints.
func planOutputs(stdout []byte) map[string]int {
	out := map[string]int{}
	for _, m := range outputLine.FindAllSubmatch(stdout, -1) {
		if n, err := strconv.Atoi(string(m[2])); err == nil {
			out[string(m[1])] = n
		}
	}
	return out
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
