package awsclient

import (
	"context"
	"slices"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// calledActions records every "service:Operation" this process sent, so a
// test can prove the reader policy's audit purpose covers every call made.
var calledActions = struct {
	sync.Mutex
	set map[string]struct{}
}{set: map[string]struct{}{}}

// CalledActions returns the sorted IAM action names ("iam:ListUsers",
// "sts:GetCallerIdentity") called by this process so far.
func CalledActions() []string {
	calledActions.Lock()
	defer calledActions.Unlock()
	out := make([]string, 0, len(calledActions.set))
	for a := range calledActions.set {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// ResetCalledActions forgets the recorded actions.
func ResetCalledActions() {
	calledActions.Lock()
	defer calledActions.Unlock()
	calledActions.set = map[string]struct{}{}
}

func recordCalls(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("IAMAuditRecordCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			action := awserr.ActionName(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx))
			calledActions.Lock()
			calledActions.set[action] = struct{}{}
			calledActions.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}
