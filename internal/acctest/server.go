// Package acctest is the test harness for the provider's acceptance tests: it
// starts moto servers on free 127.0.0.1 ports, seeds IAM fixtures through the
// AWS SDK (optionally in the past), builds provider HCL and checks that the
// tools the tests need are installed.
//
// A test binary uses it like this:
//
//	func TestMain(m *testing.M) { acctest.Main(m) }
//
//	func TestAccUsers_basic(t *testing.T) {
//		t.Parallel()
//		srv := acctest.Shared(t)
//		path := acctest.UniquePath(t)
//		...
//	}
//
// moto keeps one IAM account (123456789012) per server process, so tests
// that assert account-wide values (password policy, account summary, the
// whole credential report) use Dedicated servers; the others scope
// themselves on the shared server by path_prefix or name_regex.
//
// moto runs from an embedded wrapper (moto_wrapper.py) that adds what tests
// need and moto_server lacks: a per-request IAM clock (InPast,
// WithTimeOffset) for ages and last-used dates, control endpoints for state
// no IAM API sets (Fixtures.MarkPasswordUsed, Fixtures.SetRootAccount), the
// AWS query error shape for moto's AccessDenied, and a credential report
// GeneratedTime that is the time of the call.
package acctest

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Account and credential values every moto server answers with.
const (
	// AccountID is moto's default account, the one the static test
	// credentials act in.
	AccountID = "123456789012"
	// Region is the region the harness and ProviderConfig use.
	Region = "us-east-1"
	// AccessKey is the static access key ID (moto accepts any).
	AccessKey = "test"
	// SecretKey is the static secret access key.
	SecretKey = "test"
)

// DefaultReadyTimeout bounds how long Start waits for moto to answer.
const DefaultReadyTimeout = 30 * time.Second

// startAttempts is how often Start picks a new port when moto loses the race
// for the one it was given.
const startAttempts = 5

//go:embed moto_wrapper.py
var wrapperScript []byte

// Options configures a moto server.
type Options struct {
	// LoadManagedPolicies loads AWS managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES).
	LoadManagedPolicies bool
	// InitialNoAuthActionCount makes moto enforce IAM identity policies after
	// that many actions (INITIAL_NO_AUTH_ACTION_COUNT); 0 leaves it unset, so
	// every request is allowed.
	InitialNoAuthActionCount int
	// ReadyTimeout bounds the wait for moto to answer; 0 means DefaultReadyTimeout.
	ReadyTimeout time.Duration

	// command replaces the python interpreter and wrapper (package tests only);
	// the port is appended as the last argument.
	command []string
}

// Server is one moto process owned by this test binary.
type Server struct {
	endpoint string
	port     int
	dir      string
	cmd      *exec.Cmd
	done     chan struct{} // closed when the process has exited
	waitErr  error         // set before done is closed
	output   *tailBuffer

	iamClient *iam.Client
	stsClient *sts.Client

	stopOnce sync.Once
}

// Start launches moto on a free 127.0.0.1 port and waits until it answers.
// Call Stop when done (Dedicated and Shared do this for you).
func Start(ctx context.Context, opts Options) (*Server, error) {
	var lastErr error
	for range startAttempts {
		srv, err := startOnce(ctx, opts)
		if err == nil {
			return srv, nil
		}
		lastErr = err
		if !errors.Is(err, errPortTaken) {
			break
		}
	}
	return nil, lastErr
}

var errPortTaken = errors.New("port already in use")

