package acctest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
)

var (
	sharedOnce sync.Once
	sharedSrv  *Server
	sharedErr  error

	// started holds the servers Main stops when the tests are done.
	startedMu sync.Mutex
	started   []*Server
)

// Main is the TestMain of every package with acceptance tests:
//
//	func TestMain(m *testing.M) { acctest.Main(m) }
//
// Acceptance tests are gated by TF_ACC, as in HashiCorp's providers:
// without it only the unit tests run (acceptance tests skip in PreCheck,
// Shared, Dedicated and terraform-plugin-testing's resource.Test), and
// neither terraform nor moto is needed. With it (make test sets it), a
// missing tool fails the whole binary with how to install it
// (RequireTools) instead of skipping anything. Main also sets
// TF_ACC_TERRAFORM_PATH to the terraform on PATH when unset (so
// terraform-plugin-testing never downloads one) and CHECKPOINT_DISABLE=1,
// and stops the servers the tests started.
func Main(m *testing.M) {
	setDefaultEnv("CHECKPOINT_DISABLE", "1")
	if Enabled() {
		if err := RequireTools(); err != nil {
			fmt.Fprintf(os.Stderr, "acctest: TF_ACC is set, but tools the acceptance tests need are missing:\n%v\n", err)
			os.Exit(1)
		}
		if path, err := TerraformPath(); err == nil {
			setDefaultEnv("TF_ACC_TERRAFORM_PATH", path)
		}
	}
	code := m.Run()
	stopStarted()
	os.Exit(code)
}

// Enabled reports whether acceptance tests run: TF_ACC is set.
func Enabled() bool { return os.Getenv("TF_ACC") != "" }

// PreCheck skips the calling acceptance test unless TF_ACC is set, as
// terraform-plugin-testing's resource.Test does; Shared and Dedicated call
// it, so a test that seeds moto first never starts one without TF_ACC.
func PreCheck(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skip("acceptance test: set TF_ACC=1 to run it (make test does)")
	}
}

func setDefaultEnv(name, value string) {
	if os.Getenv(name) == "" {
		_ = os.Setenv(name, value)
	}
}

// Shared returns the moto server shared by every test in the binary, starting
// it (with AWS managed policies loaded) on first use. Main stops it; without
// Main it exits when the test binary does. Tests on it must scope what they
// assert (UniquePath, RandomName) because other tests seed the same account.
func Shared(t testing.TB) *Server {
	t.Helper()
	PreCheck(t)
	sharedOnce.Do(func() {
		sharedSrv, sharedErr = Start(context.Background(), Options{LoadManagedPolicies: true})
		if sharedErr == nil {
			track(sharedSrv)
		}
	})
	if sharedErr != nil {
		t.Fatalf("starting shared moto server: %v", sharedErr)
	}
	return sharedSrv
}

// Dedicated starts a moto server for one test and stops it when the test
// ends: for tests that assert account-wide state or need
// InitialNoAuthActionCount (moto counts actions per process).
func Dedicated(t testing.TB, opts Options) *Server {
	t.Helper()
	PreCheck(t)
	srv, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("starting moto server: %v", err)
	}
	track(srv)
	t.Cleanup(srv.Stop)
	return srv
}

func track(s *Server) {
	startedMu.Lock()
	defer startedMu.Unlock()
	started = append(started, s)
}

func stopStarted() {
	startedMu.Lock()
	defer startedMu.Unlock()
	for _, s := range started {
		s.Stop()
	}
	started = nil
}
