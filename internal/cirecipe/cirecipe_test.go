package cirecipe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current outputs (review the diff)")

// recipeDir is examples/ci, relative to this package.
const recipeDir = "../../examples/ci"

// fakeTerraform stands in for terraform: init succeeds, plan writes its -out
// file (or fails as a denied read does when FAKE_PLAN_EXIT is not 0), and
// show -json prints the fixture plan FAKE_PLAN_JSON. Every call's arguments
// are appended to FAKE_TERRAFORM_LOG.
const fakeTerraform = `#!/usr/bin/env bash
set -eu
printf '%s\n' "$*" >>"$FAKE_TERRAFORM_LOG"
out=""
for a in "$@"; do case "$a" in -out=*) out="${a#-out=}" ;; esac; done
case " $* " in
  *" init "*) echo "Terraform has been successfully initialized!" ;;
  *" plan "*)
    if [ "${FAKE_PLAN_EXIT:-0}" != 0 ]; then
      echo "Error: reading IAM users: iam:GetAccountAuthorizationDetails was denied" >&2
      exit "$FAKE_PLAN_EXIT"
    fi
    echo "Warning: Check block assertion failed"
    : >"$out" ;;
  *" show "*) cat "$FAKE_PLAN_JSON" ;;
  *) echo "fake terraform: unexpected arguments: $*" >&2; exit 3 ;;
esac
`

// requireTools fails (never skips) when the recipe's tools are missing: CI
// must run these tests.
func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required to test the CI recipe (examples/ci): install it", tool)
		}
	}
}

type run struct {
	exitCode int
	stdout   string
	stderr   string
	reports  string // the reports directory
	log      string // the stand-in terraform's calls
}

