package iamidentity

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// ReaderUser is a reader user as configured: the user, a group of the same
// name, the customer managed policy "<name>-reader" attached to the group,
// the user's membership, and optionally one access key.
type ReaderUser struct {
	Name, Path          string
	PolicyDocument      string // normalized
	PermissionsBoundary string // "" for none
	Tags                map[string]string
	CreateAccessKey     bool
	// PGPKey, when set, encrypts a new key's secret, which is then never
	// returned in plain.
	PGPKey string
}

// ReaderUserRef names an existing reader user and the key it manages.
type ReaderUserRef struct {
	Name, Path  string
	AccessKeyID string // "" without a key
}

// ReaderPolicyName is the name of a reader user's owned policy.
func ReaderPolicyName(user string) string { return user + "-reader" }

// readerPolicyDescription describes the owned policy in IAM.
func readerPolicyDescription(user string) string {
	return "Least-privilege reader policy of IAM user " + user + " (iamaudit_reader_user)."
}

// AccessKey is an access key this package created. The secret exists only
// here, once: in plain, or with a PGP key only encrypted.
type AccessKey struct {
	AccessKeyMetadata
	Secret          string // "" when encrypted
	EncryptedSecret string // base64 of the PGP message
	KeyFingerprint  string // hex fingerprint of the PGP key
}

// ReaderUserCreated is what CreateReaderUser made.
type ReaderUserCreated struct {
	ARN, UniqueID, PolicyARN string
	AccessKey                *AccessKey // nil without one
}

// CreateReaderUser creates the user, group, policy, attachment, membership
// and (when asked) access key, in that order, and waits until IAM shows the
// user. When a step fails, what the earlier steps made is deleted again and
// the error is a *CreateError saying what, if anything, is left; the
// returned ReaderUserCreated then holds what is left.
func (c *Client) CreateReaderUser(ctx context.Context, u ReaderUser) (ReaderUserCreated, error) {
	var (
		made ReaderUserCreated
		undo rollback
	)
	fail := func(step string, err error) (ReaderUserCreated, error) {
		e := undo.fail(ctx, step, err)
		if !e.PartlyLeft() {
			made = ReaderUserCreated{}
		}
		return made, e
	}

	user, ok, err := c.createUser(ctx, userSpec{name: u.Name, path: u.Path, boundary: u.PermissionsBoundary, tags: u.Tags})
	if ok {
		made.ARN, made.UniqueID = aws.ToString(user.Arn), aws.ToString(user.UserId)
		undo.add("user "+u.Name, c.deleteUserFunc(u.Name))
	}
	if err != nil {
		return fail("user "+u.Name, err)
	}

	ok, err = c.createGroup(ctx, u.Name, u.Path)
	if ok {
		undo.add("group "+u.Name, c.deleteGroupFunc(u.Name))
	}
	if err != nil {
		return fail("group "+u.Name, err)
	}

	policyARN, ok, err := c.createPolicy(ctx, ReaderPolicyName(u.Name), u.Path, u.PolicyDocument, readerPolicyDescription(u.Name))
	if ok {
		made.PolicyARN = policyARN
		undo.add("policy "+policyARN, func(ctx context.Context) error { return c.deletePolicy(ctx, policyARN) })
	}
	if err != nil {
		return fail("policy "+ReaderPolicyName(u.Name), err)
	}

	if err := c.attachGroupPolicy(ctx, u.Name, policyARN); err != nil {
		return fail("the policy attachment to group "+u.Name, err)
	}
	undo.add("attachment of "+policyARN+" to group "+u.Name, func(ctx context.Context) error {
		return c.detachGroupPolicy(ctx, u.Name, policyARN)
	})

	if err := c.addToOwnGroup(ctx, u.Name); err != nil {
		return fail("the membership of "+u.Name+" in its group", err)
	}
	undo.add("membership of "+u.Name+" in group "+u.Name, func(ctx context.Context) error {
		return c.removeFromGroup(ctx, u.Name, u.Name)
	})

	if u.CreateAccessKey {
		key, err := c.newAccessKey(ctx, u.Name, u.PGPKey)
		if err != nil {
			return fail("the access key", err)
		}
		made.AccessKey = key
		undo.add("access key "+key.ID, func(ctx context.Context) error { return c.deleteAccessKey(ctx, u.Name, key.ID) })
	}

	// IAM is eventually consistent: wait until the new user is readable, so
	// the next refresh does not find it missing.
	if _, err := untilVisible(ctx, c, "iam:GetUser", func(ctx context.Context) (*iam.GetUserOutput, error) {
		return c.api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(u.Name)})
	}); err != nil {
		return fail("user "+u.Name+" (it did not become readable)", err)
	}
	return made, nil
}

