package iamidentity

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// maxPolicyVersions is how many versions IAM keeps of a managed policy.
const maxPolicyVersions = 5

// sameDocument reports whether a and b are the same policy; documents that
// cannot be compared are different.
func sameDocument(a, b string) bool {
	equal, err := policydoc.Equivalent(a, b)
	return err == nil && equal
}

// policyDocument returns the normalized default version document of a
// managed policy; found is false when the policy does not exist.
func (c *Client) policyDocument(ctx context.Context, policyARN string) (doc string, found bool, err error) {
	policy, err := c.api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	if awserr.IsNoSuchEntity(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	version, err := c.api.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: policy.Policy.DefaultVersionId})
	if awserr.IsNoSuchEntity(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	doc, err = normalized("policy "+policyARN, aws.ToString(version.PolicyVersion.Document))
	return doc, err == nil, err
}

// normalized is doc (as IAM returns it, URL-encoded) in policydoc's
// canonical form; what names the document in the error.
func normalized(what, doc string) (string, error) {
	n, err := policydoc.Normalize(doc)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// convergePolicy makes the owned policy's document doc: it creates the
// policy when prior (its document as last read) is "" (the policy was
// missing; one that is there again gets doc), or puts doc as the new
// default version when it differs from prior.
func (c *Client) convergePolicy(ctx context.Context, prior, name, path, doc, description string) error {
	switch {
	case prior == "":
		_, _, err := c.createPolicy(ctx, name, path, doc, description)
		if awserr.IsEntityAlreadyExists(err) {
			err = c.putPolicyDocument(ctx, c.account.PolicyARN(path, name), doc)
		}
		return err
	case !sameDocument(prior, doc):
		return c.putPolicyDocument(ctx, c.account.PolicyARN(path, name), doc)
	}
	return nil
}

// putPolicyDocument makes doc the default version of the policy, first
// deleting the oldest non-default version when IAM's limit of five
// versions is reached.
func (c *Client) putPolicyDocument(ctx context.Context, policyARN, doc string) error {
	versions, err := c.policyVersions(ctx, policyARN)
	if err != nil {
		return err
	}
	if len(versions) >= maxPolicyVersions {
		var oldest *iamtypes.PolicyVersion
		for i := range versions {
			v := &versions[i]
			if !v.IsDefaultVersion && (oldest == nil || aws.ToTime(v.CreateDate).Before(aws.ToTime(oldest.CreateDate))) {
				oldest = v
			}
		}
		if oldest != nil {
			if _, err := c.api.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: oldest.VersionId}); err != nil {
				return err
			}
		}
	}
	_, err = c.api.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN), PolicyDocument: aws.String(doc), SetAsDefault: true})
	return err
}

func (c *Client) policyVersions(ctx context.Context, policyARN string) ([]iamtypes.PolicyVersion, error) {
	return collect(ctx, iam.NewListPolicyVersionsPaginator(c.api, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(policyARN)}),
		func(o *iam.ListPolicyVersionsOutput) []iamtypes.PolicyVersion { return o.Versions })
}

// deletePolicy deletes a managed policy that is attached to nothing: its
// non-default versions, then the policy. A policy already gone is fine.
func (c *Client) deletePolicy(ctx context.Context, policyARN string) error {
	versions, err := c.policyVersions(ctx, policyARN)
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, v := range versions {
		if v.IsDefaultVersion {
			continue
		}
		if _, err := c.api.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: v.VersionId}); err != nil && !awserr.IsNoSuchEntity(err) {
			return err
		}
	}
	if _, err := c.api.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}); err != nil && !awserr.IsNoSuchEntity(err) {
		return err
	}
	return nil
}

// attachments are the users, groups and roles a policy is attached to.
type attachments struct {
	users, groups, roles []string
}

func (a attachments) empty() bool { return len(a.users)+len(a.groups)+len(a.roles) == 0 }

