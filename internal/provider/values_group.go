package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// groupsValue builds the groups list.
func groupsValue(groups []iamcollect.Group, diags *diag.Diagnostics) types.List {
	return objectList(groupType, groups, func(g iamcollect.Group) map[string]attr.Value {
		return map[string]attr.Value{
			"name":                 types.StringValue(g.Name),
			"arn":                  types.StringValue(g.ARN),
			"group_id":             types.StringValue(g.GroupID),
			"path":                 types.StringValue(g.Path),
			"create_date":          timeValueOf(g.CreateDate),
			"members":              stringListValue(g.Members),
			"attached_policy_arns": stringListValue(g.AttachedPolicyARNs),
			"inline_policy_names":  stringListValue(g.InlinePolicyNames),
			"inline_policies":      inlinePoliciesValue(g.ARN, g.InlinePolicies, diags),
		}
	}, diags)
}