func (c *Client) deleteUserFunc(name string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := c.api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(name)})
		return err
	}
}

func (c *Client) deleteGroupFunc(name string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := c.api.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String(name)})
		return err
	}
}

// addToOwnGroup adds the user to its same-named group, retrying while IAM
// does not yet show either of them.
func (c *Client) addToOwnGroup(ctx context.Context, name string) error {
	_, err := untilVisible(ctx, c, "iam:AddUserToGroup", func(ctx context.Context) (*iam.AddUserToGroupOutput, error) {
		return c.api.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(name), UserName: aws.String(name)})
	})
	return err
}

// newAccessKey creates a key for the user (retrying while IAM does not yet
// show the user) and seals its secret with pgpKey when set. When sealing
// fails, the key is deleted again.
func (c *Client) newAccessKey(ctx context.Context, user, pgpKey string) (*AccessKey, error) {
	created, err := untilVisible(ctx, c, "iam:CreateAccessKey", func(ctx context.Context) (*iamtypes.AccessKey, error) {
		return c.createAccessKey(ctx, user)
	})
	if err != nil {
		return nil, err
	}
	key := &AccessKey{AccessKeyMetadata: AccessKeyMetadata{
		ID: aws.ToString(created.AccessKeyId), Status: string(created.Status), CreateDate: aws.ToTime(created.CreateDate),
	}}
	if pgpKey == "" {
		key.Secret = aws.ToString(created.SecretAccessKey)
		return key, nil
	}
	encrypted, fingerprint, err := encryptWithPGP(pgpKey, aws.ToString(created.SecretAccessKey))
	if err != nil {
		c.discardKey(ctx, user, key.ID)
		return nil, fmt.Errorf("encrypting the secret access key with pgp_key: %w", err)
	}
	key.EncryptedSecret, key.KeyFingerprint = encrypted, fingerprint
	return key, nil
}

// ReaderUserState is a reader user as IAM shows it.
type ReaderUserState struct {
	ARN, UniqueID, Path string
	PermissionsBoundary string            // "" for none
	Tags                map[string]string // without the create token
	InGroup             bool              // the user is a member of its group
	PolicyARN           string            // where the owned policy is (or would be)
	PolicyFound         bool
	PolicyAttached      bool   // the owned policy is attached to the group
	PolicyDocument      string // normalized; "" when not found
	AccessKeys          []AccessKeyMetadata
}

// AccessKey returns the listed key with that ID.
func (s *ReaderUserState) AccessKey(id string) (AccessKeyMetadata, bool) {
	for _, k := range s.AccessKeys {
		if k.ID == id {
			return k, true
		}
	}
	return AccessKeyMetadata{}, false
}

