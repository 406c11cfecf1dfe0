package provider

import (
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// withAttributes returns attrs with the attributes of more added.
func withAttributes(attrs, more map[string]schema.Attribute) map[string]schema.Attribute {
	maps.Copy(attrs, more)
	return attrs
}

// computedStringAttribute is a computed string attribute of a data source.
func computedStringAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

// computedStringListAttribute is a computed list of strings of a data source.
func computedStringListAttribute(description string) schema.ListAttribute {
	return schema.ListAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
}

// namedEntityAttributes are the name, arn and path of one element of a
// list data source of IAM entities; entity names the element ("policy")
// and pathExample shows a path besides `/`.
func namedEntityAttributes(entity, pathExample string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": computedStringAttribute(fmt.Sprintf("The %s name.", entity)),
		"arn":  computedStringAttribute(fmt.Sprintf("The %s ARN.", entity)),
		"path": computedStringAttribute(fmt.Sprintf("The %s's path, such as `/` or `%s`.", entity, pathExample)),
	}
}

// listedEntityAttributes are namedEntityAttributes of a group or role with
// its unique ID attribute idAttribute (IDs start with idPrefix) and
// create_date.
func listedEntityAttributes(entity, idAttribute, idPrefix, pathExample string) map[string]schema.Attribute {
	attrs := namedEntityAttributes(entity, pathExample)
	attrs[idAttribute] = computedStringAttribute(fmt.Sprintf("The %s's unique ID (`%s…`).", entity, idPrefix))
	attrs["create_date"] = computedStringAttribute(fmt.Sprintf("When the %s was created (RFC 3339, UTC).", entity))
	return attrs
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

// accountIDDescription documents the account_id argument.
const accountIDDescription = "The 12-digit AWS account to read, reached by assuming the provider's `member_role` there " +
	"(the role ARN `arn:<partition>:iam::<account_id>:role<path><role_name>`). Unset, or the provider's own account: " +
	"the provider's own credentials. Each account is collected once per plan and shared by every data source of it; " +
	"`allowed_account_ids` and `forbidden_account_ids` apply."

// accountIDAttribute is the optional account_id argument of an
// account-scoped data source.
func accountIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: accountIDDescription,
		Optional:            true,
		Validators:          []validator.String{accountIDValidator()},
	}
}