// policyAttachments lists what the policy is attached to; nothing when the
// policy is gone.
func (c *Client) policyAttachments(ctx context.Context, policyARN string) (attachments, error) {
	var out attachments
	p := iam.NewListEntitiesForPolicyPaginator(c.api, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(policyARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if awserr.IsNoSuchEntity(err) {
			return attachments{}, nil
		}
		if err != nil {
			return attachments{}, err
		}
		for _, u := range page.PolicyUsers {
			out.users = append(out.users, aws.ToString(u.UserName))
		}
		for _, g := range page.PolicyGroups {
			out.groups = append(out.groups, aws.ToString(g.GroupName))
		}
		for _, r := range page.PolicyRoles {
			out.roles = append(out.roles, aws.ToString(r.RoleName))
		}
	}
	return out, nil
}

// detachEverywhere detaches the policy from everything in att.
func (c *Client) detachEverywhere(ctx context.Context, policyARN string, att attachments) error {
	arn := aws.String(policyARN)
	for _, u := range att.users {
		if _, err := c.api.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String(u), PolicyArn: arn}); err != nil && !awserr.IsNoSuchEntity(err) {
			return err
		}
	}
	for _, g := range att.groups {
		if err := c.detachGroupPolicy(ctx, g, policyARN); err != nil {
			return err
		}
	}
	for _, r := range att.roles {
		if err := c.detachRolePolicy(ctx, r, policyARN); err != nil {
			return err
		}
	}
	return nil
}

// attachGroupPolicy attaches a policy to a group, retrying while IAM does
// not yet show either of them.
func (c *Client) attachGroupPolicy(ctx context.Context, group, policyARN string) error {
	_, err := untilVisible(ctx, c, "iam:AttachGroupPolicy", func(ctx context.Context) (*iam.AttachGroupPolicyOutput, error) {
		return c.api.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String(group), PolicyArn: aws.String(policyARN)})
	})
	return err
}

// detachGroupPolicy detaches a policy from a group; one already detached is fine.
func (c *Client) detachGroupPolicy(ctx context.Context, group, policyARN string) error {
	_, err := c.api.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(group), PolicyArn: aws.String(policyARN)})
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	return err
}

// attachRolePolicy attaches a policy to a role, retrying while IAM does
// not yet show either of them.
func (c *Client) attachRolePolicy(ctx context.Context, role, policyARN string) error {
	_, err := untilVisible(ctx, c, "iam:AttachRolePolicy", func(ctx context.Context) (*iam.AttachRolePolicyOutput, error) {
		return c.api.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(policyARN)})
	})
	return err
}

// detachRolePolicy detaches a policy from a role; one already detached is fine.
func (c *Client) detachRolePolicy(ctx context.Context, role, policyARN string) error {
	_, err := c.api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(policyARN)})
	if awserr.IsNoSuchEntity(err) {
		return nil
	}
	return err
}

// attachedGroupPolicies lists the ARNs of the managed policies attached to
// a group, sorted.
func (c *Client) attachedGroupPolicies(ctx context.Context, group string) ([]string, error) {
	return attachedPolicyARNs(ctx, iam.NewListAttachedGroupPoliciesPaginator(c.api, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(group)}),
		func(o *iam.ListAttachedGroupPoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
}

// attachedRolePolicies lists the ARNs of the managed policies attached to
// a role, sorted.
func (c *Client) attachedRolePolicies(ctx context.Context, role string) ([]string, error) {
	return attachedPolicyARNs(ctx, iam.NewListAttachedRolePoliciesPaginator(c.api, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)}),
		func(o *iam.ListAttachedRolePoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
}

func attachedPolicyARNs[O any](ctx context.Context, p pager[O], items func(O) []iamtypes.AttachedPolicy) ([]string, error) {
	attached, err := collect(ctx, p, items)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(attached))
	for _, a := range attached {
		out = append(out, aws.ToString(a.PolicyArn))
	}
	slices.Sort(out)
	return out, nil
}
