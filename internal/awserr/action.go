package awserr

import (
	"errors"

	"github.com/aws/smithy-go"
)

// unknownAction names the action of an error that did not come from an SDK
// operation.
const unknownAction = "an AWS call"

// ActionError ties an error to the IAM action ("iam:ListUsers") that
// failed, for errors that did not come from an SDK operation (a page that
// claims more without a marker) or whose action must survive wrapping.
type ActionError struct {
	Action string
	Err    error
}

// Error returns the action followed by the wrapped error.
func (e *ActionError) Error() string { return e.Action + ": " + e.Err.Error() }

// Unwrap returns the wrapped error, so errors.As finds the smithy.APIError.
func (e *ActionError) Unwrap() error { return e.Err }

// WithAction wraps err as an *ActionError for action, unless err is nil or
// already names its action that way.
func WithAction(action string, err error) error {
	if err == nil {
		return nil
	}
	var actionErr *ActionError
	if errors.As(err, &actionErr) {
		return err
	}
	return &ActionError{Action: action, Err: err}
}

// Action names the action behind err: "iam:CreateUser", or "an AWS call"
// when err names none.
func Action(err error) string {
	var actionErr *ActionError
	if errors.As(err, &actionErr) {
		return actionErr.Action
	}
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) {
		return ActionName(opErr.ServiceID, opErr.OperationName)
	}
	return unknownAction
}

// WithoutAction strips an *ActionError's "iam:Action: " prefix, for messages
// that name the action already.
func WithoutAction(err error) error {
	var actionErr *ActionError
	if errors.As(err, &actionErr) {
		return actionErr.Err
	}
	return err
}

// ActionName maps an SDK service ID and operation to an IAM action name
// ("IAM", "ListUsers" → "iam:ListUsers").
func ActionName(serviceID, operation string) string {
	switch serviceID {
	case "IAM":
		return "iam:" + operation
	case "STS":
		return "sts:" + operation
	case "Organizations":
		return "organizations:" + operation
	default:
		return serviceID + ":" + operation
	}
}
