package iamidentity

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// CrossAccountRole is a cross-account role as configured: the role with its
// trust policy, optionally an owned customer managed policy
// "<name>-permissions", and the managed policies attached to it.
type CrossAccountRole struct {
	Name, Path          string
	Description         string // "" for none
	TrustPolicy         string // normalized
	MaxSessionDuration  int32  // seconds
	PolicyDocument      string // the owned policy's, normalized; "" for no owned policy
	ManagedPolicyARNs   []string
	PermissionsBoundary string // "" for none
	Tags                map[string]string
}

// PermissionsPolicyName is the name of a cross-account role's owned policy.
func PermissionsPolicyName(role string) string { return role + "-permissions" }

func permissionsPolicyDescription(role string) string {
	return "Permissions of cross-account role " + role + " (iamaudit_cross_account_role)."
}

// CrossAccountRoleCreated is what CreateCrossAccountRole made.
type CrossAccountRoleCreated struct {
	ARN, UniqueID string
	PolicyARN     string // "" without an owned policy
}

// CreateCrossAccountRole creates the role (retrying while IAM rejects a
// trusted principal just created as invalid), the owned policy and its
// attachment, and attaches the managed policies, then waits until IAM shows
// the role. A failure rolls back as CreateReaderUser does.
func (c *Client) CreateCrossAccountRole(ctx context.Context, r CrossAccountRole) (CrossAccountRoleCreated, error) {
	var (
		made CrossAccountRoleCreated
		undo rollback
	)
	fail := func(step string, err error) (CrossAccountRoleCreated, error) {
		e := undo.fail(ctx, step, err)
		if !e.PartlyLeft() {
			made = CrossAccountRoleCreated{}
		}
		return made, e
	}

	spec := roleSpec{name: r.Name, path: r.Path, description: r.Description, trust: r.TrustPolicy,
		boundary: r.PermissionsBoundary, maxSession: r.MaxSessionDuration, tags: r.Tags}
	type createdRole struct {
		role *iamtypes.Role
		made bool
	}
	got, err := retryWhilePropagating(ctx, c, "iam:CreateRole", awserr.IsInvalidPrincipal, func(ctx context.Context) (createdRole, error) {
		role, ok, err := c.createRole(ctx, spec)
		return createdRole{role, ok}, err
	})
	if got.made {
		made.ARN, made.UniqueID = aws.ToString(got.role.Arn), aws.ToString(got.role.RoleId)
		undo.add("role "+r.Name, c.deleteRoleFunc(r.Name))
	}
	if err != nil {
		return fail("role "+r.Name, err)
	}

	if r.PolicyDocument != "" {
		policyARN, ok, err := c.createPolicy(ctx, PermissionsPolicyName(r.Name), r.Path, r.PolicyDocument, permissionsPolicyDescription(r.Name))
		if ok {
			made.PolicyARN = policyARN
			undo.add("policy "+policyARN, func(ctx context.Context) error { return c.deletePolicy(ctx, policyARN) })
		}
		if err != nil {
			return fail("policy "+PermissionsPolicyName(r.Name), err)
		}
		if err := c.attachRolePolicy(ctx, r.Name, policyARN); err != nil {
			return fail("the attachment of "+policyARN, err)
		}
		undo.add("attachment of "+policyARN, func(ctx context.Context) error { return c.detachRolePolicy(ctx, r.Name, policyARN) })
	}
	for _, arn := range sortedCopy(r.ManagedPolicyARNs) {
		if err := c.attachRolePolicy(ctx, r.Name, arn); err != nil {
			return fail("the attachment of "+arn, err)
		}
		undo.add("attachment of "+arn, func(ctx context.Context) error { return c.detachRolePolicy(ctx, r.Name, arn) })
	}

	if _, err := untilVisible(ctx, c, "iam:GetRole", func(ctx context.Context) (*iam.GetRoleOutput, error) {
		return c.api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)})
	}); err != nil {
		return fail("role "+r.Name+" (it did not become readable)", err)
	}
	return made, nil
}

func (c *Client) deleteRoleFunc(name string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := c.api.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
		return err
	}
}

// CrossAccountRoleState is a cross-account role as IAM shows it.
type CrossAccountRoleState struct {
	ARN, UniqueID, Path string
	Description         string
	MaxSessionDuration  int32
	PermissionsBoundary string
	TrustPolicy         string            // normalized
	Tags                map[string]string // without the create token
	PolicyARN           string            // where the owned policy is (or would be)
	PolicyFound         bool              // only looked for when asked
	PolicyAttached      bool
	PolicyDocument      string // normalized; "" when not found
	// ManagedPolicyARNs are the attached managed policies except the owned
	// one, sorted.
	ManagedPolicyARNs []string
}

