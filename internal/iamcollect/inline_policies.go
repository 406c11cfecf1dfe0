package iamcollect

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// inlinePolicies returns the inline policies GAAD carries for a user, group
// or role (UserPolicyList, GroupPolicyList, RolePolicyList), with their
// URL-decoded documents, sorted by name (never nil). No extra call: GAAD
// returns the documents with the entities.
func inlinePolicies(policies []types.PolicyDetail) []InlinePolicy {
	out := make([]InlinePolicy, 0, len(policies))
	for _, p := range policies {
		out = append(out, InlinePolicy{
			Name:     aws.ToString(p.PolicyName),
			Document: decodeDocument(aws.ToString(p.PolicyDocument)),
		})
	}
	slices.SortFunc(out, func(a, b InlinePolicy) int { return strings.Compare(a.Name, b.Name) })
	return out
}
