// Package awserr is the one vocabulary for AWS errors: what an error means
// (access denied, entity missing, throttled, outcome unknown) and which
// action it came from. The read engine, the write side and the provider's
// diagnostics all classify errors here, so a code list exists once.
package awserr

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Error codes the provider acts on.
const (
	CodeNoSuchEntity            = "NoSuchEntity"
	CodeEntityAlreadyExists     = "EntityAlreadyExists"
	CodeLimitExceeded           = "LimitExceeded"
	CodeMalformedPolicyDocument = "MalformedPolicyDocument"
	CodeDeleteConflict          = "DeleteConflict"
)

// accessDeniedCodes are the codes AWS uses when a policy denies a call.
var accessDeniedCodes = []string{"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}

// throttlingCodes are the codes AWS uses when it refuses a call because of
// the request rate (the SDK's retryer retries them; they never take effect).
var throttlingCodes = []string{
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
	"RequestLimitExceeded", "BandwidthLimitExceeded", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
}

// Code is the AWS error code of err ("NoSuchEntity"), or "" when err did
// not come from an AWS API.
func Code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// Message is the AWS error message of err, or err's text when it did not
// come from an AWS API.
func Message(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorMessage()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// HasCode reports whether err is an AWS error with one of codes.
func HasCode(err error, codes ...string) bool {
	code := Code(err)
	return code != "" && slices.Contains(codes, code)
}

// IsAccessDenied reports whether a policy denied the call.
func IsAccessDenied(err error) bool { return HasCode(err, accessDeniedCodes...) }

// IsNoSuchEntity reports whether IAM said the entity does not exist.
func IsNoSuchEntity(err error) bool { return HasCode(err, CodeNoSuchEntity) }

// IsEntityAlreadyExists reports whether IAM refused to create a duplicate.
func IsEntityAlreadyExists(err error) bool { return HasCode(err, CodeEntityAlreadyExists) }

// IsLimitExceeded reports whether IAM refused a call because a quota (two
// access keys per user, five policy versions, ...) is reached.
func IsLimitExceeded(err error) bool { return HasCode(err, CodeLimitExceeded) }

// IsThrottling reports whether AWS refused the call because of the request rate.
func IsThrottling(err error) bool { return HasCode(err, throttlingCodes...) }

// IsInvalidPrincipal reports whether IAM rejected a trust policy because a
// principal it names is not (yet) known to IAM: what CreateRole and
// UpdateAssumeRolePolicy return for a few seconds after that principal was
// created.
func IsInvalidPrincipal(err error) bool {
	return HasCode(err, CodeMalformedPolicyDocument) && strings.Contains(strings.ToLower(Message(err)), "invalid principal")
}

// Refused reports whether AWS answered the call with a client error (a
// 4xx status, or an error the service models as the caller's fault): the
// request was rejected and changed nothing. Server errors, lost or cut-off
// responses and cancelled calls are not refusals: a write may then have
// taken effect although the call failed.
func Refused(err error) bool {
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) && respErr.Response != nil && respErr.Response.Response != nil {
		// A 2xx whose body was cut off took effect; a 5xx may have.
		status := respErr.HTTPStatusCode()
		return status >= 400 && status < 500
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.ErrorFault() == smithy.FaultClient || IsAccessDenied(err) || IsThrottling(err) ||
		HasCode(err, CodeNoSuchEntity, CodeEntityAlreadyExists, CodeLimitExceeded, CodeMalformedPolicyDocument, CodeDeleteConflict,
			"ValidationError", "InvalidInput", "ConcurrentModification")
}