// runScript runs iam-audit.sh on fixture (testdata/<fixture>.plan.json)
// with args, in a fresh directory with the stand-in terraform first on PATH.
func runScript(t *testing.T, fixture string, env map[string]string, args ...string) run {
	t.Helper()
	requireTools(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(fakeTerraform), 0o755); err != nil {
		t.Fatal(err)
	}
	planJSON, err := filepath.Abs(filepath.Join("testdata", fixture+".plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(recipeDir, "iam-audit.sh"))
	if err != nil {
		t.Fatal(err)
	}
	r := run{reports: filepath.Join(tmp, "reports"), log: filepath.Join(tmp, "terraform.log")}
	cmd := exec.Command("bash", append([]string{script, "--chdir", "audit", "--reports", r.reports}, args...)...)
	cmd.Dir = tmp
	cmd.Env = []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + tmp,
		"FAKE_PLAN_JSON=" + planJSON,
		"FAKE_TERRAFORM_LOG=" + r.log,
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	r.execute(t, cmd)
	return r
}

// execute runs a recipe script, recording its output and exit code in r;
// only a failure to start the script fails the test.
func (r *run) execute(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.exitCode = exitErr.ExitCode()
	default:
		t.Fatalf("running %s: %v", filepath.Base(cmd.Args[1]), err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
}

// golden compares got with testdata/golden/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it, then review it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIAMAudit runs the script on each fixture and compares exit code,
// standard output and every report with the golden files.
func TestIAMAudit(t *testing.T) {
	cases := []struct {
		name     string
		fixture  string
		args     []string
		wantExit int
	}{
		// The module's results in the design's shape: every status, special
		// characters, more offenders than the summary lists.
		{"design", "design", nil, 1},
		// --allow-unknown: X.1 UNKNOWN is skipped, but FAILs still fail.
		{"design-allow-unknown", "design", []string{"--allow-unknown"}, 1},
		// The plan of the shipped module on make demo's account (CIS
		// v7.0.0; outputs and checks only): every status but an EXCEPTED
		// finding, 10 MANUAL, the checks named after the controls.
		{"module", "module", nil, 1},
		// An older module's results: title, status and offenders only.
		{"today", "today", nil, 1},
		// No results output: one control per check block.
		{"checks-only", "checks-only", nil, 1},
		// PASS, MANUAL and EXCEPTED pass; UNKNOWN fails ...
		{"unknown-fails", "passing", nil, 1},
		// ... unless allowed.
		{"unknown-allowed", "passing", []string{"--allow-unknown", "--suite", "iam-audit prod"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runScript(t, tc.fixture, nil, tc.args...)
			if r.exitCode != tc.wantExit {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.exitCode, tc.wantExit, r.stdout, r.stderr)
			}
			golden(t, tc.name+"/stdout.txt", r.stdout)
			golden(t, tc.name+"/results.json", readFile(t, filepath.Join(r.reports, "results.json")))
			junit := readFile(t, filepath.Join(r.reports, "junit.xml"))
			golden(t, tc.name+"/junit.xml", junit)
			checkJUnit(t, junit, readFile(t, filepath.Join(r.reports, "results.json")))
			golden(t, tc.name+"/summary.md", readFile(t, filepath.Join(r.reports, "summary.md")))
		})
	}
}

// The plan's failure stops everything: exit 2, no reports that could be
// mistaken for a clean audit.
func TestIAMAudit_planFails(t *testing.T) {
	t.Parallel()
	r := runScript(t, "design", map[string]string{"FAKE_PLAN_EXIT": "1"})
	if r.exitCode != 2 {
		t.Errorf("exit code = %d, want 2", r.exitCode)
	}
	if !strings.Contains(r.stderr, "iam:GetAccountAuthorizationDetails was denied") || !strings.Contains(r.stderr, "terraform plan failed") {
		t.Errorf("stderr does not carry terraform's error and the script's explanation:\n%s", r.stderr)
	}
	if _, err := os.Stat(r.reports); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reports directory exists after a failed plan (%v)", err)
	}
}

// In GitHub Actions the summary is appended to $GITHUB_STEP_SUMMARY, after
// whatever earlier steps wrote; --no-reports writes no directory; arguments
// after -- reach terraform plan.
func TestIAMAudit_stepSummaryAndArguments(t *testing.T) {
	t.Parallel()
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	if err := os.WriteFile(summary, []byte("# Earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runScript(t, "design", map[string]string{"GITHUB_STEP_SUMMARY": summary}, "--no-reports", "--no-init", "--", "-var", "standard=cis-aws-3.0.0")
	if r.exitCode != 1 {
		t.Errorf("exit code = %d, want 1", r.exitCode)
	}
	if _, err := os.Stat(r.reports); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-reports wrote %s (%v)", r.reports, err)
	}
	golden(t, "design/step-summary.md", readFile(t, summary))
	calls := readFile(t, r.log)
	if strings.Contains(calls, " init ") {
		t.Errorf("--no-init still ran terraform init:\n%s", calls)
	}
	if !strings.Contains(calls, "-chdir=audit plan -input=false -no-color -lock=false -out=") || !strings.HasSuffix(strings.TrimSpace(strings.Split(calls, "\n")[0]), "-var standard=cis-aws-3.0.0") {
		t.Errorf("terraform plan did not get the arguments after --:\n%s", calls)
	}
}

// junitReport is the part of the JUnit schema the CI tools read.
type junitReport struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name      string `xml:"name,attr"`
		Tests     int    `xml:"tests,attr"`
		Failures  int    `xml:"failures,attr"`
		Skipped   int    `xml:"skipped,attr"`
		TestCases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Type    string `xml:"type,attr"`
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut *string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// checkJUnit proves the report is well-formed XML and that its counts and
// test cases agree with the results: one test case per control, and the
// offenders readable again after escaping.
func checkJUnit(t *testing.T, report, resultsJSON string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(report))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("junit.xml is not well-formed XML: %v", err)
		}
	}
	var got junitReport
	if err := xml.Unmarshal([]byte(report), &got); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	if len(got.Suites) != 1 {
		t.Fatalf("junit.xml has %d test suites, want 1", len(got.Suites))
	}
	suite := got.Suites[0]
	failures, skipped := 0, 0
	for _, tc := range suite.TestCases {
		if tc.Failure != nil && tc.Skipped != nil {
			t.Errorf("test case %q both failed and skipped", tc.Name)
		}
		if tc.Failure != nil {
			failures++
		}
		if tc.Skipped != nil {
			skipped++
		}
	}
	if got.Tests != len(suite.TestCases) || suite.Tests != len(suite.TestCases) || got.Failures != failures ||
		suite.Failures != failures || got.Skipped != skipped || suite.Skipped != skipped {
		t.Errorf("junit.xml counts (tests %d/%d, failures %d/%d, skipped %d/%d) disagree with its %d test cases (%d failed, %d skipped)",
			got.Tests, suite.Tests, got.Failures, suite.Failures, got.Skipped, suite.Skipped, len(suite.TestCases), failures, skipped)
	}
	controls := strings.Count(resultsJSON, `"status":`)
	if len(suite.TestCases) != controls {
		t.Errorf("junit.xml has %d test cases for %d controls", len(suite.TestCases), controls)
	}
	for _, tc := range suite.TestCases {
		if tc.Failure != nil && strings.Contains(tc.Name, "no 'root' user account access key") && !strings.Contains(tc.Failure.Text, "- <root_account>") {
			t.Errorf("the root offender does not read back from the escaped failure text: %q", tc.Failure.Text)
		}
	}
}
