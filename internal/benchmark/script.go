package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// The expert's bulk script (examples/benchmark/bulk-script) run as its own
// process, as a user would run it: python3 start-up, boto3's import and
// client creation, the three bulk reads and the decisions all count, exactly
// as Terraform's and the provider's start-up count in the CIS plan.

// bulkScriptPath is the script, relative to the examples directory.
var bulkScriptPath = filepath.Join("benchmark", "bulk-script", "cis_iam_bulk.py")

// scriptResult is what the script printed.
type scriptResult struct {
	Users      int                        `json:"users"`
	AccessKeys int                        `json:"access_keys"`
	ReportRows int                        `json:"report_rows"`
	Controls   map[string]json.RawMessage `json:"controls"`
}

// scriptRun is one measured run of the script.
type scriptRun struct {
	wall   time.Duration
	cpu    time.Duration // user + system CPU of python3
	maxRSS int64         // bytes
	result scriptResult
}

// runBulkScript runs the script against endpoint with only the AWS settings
// it needs in its environment.
func runBulkScript(ctx context.Context, examples, endpoint string) (scriptRun, error) {
	var res scriptRun
	script := filepath.Join(examples, bulkScriptPath)
	if _, err := os.Stat(script); err != nil {
		return res, fmt.Errorf("the bulk script: %w", err)
	}
	cmd := exec.CommandContext(ctx, "python3", script)
	cmd.Env = append(scriptEnv(),
		"AWS_ENDPOINT_URL="+endpoint,
		"AWS_REGION="+acctest.Region,
		"AWS_DEFAULT_REGION="+acctest.Region,
		"AWS_ACCESS_KEY_ID="+acctest.AccessKey,
		"AWS_SECRET_ACCESS_KEY="+acctest.SecretKey,
		"AWS_CONFIG_FILE="+os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE="+os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
	)
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res.wall = time.Since(start)
	if state := cmd.ProcessState; state != nil {
		res.cpu = state.UserTime() + state.SystemTime()
		if ru, ok := state.SysUsage().(*syscall.Rusage); ok {
			res.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}
	if err != nil {
		return res, fmt.Errorf("python3 %s: %w\n%s", bulkScriptPath, err, tail(stderr.String(), 4000))
	}
	if err := json.Unmarshal(stdout.Bytes(), &res.result); err != nil {
		return res, fmt.Errorf("python3 %s printed no JSON summary: %w\n%s", bulkScriptPath, err, tail(stdout.String(), 2000))
	}
	return res, nil
}

// scriptEnv is this process's environment without AWS settings, so that only
// the benchmark's endpoint and credentials reach boto3.
func scriptEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return env
}

// script measures one run of the bulk script and checks it saw the seeded
// account.
func (b *bench) script(ctx context.Context, m *measurement, inv Inventory) error {
	res, err := runBulkScript(ctx, b.opts.examples, b.proxy.URL())
	m.Wall, m.ScriptCPU, m.ScriptRSS = res.wall, res.cpu, res.maxRSS
	if err != nil {
		return err
	}
	r := res.result
	m.Check = fmt.Sprintf("read %d users, %d keys, %d report rows; decided %d controls; python3 CPU %ss, peak RSS %s MiB",
		r.Users, r.AccessKeys, r.ReportRows, len(r.Controls), seconds(res.cpu), mib(res.maxRSS))
	if r.Users != inv.Users || r.AccessKeys != inv.Keys || r.ReportRows != inv.Users {
		return fmt.Errorf("the bulk script read %d users, %d keys and %d report rows; seeded %d users and %d keys",
			r.Users, r.AccessKeys, r.ReportRows, inv.Users, inv.Keys)
	}
	return nil
}
