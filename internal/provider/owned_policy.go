package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// maxPolicyVersions is how many versions IAM keeps of a managed policy.
const maxPolicyVersions = 5

// policyInputs are the attributes that choose the document of a policy a
// resource owns: a reader policy purpose with extra actions, or policy_json.
type policyInputs struct {
	Purpose      types.String
	PolicyJSON   policyJSONValue
	ExtraActions types.Set
}

// document returns the owned policy's document: "" when neither purpose
// nor policy_json is set, known=false while an input is unknown (plan).
func (in policyInputs) document(ctx context.Context, partition, accountID string, diags *diag.Diagnostics) (doc string, known bool) {
	if in.Purpose.IsUnknown() || in.PolicyJSON.IsUnknown() || in.ExtraActions.IsUnknown() {
		return "", false
	}
	if !in.PolicyJSON.IsNull() {
		normalized, err := policydoc.Normalize(in.PolicyJSON.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("policy_json"), "Invalid Policy Document", err.Error()+".")
			return "", false
		}
		return normalized, true
	}
	if in.Purpose.IsNull() {
		return "", true
	}
	var extra []string
	if !in.ExtraActions.IsNull() {
		diags.Append(in.ExtraActions.ElementsAs(ctx, &extra, false)...)
		if slices.Contains(extra, "") {
			return "", false
		}
	}
	doc, _, err := policydoc.ReaderPolicy(in.Purpose.ValueString(), partition, accountID, extra)
	if err != nil {
		diags.AddAttributeError(path.Root("purpose"), "Unable to Build the Reader Policy", err.Error()+".")
		return "", false
	}
	return doc, true
}

// ownedPolicyARN is the ARN IAM gives a customer managed policy.
func ownedPolicyARN(partition, accountID, iamPath, name string) string {
	return "arn:" + partition + ":iam::" + accountID + ":policy" + iamPath + name
}

// createOwnedPolicy creates a customer managed policy and returns its ARN.
func createOwnedPolicy(ctx context.Context, api *iam.Client, name, iamPath, doc, description string) (string, error) {
	out, err := createPolicy(ctx, api, &iam.CreatePolicyInput{
		PolicyName:     aws.String(name),
		Path:           aws.String(iamPath),
		PolicyDocument: aws.String(doc),
		Description:    aws.String(description),
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Policy.Arn), nil
}

// ownedPolicyDocument returns the normalized default version document of a
// managed policy; found=false when the policy does not exist.
func ownedPolicyDocument(ctx context.Context, api *iam.Client, policyARN string) (doc string, found bool, err error) {
	policy, err := api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	if isNoSuchEntity(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	version, err := api.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{
		PolicyArn: aws.String(policyARN),
		VersionId: policy.Policy.DefaultVersionId,
	})
	if isNoSuchEntity(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	doc, err = policydoc.Normalize(aws.ToString(version.PolicyVersion.Document))
	if err != nil {
		return "", false, fmt.Errorf("policy %s: %w", policyARN, err)
	}
	return doc, true, nil
}

// putOwnedPolicyDocument makes doc the default version of the policy,
// first deleting the oldest non-default version when IAM's limit of five
// versions is reached.
func putOwnedPolicyDocument(ctx context.Context, api *iam.Client, policyARN, doc string) error {
	versions, err := policyVersions(ctx, api, policyARN)
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
			if _, err := api.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{
				PolicyArn: aws.String(policyARN), VersionId: oldest.VersionId,
			}); err != nil {
				return err
			}
		}
	}
	_, err = api.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
		PolicyArn:      aws.String(policyARN),
		PolicyDocument: aws.String(doc),
		SetAsDefault:   true,
	})
	return err
}

// policyVersions lists every version of the policy.
func policyVersions(ctx context.Context, api *iam.Client, policyARN string) ([]iamtypes.PolicyVersion, error) {
	var out []iamtypes.PolicyVersion
	p := iam.NewListPolicyVersionsPaginator(api, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(policyARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Versions...)
	}
	return out, nil
}

// deleteOwnedPolicy deletes a managed policy that is attached to nothing:
// its non-default versions, then the policy. A policy already gone is fine.
func deleteOwnedPolicy(ctx context.Context, api *iam.Client, policyARN string) error {
	versions, err := policyVersions(ctx, api, policyARN)
	if isNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, v := range versions {
		if v.IsDefaultVersion {
			continue
		}
		if _, err := api.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{
			PolicyArn: aws.String(policyARN), VersionId: v.VersionId,
		}); err != nil && !isNoSuchEntity(err) {
			return err
		}
	}
	if _, err := api.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(policyARN)}); err != nil && !isNoSuchEntity(err) {
		return err
	}
	return nil
}

// policyAttachments lists the users, groups and roles a policy is attached to.
type policyAttachments struct {
	Users, Groups, Roles []string
}

func listPolicyAttachments(ctx context.Context, api *iam.Client, policyARN string) (policyAttachments, error) {
	var out policyAttachments
	p := iam.NewListEntitiesForPolicyPaginator(api, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(policyARN)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if isNoSuchEntity(err) {
			return policyAttachments{}, nil
		}
		if err != nil {
			return policyAttachments{}, err
		}
		for _, u := range page.PolicyUsers {
			out.Users = append(out.Users, aws.ToString(u.UserName))
		}
		for _, g := range page.PolicyGroups {
			out.Groups = append(out.Groups, aws.ToString(g.GroupName))
		}
		for _, r := range page.PolicyRoles {
			out.Roles = append(out.Roles, aws.ToString(r.RoleName))
		}
	}
	return out, nil
}

// detachPolicyEverywhere detaches the policy from every user, group and role.
func detachPolicyEverywhere(ctx context.Context, api *iam.Client, policyARN string, att policyAttachments) error {
	arn := aws.String(policyARN)
	for _, u := range att.Users {
		if _, err := api.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String(u), PolicyArn: arn}); err != nil && !isNoSuchEntity(err) {
			return err
		}
	}
	for _, g := range att.Groups {
		if _, err := api.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(g), PolicyArn: arn}); err != nil && !isNoSuchEntity(err) {
			return err
		}
	}
	for _, r := range att.Roles {
		if _, err := api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(r), PolicyArn: arn}); err != nil && !isNoSuchEntity(err) {
			return err
		}
	}
	return nil
}
