package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestAPIError(t *testing.T) {
	inner := apiError("AccessDenied")
	err := fmt.Errorf("reading users: %w", wrapErr("GetAccountAuthorizationDetails", inner))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:GetAccountAuthorizationDetails" {
		t.Fatalf("errors.As: %v", err)
	}
	if got, want := apiErr.Error(), "iam:GetAccountAuthorizationDetails: api error AccessDenied: AccessDenied (fake)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, inner) {
		t.Error("errors.Is must reach the AWS error")
	}
	if again := wrapErr("ListUsers", apiErr); again != error(apiErr) {
		t.Errorf("wrapErr re-wrapped an *APIError: %v", again)
	}
	if wrapErr("ListUsers", nil) != nil {
		t.Error("wrapErr(nil) != nil")
	}
}

func TestIsAccessDenied(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{wrapErr("X", apiError("AccessDenied")), true},
		{wrapErr("X", apiError("AccessDeniedException")), true},
		{wrapErr("X", apiError("UnauthorizedOperation")), true},
		{wrapErr("X", apiError("NoSuchEntity")), false},
		{wrapErr("X", noSuchEntity()), false},
		{context.Canceled, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsAccessDenied(tt.err); got != tt.want {
			t.Errorf("IsAccessDenied(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
