package iamcollect

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// GAAD pass.
//
// GetAccountAuthorizationDetails pages hold up to MaxItems entities of all
// the requested types together, so one combined pass over users, groups,
// roles and managed policies needs ceil((U+G+R+P)/1000) calls, never more
// than separate passes per type (ceil((U+G)/1000) + ceil(R/1000) +
// ceil(P/1000), at least three calls) and usually fewer. A plan that reads
// users, roles and policies therefore makes one paginated GAAD sequence,
// memoized and shared by Users, Groups, Roles and Policies; a plan that reads
// only one of them pays for the few extra pages of the others. AWS managed
// policies are in the same pass: GAAD returns only the attached ones (with
// their documents), so they rarely add a page, and Policies(ctx, true) needs
// no second sequence; Policies(ctx, false) drops them.
var coreFilters = []types.EntityType{
	types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole,
	types.EntityTypeLocalManagedPolicy, types.EntityTypeAWSManagedPolicy,
}

// gaadResult is everything one GAAD pass returned.
type gaadResult struct {
	users    []types.UserDetail
	groups   []types.GroupDetail
	roles    []types.RoleDetail
	policies []types.ManagedPolicyDetail
}

// gaadCore returns the memoized combined pass (users, groups, roles, local
// and AWS managed policies).
func (c *Collector) gaadCore(ctx context.Context) (*gaadResult, error) {
	return load(ctx, c, "gaad", func(ctx context.Context) (*gaadResult, error) {
		return c.fetchGAAD(ctx, coreFilters)
	})
}

// fetchGAAD drains one GAAD sequence with the given entity filters.
func (c *Collector) fetchGAAD(ctx context.Context, filters []types.EntityType) (*gaadResult, error) {
	start := time.Now()
	p := iam.NewGetAccountAuthorizationDetailsPaginator(c.api, &iam.GetAccountAuthorizationDetailsInput{
		Filter:   filters,
		MaxItems: aws.Int32(maxItems),
	})
	res := &gaadResult{}
	st, err := paginate(ctx, "GetAccountAuthorizationDetails", p, func(out *iam.GetAccountAuthorizationDetailsOutput) pageInfo {
		res.users = append(res.users, out.UserDetailList...)
		res.groups = append(res.groups, out.GroupDetailList...)
		res.roles = append(res.roles, out.RoleDetailList...)
		res.policies = append(res.policies, out.Policies...)
		n := len(out.UserDetailList) + len(out.GroupDetailList) + len(out.RoleDetailList) + len(out.Policies)
		return pageInfo{items: n, truncated: out.IsTruncated, marker: out.Marker}
	})
	if err != nil {
		return nil, err
	}
	logBulk(ctx, "iam:GetAccountAuthorizationDetails", st, start)
	return res, nil
}

// decodeDocument URL-decodes a policy document as GAAD returns it (RFC 3986
// percent-encoding, decoded like java.net.URLDecoder). A document that is
// already JSON, or that does not decode, is returned as it is.
func decodeDocument(doc string) string {
	trimmed := strings.TrimSpace(doc)
	if trimmed == "" || strings.HasPrefix(trimmed, "{") {
		return doc
	}
	decoded, err := url.QueryUnescape(doc)
	if err != nil {
		return doc
	}
	return decoded
}

// tagMap turns IAM tags into a map (never nil).
func tagMap(tags []types.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// attachedARNs returns the sorted ARNs of attached managed policies (never nil).
func attachedARNs(policies []types.AttachedPolicy) []string {
	out := make([]string, 0, len(policies))
	for _, p := range policies {
		out = append(out, aws.ToString(p.PolicyArn))
	}
	slices.Sort(out)
	return out
}

// inlineNames returns the sorted names of inline policies (never nil).
func inlineNames(policies []types.PolicyDetail) []string {
	out := make([]string, 0, len(policies))
	for _, p := range policies {
		out = append(out, aws.ToString(p.PolicyName))
	}
	slices.Sort(out)
	return out
}

// sortedCopy returns a sorted copy of s (never nil).
func sortedCopy(s []string) []string {
	out := make([]string, len(s))
	copy(out, s)
	slices.Sort(out)
	return out
}

// boundaryARN returns the permissions boundary ARN, or "".
func boundaryARN(b *types.AttachedPermissionsBoundary) string {
	if b == nil {
		return ""
	}
	return aws.ToString(b.PermissionsBoundaryArn)
}

// utc returns *t in UTC, or the zero time.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// utcPtr returns a UTC copy of t, or nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
