package iamcollect

import (
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go"
)

// APIError wraps an error returned by one AWS operation so that callers can
// name the action in diagnostics: "iam:<Operation>", or
// "organizations:DescribeOrganization".
type APIError struct {
	Action string
	Err    error
}

// Error returns the action followed by the wrapped error.
func (e *APIError) Error() string {
	return e.Action + ": " + e.Err.Error()
}

// Unwrap returns the wrapped error, so errors.As finds the smithy.APIError.
func (e *APIError) Unwrap() error {
	return e.Err
}

// ErrReportTimeout is matched (errors.Is) by the error returned when the
// credential report is not generated within Options.ReportTimeout.
var ErrReportTimeout = errors.New("credential report generation timed out")

// reportTimeoutError says how long the engine waited for the credential report.
type reportTimeoutError struct {
	timeout time.Duration
}

func (e reportTimeoutError) Error() string {
	return fmt.Sprintf("credential report was not generated within %s", e.timeout)
}

func (e reportTimeoutError) Is(target error) bool {
	return target == ErrReportTimeout
}

// accessDeniedCodes are the error codes AWS uses when a caller lacks permission.
var accessDeniedCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}

// IsAccessDenied reports whether err (or an error it wraps) is an AWS
// access-denied error.
func IsAccessDenied(err error) bool {
	return hasCode(err, accessDeniedCodes...)
}

// hasCode reports whether err wraps a smithy.APIError with one of codes.
func hasCode(err error, codes ...string) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	code := apiErr.ErrorCode()
	for _, c := range codes {
		if code == c {
			return true
		}
	}
	return false
}

// isNoSuchEntity reports whether err is IAM's NoSuchEntity.
func isNoSuchEntity(err error) bool {
	return hasCode(err, "NoSuchEntity")
}

// wrapErr wraps err as an *APIError for operation op ("ListUsers"), unless it
// already is one or is nil.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err
	}
	return &APIError{Action: "iam:" + op, Err: err}
}
