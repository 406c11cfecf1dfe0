package iamidentity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// taggedEntity is how to create, find and confirm one user, role or
// policy: the entities that can carry the create token.
type taggedEntity[Out any] struct {
	what string // "user reader"
	// create makes the entity with the token among its tags.
	create func(ctx context.Context, token string, opt func(*iam.Options)) (Out, error)
	// find returns the entity under the name and its create token ("" when
	// it has none); NoSuchEntity when there is none.
	find func(ctx context.Context) (Out, string, error)
	// untag removes the create token.
	untag func(ctx context.Context) error
}

// createTagged creates e. made is true when the entity exists and is this
// request's (created, or adopted because it carries this request's token),
// even when err then reports that confirming it failed: the caller owns it
// and must roll it back.
//
// When the create fails in a way that may still have made the entity (an
// attempt whose answer was lost), the entity under the name is adopted only
// if it carries this request's token; one without it is someone else's and
// is left alone (ForeignEntityError); none found leaves a MaybeLeftError
// naming the token the entity would carry.
func createTagged[Out any](ctx context.Context, c *Client, e taggedEntity[Out]) (out Out, made bool, err error) {
	token := c.newToken()
	var call callRecord
	out, err = e.create(ctx, token, c.record(&call))
	switch {
	case err == nil:
		return out, true, c.confirm(ctx, e.what, e.untag)
	case call.changedNothing() && awserr.IsEntityAlreadyExists(err):
		// Every attempt was refused: the name was taken before this request.
		return out, false, &ForeignEntityError{What: e.what, Err: err}
	case call.changedNothing():
		return out, false, err
	}
	// An attempt may have made the entity: only the token can prove it.
	waitFor := func(error) bool { return false }
	if awserr.IsEntityAlreadyExists(err) {
		waitFor = awserr.IsNoSuchEntity // IAM said it exists: wait until it shows
	}
	type found struct {
		out   Out
		token string
	}
	got, findErr := retryWhilePropagating(ctx, c, "find "+e.what, waitFor, func(ctx context.Context) (found, error) {
		out, token, err := e.find(ctx)
		return found{out, token}, err
	})
	switch {
	case findErr == nil && got.token == token:
		tflog.Warn(ctx, "A create whose answer was lost made its entity; adopting it (it carries this request's create token)",
			map[string]any{"entity": e.what, "attempts": call.sent(), "error_code": awserr.Code(err)})
		return got.out, true, c.confirm(ctx, e.what, e.untag)
	case findErr == nil:
		return out, false, &ForeignEntityError{What: e.what, Err: err}
	case awserr.IsNoSuchEntity(findErr):
		return out, false, &MaybeLeftError{What: e.what, Token: token, Err: err}
	default:
		return out, false, &MaybeLeftError{What: e.what, Token: token, Err: err,
			Reason: fmt.Sprintf("looking it up failed: %s: %s", awserr.Action(findErr), awserr.Code(findErr))}
	}
}

// confirm removes the create token from an entity this request made.
func (c *Client) confirm(ctx context.Context, what string, untag func(context.Context) error) error {
	if _, err := untilVisible(ctx, c, "remove the create token", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, untag(ctx)
	}); err != nil {
		return fmt.Errorf("removing the %s tag from %s: %w", CreateTokenTagKey, what, err)
	}
	return nil
}

// userSpec is an IAM user to create.
type userSpec struct {
	name, path, boundary string
	tags                 map[string]string
}

// createUser is iam:CreateUser through createTagged.
func (c *Client) createUser(ctx context.Context, u userSpec) (*iamtypes.User, bool, error) {
	name := aws.String(u.name)
	return createTagged(ctx, c, taggedEntity[*iamtypes.User]{
		what: "user " + u.name,
		create: func(ctx context.Context, token string, opt func(*iam.Options)) (*iamtypes.User, error) {
			out, err := c.api.CreateUser(ctx, &iam.CreateUserInput{
				UserName: name, Path: aws.String(u.path), Tags: withToken(u.tags, token), PermissionsBoundary: optional(u.boundary),
			}, opt)
			if err != nil {
				return nil, err
			}
			return out.User, nil
		},
		find: func(ctx context.Context) (*iamtypes.User, string, error) {
			got, err := c.api.GetUser(ctx, &iam.GetUserInput{UserName: name})
			if err != nil {
				return nil, "", err
			}
			tags, err := collect(ctx, iam.NewListUserTagsPaginator(c.api, &iam.ListUserTagsInput{UserName: name}),
				func(o *iam.ListUserTagsOutput) []iamtypes.Tag { return o.Tags })
			return got.User, tokenOf(tags), err
		},
		untag: func(ctx context.Context) error {
			_, err := c.api.UntagUser(ctx, &iam.UntagUserInput{UserName: name, TagKeys: []string{CreateTokenTagKey}})
			return err
		},
	})
}