// ReadReaderUser reads a reader user and everything it owns; nil (and no
// error) when the user does not exist.
func (c *Client) ReadReaderUser(ctx context.Context, name string) (*ReaderUserState, error) {
	out, err := c.api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
	if awserr.IsNoSuchEntity(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	user := out.User
	s := &ReaderUserState{
		ARN: aws.ToString(user.Arn), UniqueID: aws.ToString(user.UserId), Path: aws.ToString(user.Path),
		PermissionsBoundary: boundaryARN(user.PermissionsBoundary),
	}
	if s.Tags, err = c.userTags(ctx, name); err != nil {
		return nil, err
	}
	groups, err := c.groupsOf(ctx, name)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		s.InGroup = s.InGroup || g == name
	}
	s.PolicyARN = c.account.PolicyARN(s.Path, ReaderPolicyName(name))
	if s.PolicyDocument, s.PolicyFound, err = c.policyDocument(ctx, s.PolicyARN); err != nil {
		return nil, err
	}
	if s.PolicyFound {
		attached, err := c.attachedGroupPolicies(ctx, name)
		if err != nil && !awserr.IsNoSuchEntity(err) { // a missing group has nothing attached
			return nil, err
		}
		for _, a := range attached {
			s.PolicyAttached = s.PolicyAttached || a == s.PolicyARN
		}
	}
	if s.AccessKeys, err = c.accessKeys(ctx, name); err != nil {
		return nil, err
	}
	return s, nil
}

// userTags lists the user's tags, without the create token.
func (c *Client) userTags(ctx context.Context, user string) (map[string]string, error) {
	tags, err := collect(ctx, iam.NewListUserTagsPaginator(c.api, &iam.ListUserTagsInput{UserName: aws.String(user)}),
		func(o *iam.ListUserTagsOutput) []iamtypes.Tag { return o.Tags })
	return ownTags(tags), err
}

// ReaderUserPrior is what the state knew of a reader user before an update.
type ReaderUserPrior struct {
	Tags                map[string]string
	PermissionsBoundary string
	InGroup             bool   // false: the membership is to be restored
	PolicyAttached      bool   // false: the attachment is to be restored
	PolicyDocument      string // "" when the policy was missing
	AccessKeyID         string
	AccessKeyStatus     string
}

// KeyChange is what an update does to the access key.
type KeyChange int

const (
	// KeepKey leaves the key as it is.
	KeepKey KeyChange = iota
	// NewKey creates a key and then deletes the prior one, if any (a
	// rotation needs a free slot: IAM allows two keys per user).
	NewKey
	// DeleteKey deletes the key.
	DeleteKey
	// ReactivateKey activates the key again.
	ReactivateKey
)

// UpdateReaderUser converges a reader user from prior to want: tags,
// permissions boundary, group and policy (recreated when gone, the document
// put, attachment and membership restored), then the access key. It returns
// the new key when it made one — also together with an
// *OldKeyNotDeletedError, when a rotation could not delete the old key.
func (c *Client) UpdateReaderUser(ctx context.Context, prior ReaderUserPrior, want ReaderUser, key KeyChange) (*AccessKey, error) {
	name := aws.String(want.Name)
	if err := updateTags(ctx, prior.Tags, want.Tags,
		func(ctx context.Context, keys []string) error {
			_, err := c.api.UntagUser(ctx, &iam.UntagUserInput{UserName: name, TagKeys: keys})
			return err
		},
		func(ctx context.Context, tags []iamtypes.Tag) error {
			_, err := c.api.TagUser(ctx, &iam.TagUserInput{UserName: name, Tags: tags})
			return err
		}); err != nil {
		return nil, err
	}
	if err := updateBoundary(ctx, prior.PermissionsBoundary, want.PermissionsBoundary,
		func(ctx context.Context, boundaryARN *string) error {
			_, err := c.api.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: name, PermissionsBoundary: boundaryARN})
			return err
		},
		func(ctx context.Context) error {
			_, err := c.api.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: name})
			return err
		}); err != nil {
		return nil, err
	}
	if err := c.convergeGroupAndPolicy(ctx, prior, want); err != nil {
		return nil, err
	}
	return c.updateAccessKey(ctx, prior, want, key)
}

