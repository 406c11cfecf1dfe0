package awserr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func apiErr(code, message string) error {
	return &smithy.GenericAPIError{Code: code, Message: message}
}

// sdkError wraps err the way the SDK returns an answered call: operation
// error, response error with the HTTP status, then the API error.
func sdkError(status int, err error) error {
	return &smithy.OperationError{ServiceID: "IAM", OperationName: "CreateUser", Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: err},
	}}
}

func TestClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		// want lists the predicates that must hold; every other one must not.
		want []string
	}{
		{"access denied", sdkError(403, apiErr("AccessDenied", "no")), []string{"denied", "refused"}},
		{"access denied exception", apiErr("AccessDeniedException", "no"), []string{"denied", "refused"}},
		{"unauthorized operation", apiErr("UnauthorizedOperation", "no"), []string{"denied", "refused"}},
		{"no such entity", sdkError(404, apiErr("NoSuchEntity", "gone")), []string{"missing", "refused"}},
		{"already exists", sdkError(409, apiErr("EntityAlreadyExists", "taken")), []string{"exists", "refused"}},
		{"limit", apiErr("LimitExceeded", "two keys"), []string{"limit", "refused"}},
		{"throttling", sdkError(400, apiErr("Throttling", "Rate exceeded")), []string{"throttling", "refused"}},
		{"invalid principal", apiErr("MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::1:user/x"`), []string{"principal", "refused"}},
		{"malformed, other reason", apiErr("MalformedPolicyDocument", "Syntax errors in policy."), []string{"refused"}},
		{"invalid principal text under another code", apiErr("NoSuchEntity", "Invalid principal"), []string{"missing", "refused"}},
		{"server failure", sdkError(500, apiErr("ServiceFailure", "unknown")), nil},
		{"unavailable", sdkError(503, apiErr("ServiceUnavailable", "later")), nil},
		{"a 200 cut off", sdkError(200, errors.New("unexpected EOF")), nil},
		{"client fault without status", &smithy.GenericAPIError{Code: "Custom", Fault: smithy.FaultClient}, []string{"refused"}},
		{"server fault without status", &smithy.GenericAPIError{Code: "Custom", Fault: smithy.FaultServer}, nil},
		{"connection reset", errors.New("read: connection reset by peer"), nil},
		{"cancelled", context.Canceled, nil},
		{"nil", nil, nil},
	}
	predicates := map[string]func(error) bool{
		"denied": IsAccessDenied, "missing": IsNoSuchEntity, "exists": IsEntityAlreadyExists, "limit": IsLimitExceeded,
		"throttling": IsThrottling, "principal": IsInvalidPrincipal, "refused": Refused,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wrapped := fmt.Errorf("creating: %w", tt.err)
			for name, is := range predicates {
				want := false
				for _, w := range tt.want {
					want = want || w == name
				}
				if got := is(tt.err); got != want {
					t.Errorf("%s(%v) = %v, want %v", name, tt.err, got, want)
				}
				if tt.err != nil && is(wrapped) != want {
					t.Errorf("%s of the wrapped error differs", name)
				}
			}
		})
	}
}

func TestAction(t *testing.T) {
	t.Parallel()
	inner := sdkError(403, apiErr("AccessDenied", "no"))
	if got := Action(inner); got != "iam:CreateUser" {
		t.Errorf("Action(SDK error) = %q", got)
	}
	tagged := fmt.Errorf("reading users: %w", WithAction("iam:GetAccountAuthorizationDetails", errors.New("truncated page without a new marker")))
	if got := Action(tagged); got != "iam:GetAccountAuthorizationDetails" {
		t.Errorf("Action(ActionError) = %q", got)
	}
	if got := WithoutAction(tagged).Error(); got != "truncated page without a new marker" {
		t.Errorf("WithoutAction = %q", got)
	}
	if got := Action(errors.New("plain")); got != "an AWS call" {
		t.Errorf("Action(plain) = %q", got)
	}
	first := WithAction("iam:ListUsers", inner)
	if again := WithAction("iam:GetUser", first); again != first {
		t.Errorf("WithAction re-wrapped an *ActionError: %v", again)
	}
	if WithAction("iam:ListUsers", nil) != nil {
		t.Error("WithAction(nil) != nil")
	}
	if got, want := first.Error(), "iam:ListUsers: "+inner.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(first, inner) || !IsAccessDenied(first) {
		t.Error("the wrapped AWS error must stay reachable")
	}
	for _, tt := range []struct{ service, op, want string }{
		{"IAM", "ListUsers", "iam:ListUsers"}, {"STS", "AssumeRole", "sts:AssumeRole"},
		{"Organizations", "ListAccounts", "organizations:ListAccounts"}, {"S3", "ListBuckets", "S3:ListBuckets"},
	} {
		if got := ActionName(tt.service, tt.op); got != tt.want {
			t.Errorf("ActionName(%q, %q) = %q, want %q", tt.service, tt.op, got, tt.want)
		}
	}
}
