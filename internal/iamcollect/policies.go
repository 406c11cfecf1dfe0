package iamcollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Policies returns the customer managed policies (scope Local) and, with
// includeAWSManaged, also the AWS managed policies attached to something
// (scope All), each with its default version's URL-decoded document. Sorted
// by name, then ARN.
//
// AWS managed policies are kept only when attached or used as a permissions
// boundary: that is what GAAD returns in AWS, and the filter makes emulators
// that return every AWS managed policy agree.
func (c *Collector) Policies(ctx context.Context, includeAWSManaged bool) ([]ManagedPolicy, error) {
	core, err := c.gaadCore(ctx)
	if err != nil {
		return nil, err
	}
	details := make([]types.ManagedPolicyDetail, 0, len(core.policies))
	for _, d := range core.policies {
		if isAWSManagedARN(aws.ToString(d.Arn)) &&
			(!includeAWSManaged || aws.ToInt32(d.AttachmentCount) == 0 && aws.ToInt32(d.PermissionsBoundaryUsageCount) == 0) {
			continue
		}
		details = append(details, d)
	}
	return policiesFrom(details, includeAWSManaged), nil
}

// policiesFrom maps GAAD policies, dropping AWS managed ones unless wanted and
// any policy seen twice.
func policiesFrom(details []types.ManagedPolicyDetail, includeAWSManaged bool) []ManagedPolicy {
	out := make([]ManagedPolicy, 0, len(details))
	seen := map[string]bool{}
	for _, d := range details {
		p := policyFrom(d)
		if (p.AWSManaged && !includeAWSManaged) || seen[p.ARN] {
			continue
		}
		seen[p.ARN] = true
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b ManagedPolicy) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ARN, b.ARN)
	})
	return out
}

// policyFrom maps one GAAD managed policy.
func policyFrom(d types.ManagedPolicyDetail) ManagedPolicy {
	arn := aws.ToString(d.Arn)
	return ManagedPolicy{
		Name:                          policyName(d.PolicyName, arn),
		ARN:                           arn,
		PolicyID:                      aws.ToString(d.PolicyId),
		Path:                          aws.ToString(d.Path),
		AWSManaged:                    isAWSManagedARN(arn),
		AttachmentCount:               aws.ToInt32(d.AttachmentCount),
		PermissionsBoundaryUsageCount: aws.ToInt32(d.PermissionsBoundaryUsageCount),
		DefaultVersionID:              aws.ToString(d.DefaultVersionId),
		Document:                      defaultDocument(d),
		CreateDate:                    utc(d.CreateDate),
		UpdateDate:                    utc(d.UpdateDate),
	}
}

// policyName returns the policy's name, falling back to the last segment of
// its ARN (arn:…:policy/<path>/<name>) when GAAD leaves the name out, as
// moto does.
func policyName(name *string, arn string) string {
	if n := aws.ToString(name); n != "" {
		return n
	}
	return arn[strings.LastIndex(arn, "/")+1:]
}

// isAWSManagedARN reports whether arn names an AWS managed policy
// (arn:<partition>:iam::aws:policy/...).
func isAWSManagedARN(arn string) bool {
	return strings.Contains(arn, ":iam::aws:policy/")
}

// defaultDocument returns the decoded document of the default version.
func defaultDocument(d types.ManagedPolicyDetail) string {
	for _, v := range d.PolicyVersionList {
		if v.IsDefaultVersion {
			return decodeDocument(aws.ToString(v.Document))
		}
	}
	for _, v := range d.PolicyVersionList {
		if d.DefaultVersionId != nil && aws.ToString(v.VersionId) == aws.ToString(d.DefaultVersionId) {
			return decodeDocument(aws.ToString(v.Document))
		}
	}
	return ""
}
