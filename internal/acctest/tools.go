package acctest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Install hints used in tool errors.
const (
	terraformHint = "put Terraform >= 1.10 on PATH (or set TF_ACC_TERRAFORM_PATH)"
	motoHint      = "install moto for python3 on PATH: pip install 'moto[server]==5.2.1'"
)

// minTerraform is the oldest Terraform the acceptance tests support.
var minTerraform = [2]int{1, 10}

type python struct {
	executable  string
	motoVersion string
}

// findPython locates a python3 that can import moto and werkzeug; the answer
// is cached for the life of the test binary.
var findPython = sync.OnceValues(func() (python, error) {
	var errs []error
	for _, name := range []string{"python3", "python"} {
		path, err := exec.LookPath(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out, err := exec.Command(path, "-c",
			"import sys, moto, werkzeug; print(sys.executable); print(moto.__version__)").Output()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s cannot import moto: %w", path, err))
			continue
		}
		lines := strings.Fields(string(out))
		if len(lines) != 2 {
			errs = append(errs, fmt.Errorf("%s: unexpected probe output %q", path, out))
			continue
		}
		if !strings.HasPrefix(lines[1], "5.") {
			errs = append(errs, fmt.Errorf("%s has moto %s; the harness patches moto 5 internals", path, lines[1]))
			continue
		}
		return python{executable: lines[0], motoVersion: lines[1]}, nil
	}
	return python{}, fmt.Errorf("no python with moto found (%w); %s", errors.Join(errs...), motoHint)
})

// RequireTools reports, with how to install them, the tools the acceptance
// tests need and cannot find: Terraform >= 1.10 and python3 with moto 5.
// Tests never skip for a missing tool: Main fails the binary instead.
func RequireTools() error {
	var errs []error
	if _, err := TerraformPath(); err != nil {
		errs = append(errs, err)
	}
	if _, err := findPython(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// TerraformPath returns TF_ACC_TERRAFORM_PATH, or the terraform on PATH,
// after checking that its version is at least 1.10.
func TerraformPath() (string, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return "", fmt.Errorf("terraform not found: %w; %s", err, terraformHint)
		}
	}
	version, err := terraformVersion(path)
	if err != nil {
		return "", err
	}
	if !atLeast(version, minTerraform) {
		return "", fmt.Errorf("%s is Terraform %s; %s", path, version, terraformHint)
	}
	return path, nil
}

func terraformVersion(path string) (string, error) {
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("running %s version: %w; %s", path, err, terraformHint)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", fmt.Errorf("parsing %s version output: %w", path, err)
	}
	return v.TerraformVersion, nil
}

// atLeast reports whether version ("1.11.4", "1.12.0-beta1") is at least
// major.minor of want.
func atLeast(version string, want [2]int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major > want[0] || major == want[0] && minor >= want[1]
}
