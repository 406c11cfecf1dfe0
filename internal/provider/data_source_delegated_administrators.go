package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*delegatedAdministratorsDataSource)(nil)

// NewDelegatedAdministratorsDataSource returns the iamaudit_delegated_administrators data source.
func NewDelegatedAdministratorsDataSource() datasource.DataSource {
	return &delegatedAdministratorsDataSource{}
}

type delegatedAdministratorsDataSource struct {
	data *providerData
}

type delegatedAdministratorsModel struct {
	AccountID               types.String                  `tfsdk:"account_id"`
	ServicePrincipal        types.String                  `tfsdk:"service_principal"`
	OrganizationID          types.String                  `tfsdk:"organization_id"`
	Readable                types.Bool                    `tfsdk:"readable"`
	Reason                  types.String                  `tfsdk:"reason"`
	DelegatedAdministrators []delegatedAdministratorModel `tfsdk:"delegated_administrators"`
}

// delegatedAdministratorModel is one element of delegated_administrators.
type delegatedAdministratorModel struct {
	ID                    types.String `tfsdk:"id"`
	ARN                   types.String `tfsdk:"arn"`
	Name                  types.String `tfsdk:"name"`
	Email                 types.String `tfsdk:"email"`
	Status                types.String `tfsdk:"status"`
	JoinedMethod          types.String `tfsdk:"joined_method"`
	JoinedAt              types.String `tfsdk:"joined_at"`
	DelegationEnabledDate types.String `tfsdk:"delegation_enabled_date"`
}

func (d *delegatedAdministratorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_delegated_administrators"
}

func (d *delegatedAdministratorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The member accounts registered as delegated administrators of services integrated with AWS " +
			"Organizations: the evidence for CIS AWS Foundations v7.0.0 2.1.5 (a delegated administrator manages " +
			"Organizations policies) and 2.1.6 (services are administered from delegated administrator accounts). Needs " +
			"`organizations:DescribeOrganization` and `organizations:ListDelegatedAdministrators` (every page). AWS lists " +
			"them only for the management account and for delegated administrators, and denies every other member " +
			"account: for a member account `AccessDenied` sets `readable` to false with the reason, rather than failing the " +
			"read; for the management account it fails the read, as every other error does. Outside an organization the " +
			"list is empty.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"service_principal": schema.StringAttribute{
				MarkdownDescription: "Only the delegated administrators of this service, such as `iam.amazonaws.com` or " +
					"`securityhub.amazonaws.com`. Unset: of every service.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(servicePrincipalPattern, "must be a service principal such as securityhub.amazonaws.com")},
			},
			"organization_id": computedStringAttribute("The organization's ID (`o-…`); null when the account belongs " +
				"to no organization."),
			"readable": schema.BoolAttribute{
				MarkdownDescription: "Whether the list is known: false when this member account was denied it (it is " +
					"not a delegated administrator, or lacks the permission).",
				Computed: true,
			},
			"reason": computedStringAttribute("Why the list is unreadable, or empty outside an organization; null otherwise."),
			"delegated_administrators": schema.ListNestedAttribute{
				MarkdownDescription: "The delegated administrators, sorted by account ID; empty when there are none or " +
					"`readable` is false.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":     computedStringAttribute("The account ID."),
						"arn":    computedStringAttribute("The account's ARN in the organization."),
						"name":   computedStringAttribute("The account name."),
						"email":  computedStringAttribute("The account's root email address."),
						"status": computedStringAttribute("The account status: `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`."),
						"joined_method": computedStringAttribute("How the account joined the organization: `INVITED` or " +
							"`CREATED`."),
						"joined_at": computedStringAttribute("When the account joined the organization (RFC 3339, UTC)."),
						"delegation_enabled_date": computedStringAttribute("When the account became a delegated " +
							"administrator (RFC 3339, UTC)."),
					},
				},
			},
		},
	}
}

func (d *delegatedAdministratorsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *delegatedAdministratorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model delegatedAdministratorsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scope, ok := d.data.scope(ctx, model.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	callCtx := scope.callContext(ctx)
	org, err := scope.collector.Organization(callCtx)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read the AWS Organization", err)
		return
	}
	admins, err := scope.collector.DelegatedAdministrators(callCtx, model.ServicePrincipal.ValueString())
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read Delegated Administrators", err)
		return
	}
	model.OrganizationID = optionalString(org.ID)
	model.Readable = types.BoolValue(admins.Readable)
	model.Reason = optionalString(admins.Reason)
	model.DelegatedAdministrators = make([]delegatedAdministratorModel, 0, len(admins.Administrators))
	for _, a := range admins.Administrators {
		model.DelegatedAdministrators = append(model.DelegatedAdministrators, delegatedAdministratorModelOf(a))
	}
	tflog.Debug(ctx, "Read delegated administrators", map[string]any{
		"organization_id": org.ID, "readable": admins.Readable, "delegated_administrators": len(admins.Administrators),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

func delegatedAdministratorModelOf(a iamcollect.DelegatedAdministrator) delegatedAdministratorModel {
	return delegatedAdministratorModel{
		ID:                    types.StringValue(a.ID),
		ARN:                   optionalString(a.ARN),
		Name:                  optionalString(a.Name),
		Email:                 optionalString(a.Email),
		Status:                optionalString(a.Status),
		JoinedMethod:          optionalString(a.JoinedMethod),
		JoinedAt:              timeValue(a.JoinedAt),
		DelegationEnabledDate: timeValue(a.DelegationEnabledDate),
	}
}
