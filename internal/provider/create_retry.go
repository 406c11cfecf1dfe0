package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A create whose response was lost (a 5xx or a reset after IAM made the
// write) is retried by the SDK, and the retry then fails with
// EntityAlreadyExists, or for CreateAccessKey makes a second key. The helpers
// here count the SDK's attempts of each create and, after a retry, adopt the
// entity the lost attempt made, or delete the key it made.

// createClockMargin is how much earlier than the call's start (by the
// server's clock) an entity's CreateDate may be and still count as made by
// the call: both IAM timestamps have whole seconds.
const createClockMargin = 5 * time.Second

// createClockMarginLocal replaces createClockMargin when the server sent no
// Date header, so the local clock has to do: it allows the skew SigV4 does.
const createClockMarginLocal = 5 * time.Minute

// attemptRecorder records how one SDK call went.
type attemptRecorder struct {
	start    time.Time // local clock, before the call
	attempts int       // HTTP attempts the SDK made
	// serverStart is the call's start by the server's clock: the Date of
	// the last response less the time the call took; zero without a Date.
	serverStart time.Time
}

// record starts a recorder and returns the per-call option that fills it.
func (a *attemptRecorder) record() func(*iam.Options) {
	a.start = time.Now()
	return func(o *iam.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("IAMAuditRecordAttempts",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
					out, metadata, err := next.HandleFinalize(ctx, in)
					a.attempts = 1
					if results, ok := retry.GetAttemptResults(metadata); ok {
						a.attempts = max(1, len(results.Results))
					}
					if serverTime, ok := awsmiddleware.GetServerTime(metadata); ok {
						a.serverStart = serverTime.Add(-time.Since(a.start))
					}
					return out, metadata, err
				}), "Retry", middleware.Before)
		})
	}
}

// retried reports whether the SDK sent the request more than once, so an
// earlier attempt may have made the write although its response was lost.
func (a *attemptRecorder) retried() bool { return a.attempts > 1 }

// madeSince is the earliest CreateDate an entity the call made can have:
// the call's start by the server's clock, less createClockMargin.
func (a *attemptRecorder) madeSince() time.Time {
	if a.serverStart.IsZero() {
		return a.start.Add(-createClockMarginLocal)
	}
	return a.serverStart.Add(-createClockMargin)
}

// madeByCall reports whether an entity with this path and CreateDate is the
// one the call asked for (at wantPath, "" meaning IAM's default "/") and made.
func (a *attemptRecorder) madeByCall(path *string, created *time.Time, wantPath string) bool {
	if wantPath == "" {
		wantPath = "/"
	}
	return aws.ToString(path) == wantPath && created != nil && !created.Before(a.madeSince())
}

// lostCreateError is a create that failed after the SDK retried it, when
// it is unknown whether an earlier attempt made the entity.
type lostCreateError struct {
	what string // "user reader"
	err  error
}

func (e *lostCreateError) Error() string { return e.err.Error() }

func (e *lostCreateError) Unwrap() error { return e.err }

// note tells the user what may be left.
func (e *lostCreateError) note() string {
	return fmt.Sprintf("The request creating %s was retried after a response was lost, so %s may exist in AWS "+
		"although the create failed. Check, and delete or import it before applying again.", e.what, e.what)
}

// existingEntity is an entity found by name, with what shows who made it.
type existingEntity[Out any] struct {
	out     Out // the entity, as its create would have returned it
	path    *string
	created *time.Time
}

// createOrAdopt calls create(ctx, in). When it fails after the SDK retried
// it, find looks the entity up: if it is at iamPath and was created since
// the call started, a lost attempt made it, and it is returned as created.
// Otherwise an EntityAlreadyExists stands (the entity is someone else's),
// and any other error becomes a lostCreateError.
func createOrAdopt[In, Out any](ctx context.Context, what, iamPath string, in In,
	create func(context.Context, In, ...func(*iam.Options)) (Out, error),
	find func(context.Context) (existingEntity[Out], error),
) (Out, error) {
	var call attemptRecorder
	out, err := create(ctx, in, call.record())
	if err == nil || !call.retried() {
		return out, err
	}
	exists := isEntityAlreadyExists(err)
	waitFor := func(error) bool { return false }
	if exists {
		waitFor = isNoSuchEntity // IAM said it exists: wait until it shows
	}
	entity, findErr := retryWhilePropagating(ctx, "find "+what, waitFor, find)
	switch {
	case findErr == nil && call.madeByCall(entity.path, entity.created, iamPath):
		tflog.Warn(ctx, "A retried create found its entity made by an attempt whose response was lost; adopting it",
			map[string]any{"entity": what, "attempts": call.attempts, "error_code": errorCode(err)})
		return entity.out, nil
	case findErr == nil && exists:
		return out, err
	default:
		return out, &lostCreateError{what: what, err: err}
	}
}

