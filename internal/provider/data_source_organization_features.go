package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*organizationFeaturesDataSource)(nil)

// NewOrganizationFeaturesDataSource returns the iamaudit_organization_features data source.
func NewOrganizationFeaturesDataSource() datasource.DataSource {
	return &organizationFeaturesDataSource{}
}

type organizationFeaturesDataSource struct {
	data *providerData
}

type organizationFeaturesModel struct {
	AccountID                 types.String `tfsdk:"account_id"`
	OrganizationID            types.String `tfsdk:"organization_id"`
	ManagementAccountID       types.String `tfsdk:"management_account_id"`
	Readable                  types.Bool   `tfsdk:"readable"`
	Reason                    types.String `tfsdk:"reason"`
	EnabledFeatures           types.List   `tfsdk:"enabled_features"`
	RootCredentialsManagement types.Bool   `tfsdk:"root_credentials_management"`
	RootSessions              types.Bool   `tfsdk:"root_sessions"`
}

func (d *organizationFeaturesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_features"
}

func (d *organizationFeaturesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Centralized root access in the account's AWS Organization: whether the management account and " +
			"the IAM delegated administrator manage member accounts' root credentials (`RootCredentialsManagement`) and " +
			"take privileged root actions (`RootSessions`). The evidence for CIS AWS Foundations v7.0.0 2.1.1 \"Ensure " +
			"centralized root access in AWS Organizations\", and the condition under which a member account without root " +
			"credentials passes the root MFA controls (see `iamaudit_root_login_profile`). Needs " +
			"`organizations:DescribeOrganization` and, inside an organization, `iam:ListOrganizationsFeatures`, which AWS " +
			"answers only for the management account and the delegated administrator for centralized root access: for " +
			"any other account `readable` is false and `reason` says so, rather than the read failing. Any other error, " +
			"`AccessDenied` included, fails the read.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"organization_id": computedStringAttribute("The organization's ID (`o-…`); null when the account belongs " +
				"to no organization."),
			"management_account_id": computedStringAttribute("The organization's management account; null when the " +
				"account belongs to no organization."),
			"readable": schema.BoolAttribute{
				MarkdownDescription: "Whether the enabled features are known: false when `iam:ListOrganizationsFeatures` " +
					"refused this caller because its account is neither the management account nor the delegated " +
					"administrator for centralized root access. True outside an organization (nothing is enabled).",
				Computed: true,
			},
			"reason": computedStringAttribute("Why the features are unreadable, or why none can be enabled: the " +
				"account is in no organization, trusted access for IAM is not enabled in AWS Organizations, or the " +
				"organization does not have all features enabled. Null otherwise."),
			"enabled_features": schema.ListAttribute{
				MarkdownDescription: "The enabled features, sorted (`RootCredentialsManagement`, `RootSessions`); empty " +
					"when none is; null when `readable` is false.",
				Computed:    true,
				ElementType: types.StringType,
			},
			"root_credentials_management": schema.BoolAttribute{
				MarkdownDescription: "Whether `RootCredentialsManagement` is enabled; null when `readable` is false.",
				Computed:            true,
			},
			"root_sessions": schema.BoolAttribute{
				MarkdownDescription: "Whether `RootSessions` is enabled; null when `readable` is false.",
				Computed:            true,
			},
		},
	}
}

func (d *organizationFeaturesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *organizationFeaturesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	callCtx := scope.callContext(ctx)
	org, err := scope.collector.Organization(callCtx)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read the AWS Organization", err)
		return
	}
	features, err := scope.collector.OrganizationFeatures(callCtx)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read AWS Organizations Features", err)
		return
	}
	model := organizationFeaturesModel{
		AccountID:                 accountID,
		OrganizationID:            optionalString(org.ID),
		ManagementAccountID:       optionalString(org.ManagementAccountID),
		Readable:                  types.BoolValue(features.Readable),
		Reason:                    optionalString(features.Reason),
		EnabledFeatures:           types.ListNull(types.StringType),
		RootCredentialsManagement: types.BoolNull(),
		RootSessions:              types.BoolNull(),
	}
	if features.Readable {
		model.EnabledFeatures = stringList(ctx, features.Enabled, &resp.Diagnostics)
		model.RootCredentialsManagement = types.BoolValue(features.Has(iamcollect.FeatureRootCredentialsManagement))
		model.RootSessions = types.BoolValue(features.Has(iamcollect.FeatureRootSessions))
	}
	tflog.Debug(ctx, "Read AWS Organizations features", map[string]any{
		"organization_id": org.ID, "readable": features.Readable, "enabled_features": features.Enabled,
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
