package cirecipe

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// runMerge runs merge-shards.sh on testdata/organization/<shard> files, in
// a fresh directory (so that file names in messages are the fixtures'
// names), writing the reports to its reports directory.
func runMerge(t *testing.T, env map[string]string, args ...string) run {
	t.Helper()
	requireTools(t)
	tmp := t.TempDir()
	fixtures, err := filepath.Abs(filepath.Join("testdata", "organization"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(recipeDir, "merge-shards.sh"))
	if err != nil {
		t.Fatal(err)
	}
	r := run{reports: filepath.Join(tmp, "reports")}
	cmd := exec.Command("bash", append([]string{script, "--reports", r.reports}, args...)...)
	cmd.Dir = fixtures
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	r.execute(t, cmd)
	return r
}

// The shards of one snapshot, in any order, merge into one report: the
// merged results.json, a test suite per account, the accounts x controls
// matrix, and the table of what did not pass. The organization: 111111111110
// (the management account: every status), 222222222220 and 555555555550
// (one FAIL each), 333333333330 (clean) and 444444444440 (unreachable, every
// control UNKNOWN), split in three shards by account id mod 3.
func TestMergeShards(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		wantExit int
	}{
		{"merged", []string{"shard-2.json", "shard-0.json", "shard-1.json"}, 1},
		// UNKNOWN skipped: the FAILs still fail.
		{"merged-allow-unknown", []string{"--allow-unknown", "--suite", "org audit", "shard-0.json", "shard-1.json", "shard-2.json"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runMerge(t, nil, tc.args...)
			if r.exitCode != tc.wantExit {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.exitCode, tc.wantExit, r.stdout, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
			golden(t, "organization/"+tc.name+"/stdout.txt", r.stdout)
			results := readFile(t, filepath.Join(r.reports, "results.json"))
			golden(t, "organization/"+tc.name+"/results.json", results)
			junit := readFile(t, filepath.Join(r.reports, "junit.xml"))
			golden(t, "organization/"+tc.name+"/junit.xml", junit)
			checkOrganizationJUnit(t, junit, 5, 8)
			golden(t, "organization/"+tc.name+"/summary.md", readFile(t, filepath.Join(r.reports, "summary.md")))
		})
	}
}

// The order of the shards does not change the merged report.
func TestMergeShards_orderDoesNotMatter(t *testing.T) {
	t.Parallel()
	a := runMerge(t, nil, "shard-0.json", "shard-1.json", "shard-2.json")
	b := runMerge(t, nil, "shard-1.json", "shard-2.json", "shard-0.json")
	for _, name := range []string{"results.json", "junit.xml", "summary.md"} {
		if readFile(t, filepath.Join(a.reports, name)) != readFile(t, filepath.Join(b.reports, name)) {
			t.Errorf("%s depends on the order of the shards", name)
		}
	}
}

// Shards that are not one audit of one snapshot fail with exit 2, every
// gap and duplicate listed, and no report written.
func TestMergeShards_notOneSnapshot(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string // stderr, exactly
	}{
		{"gap", []string{"shard-0.json", "shard-2.json"}, `merge-shards: the 2 shard results are not one audit of one organization snapshot:
  - shard 1 of 3 is missing (a gap)
  - account 222222222220 (shard 1) is in no shard's results (a gap)
  - account 555555555550 (shard 1) is in no shard's results (a gap)
`},
		{"duplicate-shard", []string{"shard-0.json", "shard-1.json", "shard-2.json", "shard-1.json"}, `merge-shards: the 4 shard results are not one audit of one organization snapshot:
  - shard 1 is given 2 times (duplicates): shard-1.json, shard-1.json
  - account 222222222220 is in several shards' results (duplicates): shard-1.json, shard-1.json
  - account 555555555550 is in several shards' results (duplicates): shard-1.json, shard-1.json
`},
		// Shard 2's plan ran after 666666666660 joined the organization.
		{"snapshot-drift", []string{"shard-0.json", "shard-1.json", "shard-2-later.json"}, `merge-shards: the 3 shard results are not one audit of one organization snapshot:
  - shard-2-later.json saw another snapshot of the organization than shard-0.json: accounts only in shard-2-later.json: 666666666660; only in shard-0.json: none
`},
		// An account audited by a shard it does not belong to.
		{"misplaced-account", []string{"shard-0.json", "shard-1-misplaced.json", "shard-2.json"}, `merge-shards: the 3 shard results are not one audit of one organization snapshot:
  - account 333333333330 is in several shards' results (duplicates): shard-0.json, shard-1-misplaced.json
  - account 333333333330 is in shard-1-misplaced.json (shard 1) but belongs to shard 0
`},
		// Another organization's audit, split in two.
		{"other-organization", []string{"shard-0.json", "other-org-shard-0-of-2.json", "shard-2.json"}, `merge-shards: the 3 shard results are not one audit of one organization snapshot:
  - other-org-shard-0-of-2.json audits organization o-otherorg22, shard-0.json o-exampleorg1
  - other-org-shard-0-of-2.json is shard 0 of 2, not one of 3 shards
  - shard 1 of 3 is missing (a gap)
  - shard 0 is given 2 times (duplicates): shard-0.json, other-org-shard-0-of-2.json
  - account 111111111110 is in several shards' results (duplicates): other-org-shard-0-of-2.json, shard-2.json
  - account 333333333330 is in several shards' results (duplicates): shard-0.json, other-org-shard-0-of-2.json
  - account 444444444440 is in several shards' results (duplicates): other-org-shard-0-of-2.json, shard-2.json
  - account 111111111110 is in other-org-shard-0-of-2.json (shard 0) but belongs to shard 2
  - account 222222222220 is in other-org-shard-0-of-2.json (shard 0) but belongs to shard 1
  - account 444444444440 is in other-org-shard-0-of-2.json (shard 0) but belongs to shard 2
  - account 555555555550 is in other-org-shard-0-of-2.json (shard 0) but belongs to shard 1
`},
		// One account's results (iam-audit.sh without organization-iam).
		{"not-an-organization", []string{"shard-0.json", "../golden/design/results.json"}, `merge-shards: the 2 shard results are not one audit of one organization snapshot:
  - ../golden/design/results.json is not an organization report (organization-iam's report output, written by iam-audit.sh as results.json)
`},
		{"no-shards", nil, "merge-shards: no shard results given (see --help)\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			summary := filepath.Join(t.TempDir(), "step-summary.md")
			r := runMerge(t, map[string]string{"GITHUB_STEP_SUMMARY": summary}, tc.args...)
			if r.exitCode != 2 {
				t.Errorf("exit code = %d, want 2", r.exitCode)
			}
			if r.stderr != tc.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
			for _, path := range []string{r.reports, summary} {
				if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was written although the shards do not merge (%v)", path, err)
				}
			}
		})
	}
}

