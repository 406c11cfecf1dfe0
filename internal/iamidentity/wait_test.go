package iamidentity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func TestRetryWhilePropagating(t *testing.T) {
	t.Parallel()
	notFound := &smithy.GenericAPIError{Code: "NoSuchEntity", Message: "The user with name x cannot be found."}
	denied := &smithy.GenericAPIError{Code: "AccessDenied", Message: "no"}
	c := New(nil, testAccount, Options{Propagation: Backoff{Timeout: time.Minute, FirstDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	tests := []struct {
		name      string
		errs      []error // returned by successive calls; then success
		retryable func(error) bool
		wantCalls int
		wantErr   error
	}{
		{"success at once", nil, awserr.IsNoSuchEntity, 1, nil},
		{"retries until visible", []error{notFound, notFound}, awserr.IsNoSuchEntity, 3, nil},
		{"other errors are not retried", []error{denied}, awserr.IsNoSuchEntity, 1, denied},
		{"a predicate refusing everything never retries", []error{notFound}, func(error) bool { return false }, 1, notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			got, err := retryWhilePropagating(t.Context(), c, "iam:GetUser", tt.retryable, func(context.Context) (int, error) {
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

func TestRetryWhilePropagatingStops(t *testing.T) {
	t.Parallel()
	t.Run("with the context", func(t *testing.T) {
		t.Parallel()
		c := New(nil, testAccount, Options{})
		ctx, cancel := context.WithCancel(t.Context())
		calls := 0
		_, err := untilVisible(ctx, c, "iam:GetRole", func(context.Context) (int, error) {
			calls++
			cancel()
			return 0, &smithy.GenericAPIError{Code: "NoSuchEntity"}
		})
		if !awserr.IsNoSuchEntity(err) || calls != 1 {
			t.Fatalf("untilVisible() = %v after %d calls; want NoSuchEntity after 1", err, calls)
		}
	})
	t.Run("at the timeout, by the client's clock", func(t *testing.T) {
		t.Parallel()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		c := New(nil, testAccount, Options{
			Now:         func() time.Time { return now },
			Propagation: Backoff{Timeout: 10 * time.Second, FirstDelay: time.Millisecond, MaxDelay: time.Millisecond},
		})
		calls := 0
		_, err := untilVisible(t.Context(), c, "iam:GetRole", func(context.Context) (int, error) {
			calls++
			now = now.Add(4 * time.Second) // each call takes four seconds
			return 0, &smithy.GenericAPIError{Code: "NoSuchEntity"}
		})
		if !awserr.IsNoSuchEntity(err) || calls != 3 {
			t.Fatalf("untilVisible() = %v after %d calls; want NoSuchEntity after 3 (12 s > 10 s)", err, calls)
		}
	})
}
