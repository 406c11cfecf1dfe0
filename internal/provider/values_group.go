package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// groupType is one iamaudit_groups.groups element (groupAttributes).
var groupType = newObjectType(map[string]attr.Type{
	"name":                 stringType,
	"arn":                  stringType,
	"group_id":             stringType,
	"path":                 stringType,
	"create_date":          stringType,
	"members":              stringListType,
	"attached_policy_arns": stringListType,
	"inline_policy_names":  stringListType,
	"inline_policies":      inlinePolicyType.listType,
})

// groupsTerraformValue builds the groups list in Terraform's
// representation (values_terraform.go). An error means an inline policy
// could not be analyzed.
func groupsTerraformValue(groups []iamcollect.Group) (tftypes.Value, error) {
	return terraformObjects(groupType, groups, groupTerraformAttributes)
}

// groupTerraformAttributes are the attribute values of one group.
func groupTerraformAttributes(g iamcollect.Group) (map[string]tftypes.Value, error) {
	inlinePolicies, err := inlinePoliciesTerraformValue(g.ARN, g.InlinePolicies)
	if err != nil {
		return nil, err
	}
	return map[string]tftypes.Value{
		"name":                 tfString(g.Name),
		"arn":                  tfString(g.ARN),
		"group_id":             tfString(g.GroupID),
		"path":                 tfString(g.Path),
		"create_date":          tfTimeOf(g.CreateDate),
		"members":              tfStringList(g.Members),
		"attached_policy_arns": tfStringList(g.AttachedPolicyARNs),
		"inline_policy_names":  tfStringList(g.InlinePolicyNames),
		"inline_policies":      inlinePolicies,
	}, nil
}