// In GitHub Actions the merged summary is appended to $GITHUB_STEP_SUMMARY.
func TestMergeShards_stepSummary(t *testing.T) {
	t.Parallel()
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	if err := os.WriteFile(summary, []byte("# Earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runMerge(t, map[string]string{"GITHUB_STEP_SUMMARY": summary}, "shard-0.json", "shard-1.json", "shard-2.json")
	if r.exitCode != 1 {
		t.Errorf("exit code = %d, want 1", r.exitCode)
	}
	if got, want := readFile(t, summary), "# Earlier step\n"+readFile(t, filepath.Join(r.reports, "summary.md")); got != want {
		t.Errorf("step summary:\n%s\nwant:\n%s", got, want)
	}
}

// One shard's job: iam-audit.sh on a plan whose results output is
// organization-iam's report writes that report as results.json (what the
// merge joins), a test suite per account and the matrix of the shard.
func TestIAMAudit_organizationShard(t *testing.T) {
	t.Parallel()
	r := runScript(t, "organization-shard-2", nil, "--", "-var", "shard_index=2", "-var", "shard_count=3")
	if r.exitCode != 1 {
		t.Errorf("exit code = %d, want 1\nstdout:\n%s\nstderr:\n%s", r.exitCode, r.stdout, r.stderr)
	}
	golden(t, "organization/shard-2/stdout.txt", r.stdout)
	results := readFile(t, filepath.Join(r.reports, "results.json"))
	if want := readFile(t, filepath.Join("testdata", "organization", "shard-2.json")); !jsonEqual(t, results, want) {
		t.Errorf("results.json is not the shard's report:\n%s", results)
	}
	junit := readFile(t, filepath.Join(r.reports, "junit.xml"))
	golden(t, "organization/shard-2/junit.xml", junit)
	checkOrganizationJUnit(t, junit, 2, 8)
	golden(t, "organization/shard-2/summary.md", readFile(t, filepath.Join(r.reports, "summary.md")))
	if calls := readFile(t, r.log); !strings.Contains(calls, "-var shard_index=2 -var shard_count=3") {
		t.Errorf("terraform plan did not get the shard:\n%s", calls)
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return reflect.DeepEqual(va, vb)
}

// checkOrganizationJUnit proves an organization's JUnit report is
// well-formed and consistent: one suite per account, one test case per
// control in each, every count agreeing with the test cases.
func checkOrganizationJUnit(t *testing.T, report string, accounts, controls int) {
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
	if len(got.Suites) != accounts {
		t.Fatalf("junit.xml has %d test suites, want one per account (%d)", len(got.Suites), accounts)
	}
	tests, failures, skipped := 0, 0, 0
	for _, suite := range got.Suites {
		f, s := 0, 0
		for _, tc := range suite.TestCases {
			if tc.Failure != nil && tc.Skipped != nil {
				t.Errorf("%s: test case %q both failed and skipped", suite.Name, tc.Name)
			}
			if tc.Failure != nil {
				f++
			}
			if tc.Skipped != nil {
				s++
			}
		}
		if len(suite.TestCases) != controls || suite.Tests != controls || suite.Failures != f || suite.Skipped != s {
			t.Errorf("suite %s: counts (tests %d, failures %d, skipped %d) disagree with its %d test cases (%d failed, %d skipped), want %d",
				suite.Name, suite.Tests, suite.Failures, suite.Skipped, len(suite.TestCases), f, s, controls)
		}
		tests, failures, skipped = tests+len(suite.TestCases), failures+f, skipped+s
	}
	if got.Tests != tests || got.Failures != failures || got.Skipped != skipped {
		t.Errorf("testsuites counts (tests %d, failures %d, skipped %d) disagree with the suites (%d, %d, %d)", got.Tests, got.Failures, got.Skipped, tests, failures, skipped)
	}
}
