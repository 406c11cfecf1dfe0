package iamcollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Groups returns every IAM group from GAAD, sorted by name. Members come from
// the users' group lists, so one combined GAAD pass carries both.
func (c *Collector) Groups(ctx context.Context) ([]Group, error) {
	g, err := c.gaadCore(ctx)
	if err != nil {
		return nil, err
	}
	members := groupMembers(g.users)
	out := make([]Group, 0, len(g.groups))
	for _, d := range g.groups {
		out = append(out, groupFrom(d, members))
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// groupMembers inverts the users' GroupList: group name to sorted user names.
func groupMembers(users []types.UserDetail) map[string][]string {
	m := map[string][]string{}
	for _, u := range users {
		for _, g := range u.GroupList {
			m[g] = append(m[g], aws.ToString(u.UserName))
		}
	}
	for _, names := range m {
		slices.Sort(names)
	}
	return m
}

// groupFrom maps one GAAD group.
func groupFrom(d types.GroupDetail, members map[string][]string) Group {
	name := aws.ToString(d.GroupName)
	return Group{
		Name:               name,
		ARN:                aws.ToString(d.Arn),
		GroupID:            aws.ToString(d.GroupId),
		Path:               aws.ToString(d.Path),
		CreateDate:         utc(d.CreateDate),
		Members:            sortedCopy(members[name]),
		AttachedPolicyARNs: attachedARNs(d.AttachedManagedPolicies),
		InlinePolicyNames:  inlineNames(d.GroupPolicyList),
		InlinePolicies:     inlinePolicies(d.GroupPolicyList),
	}
}