// ReadCrossAccountRole reads a cross-account role; withPolicy also reads
// its owned policy. It returns nil (and no error) when the role does not exist.
func (c *Client) ReadCrossAccountRole(ctx context.Context, name string, withPolicy bool) (*CrossAccountRoleState, error) {
	out, err := c.api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if awserr.IsNoSuchEntity(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	role := out.Role
	s := &CrossAccountRoleState{
		ARN: aws.ToString(role.Arn), UniqueID: aws.ToString(role.RoleId), Path: aws.ToString(role.Path),
		Description: aws.ToString(role.Description), MaxSessionDuration: aws.ToInt32(role.MaxSessionDuration),
		PermissionsBoundary: boundaryARN(role.PermissionsBoundary),
	}
	if s.TrustPolicy, err = normalized("trust policy of role "+name, aws.ToString(role.AssumeRolePolicyDocument)); err != nil {
		return nil, err
	}
	tags, err := collect(ctx, iam.NewListRoleTagsPaginator(c.api, &iam.ListRoleTagsInput{RoleName: aws.String(name)}),
		func(o *iam.ListRoleTagsOutput) []iamtypes.Tag { return o.Tags })
	if err != nil {
		return nil, err
	}
	s.Tags = ownTags(tags)
	attached, err := c.attachedRolePolicies(ctx, name)
	if err != nil {
		return nil, err
	}
	s.PolicyARN = c.account.PolicyARN(s.Path, PermissionsPolicyName(name))
	if withPolicy {
		if s.PolicyDocument, s.PolicyFound, err = c.policyDocument(ctx, s.PolicyARN); err != nil {
			return nil, err
		}
	}
	s.PolicyAttached = s.PolicyFound && slices.Contains(attached, s.PolicyARN)
	s.ManagedPolicyARNs = slices.DeleteFunc(attached, func(a string) bool { return s.PolicyFound && a == s.PolicyARN })
	return s, nil
}

// CrossAccountRolePrior is what the state knew of a role before an update.
type CrossAccountRolePrior struct {
	CrossAccountRole
	// PolicyAttached is false when the owned policy is to be attached again.
	PolicyAttached bool
}

// UpdateCrossAccountRole converges a role from prior to want: trust policy,
// description and session duration, permissions boundary, tags, the owned
// policy (created, changed, attached again or deleted) and the managed
// policies (exactly want's are attached besides the owned one).
func (c *Client) UpdateCrossAccountRole(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	for _, step := range []func(context.Context, CrossAccountRolePrior, CrossAccountRole) error{
		c.updateTrust, c.updateRoleSettings, c.updateRoleBoundary, c.updateRoleTags, c.updateOwnedPolicy, c.updateManagedPolicies,
	} {
		if err := step(ctx, prior, want); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) updateTrust(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	if sameDocument(prior.TrustPolicy, want.TrustPolicy) {
		return nil
	}
	_, err := retryWhilePropagating(ctx, c, "iam:UpdateAssumeRolePolicy", awserr.IsInvalidPrincipal, func(ctx context.Context) (*iam.UpdateAssumeRolePolicyOutput, error) {
		return c.api.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(want.Name), PolicyDocument: aws.String(want.TrustPolicy)})
	})
	return err
}

func (c *Client) updateRoleSettings(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	if prior.Description == want.Description && prior.MaxSessionDuration == want.MaxSessionDuration {
		return nil
	}
	_, err := c.api.UpdateRole(ctx, &iam.UpdateRoleInput{
		RoleName: aws.String(want.Name), Description: aws.String(want.Description), MaxSessionDuration: aws.Int32(want.MaxSessionDuration),
	})
	return err
}

func (c *Client) updateRoleBoundary(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	role := aws.String(want.Name)
	return updateBoundary(ctx, prior.PermissionsBoundary, want.PermissionsBoundary,
		func(ctx context.Context, boundaryARN *string) error {
			_, err := c.api.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: role, PermissionsBoundary: boundaryARN})
			return err
		},
		func(ctx context.Context) error {
			_, err := c.api.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: role})
			return err
		})
}

