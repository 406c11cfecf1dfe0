package acctest

import (
	"regexp"
	"strings"
	"testing"
)

func TestRandomName(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	tests := map[string]struct {
		prefix     string
		wantPrefix string
	}{
		"plain":   {"reader", "reader-"},
		"invalid": {"a b/c", "a-b-c-"},
		"empty":   {"", "acctest-"},
		"long":    {strings.Repeat("x", 80), strings.Repeat("x", 53) + "-"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := RandomName(tc.prefix)
			if !valid.MatchString(got) {
				t.Errorf("RandomName(%q) = %q, not a valid IAM name", tc.prefix, got)
			}
			if !strings.HasPrefix(got, tc.wantPrefix) || len(got) != len(tc.wantPrefix)+nameSuffixLength {
				t.Errorf("RandomName(%q) = %q, want %q + %d characters", tc.prefix, got, tc.wantPrefix, nameSuffixLength)
			}
		})
	}
	seen := map[string]bool{}
	for range 1000 {
		n := RandomName("u")
		if seen[n] {
			t.Fatalf("duplicate name %s", n)
		}
		seen[n] = true
	}
}

func TestUniquePath(t *testing.T) {
	t.Parallel()
	a, b := UniquePath(t), UniquePath(t)
	if !regexp.MustCompile(`^/t-[a-z0-9]{10}/$`).MatchString(a) {
		t.Errorf("UniquePath = %q", a)
	}
	if a == b {
		t.Errorf("UniquePath returned %q twice", a)
	}
}

func TestProviderConfig(t *testing.T) {
	t.Parallel()
	srv := &Server{endpoint: "http://127.0.0.1:4567"}
	want := `provider "iamaudit" {
  region     = "us-east-1"
  access_key = "test"
  secret_key = "test"

  endpoints {
    iam = "http://127.0.0.1:4567"
    sts = "http://127.0.0.1:4567"
    organizations = "http://127.0.0.1:4567"
  }

max_concurrency = 2
}
`
	if got := srv.ProviderConfig("max_concurrency = 2"); got != want {
		t.Errorf("ProviderConfig =\n%s\nwant\n%s", got, want)
	}
}

func TestAtLeast(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"1.11.4":       true,
		"1.10.0":       true,
		"1.12.0-beta1": true,
		"2.0.0":        true,
		"1.9.8":        false,
		"0.15.5":       false,
		"":             false,
		"dev":          false,
	}
	for version, want := range tests {
		if got := atLeast(version, minTerraform); got != want {
			t.Errorf("atLeast(%q) = %v, want %v", version, got, want)
		}
	}
}

func TestRequireTools(t *testing.T) {
	// Not parallel: changes PATH.
	if err := RequireTools(); Enabled() && err != nil {
		t.Fatalf("RequireTools with TF_ACC set: %v", err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", "")
	t.Setenv("PATH", t.TempDir())
	err := RequireTools()
	if err == nil || !strings.Contains(err.Error(), "put Terraform >= 1.10 on PATH") {
		t.Errorf("RequireTools without terraform: %v", err)
	}
}
