package awsclient

import (
	"context"
	"errors"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// truncatedBodyRetryer also retries responses cut off mid-body. The SDK
// treats a truncated 200 ("unexpected EOF" while deserializing) as final, but
// for the read-only and idempotent calls this provider makes it is a network
// fault like a connection reset: retrying is safe and keeps pagination whole.
type truncatedBodyRetryer struct {
	aws.RetryerV2
}

func (r truncatedBodyRetryer) IsErrorRetryable(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || r.RetryerV2.IsErrorRetryable(err)
}

// retryTruncatedBodies wraps the retryer the base library resolved.
func retryTruncatedBodies(cfg *aws.Config) {
	base := cfg.Retryer
	if base == nil {
		return
	}
	cfg.Retryer = func() aws.Retryer {
		inner := base()
		v2, ok := inner.(aws.RetryerV2)
		if !ok {
			v2 = retryerV2{inner}
		}
		return truncatedBodyRetryer{v2}
	}
}

// retryerV2 adapts a plain Retryer (never produced by the base library today).
type retryerV2 struct{ aws.Retryer }

func (r retryerV2) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	return r.GetInitialToken(), nil
}
