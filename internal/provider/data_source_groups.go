package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*groupsDataSource)(nil)

// NewGroupsDataSource returns the iamaudit_groups data source.
func NewGroupsDataSource() datasource.DataSource {
	return &groupsDataSource{}
}

type groupsDataSource struct {
	data *providerData
}

type groupsModel struct {
	AccountID  types.String  `tfsdk:"account_id"`
	PathPrefix types.String  `tfsdk:"path_prefix"`
	NameRegex  types.String  `tfsdk:"name_regex"`
	Groups     terraformList `tfsdk:"groups"`
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account's IAM groups with their members and policies, for checks such as \"every " +
			"administrator group is empty\" or \"users get permissions only through groups\". Read with one paginated " +
			"`iam:GetAccountAuthorizationDetails` call shared with the other data sources of the plan.",
		Attributes: map[string]schema.Attribute{
			"account_id":  accountIDAttribute(),
			"path_prefix": pathPrefixAttribute("groups"),
			"name_regex":  nameRegexAttribute("groups"),
			"groups": groupType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The groups that pass the filters, sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: groupAttributes()},
			}),
		},
	}
}

// groupAttributes is the schema of one element of groups.
func groupAttributes() map[string]schema.Attribute {
	attrs := listedEntityAttributes("group", "group_id", "AGPA", "/admins/")
	attrs["members"] = computedStringListAttribute("Names of the users in the group, sorted.")
	maps.Copy(attrs, policyListAttributes("group"))
	attrs["inline_policies"] = inlinePoliciesAttribute("group")
	return attrs
}

func (d *groupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model groupsModel
	scope, filter, ok := readFilteredConfig(ctx, d.data, req, &resp.Diagnostics, &model, &model.AccountID, &model.PathPrefix, &model.NameRegex)
	if !ok {
		return
	}
	groups, err := scope.collector.Groups(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Groups", err)
		return
	}
	matched := make([]iamcollect.Group, 0, len(groups))
	for _, g := range groups {
		if filter.matches(g.Name, g.Path) {
			matched = append(matched, g)
		}
	}
	value, err := groupsTerraformValue(matched)
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.Groups = terraformListOf(groupType.builtListType(), value)
	tflog.Debug(ctx, "Read IAM groups", map[string]any{"groups": len(groups), "matched": len(matched)})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}
