package tfworkdir

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCopyConfig(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	files := map[string]string{
		"main.tf":                          "a",
		"modules/controls/main.tf":         "b",
		".terraform/providers/x":           "skip",
		"terraform.tfstate":                "skip",
		"terraform.tfstate.backup":         "skip",
		"audit.tfplan":                     "skip",
		".terraform.lock.hcl":              "skip",
		"modules/controls/vars.tftest.hcl": "c",
	}
	for name, content := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := CopyConfig(src, dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.WalkDir(dst, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"main.tf", "modules/controls/main.tf", "modules/controls/vars.tftest.hcl"}
	if !slices.Equal(got, want) {
		t.Errorf("copied %q, want %q", got, want)
	}
}

func TestEnv(t *testing.T) {
	t.Setenv("AWS_PROFILE", "prod")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("IAMAUDIT_KEEP", "1")
	env := Env("/tmp/terraformrc")
	for _, kv := range env {
		if strings.HasPrefix(kv, "AWS_PROFILE=") || strings.HasPrefix(kv, "TF_LOG=") {
			t.Errorf("Env kept %s", kv)
		}
	}
	for _, want := range []string{"IAMAUDIT_KEEP=1", "TF_CLI_CONFIG_FILE=/tmp/terraformrc", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"} {
		if !slices.Contains(env, want) {
			t.Errorf("Env lacks %s", want)
		}
	}
}
