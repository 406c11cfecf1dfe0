package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// computedStringAttribute is a computed string attribute of a data source.
func computedStringAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

// computedStringListAttribute is a computed list of strings of a data source.
func computedStringListAttribute(description string) schema.ListAttribute {
	return schema.ListAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
}

// listedEntityAttributes are the identifying attributes of one element of a
// list data source of IAM groups or roles: name, arn, the unique ID
// attribute idAttribute (IDs start with idPrefix), path (pathExample shows a
// path besides `/`) and create_date. entity names the element ("group").
func listedEntityAttributes(entity, idAttribute, idPrefix, pathExample string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name":        computedStringAttribute(fmt.Sprintf("The %s name.", entity)),
		"arn":         computedStringAttribute(fmt.Sprintf("The %s ARN.", entity)),
		idAttribute:   computedStringAttribute(fmt.Sprintf("The %s's unique ID (`%s…`).", entity, idPrefix)),
		"path":        computedStringAttribute(fmt.Sprintf("The %s's path, such as `/` or `%s`.", entity, pathExample)),
		"create_date": computedStringAttribute(fmt.Sprintf("When the %s was created (RFC 3339, UTC).", entity)),
	}
}

// policyListAttributes are the attached_policy_arns and inline_policy_names
// of one group or role (entity).
func policyListAttributes(entity string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"attached_policy_arns": computedStringListAttribute(fmt.Sprintf("ARNs of the managed policies attached to the %s, sorted.", entity)),
		"inline_policy_names":  computedStringListAttribute(fmt.Sprintf("Names of the %s's inline policies, sorted.", entity)),
	}
}

// keyUsageAttributes are the age and last-use attributes of an access key,
// the same for iamaudit_access_keys and the key slots of the user data
// sources.
func keyUsageAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"age_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since `create_date`.",
			Computed:            true,
		},
		"last_used_date": schema.StringAttribute{
			MarkdownDescription: "When the key was last used, or null when it never was.",
			Computed:            true,
		},
		"last_used_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since `last_used_date`, or null.",
			Computed:            true,
		},
		"last_used_service": schema.StringAttribute{
			MarkdownDescription: "The AWS service the key was last used with (such as `s3`), or null.",
			Computed:            true,
		},
	}
}