// createUser is iam:CreateUser through createOrAdopt.
func createUser(ctx context.Context, api *iam.Client, in *iam.CreateUserInput) (*iam.CreateUserOutput, error) {
	return createOrAdopt(ctx, "user "+aws.ToString(in.UserName), aws.ToString(in.Path), in, api.CreateUser,
		func(ctx context.Context) (existingEntity[*iam.CreateUserOutput], error) {
			got, err := api.GetUser(ctx, &iam.GetUserInput{UserName: in.UserName})
			if err != nil {
				return existingEntity[*iam.CreateUserOutput]{}, err
			}
			return existingEntity[*iam.CreateUserOutput]{&iam.CreateUserOutput{User: got.User}, got.User.Path, got.User.CreateDate}, nil
		})
}

// createGroup is iam:CreateGroup through createOrAdopt.
func createGroup(ctx context.Context, api *iam.Client, in *iam.CreateGroupInput) (*iam.CreateGroupOutput, error) {
	return createOrAdopt(ctx, "group "+aws.ToString(in.GroupName), aws.ToString(in.Path), in, api.CreateGroup,
		func(ctx context.Context) (existingEntity[*iam.CreateGroupOutput], error) {
			got, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: in.GroupName, MaxItems: aws.Int32(1)})
			if err != nil {
				return existingEntity[*iam.CreateGroupOutput]{}, err
			}
			return existingEntity[*iam.CreateGroupOutput]{&iam.CreateGroupOutput{Group: got.Group}, got.Group.Path, got.Group.CreateDate}, nil
		})
}

// createRole is iam:CreateRole through createOrAdopt.
func createRole(ctx context.Context, api *iam.Client, in *iam.CreateRoleInput) (*iam.CreateRoleOutput, error) {
	return createOrAdopt(ctx, "role "+aws.ToString(in.RoleName), aws.ToString(in.Path), in, api.CreateRole,
		func(ctx context.Context) (existingEntity[*iam.CreateRoleOutput], error) {
			got, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: in.RoleName})
			if err != nil {
				return existingEntity[*iam.CreateRoleOutput]{}, err
			}
			return existingEntity[*iam.CreateRoleOutput]{&iam.CreateRoleOutput{Role: got.Role}, got.Role.Path, got.Role.CreateDate}, nil
		})
}

// createPolicy is iam:CreatePolicy through createOrAdopt.
func createPolicy(ctx context.Context, api *iam.Client, in *iam.CreatePolicyInput) (*iam.CreatePolicyOutput, error) {
	return createOrAdopt(ctx, "policy "+aws.ToString(in.PolicyName), aws.ToString(in.Path), in, api.CreatePolicy,
		func(ctx context.Context) (existingEntity[*iam.CreatePolicyOutput], error) {
			p := iam.NewListPoliciesPaginator(api, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, PathPrefix: in.Path})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return existingEntity[*iam.CreatePolicyOutput]{}, err
				}
				for _, policy := range page.Policies {
					if aws.ToString(policy.PolicyName) == aws.ToString(in.PolicyName) {
						return existingEntity[*iam.CreatePolicyOutput]{&iam.CreatePolicyOutput{Policy: &policy}, policy.Path, policy.CreateDate}, nil
					}
				}
			}
			return existingEntity[*iam.CreatePolicyOutput]{}, fmt.Errorf("policy %s not found under path %s", aws.ToString(in.PolicyName), aws.ToString(in.Path))
		})
}

// createUserAccessKey is iam:CreateAccessKey. When the SDK retried it, an
// earlier attempt may have made a key whose secret was lost with its
// response: every key of the user made since the call started, except the
// one returned, is deleted. If that fails, the returned key is deleted too
// and the error is a lostCreateError.
func createUserAccessKey(ctx context.Context, api *iam.Client, user string) (*iam.CreateAccessKeyOutput, error) {
	var call attemptRecorder
	out, err := api.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)}, call.record())
	if !call.retried() {
		return out, err
	}
	keep := ""
	if err == nil {
		keep = aws.ToString(out.AccessKey.AccessKeyId)
	}
	if cleanErr := deleteKeysMadeSince(ctx, api, user, keep, call.madeSince()); cleanErr != nil {
		if keep != "" {
			_ = deleteAccessKey(ctx, api, user, keep)
		}
		return nil, &lostCreateError{what: "an access key of user " + user, err: cleanErr}
	}
	return out, err
}

// deleteKeysMadeSince deletes the user's access keys created at or after
// since, except keep.
func deleteKeysMadeSince(ctx context.Context, api *iam.Client, user, keep string, since time.Time) error {
	keys, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
	if err != nil {
		return err
	}
	for _, k := range keys.AccessKeyMetadata {
		id := aws.ToString(k.AccessKeyId)
		if id == keep || k.CreateDate == nil || k.CreateDate.Before(since) {
			continue
		}
		tflog.Warn(ctx, "Deleting an access key made by a create whose response was lost", map[string]any{"access_key_id": id})
		if err := deleteAccessKey(ctx, api, user, id); err != nil {
			return err
		}
	}
	return nil
}