// convergeGroupAndPolicy recreates the group and policy when they are gone,
// puts the wanted document, and restores attachment and membership.
func (c *Client) convergeGroupAndPolicy(ctx context.Context, prior ReaderUserPrior, want ReaderUser) error {
	if !prior.InGroup || !prior.PolicyAttached {
		// The group is this resource's by its name; a lost one is recreated.
		if _, err := c.createGroup(ctx, want.Name, want.Path); err != nil && !awserr.IsEntityAlreadyExists(err) {
			return err
		}
	}
	policyName := ReaderPolicyName(want.Name)
	if err := c.convergePolicy(ctx, prior.PolicyDocument, policyName, want.Path, want.PolicyDocument, readerPolicyDescription(want.Name)); err != nil {
		return err
	}
	if !prior.PolicyAttached {
		if err := c.attachGroupPolicy(ctx, want.Name, c.account.PolicyARN(want.Path, policyName)); err != nil {
			return err
		}
	}
	if !prior.InGroup {
		return c.addToOwnGroup(ctx, want.Name)
	}
	return nil
}

// updateAccessKey applies key: creates (then deletes the prior key),
// deletes or reactivates.
func (c *Client) updateAccessKey(ctx context.Context, prior ReaderUserPrior, want ReaderUser, key KeyChange) (*AccessKey, error) {
	switch key {
	case NewKey:
		created, err := c.newAccessKey(ctx, want.Name, want.PGPKey)
		if err != nil {
			return nil, err
		}
		if prior.AccessKeyID != "" {
			if err := c.deleteAccessKey(ctx, want.Name, prior.AccessKeyID); err != nil {
				return created, &OldKeyNotDeletedError{KeyID: prior.AccessKeyID, Err: err}
			}
		}
		return created, nil
	case DeleteKey:
		if prior.AccessKeyID == "" {
			return nil, nil
		}
		return nil, c.deleteAccessKey(ctx, want.Name, prior.AccessKeyID)
	case ReactivateKey:
		_, err := c.api.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
			UserName: aws.String(want.Name), AccessKeyId: aws.String(prior.AccessKeyID), Status: iamtypes.StatusTypeActive,
		})
		return nil, err
	default:
		return nil, nil
	}
}

// RotationDue is the rotation rule: a key created at created is due on
// now when it is at least days whole days old, by the same day arithmetic
// as the data sources' *_days attributes.
func RotationDue(created, now time.Time, days int64) bool {
	return iamcollect.WholeDays(created, now) >= days
}

// DeleteReaderUser deletes a reader user and everything it owns, in the
// order IAM requires: the key, the membership, the attachment, the policy
// (versions first), the group, the user. Anything already gone is skipped.
// What the resource did not create blocks the delete (a *ForeignItemsError
// listing it, nothing deleted) unless force, which removes it first.
func (c *Client) DeleteReaderUser(ctx context.Context, u ReaderUserRef, force bool) error {
	foreign, err := c.foreignItems(ctx, u)
	if err != nil {
		return err
	}
	if len(foreign) > 0 && !force {
		e := &ForeignItemsError{Owner: "IAM user " + u.Name + " (or its group or policy)"}
		for _, f := range foreign {
			e.Items = append(e.Items, f.what)
		}
		return e
	}
	for _, f := range foreign {
		if err := f.remove(ctx); err != nil && !awserr.IsNoSuchEntity(err) {
			return fmt.Errorf("removing %s: %w", f.what, err)
		}
	}
	policyARN := c.account.PolicyARN(u.Path, ReaderPolicyName(u.Name))
	steps := []func(context.Context) error{
		func(ctx context.Context) error {
			if u.AccessKeyID == "" {
				return nil
			}
			return c.deleteAccessKey(ctx, u.Name, u.AccessKeyID)
		},
		func(ctx context.Context) error { return c.removeFromGroup(ctx, u.Name, u.Name) },
		func(ctx context.Context) error { return c.detachGroupPolicy(ctx, u.Name, policyARN) },
		func(ctx context.Context) error { return c.deletePolicy(ctx, policyARN) },
		c.deleteGroupFunc(u.Name),
		c.deleteUserFunc(u.Name),
	}
	for _, step := range steps {
		if err := step(ctx); err != nil && !awserr.IsNoSuchEntity(err) {
			return err
		}
	}
	return nil
}
