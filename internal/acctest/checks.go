package acctest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// Checks shared by the acceptance tests: exact knownvalue checks of common
// shapes, and checks that look at IAM itself through the SDK.

// KnownStrings is the exact check of a list(string); nil is an empty list.
func KnownStrings(values []string) knownvalue.Check {
	return knownvalue.ListExact(ExactStrings(values))
}

// ExactStrings are the element checks of a list of exactly values.
func ExactStrings(values []string) []knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return checks
}

// KnownStringMap is the exact check of a map(string); nil is an empty map.
func KnownStringMap(values map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(values))
	for k, v := range values {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

// KnownStringOrNull checks a string that must be null when v is nil.
func KnownStringOrNull(v *string) knownvalue.Check {
	if v == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(*v)
}

// KnownInt64OrNull checks a number that must be null when v is nil.
func KnownInt64OrNull(v *int64) knownvalue.Check {
	if v == nil {
		return knownvalue.Null()
	}
	return knownvalue.Int64Exact(*v)
}

// SDKCheck is a state check that verifies AWS itself through the SDK.
type SDKCheck func(ctx context.Context, state *tfjson.State) error

// CheckState runs the check.
func (f SDKCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := f(ctx, req.State); err != nil {
		resp.Error = err
	}
}

// StateString returns a string attribute of a resource in state.
func StateString(state *tfjson.State, address, attr string) (string, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return "", errors.New("no state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			s, ok := r.AttributeValues[attr].(string)
			if !ok {
				return "", fmt.Errorf("%s.%s is %v, not a string", address, attr, r.AttributeValues[attr])
			}
			return s, nil
		}
	}
	return "", fmt.Errorf("%s not in state", address)
}

// FlatAttributes returns a copy of the flatmap attributes of the resource
// or data source at address ("data.iamaudit_users.this") in s.
func FlatAttributes(s *terraform.State, address string) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok || rs.Primary == nil {
		return nil, fmt.Errorf("%s is not in state", address)
	}
	return maps.Clone(rs.Primary.Attributes), nil
}

// PolicyDocument returns the normalized default version document of a
// managed policy.
func PolicyDocument(ctx context.Context, api *iam.Client, policyARN string) (string, error) {
	policy, err := api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	if err != nil {
		return "", err
	}
	version, err := api.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: policy.Policy.DefaultVersionId})
	if err != nil {
		return "", err
	}
	return policydoc.Normalize(aws.ToString(version.PolicyVersion.Document))
}

// ExpectEquivalentPolicy fails unless the policy in AWS is equivalent to want.
func ExpectEquivalentPolicy(ctx context.Context, api *iam.Client, policyARN, want string) error {
	got, err := PolicyDocument(ctx, api, policyARN)
	if err != nil {
		return err
	}
	if equal, err := policydoc.Equivalent(got, want); err != nil || !equal {
		return fmt.Errorf("policy %s is\n%s\nwant\n%s (%v)", policyARN, got, want, err)
	}
	return nil
}

// AccessKeyIDs lists a user's access key IDs, sorted.
func AccessKeyIDs(ctx context.Context, api *iam.Client, user string) ([]string, error) {
	out, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, k := range out.AccessKeyMetadata {
		ids = append(ids, aws.ToString(k.AccessKeyId))
	}
	slices.Sort(ids)
	return ids, nil
}

// GroupsOf lists the groups of a user, sorted.
func GroupsOf(ctx context.Context, api *iam.Client, user string) ([]string, error) {
	out, err := api.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(user)})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, g := range out.Groups {
		names = append(names, aws.ToString(g.GroupName))
	}
	slices.Sort(names)
	return names, nil
}

// ExpectGone returns an error naming every entity that still exists:
// users, groups, roles and policies (by ARN). It is the CheckDestroy of the
// resources' tests: nothing they created may be left in moto.
func ExpectGone(ctx context.Context, api *iam.Client, users, groups, roles, policyARNs []string) error {
	var left []string
	for _, u := range users {
		if _, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(u)}); !awserr.IsNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("user %s (%v)", u, err))
		}
	}
	for _, g := range groups {
		if _, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(g)}); !awserr.IsNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("group %s (%v)", g, err))
		}
	}
	for _, r := range roles {
		if _, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r)}); !awserr.IsNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("role %s (%v)", r, err))
		}
	}
	for _, p := range policyARNs {
		if _, err := api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(p)}); !awserr.IsNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("policy %s (%v)", p, err))
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("left in IAM: %s", strings.Join(left, ", "))
	}
	return nil
}

// CheckDestroyed adapts ExpectGone to TestCase.CheckDestroy.
func CheckDestroyed(api *iam.Client, users, groups, roles, policyARNs []string) func(*terraform.State) error {
	return func(*terraform.State) error {
		return ExpectGone(context.Background(), api, users, groups, roles, policyARNs)
	}
}

