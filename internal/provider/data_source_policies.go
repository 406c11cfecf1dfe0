package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ datasource.DataSourceWithConfigure = (*policiesDataSource)(nil)

// Values of the scope argument of iamaudit_policies.
const (
	policyScopeLocal = "Local"
	policyScopeAll   = "All"
)

// policyScopes is the one list of scopes, for the validator and the docs.
var policyScopes = []string{policyScopeLocal, policyScopeAll}

// NewPoliciesDataSource returns the iamaudit_policies data source.
func NewPoliciesDataSource() datasource.DataSource {
	return &policiesDataSource{}
}

type policiesDataSource struct {
	data *providerData
}

type policiesModel struct {
	AccountID types.String  `tfsdk:"account_id"`
	Scope     types.String  `tfsdk:"scope"`
	Policies  terraformList `tfsdk:"policies"`
}

func (d *policiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_policies"
}

func (d *policiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account's managed IAM policies with the document of each default version, and " +
			"whether it grants full administrative privileges, however written (`grants_full_admin`, with " +
			"`full_admin_reason`), or in the literal `\"*:*\"` form (`grants_star_on_star`), for CIS 1.16 / Security " +
			"Hub IAM.1 \"no attached policy allows full administrative privileges\". Needs " +
			"`iam:GetAccountAuthorizationDetails` (shared with the other data sources of the plan).",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"scope": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Which policies to return, one of %s. `%s` returns the customer managed "+
					"policies; `%s` also the AWS managed policies attached to a user, group or role or used as a "+
					"permissions boundary (what `GetAccountAuthorizationDetails` returns for AWS managed policies). "+
					"Defaults to `%s`.", quotedList(policyScopes), policyScopeLocal, policyScopeAll, policyScopeLocal),
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(policyScopes...)},
			},
			"policies": policyType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The policies in scope, sorted by name, then ARN.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: withAttributes(withAttributes(namedEntityAttributes("policy", "/service-role/"), policyAnalysisAttributes()), map[string]schema.Attribute{
						"aws_managed": schema.BoolAttribute{
							MarkdownDescription: "Whether AWS manages the policy (its ARN is `arn:<partition>:iam::aws:policy/…`).",
							Computed:            true,
						},
						"attachment_count": schema.Int64Attribute{
							MarkdownDescription: "How many users, groups and roles the policy is attached to.",
							Computed:            true,
						},
						"permissions_boundary_usage_count": schema.Int64Attribute{
							MarkdownDescription: "How many users and roles use the policy as their permissions boundary. " +
								"A boundary only limits permissions, so Security Hub IAM.1 and IAM.21 skip a policy used " +
								"as a boundary and attached to nothing.",
							Computed: true,
						},
						"service_wildcards": schema.ListAttribute{
							MarkdownDescription: "How the policy allows every action of some service, the finding of Security Hub " +
								"IAM.21, sorted: each Allow `Action` pattern matching every action of the services it names " +
								"(`Action \"s3:*\"`, also `\"*\"`, `\"*:*\"`, `\"s3:?*\"`; not `\"ec2:Describe*\"`), and each " +
								"Allow statement with a `NotAction` that leaves some service untouched (`NotAction \"iam:*\"` " +
								"allows every action of every other service). Resources and conditions do not matter, as in " +
								"Security Hub's test; `Deny` statements are ignored. Empty when there is none.",
							Computed:    true,
							ElementType: types.StringType,
						},
						"default_version_id": schema.StringAttribute{
							MarkdownDescription: "The ID of the default (effective) policy version, such as `v1`.",
							Computed:            true,
						},
						"document": schema.StringAttribute{
							MarkdownDescription: "The default version's policy document as normalized JSON: URL-decoded, " +
								"keys sorted, no insignificant whitespace.",
							Computed: true,
						},
					}),
				},
			}),
		},
	}
}

func (d *policiesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *policiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model policiesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scope, ok := d.data.scope(ctx, model.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	if model.Scope.IsNull() {
		model.Scope = types.StringValue(policyScopeLocal)
	}
	policies, err := scope.collector.Policies(scope.callContext(ctx), model.Scope.ValueString() == policyScopeAll)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Policies", err)
		return
	}
	value, err := policiesTerraformValue(policies, scope.client.Partition)
	if err != nil {
		// Fail closed: never report a policy whose document cannot be analyzed.
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.Policies = terraformListOf(policyType.builtListType(), value)
	tflog.Debug(ctx, "Read IAM policies", map[string]any{"scope": model.Scope.ValueString(), "policies": len(policies)})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}
