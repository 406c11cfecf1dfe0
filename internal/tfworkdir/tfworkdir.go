// Package tfworkdir prepares throw-away Terraform working directories for the
// programs that run the terraform CLI against a local emulator (make demo,
// make bench): a copy of an example configuration and an environment that
// installs the provider from the offline filesystem mirror.
package tfworkdir

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CopyConfig copies the Terraform files under src to dst, skipping hidden
// directories (.terraform), state and plan files.
func CopyConfig(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasPrefix(name, ".") || strings.Contains(name, ".tfstate") || strings.HasSuffix(name, ".tfplan") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
}

// Env is this process's environment without AWS and Terraform settings (a
// provider override file points the provider at the emulator), plus the CLI
// configuration and the settings for running terraform unattended.
func Env(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
	)
}
