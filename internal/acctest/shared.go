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
// It sets TF_ACC=1 when unset (acceptance tests never skip silently),
// TF_ACC_TERRAFORM_PATH to the terraform on PATH when unset (so
// terraform-plugin-testing never downloads one) and CHECKPOINT_DISABLE=1,
// fails the binary when a tool is missing (RequireTools), runs the tests,
// stops the shared server and exits.
func Main(m *testing.M) {
	setDefaultEnv("TF_ACC", "1")
	setDefaultEnv("CHECKPOINT_DISABLE", "1")
	if err := RequireTools(); err != nil {
		fmt.Fprintf(os.Stderr, "acctest: missing tools:\n%v\n", err)
		os.Exit(1)
	}
	if path, err := TerraformPath(); err == nil {
		setDefaultEnv("TF_ACC_TERRAFORM_PATH", path)
	}
	code := m.Run()
	stopStarted()
	os.Exit(code)
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
