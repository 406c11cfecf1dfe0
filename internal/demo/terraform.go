package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/tfworkdir"
)

// overrideFile is the provider override the demo adds to its copy of the
// configuration: moto's endpoint and the static test credentials.
const overrideFile = "moto_override.tf"

// workspace is a temporary copy of the demo configuration and the modules
// it uses (the sibling "modules" directory), so that the run leaves no
// .terraform directory, lock file or plan behind in the repository.
type workspace struct {
	root      string // temporary directory
	dir       string // the copy of the demo configuration
	cliConfig string
	terraform string
	verbose   bool
	keep      bool
}

// newWorkspace copies opts.dir to <tmp>/demo and its sibling modules
// directory to <tmp>/modules, and writes the provider override into the copy.
func newWorkspace(opts options, providerHCL string) (*workspace, error) {
	terraform, err := acctest.TerraformPath()
	if err != nil {
		return nil, err
	}
	cliConfig, err := filepath.Abs(opts.cliConfig)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", opts.cliConfig, err)
	}
	src, err := filepath.Abs(opts.dir)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", opts.dir, err)
	}
	root, err := os.MkdirTemp("", "iamaudit-demo-")
	if err != nil {
		return nil, fmt.Errorf("creating the demo working directory: %w", err)
	}
	w := &workspace{
		root:      root,
		dir:       filepath.Join(root, filepath.Base(src)),
		cliConfig: cliConfig,
		terraform: terraform,
		verbose:   opts.verbose,
		keep:      opts.keep,
	}
	if err := tfworkdir.CopyConfig(src, w.dir); err != nil {
		w.cleanup()
		return nil, err
	}
	modules := filepath.Join(filepath.Dir(src), "modules")
	if _, err := os.Stat(modules); err == nil {
		if err := tfworkdir.CopyConfig(modules, filepath.Join(root, "modules")); err != nil {
			w.cleanup()
			return nil, err
		}
	}
	override := "# Written by `make demo`: point the provider at the local moto server.\n" + providerHCL
	if err := os.WriteFile(filepath.Join(w.dir, overrideFile), []byte(override), 0o600); err != nil {
		w.cleanup()
		return nil, fmt.Errorf("writing the provider override: %w", err)
	}
	return w, nil
}

// cleanup removes the working directory unless -keep was given.
func (w *workspace) cleanup() {
	if w.keep {
		fmt.Fprintln(os.Stderr, "demo: kept the working directory", w.dir)
		return
	}
	_ = os.RemoveAll(w.root)
}

// plan runs terraform init, plan -out and show -json, and returns the plan's
// results output and failed checks.
func (w *workspace) plan(ctx context.Context) (*report, error) {
	if _, err := w.run(ctx, "init", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	planFile := filepath.Join(w.root, "demo.tfplan")
	if _, err := w.run(ctx, "plan", "-input=false", "-no-color", "-lock=false", "-out="+planFile); err != nil {
		return nil, err
	}
	out, err := w.run(ctx, "show", "-json", "-no-color", planFile)
	if err != nil {
		return nil, err
	}
	return parsePlan(out)
}

// run runs one terraform command in the working directory with the demo's
// CLI configuration, returning its standard output. Its combined output is
// shown when it fails (or always with -v).
func (w *workspace) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, w.terraform, args...) //nolint:gosec // the terraform on PATH with fixed arguments
	cmd.Dir = w.dir
	cmd.Env = tfworkdir.Env(w.cliConfig)
	var stdout, combined bytes.Buffer
	if w.verbose && args[0] != "show" {
		cmd.Stdout = io.MultiWriter(&stdout, os.Stdout)
		cmd.Stderr = os.Stderr
	} else {
		cmd.Stdout = io.MultiWriter(&stdout, &combined)
		cmd.Stderr = &combined
	}
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("terraform %s: %w\n%s", args[0], err, combined.String())
	}
	return stdout.Bytes(), nil
}

// report is what the demo prints: the standard, the module's results and
// the messages of the check blocks that failed.
type report struct {
	Standard struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	Results  map[string]result
	Failures []string
	Excluded struct {
		Users []string `json:"users"`
		Roles []string `json:"roles"`
	}
}

// result is one recommendation of the module's results output.
type result struct {
	Title     string                     `json:"title"`
	Status    string                     `json:"status"`
	Offenders []string                   `json:"offenders"`
	Reason    string                     `json:"reason"`
	Crosswalk map[string][]crosswalkItem `json:"crosswalk"`
}

// crosswalkItem is one recommendation of another standard that a result maps to.
type crosswalkItem struct {
	ID       string `json:"id"`
	Relation string `json:"relation"`
}

// planJSON is the part of `terraform show -json <plan>` the demo reads.
type planJSON struct {
	PlannedValues struct {
		Outputs map[string]struct {
			Value json.RawMessage `json:"value"`
		} `json:"outputs"`
	} `json:"planned_values"`
	Checks []struct {
		Status    string `json:"status"`
		Instances []struct {
			Problems []struct {
				Message string `json:"message"`
			} `json:"problems"`
		} `json:"instances"`
	} `json:"checks"`
}

// parsePlan reads the results output and the failed checks' messages.
func parsePlan(data []byte) (*report, error) {
	var plan planJSON
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, fmt.Errorf("parsing terraform show -json: %w", err)
	}
	out, ok := plan.PlannedValues.Outputs["results"]
	if !ok || len(out.Value) == 0 {
		return nil, fmt.Errorf("the plan has no known value for output \"results\"")
	}
	rep := &report{}
	if err := json.Unmarshal(out.Value, &rep.Results); err != nil {
		return nil, fmt.Errorf("parsing output \"results\": %w", err)
	}
	if st, ok := plan.PlannedValues.Outputs["standard"]; ok && len(st.Value) > 0 {
		if err := json.Unmarshal(st.Value, &rep.Standard); err != nil {
			return nil, fmt.Errorf("parsing output \"standard\": %w", err)
		}
	}
	if ex, ok := plan.PlannedValues.Outputs["excluded"]; ok && len(ex.Value) > 0 {
		if err := json.Unmarshal(ex.Value, &rep.Excluded); err != nil {
			return nil, fmt.Errorf("parsing output \"excluded\": %w", err)
		}
	}
	for _, c := range plan.Checks {
		if c.Status != "fail" {
			continue
		}
		for _, inst := range c.Instances {
			for _, p := range inst.Problems {
				rep.Failures = append(rep.Failures, p.Message)
			}
		}
	}
	return rep, nil
}
