package iamidentity

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// untilVisible retries fn while IAM does not yet show an entity just created
// (NoSuchEntity) and returns its last result.
func untilVisible[T any](ctx context.Context, c *Client, operation string, fn func(context.Context) (T, error)) (T, error) {
	return retryWhilePropagating(ctx, c, operation, awserr.IsNoSuchEntity, fn)
}

// retryWhilePropagating calls fn until it succeeds, fails with an error
// retryable does not accept, the backoff's timeout has passed or ctx ends,
// and returns fn's last result. operation names the call in logs.
func retryWhilePropagating[T any](ctx context.Context, c *Client, operation string, retryable func(error) bool, fn func(context.Context) (T, error)) (T, error) {
	deadline := c.now().Add(c.backoff.Timeout)
	delay := c.backoff.FirstDelay
	for attempt := 1; ; attempt++ {
		out, err := fn(ctx)
		if err == nil || !retryable(err) || c.now().Add(delay).After(deadline) {
			return out, err
		}
		tflog.Debug(ctx, "Retrying while IAM propagates a recent change", map[string]any{
			"operation":  operation,
			"attempt":    attempt,
			"error_code": awserr.Code(err),
			"delay_ms":   delay.Milliseconds(),
		})
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return out, err
		case <-timer.C:
		}
		delay = min(2*delay, c.backoff.MaxDelay)
	}
}
