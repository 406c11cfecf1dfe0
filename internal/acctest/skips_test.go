package acctest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// skipCall matches a test skipping itself, and terraform-plugin-testing's
// UnitTest, which runs terraform whether or not TF_ACC is set.
var skipCall = regexp.MustCompile(`\.(Skip|Skipf|SkipNow)\(|resource\.UnitTest\(`)

// skipGate is the one place a test may skip: PreCheck, without TF_ACC.
const skipGate = "internal/acctest/shared.go"

// TestNoSkipPaths keeps "nothing is skipped in CI" true by construction:
// with TF_ACC set (make test sets it, and a missing tool then fails the
// binary) no test in the module has a way to skip.
func TestNoSkipPaths(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "build" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if filepath.ToSlash(rel) == skipGate || filepath.ToSlash(rel) == "internal/acctest/skips_test.go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if skipCall.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				found = append(found, fmt.Sprintf("%s:%d: %s", rel, i+1, strings.TrimSpace(line)))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("tests may skip only through acctest.PreCheck (TF_ACC unset); found:\n%s", strings.Join(found, "\n"))
	}
}

// moduleRoot is the directory of go.mod above the working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func TestEnabled(t *testing.T) {
	// Not parallel: changes TF_ACC.
	for value, want := range map[string]bool{"": false, "1": true, "0": true} {
		t.Setenv("TF_ACC", value)
		if got := Enabled(); got != want {
			t.Errorf("Enabled() with TF_ACC=%q = %v, want %v (terraform-plugin-testing runs acceptance tests for any value)", value, got, want)
		}
	}
}
