package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// sdkCheck is a state check that verifies AWS itself through the SDK.
type sdkCheck func(ctx context.Context, state *tfjson.State) error

func (f sdkCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := f(ctx, req.State); err != nil {
		resp.Error = err
	}
}

// stateString returns a string attribute of a resource in state.
func stateString(state *tfjson.State, address, attr string) (string, error) {
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

// policyDocumentIn returns the default version document of a managed policy.
func policyDocumentIn(ctx context.Context, api *iam.Client, arn string) (string, error) {
	doc, found, err := ownedPolicyDocument(ctx, api, arn)
	if err != nil {
		return "", err
	}
	if !found {
		return "", fmt.Errorf("policy %s does not exist", arn)
	}
	return doc, nil
}

// expectEquivalentPolicy fails unless the policy in AWS is equivalent to want.
func expectEquivalentPolicy(ctx context.Context, api *iam.Client, arn, want string) error {
	got, err := policyDocumentIn(ctx, api, arn)
	if err != nil {
		return err
	}
	if equal, err := policydoc.Equivalent(got, want); err != nil || !equal {
		return fmt.Errorf("policy %s is\n%s\nwant\n%s (%v)", arn, got, want, err)
	}
	return nil
}

// accessKeyIDs lists a user's access key IDs, sorted.
func accessKeyIDs(ctx context.Context, api *iam.Client, user string) ([]string, error) {
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

// groupsOf lists the groups of a user, sorted.
func groupsOf(ctx context.Context, api *iam.Client, user string) ([]string, error) {
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

// expectGone returns an error naming every entity that still exists:
// users, groups, roles and policies (by ARN). It is the CheckDestroy of the
// resources' tests: nothing they created may be left in moto.
func expectGone(ctx context.Context, api *iam.Client, users, groups, roles, policyARNs []string) error {
	var left []string
	for _, u := range users {
		if _, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(u)}); !isNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("user %s (%v)", u, err))
		}
	}
	for _, g := range groups {
		if _, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(g)}); !isNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("group %s (%v)", g, err))
		}
	}
	for _, r := range roles {
		if _, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r)}); !isNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("role %s (%v)", r, err))
		}
	}
	for _, p := range policyARNs {
		if _, err := api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(p)}); !isNoSuchEntity(err) {
			left = append(left, fmt.Sprintf("policy %s (%v)", p, err))
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("left in IAM: %s", strings.Join(left, ", "))
	}
	return nil
}

// checkDestroyed adapts expectGone to TestCase.CheckDestroy.
func checkDestroyed(api *iam.Client, users, groups, roles, policyARNs []string) func(*terraform.State) error {
	return func(*terraform.State) error {
		return expectGone(context.Background(), api, users, groups, roles, policyARNs)
	}
}
