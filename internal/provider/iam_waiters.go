package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// IAM is eventually consistent: an entity just created may not be visible
// to the next call for a few seconds, and a principal just created may not
// yet be accepted in a trust policy. These bound how long resources retry
// such errors before reporting them.
var (
	// iamPropagationTimeout bounds the retries of one call.
	iamPropagationTimeout = 2 * time.Minute
	// iamPropagationFirstDelay is the wait before the first retry; it
	// doubles up to iamPropagationMaxDelay.
	iamPropagationFirstDelay = 250 * time.Millisecond
	iamPropagationMaxDelay   = 5 * time.Second
)

// retryWhilePropagating calls fn until it succeeds, fails with an error
// retryable does not accept, iamPropagationTimeout has passed or ctx ends.
// It returns fn's last result. operation names the call in logs.
func retryWhilePropagating[T any](ctx context.Context, operation string, retryable func(error) bool, fn func(context.Context) (T, error)) (T, error) {
	deadline := time.Now().Add(iamPropagationTimeout)
	delay := iamPropagationFirstDelay
	for attempt := 1; ; attempt++ {
		out, err := fn(ctx)
		if err == nil || !retryable(err) || time.Now().Add(delay).After(deadline) {
			return out, err
		}
		tflog.Debug(ctx, "Retrying while IAM propagates a recent change", map[string]any{
			"operation":  operation,
			"attempt":    attempt,
			"error_code": errorCode(err),
			"delay_ms":   delay.Milliseconds(),
		})
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return out, err
		case <-timer.C:
		}
		delay = min(2*delay, iamPropagationMaxDelay)
	}
}
