package acctest

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

func TestMain(m *testing.M) { Main(m) }

// TestStartStop starts a server owned by a subtest (Dedicated) and checks
// that when the subtest ends its process is gone, its port free and its temp
// dir removed.
func TestStartStop(t *testing.T) {
	t.Parallel()
	PreCheck(t)
	var srv *Server
	t.Run("owner", func(t *testing.T) {
		srv = Dedicated(t, Options{})
		if _, err := srv.IAM().ListUsers(t.Context(), &iam.ListUsersInput{}); err != nil {
			t.Fatalf("ListUsers: %v", err)
		}
		if _, err := os.Stat(srv.dir); err != nil {
			t.Fatalf("temp dir: %v", err)
		}
	})
	if srv == nil {
		t.FailNow()
	}
	srv.Stop() // idempotent

	if err := syscall.Kill(srv.PID(), 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists after Stop (kill -0: %v)", srv.PID(), err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(srv.port))
	if err != nil {
		t.Errorf("port %d not released: %v", srv.port, err)
	} else {
		_ = l.Close()
	}
	if _, err := os.Stat(srv.dir); !os.IsNotExist(err) {
		t.Errorf("temp dir %s not removed: %v", srv.dir, err)
	}
}

// TestServersAreIsolated runs a second server beside the shared one, started
// through a command that loses the port race once (so Start must retry).
func TestServersAreIsolated(t *testing.T) {
	t.Parallel()
	shared := Shared(t)
	other, err := Start(t.Context(), Options{command: retryOnceCommand(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Stop)
	if shared.Endpoint() == other.Endpoint() {
		t.Fatalf("both servers on %s", other.Endpoint())
	}

	name := RandomName("isolated")
	if _, err := other.Fixtures().CreateUser(t.Context(), name, "", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := other.IAM().GetUser(t.Context(), &iam.GetUserInput{UserName: aws.String(name)}); err != nil {
		t.Errorf("GetUser on its own server: %v", err)
	}
	_, err = shared.IAM().GetUser(t.Context(), &iam.GetUserInput{UserName: aws.String(name)})
	var notFound *types.NoSuchEntityException
	if !errors.As(err, &notFound) {
		t.Errorf("GetUser on the other server: %v, want NoSuchEntity", err)
	}
}

// retryOnceCommand returns a command that fails like a lost port race on its
// first run and runs the real wrapper afterwards.
func retryOnceCommand(t *testing.T) []string {
	t.Helper()
	py, err := findPython()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := dir + "/moto_wrapper.py"
	if err := os.WriteFile(script, wrapperScript, 0o600); err != nil {
		t.Fatal(err)
	}
	marker := dir + "/tried"
	return []string{"sh", "-c",
		`if [ ! -e "$1" ]; then : > "$1"; echo "OSError: [Errno 98] Address already in use" >&2; exit 1; fi; exec "$2" "$3" "$4"`,
		"sh", marker, py.executable, script}
}

func TestStartErrors(t *testing.T) {
	t.Parallel()
	// Only the readiness case waits for its timeout; the others exit at once
	// and must be told apart however slow the machine is.
	tests := map[string]struct {
		script  string
		timeout time.Duration
		want    []string
	}{
		"readiness timeout": {
			script:  "echo booting slowly >&2; exec sleep 60",
			timeout: 300 * time.Millisecond,
			want:    []string{"did not answer on http://127.0.0.1:", "within 300ms", "booting slowly"},
		},
		"early exit": {
			script:  "echo ModuleNotFoundError: moto >&2; exit 3",
			timeout: time.Minute,
			want:    []string{"exited before answering", "exit status 3", "ModuleNotFoundError: moto"},
		},
		"port always taken": {
			script:  "echo OSError: Address already in use >&2; exit 1",
			timeout: time.Minute,
			want:    []string{"port already in use"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := Start(t.Context(), Options{
				ReadyTimeout: tc.timeout,
				command:      []string{"sh", "-c", tc.script, "sh"},
			})
			if err == nil {
				t.Fatal("Start succeeded")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			// Stop must not wait for the sleeping child to end by itself.
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("Start took %s", elapsed)
			}
		})
	}
}

func TestEnviron(t *testing.T) {
	t.Setenv("INITIAL_NO_AUTH_ACTION_COUNT", "7")
	t.Setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
	tests := map[string]struct {
		opts Options
		want map[string]string // "" = absent
	}{
		"unset": {
			opts: Options{},
			want: map[string]string{"INITIAL_NO_AUTH_ACTION_COUNT": "", "MOTO_IAM_LOAD_MANAGED_POLICIES": ""},
		},
		"set": {
			opts: Options{LoadManagedPolicies: true, InitialNoAuthActionCount: 3},
			want: map[string]string{"INITIAL_NO_AUTH_ACTION_COUNT": "3", "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := map[string]string{}
			for _, kv := range tc.opts.environ() {
				k, v, _ := strings.Cut(kv, "=")
				if _, ok := tc.want[k]; ok {
					if _, dup := got[k]; dup {
						t.Errorf("%s set twice", k)
					}
					got[k] = v
				}
			}
			for k, want := range tc.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

func TestInitialNoAuthActionCount(t *testing.T) {
	t.Parallel()
	srv := Dedicated(t, Options{InitialNoAuthActionCount: 3})
	f := srv.Fixtures()
	ctx := t.Context()
	// Three free actions (the readiness probe must not have used any).
	if _, err := f.CreateUser(ctx, "reader", "", nil); err != nil {
		t.Fatal(err)
	}
	keyID, secret, err := f.CreateAccessKey(ctx, "reader")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.PutUserPolicy(ctx, "reader", "list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetAccessKeyLastUsed"],"Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}

	reader := iam.NewFromConfig(srv.AWSConfigFor(keyID, secret))
	if _, err := reader.ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Errorf("allowed action: %v", err)
	}
	if err := f.MarkAccessKeyUsed(ctx, keyID, secret); err != nil {
		t.Errorf("MarkAccessKeyUsed with auth on: %v", err)
	}
	if _, err := reader.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(keyID)}); err != nil {
		t.Errorf("allowed action: %v", err)
	}

	tests := map[string]struct {
		client   *iam.Client
		wantCode string
		wantMsg  string
	}{
		"denied action": {reader, "AccessDenied", "is not authorized to perform: iam:GetAccountSummary"},
		"unknown key":   {srv.IAM(), "InvalidClientTokenId", "security token included in the request is invalid"},
	}
	for name, tc := range tests {
		_, err := tc.client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: error %v, want an API error", name, err)
		}
		if apiErr.ErrorCode() != tc.wantCode || !strings.Contains(apiErr.ErrorMessage(), tc.wantMsg) {
			t.Errorf("%s: code %q message %q, want %q containing %q", name, apiErr.ErrorCode(), apiErr.ErrorMessage(), tc.wantCode, tc.wantMsg)
		}
	}
}

func TestSharedIsShared(t *testing.T) {
	t.Parallel()
	a, b := Shared(t), Shared(t)
	if a != b {
		t.Fatal("Shared returned two servers")
	}
	out, err := a.IAM().GetPolicy(t.Context(), &iam.GetPolicyInput{
		PolicyArn: aws.String("arn:aws:iam::aws:policy/SecurityAudit"),
	})
	if err != nil {
		t.Fatalf("managed policies not loaded: %v", err)
	}
	if got := aws.ToString(out.Policy.PolicyName); got != "SecurityAudit" {
		t.Errorf("policy name %q", got)
	}
}