func startOnce(ctx context.Context, opts Options) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "iamaudit-moto-")
	if err != nil {
		return nil, fmt.Errorf("creating moto temp dir: %w", err)
	}
	args, err := opts.commandLine(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	args = append(args, strconv.Itoa(port))

	srv := &Server{
		endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		port:     port,
		dir:      dir,
		done:     make(chan struct{}),
		output:   &tailBuffer{max: 16 << 10},
	}
	srv.cmd = exec.Command(args[0], args[1:]...)
	srv.cmd.Dir = dir
	srv.cmd.Env = opts.environ()
	srv.cmd.Stdout = srv.output
	srv.cmd.Stderr = srv.output
	srv.cmd.WaitDelay = 2 * time.Second
	setProcessGroup(srv.cmd)
	if err := srv.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("starting moto (%s): %w", args[0], err)
	}
	go func() {
		srv.waitErr = srv.cmd.Wait()
		close(srv.done)
	}()

	timeout := opts.ReadyTimeout
	if timeout <= 0 {
		timeout = DefaultReadyTimeout
	}
	if err := srv.waitReady(ctx, timeout); err != nil {
		srv.Stop()
		return nil, err
	}
	srv.iamClient = iam.NewFromConfig(srv.AWSConfig())
	srv.stsClient = sts.NewFromConfig(srv.AWSConfig())
	return srv, nil
}

// commandLine returns the interpreter and script, writing the script to dir.
func (o Options) commandLine(dir string) ([]string, error) {
	if o.command != nil {
		return append([]string(nil), o.command...), nil
	}
	py, err := findPython()
	if err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "moto_wrapper.py")
	if err := os.WriteFile(script, wrapperScript, 0o600); err != nil {
		return nil, fmt.Errorf("writing moto wrapper: %w", err)
	}
	return []string{py.executable, "-u", script}, nil
}

// environ is the parent's environment with the moto settings this server
// controls replaced, so an outer shell cannot change its behaviour.
func (o Options) environ() []string {
	drop := map[string]bool{
		"MOTO_IAM_LOAD_MANAGED_POLICIES": true,
		"INITIAL_NO_AUTH_ACTION_COUNT":   true,
		"MOTO_PORT":                      true,
		"MOTO_ACCOUNT_ID":                true,
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !drop[name] {
			env = append(env, kv)
		}
	}
	if o.LoadManagedPolicies {
		env = append(env, "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	}
	if o.InitialNoAuthActionCount > 0 {
		env = append(env, "INITIAL_NO_AUTH_ACTION_COUNT="+strconv.Itoa(o.InitialNoAuthActionCount))
	}
	return env
}

// freePort asks the kernel for a free port on 127.0.0.1 and releases it.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("unexpected listener address %v", l.Addr())
	}
	return addr.Port, nil
}

// waitReady polls the wrapper's readiness endpoint, which does not count as
// a moto action, until it answers, the process exits or timeout passes.
func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	url := s.endpoint + "/_iamaudit/ready"
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("building readiness request: %w", err)
		}
		if resp, err := client.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			out := s.output.String()
			if strings.Contains(out, "Address already in use") {
				return fmt.Errorf("moto on port %d: %w", s.port, errPortTaken)
			}
			return fmt.Errorf("moto exited before answering on %s (%v); its output:\n%s", s.endpoint, s.waitErr, out)
		case <-ctx.Done():
			return fmt.Errorf("moto did not answer on %s within %s (%w); its output:\n%s",
				s.endpoint, timeout, ctx.Err(), s.output.String())
		case <-tick.C:
		}
	}
}

// Stop ends the moto process (SIGTERM to its own process group, SIGKILL
// after 5 s) and removes its temporary files. It is safe to call more than
// once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		terminate(s.cmd)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			kill(s.cmd)
			<-s.done
		}
		_ = os.RemoveAll(s.dir)
	})
}

// Endpoint is the server's base URL, e.g. http://127.0.0.1:40123.
func (s *Server) Endpoint() string { return s.endpoint }

// AccountID is the account the static test credentials act in.
func (s *Server) AccountID() string { return AccountID }

// PID is the process ID of the moto process (for diagnostics).
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Output returns the last 16 KiB moto wrote to stdout and stderr.
func (s *Server) Output() string { return s.output.String() }

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if extra := b.buf.Len() - b.max; extra > 0 {
		b.buf.Next(extra)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
