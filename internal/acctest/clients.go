package acctest

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// TimeOffsetHeader tells the moto wrapper to shift its IAM clock, by that
// many seconds, for one request.
const TimeOffsetHeader = "X-Iamaudit-Time-Offset"

type timeOffsetKey struct{}

// WithTimeOffset returns a context whose IAM calls through the harness's
// clients (AWSConfig, IAM, STS, Fixtures) run with moto's IAM clock shifted by
// offset (negative = the past): users, keys, roles, policies, MFA devices
// created then get that creation date, and keys used then get that last-used
// date. The shift applies per request, so parallel tests on one server do
// not see each other's time travel; requests from the provider under test
// always see the real time.
func WithTimeOffset(ctx context.Context, offset time.Duration) context.Context {
	return context.WithValue(ctx, timeOffsetKey{}, offset)
}

// InPast runs fn with a context that makes moto's IAM clock read `days` days
// ago (see WithTimeOffset); fn seeds fixtures with that context.
func (s *Server) InPast(ctx context.Context, days int, fn func(ctx context.Context) error) error {
	if err := fn(WithTimeOffset(ctx, -time.Duration(days)*24*time.Hour)); err != nil {
		return fmt.Errorf("seeding %d days in the past: %w", days, err)
	}
	return nil
}

// AWSConfig is an SDK configuration for this server: static credentials
// test/test (moto's default account 123456789012), region us-east-1,
// BaseEndpoint set, and WithTimeOffset support.
func (s *Server) AWSConfig() aws.Config {
	return s.awsConfig(credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""))
}

// AWSConfigFor is AWSConfig signing with another access key, e.g. one
// created by CreateAccessKey, to act as that user (what moto authorizes
// when started with InitialNoAuthActionCount).
func (s *Server) AWSConfigFor(keyID, secret string) aws.Config {
	return s.awsConfig(credentials.NewStaticCredentialsProvider(keyID, secret, ""))
}

func (s *Server) awsConfig(creds aws.CredentialsProvider) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  creds,
		BaseEndpoint: aws.String(s.endpoint),
		APIOptions:   []func(*middleware.Stack) error{addTimeOffset},
	}
}

// IAM is an IAM client for this server (see AWSConfig).
func (s *Server) IAM() *iam.Client { return s.iamClient }

// STS is an STS client for this server (see AWSConfig).
func (s *Server) STS() *sts.Client { return s.stsClient }

// addTimeOffset adds the clock header to requests whose context carries an offset.
func addTimeOffset(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("IAMAuditTimeOffset",
		func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			offset, ok := ctx.Value(timeOffsetKey{}).(time.Duration)
			if req, isHTTP := in.Request.(*smithyhttp.Request); ok && isHTTP && offset != 0 {
				req.Header.Set(TimeOffsetHeader, strconv.FormatFloat(offset.Seconds(), 'f', -1, 64))
			}
			return next.HandleBuild(ctx, in)
		}), middleware.After)
}