func (c *Client) updateRoleTags(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	role := aws.String(want.Name)
	return updateTags(ctx, prior.Tags, want.Tags,
		func(ctx context.Context, keys []string) error {
			_, err := c.api.UntagRole(ctx, &iam.UntagRoleInput{RoleName: role, TagKeys: keys})
			return err
		},
		func(ctx context.Context, tags []iamtypes.Tag) error {
			_, err := c.api.TagRole(ctx, &iam.TagRoleInput{RoleName: role, Tags: tags})
			return err
		})
}

// updateOwnedPolicy creates, changes, attaches again or deletes the owned policy.
func (c *Client) updateOwnedPolicy(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	policyName := PermissionsPolicyName(want.Name)
	ownedARN := c.account.PolicyARN(want.Path, policyName)
	if want.PolicyDocument == "" {
		if prior.PolicyDocument == "" && !prior.PolicyAttached {
			return nil
		}
		if err := c.detachRolePolicy(ctx, want.Name, ownedARN); err != nil {
			return err
		}
		return c.deletePolicy(ctx, ownedARN)
	}
	if err := c.convergePolicy(ctx, prior.PolicyDocument, policyName, want.Path, want.PolicyDocument, permissionsPolicyDescription(want.Name)); err != nil {
		return err
	}
	if !prior.PolicyAttached {
		return c.attachRolePolicy(ctx, want.Name, ownedARN)
	}
	return nil
}

// updateManagedPolicies detaches and attaches managed policies so exactly
// want's (besides the owned policy) are attached.
func (c *Client) updateManagedPolicies(ctx context.Context, prior CrossAccountRolePrior, want CrossAccountRole) error {
	for _, arn := range sortedCopy(prior.ManagedPolicyARNs) {
		if !slices.Contains(want.ManagedPolicyARNs, arn) {
			if err := c.detachRolePolicy(ctx, want.Name, arn); err != nil {
				return err
			}
		}
	}
	for _, arn := range sortedCopy(want.ManagedPolicyARNs) {
		if !slices.Contains(prior.ManagedPolicyARNs, arn) {
			if err := c.attachRolePolicy(ctx, want.Name, arn); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteCrossAccountRole deletes a role: it refuses (a *ForeignItemsError,
// nothing deleted) while the role has inline policies or instance profiles,
// which this resource never creates; otherwise it detaches every managed
// policy, deletes the owned policy when ownsPolicy, and deletes the role. A
// role already gone is fine.
func (c *Client) DeleteCrossAccountRole(ctx context.Context, name, path string, ownsPolicy bool) error {
	blockers, err := c.roleBlockers(ctx, name)
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(blockers) > 0 {
		return &ForeignItemsError{Owner: "Role " + name, Items: blockers}
	}
	attached, err := c.attachedRolePolicies(ctx, name)
	if err != nil && !awserr.IsNoSuchEntity(err) {
		return err
	}
	for _, arn := range attached {
		if err := c.detachRolePolicy(ctx, name, arn); err != nil {
			return err
		}
	}
	if ownsPolicy {
		if err := c.deletePolicy(ctx, c.account.PolicyARN(path, PermissionsPolicyName(name))); err != nil {
			return err
		}
	}
	if err := c.deleteRoleFunc(name)(ctx); err != nil && !awserr.IsNoSuchEntity(err) {
		return err
	}
	return nil
}

// roleBlockers lists what keeps IAM from deleting a role that this resource
// must not remove: inline policies and instance profiles.
func (c *Client) roleBlockers(ctx context.Context, role string) ([]string, error) {
	inline, err := collect(ctx, iam.NewListRolePoliciesPaginator(c.api, &iam.ListRolePoliciesInput{RoleName: aws.String(role)}),
		func(o *iam.ListRolePoliciesOutput) []string { return o.PolicyNames })
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range inline {
		out = append(out, "inline policy "+p)
	}
	profiles, err := collect(ctx, iam.NewListInstanceProfilesForRolePaginator(c.api, &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String(role)}),
		func(o *iam.ListInstanceProfilesForRoleOutput) []iamtypes.InstanceProfile { return o.InstanceProfiles })
	if err != nil {
		return nil, err
	}
	for _, p := range profiles {
		out = append(out, "instance profile "+aws.ToString(p.InstanceProfileName))
	}
	return out, nil
}

// sortedCopy returns values sorted, leaving values as it is.
func sortedCopy(values []string) []string {
	return slices.Sorted(slices.Values(values))
}