// roleSpec is an IAM role to create.
type roleSpec struct {
	name, path, description, trust, boundary string
	maxSession                               int32
	tags                                     map[string]string
}

// createRole is iam:CreateRole through createTagged.
func (c *Client) createRole(ctx context.Context, r roleSpec) (*iamtypes.Role, bool, error) {
	name := aws.String(r.name)
	return createTagged(ctx, c, taggedEntity[*iamtypes.Role]{
		what: "role " + r.name,
		create: func(ctx context.Context, token string, opt func(*iam.Options)) (*iamtypes.Role, error) {
			out, err := c.api.CreateRole(ctx, &iam.CreateRoleInput{
				RoleName: name, Path: aws.String(r.path), AssumeRolePolicyDocument: aws.String(r.trust),
				Description: optional(r.description), MaxSessionDuration: aws.Int32(r.maxSession),
				PermissionsBoundary: optional(r.boundary), Tags: withToken(r.tags, token),
			}, opt)
			if err != nil {
				return nil, err
			}
			return out.Role, nil
		},
		find: func(ctx context.Context) (*iamtypes.Role, string, error) {
			got, err := c.api.GetRole(ctx, &iam.GetRoleInput{RoleName: name})
			if err != nil {
				return nil, "", err
			}
			tags, err := collect(ctx, iam.NewListRoleTagsPaginator(c.api, &iam.ListRoleTagsInput{RoleName: name}),
				func(o *iam.ListRoleTagsOutput) []iamtypes.Tag { return o.Tags })
			return got.Role, tokenOf(tags), err
		},
		untag: func(ctx context.Context) error {
			_, err := c.api.UntagRole(ctx, &iam.UntagRoleInput{RoleName: name, TagKeys: []string{CreateTokenTagKey}})
			return err
		},
	})
}

// createPolicy is iam:CreatePolicy through createTagged; it returns the
// policy's ARN.
func (c *Client) createPolicy(ctx context.Context, name, path, doc, description string) (string, bool, error) {
	arn := aws.String(c.account.PolicyARN(path, name))
	return createTagged(ctx, c, taggedEntity[string]{
		what: "policy " + name,
		create: func(ctx context.Context, token string, opt func(*iam.Options)) (string, error) {
			out, err := c.api.CreatePolicy(ctx, &iam.CreatePolicyInput{
				PolicyName: aws.String(name), Path: aws.String(path), PolicyDocument: aws.String(doc),
				Description: aws.String(description), Tags: withToken(nil, token),
			}, opt)
			if err != nil {
				return "", err
			}
			return aws.ToString(out.Policy.Arn), nil
		},
		find: func(ctx context.Context) (string, string, error) {
			if _, err := c.api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn}); err != nil {
				return "", "", err
			}
			tags, err := collect(ctx, iam.NewListPolicyTagsPaginator(c.api, &iam.ListPolicyTagsInput{PolicyArn: arn}),
				func(o *iam.ListPolicyTagsOutput) []iamtypes.Tag { return o.Tags })
			return aws.ToString(arn), tokenOf(tags), err
		},
		untag: func(ctx context.Context) error {
			_, err := c.api.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: arn, TagKeys: []string{CreateTokenTagKey}})
			return err
		},
	})
}

// noServerTime says why groups and keys cannot be adopted without a Date.
const noServerTime = "IAM's answers carried no Date, so what the lost request made cannot be told apart from " +
	"what someone else made at the same time; nothing was adopted"

// createGroup is iam:CreateGroup. Groups cannot carry tags: after a create
// whose answer may have been lost, a group under the name is adopted only
// when it is at the path and was created while the request ran, by the
// server's clock.
func (c *Client) createGroup(ctx context.Context, name, path string) (made bool, err error) {
	what := "group " + name
	var call callRecord
	_, err = c.api.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String(name), Path: aws.String(path)}, c.record(&call))
	switch {
	case err == nil:
		return true, nil
	case call.changedNothing() && awserr.IsEntityAlreadyExists(err):
		return false, &ForeignEntityError{What: what, Err: err}
	case call.changedNothing():
		return false, err
	case !call.hasServerTime():
		return false, &MaybeLeftError{What: what, Reason: noServerTime, Err: err}
	}
	waitFor := func(error) bool { return false }
	if awserr.IsEntityAlreadyExists(err) {
		waitFor = awserr.IsNoSuchEntity
	}
	got, findErr := retryWhilePropagating(ctx, c, "find "+what, waitFor, func(ctx context.Context) (*iam.GetGroupOutput, error) {
		return c.api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(name), MaxItems: aws.Int32(1)})
	})
	switch {
	case findErr == nil && aws.ToString(got.Group.Path) == path && call.madeDuring(got.Group.CreateDate):
		tflog.Warn(ctx, "A create whose answer was lost made its group; adopting it (created while the request ran, by IAM's clock)",
			map[string]any{"entity": what, "attempts": call.sent(), "error_code": awserr.Code(err)})
		return true, nil
	case findErr == nil:
		return false, &ForeignEntityError{What: what, Err: err}
	case awserr.IsNoSuchEntity(findErr):
		return false, &MaybeLeftError{What: what, Err: err}
	default:
		return false, &MaybeLeftError{What: what, Err: err,
			Reason: fmt.Sprintf("looking it up failed: %s: %s", awserr.Action(findErr), awserr.Code(findErr))}
	}
}

