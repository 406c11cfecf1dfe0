package iamcollect

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// Roles returns every IAM role, sorted by name: GAAD carries trust policy,
// attachments, tags and RoleLastUsed; ListRoles (also paginated at 1000)
// adds MaxSessionDuration and Description, which GAAD leaves out.
func (c *Collector) Roles(ctx context.Context) ([]Role, error) {
	var (
		core   *gaadResult
		listed map[string]types.Role
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { core, err = c.gaadCore(gctx); return err })
	g.Go(func() (err error) { listed, err = c.listRoles(gctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]Role, 0, len(core.roles))
	for _, d := range core.roles {
		out = append(out, roleFrom(d, listed[aws.ToString(d.RoleId)]))
	}
	slices.SortFunc(out, func(a, b Role) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// listRoles returns the memoized ListRoles result keyed by role ID.
func (c *Collector) listRoles(ctx context.Context) (map[string]types.Role, error) {
	return load(ctx, c, "list-roles", func(ctx context.Context) (map[string]types.Role, error) {
		start := time.Now()
		p := iam.NewListRolesPaginator(c.api, &iam.ListRolesInput{MaxItems: aws.Int32(maxItems)})
		m := map[string]types.Role{}
		st, err := paginate(ctx, "ListRoles", p, func(out *iam.ListRolesOutput) pageInfo {
			for _, r := range out.Roles {
				m[aws.ToString(r.RoleId)] = r
			}
			return pageInfo{items: len(out.Roles), truncated: out.IsTruncated, marker: out.Marker}
		})
		if err != nil {
			return nil, err
		}
		logBulk(ctx, "iam:ListRoles", st, start)
		return m, nil
	})
}

// roleFrom maps one GAAD role, completed from its ListRoles entry.
func roleFrom(d types.RoleDetail, listed types.Role) Role {
	r := Role{
		Name:                   aws.ToString(d.RoleName),
		ARN:                    aws.ToString(d.Arn),
		RoleID:                 aws.ToString(d.RoleId),
		Path:                   aws.ToString(d.Path),
		CreateDate:             utc(d.CreateDate),
		MaxSessionDuration:     aws.ToInt32(listed.MaxSessionDuration),
		Description:            aws.ToString(listed.Description),
		TrustPolicy:            decodeDocument(aws.ToString(d.AssumeRolePolicyDocument)),
		AttachedPolicyARNs:     attachedARNs(d.AttachedManagedPolicies),
		InlinePolicyNames:      inlineNames(d.RolePolicyList),
		InlinePolicies:         inlinePolicies(d.RolePolicyList),
		PermissionsBoundaryARN: boundaryARN(d.PermissionsBoundary),
		Tags:                   tagMap(d.Tags),
	}
	if d.RoleLastUsed != nil {
		r.LastUsedDate = utcPtr(d.RoleLastUsed.LastUsedDate)
		r.LastUsedRegion = aws.ToString(d.RoleLastUsed.Region)
	}
	return r
}
