package iamcollect

import (
	"errors"
	"fmt"
	"testing"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func TestWrapErr(t *testing.T) {
	inner := apiError("AccessDenied")
	err := fmt.Errorf("reading users: %w", wrapErr("GetAccountAuthorizationDetails", inner))
	if got := awserr.Action(err); got != "iam:GetAccountAuthorizationDetails" {
		t.Fatalf("awserr.Action = %q", got)
	}
	if got, want := awserr.WithoutAction(err).Error(), inner.Error(); got != want {
		t.Errorf("WithoutAction = %q, want %q", got, want)
	}
	if !errors.Is(err, inner) || !awserr.IsAccessDenied(err) {
		t.Error("errors.Is must reach the AWS error")
	}
	if wrapErr("ListUsers", nil) != nil {
		t.Error("wrapErr(nil) != nil")
	}
}