// createAccessKey is iam:CreateAccessKey. When an attempt's answer may have
// been lost, that attempt may have made a key whose secret was lost with
// it: every key of the user created while the request ran (by the server's
// clock) except the one returned is deleted. Without a server Date those
// keys cannot be told apart, so the returned key is deleted too and the
// error says a key may be left.
func (c *Client) createAccessKey(ctx context.Context, user string) (*iamtypes.AccessKey, error) {
	var call callRecord
	out, err := c.api.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)}, c.record(&call))
	if call.changedNothing() || err == nil && call.sent() <= 1 {
		if err != nil {
			return nil, err
		}
		return out.AccessKey, nil
	}
	what, keep := "an access key of user "+user, ""
	if err == nil {
		keep = aws.ToString(out.AccessKey.AccessKeyId)
	} else {
		out = nil
	}
	cause := err
	if cause == nil {
		cause = errors.New("iam:CreateAccessKey was retried after an answer was lost")
	}
	if !call.hasServerTime() {
		c.discardKey(ctx, user, keep)
		return nil, &MaybeLeftError{What: what, Reason: noServerTime, Err: cause}
	}
	if cleanErr := c.deleteKeysMadeDuring(ctx, user, keep, &call); cleanErr != nil {
		c.discardKey(ctx, user, keep)
		return nil, &MaybeLeftError{What: what, Err: cleanErr,
			Reason: fmt.Sprintf("deleting the keys the lost request made failed: %s: %s", awserr.Action(cleanErr), awserr.Code(cleanErr))}
	}
	if err != nil {
		return nil, err
	}
	return out.AccessKey, nil
}

// discardKey deletes a key whose secret will not be kept; "" is no key.
func (c *Client) discardKey(ctx context.Context, user, keyID string) {
	if keyID == "" {
		return
	}
	if err := c.deleteAccessKey(ctx, user, keyID); err != nil {
		tflog.Warn(ctx, "Could not delete an access key whose secret is not kept", map[string]any{
			"access_key_id": keyID, "error_code": awserr.Code(err),
		})
	}
}

// deleteKeysMadeDuring deletes the user's access keys created while call
// ran, except keep.
func (c *Client) deleteKeysMadeDuring(ctx context.Context, user, keep string, call *callRecord) error {
	keys, err := c.accessKeys(ctx, user)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k.ID == keep || !call.madeDuring(&k.CreateDate) {
			continue
		}
		tflog.Warn(ctx, "Deleting an access key made by a create whose answer was lost", map[string]any{"access_key_id": k.ID})
		if err := c.deleteAccessKey(ctx, user, k.ID); err != nil {
			return err
		}
	}
	return nil
}

// AccessKeyMetadata is an access key as IAM lists it.
type AccessKeyMetadata struct {
	ID         string
	Status     string // Active | Inactive
	CreateDate time.Time
}

// accessKeys lists the user's access keys.
func (c *Client) accessKeys(ctx context.Context, user string) ([]AccessKeyMetadata, error) {
	keys, err := collect(ctx, iam.NewListAccessKeysPaginator(c.api, &iam.ListAccessKeysInput{UserName: aws.String(user)}),
		func(o *iam.ListAccessKeysOutput) []iamtypes.AccessKeyMetadata { return o.AccessKeyMetadata })
	if err != nil {
		return nil, err
	}
	out := make([]AccessKeyMetadata, 0, len(keys))
	for _, k := range keys {
		out = append(out, AccessKeyMetadata{ID: aws.ToString(k.AccessKeyId), Status: string(k.Status), CreateDate: aws.ToTime(k.CreateDate)})
	}
	return out, nil
}

// deleteAccessKey deletes a key; one already gone is fine.
func (c *Client) deleteAccessKey(ctx context.Context, user, keyID string) error {
	_, err := c.api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(user), AccessKeyId: aws.String(keyID)})
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	return err
}

// optional is nil for "", else a pointer to s.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
