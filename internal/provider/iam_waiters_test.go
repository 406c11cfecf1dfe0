package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

func TestRetryWhilePropagating(t *testing.T) {
	t.Parallel()
	notFound := &smithy.GenericAPIError{Code: "NoSuchEntity", Message: "The user with name x cannot be found."}
	denied := &smithy.GenericAPIError{Code: "AccessDenied", Message: "no"}
	tests := []struct {
		name      string
		errs      []error // returned by successive calls; then success
		retryable func(error) bool
		wantCalls int
		wantErr   error
	}{
		{"success at once", nil, isNoSuchEntity, 1, nil},
		{"retries until visible", []error{notFound, notFound}, isNoSuchEntity, 3, nil},
		{"other errors are not retried", []error{denied}, isNoSuchEntity, 1, denied},
		{"a predicate refusing everything never retries", []error{notFound}, func(error) bool { return false }, 1, notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			got, err := retryWhilePropagating(t.Context(), "iam:GetUser", tt.retryable, func(context.Context) (int, error) {
				calls++
				if calls <= len(tt.errs) {
					return 0, tt.errs[calls-1]
				}
				return 42, nil
			})
			if !errors.Is(err, tt.wantErr) || calls != tt.wantCalls {
				t.Fatalf("retryWhilePropagating() = %d, %v after %d calls; want error %v after %d calls", got, err, calls, tt.wantErr, tt.wantCalls)
			}
			if err == nil && got != 42 {
				t.Fatalf("retryWhilePropagating() = %d, want 42", got)
			}
		})
	}
}

func TestRetryWhilePropagatingStopsWithContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	_, err := retryWhilePropagating(ctx, "iam:GetRole", isNoSuchEntity, func(context.Context) (int, error) {
		calls++
		cancel()
		return 0, &smithy.GenericAPIError{Code: "NoSuchEntity"}
	})
	if !isNoSuchEntity(err) || calls != 1 {
		t.Fatalf("retryWhilePropagating() = %v after %d calls; want NoSuchEntity after 1", err, calls)
	}
}

func TestIsInvalidPrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want bool
	}{
		{&smithy.GenericAPIError{Code: "MalformedPolicyDocument", Message: `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/new"`}, true},
		{&smithy.GenericAPIError{Code: "MalformedPolicyDocument", Message: "Syntax errors in policy."}, false},
		{&smithy.GenericAPIError{Code: "NoSuchEntity", Message: "Invalid principal"}, false},
		{errors.New("Invalid principal in policy"), false},
	}
	for _, tt := range tests {
		if got := isInvalidPrincipal(tt.err); got != tt.want {
			t.Errorf("isInvalidPrincipal(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// propagationFault answers an IAM action with an error, as IAM does while a
// change propagates: Count times, once the After action has been seen.
type propagationFault struct {
	Action, After string
	Status        int
	Code, Message string
	Count         int
}

// propagationProxy is a reverse proxy on 127.0.0.1 in front of a moto
// server that injects propagationFaults into IAM query requests.
type propagationProxy struct {
	srv *httptest.Server

	mu       sync.Mutex
	faults   []propagationFault
	seen     map[string]bool
	injected map[string]int
}

func newPropagationProxy(t *testing.T, moto *acctest.Server, faults ...propagationFault) *propagationProxy {
	t.Helper()
	upstream, err := url.Parse(moto.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	p := &propagationProxy{faults: faults, seen: map[string]bool{}, injected: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(upstream)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		if f, ok := p.fault(form.Get("Action")); ok {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(f.Status)
			fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>`+
				`<Code>%s</Code><Message>%s</Message></Error><RequestId>propagation-proxy</RequestId></ErrorResponse>`, f.Code, f.Message)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// fault records the action and returns the fault to inject, if any.
func (p *propagationProxy) fault(action string) (propagationFault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer func() { p.seen[action] = true }()
	for _, f := range p.faults {
		if f.Action == action && (f.After == "" || p.seen[f.After]) && p.injected[action] < f.Count {
			p.injected[action]++
			return f, true
		}
	}
	return propagationFault{}, false
}

// Injected returns how often a fault was injected into the action.
func (p *propagationProxy) Injected(action string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.injected[action]
}

// ProviderConfig is a provider block whose IAM endpoint is the proxy.
func (p *propagationProxy) ProviderConfig(moto *acctest.Server) string {
	return fmt.Sprintf(`provider "iamaudit" {
  region     = %[1]q
  access_key = %[2]q
  secret_key = %[3]q

  endpoints {
    iam = %[4]q
    sts = %[5]q
    organizations = %[5]q
  }
}
`, acctest.Region, acctest.AccessKey, acctest.SecretKey, p.srv.URL, moto.Endpoint())
}