// LeftoversUnder lists, straight from moto through the SDK, every user,
// group, role and customer managed policy whose path starts with iamPath,
// and any user, group or role with one of names elsewhere: what a destroy
// must have removed. Paths are filtered here too: moto's ListGroups ignores
// PathPrefix.
func LeftoversUnder(ctx context.Context, api *iam.Client, iamPath string, names ...string) ([]string, error) {
	var left []string
	add := func(kind, path, arn string) {
		if strings.HasPrefix(path, iamPath) {
			left = append(left, kind+" "+arn)
		}
	}
	prefix := aws.String(iamPath)
	if err := errors.Join(
		eachPage(ctx, iam.NewListUsersPaginator(api, &iam.ListUsersInput{PathPrefix: prefix}), func(o *iam.ListUsersOutput) {
			for _, u := range o.Users {
				add("user", aws.ToString(u.Path), aws.ToString(u.Arn))
			}
		}),
		eachPage(ctx, iam.NewListGroupsPaginator(api, &iam.ListGroupsInput{PathPrefix: prefix}), func(o *iam.ListGroupsOutput) {
			for _, g := range o.Groups {
				add("group", aws.ToString(g.Path), aws.ToString(g.Arn))
			}
		}),
		eachPage(ctx, iam.NewListRolesPaginator(api, &iam.ListRolesInput{PathPrefix: prefix}), func(o *iam.ListRolesOutput) {
			for _, r := range o.Roles {
				add("role", aws.ToString(r.Path), aws.ToString(r.Arn))
			}
		}),
		eachPage(ctx, iam.NewListPoliciesPaginator(api, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, PathPrefix: prefix}), func(o *iam.ListPoliciesOutput) {
			for _, p := range o.Policies {
				add("policy", aws.ToString(p.Path), aws.ToString(p.Arn))
			}
		}),
	); err != nil {
		return nil, err
	}
	for _, name := range names {
		for kind, get := range map[string]func() error{
			"user": func() error { _, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)}); return err },
			"group": func() error {
				_, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(name)})
				return err
			},
			"role": func() error { _, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)}); return err },
		} {
			switch err := get(); {
			case err == nil:
				left = append(left, kind+" "+name)
			case !awserr.IsNoSuchEntity(err):
				return nil, err
			}
		}
	}
	slices.Sort(left)
	return slices.Compact(left), nil
}

// eachPage calls visit with every page of a paginator.
func eachPage[O any](ctx context.Context, p interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*iam.Options)) (O, error)
}, visit func(O),
) error {
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		visit(page)
	}
	return nil
}

// AttachedRolePolicies lists the ARNs of the managed policies attached to a
// role, sorted.
func AttachedRolePolicies(ctx context.Context, api *iam.Client, role string) ([]string, error) {
	var arns []string
	err := eachPage(ctx, iam.NewListAttachedRolePoliciesPaginator(api, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)}),
		func(o *iam.ListAttachedRolePoliciesOutput) { arns = appendARNs(arns, o.AttachedPolicies) })
	slices.Sort(arns)
	return arns, err
}

// AttachedGroupPolicies lists the ARNs of the managed policies attached to
// a group, sorted.
func AttachedGroupPolicies(ctx context.Context, api *iam.Client, group string) ([]string, error) {
	var arns []string
	err := eachPage(ctx, iam.NewListAttachedGroupPoliciesPaginator(api, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(group)}),
		func(o *iam.ListAttachedGroupPoliciesOutput) { arns = appendARNs(arns, o.AttachedPolicies) })
	slices.Sort(arns)
	return arns, err
}

func appendARNs(arns []string, attached []iamtypes.AttachedPolicy) []string {
	for _, a := range attached {
		arns = append(arns, aws.ToString(a.PolicyArn))
	}
	return arns
}

// UserTags returns every tag of a user, the create token included.
func UserTags(ctx context.Context, api *iam.Client, user string) (map[string]string, error) {
	tags := map[string]string{}
	err := eachPage(ctx, iam.NewListUserTagsPaginator(api, &iam.ListUserTagsInput{UserName: aws.String(user)}),
		func(o *iam.ListUserTagsOutput) { addTags(tags, o.Tags) })
	return tags, err
}

// RoleTags returns every tag of a role, the create token included.
func RoleTags(ctx context.Context, api *iam.Client, role string) (map[string]string, error) {
	tags := map[string]string{}
	err := eachPage(ctx, iam.NewListRoleTagsPaginator(api, &iam.ListRoleTagsInput{RoleName: aws.String(role)}),
		func(o *iam.ListRoleTagsOutput) { addTags(tags, o.Tags) })
	return tags, err
}

// PolicyTags returns every tag of a managed policy, the create token included.
func PolicyTags(ctx context.Context, api *iam.Client, policyARN string) (map[string]string, error) {
	tags := map[string]string{}
	err := eachPage(ctx, iam.NewListPolicyTagsPaginator(api, &iam.ListPolicyTagsInput{PolicyArn: aws.String(policyARN)}),
		func(o *iam.ListPolicyTagsOutput) { addTags(tags, o.Tags) })
	return tags, err
}

func addTags(m map[string]string, tags []iamtypes.Tag) {
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
}

var _ knownvalue.Check = timestampNotBefore{}

// TimestampNotBefore checks that a value is an RFC 3339 timestamp at or
// after t (to the second): for times the provider takes from its own clock,
// such as the read time of per-user calls, which a test can bound but not
// know.
func TimestampNotBefore(t time.Time) knownvalue.Check {
	return timestampNotBefore{min: t.UTC().Truncate(time.Second)}
}

type timestampNotBefore struct {
	min time.Time
}

// CheckValue implements knownvalue.Check.
func (c timestampNotBefore) CheckValue(other any) error {
	s, ok := other.(string)
	if !ok {
		return fmt.Errorf("expected string value for TimestampNotBefore check, got: %T", other)
	}
	got, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("expected an RFC 3339 timestamp, got %q", s)
	}
	if got.Before(c.min) {
		return fmt.Errorf("expected a timestamp at or after %s, got %s", c.String(), s)
	}
	return nil
}

// String implements knownvalue.Check.
func (c timestampNotBefore) String() string {
	return c.min.Format(time.RFC3339)
}
