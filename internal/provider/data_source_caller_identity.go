package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*callerIdentityDataSource)(nil)

// NewCallerIdentityDataSource returns the iamaudit_caller_identity data source.
func NewCallerIdentityDataSource() datasource.DataSource {
	return &callerIdentityDataSource{}
}

type callerIdentityDataSource struct {
	data *providerData
}

type callerIdentityModel struct {
	AccountID types.String `tfsdk:"account_id"`
	ARN       types.String `tfsdk:"arn"`
	UserID    types.String `tfsdk:"user_id"`
	Partition types.String `tfsdk:"partition"`
}

func (d *callerIdentityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_caller_identity"
}

func (d *callerIdentityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The identity the provider runs as, from the single `sts:GetCallerIdentity` call made when " +
			"the provider is configured (no further AWS call). Use it to check that an audit runs in the intended " +
			"account and with the intended role.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The 12-digit AWS account ID. " + accountIDDescription + " Set, the attributes describe the " +
					"member role's session in that account, from the `sts:GetCallerIdentity` call made when the session was " +
					"made; unset, they are set to the provider's own identity.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{accountIDValidator()},
			},
			"arn":       schema.StringAttribute{MarkdownDescription: "ARN of the calling user or assumed-role session.", Computed: true},
			"user_id":   schema.StringAttribute{MarkdownDescription: "Unique ID of the caller (`AIDA…` for users, `AROA…:session` for roles).", Computed: true},
			"partition": schema.StringAttribute{MarkdownDescription: "AWS partition of the account (`aws`, `aws-us-gov`, `aws-cn`).", Computed: true},
		},
	}
}

func (d *callerIdentityDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *callerIdentityDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	_, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	c := scope.client
	resp.Diagnostics.Append(resp.State.Set(ctx, callerIdentityModel{
		AccountID: types.StringValue(c.AccountID),
		ARN:       types.StringValue(c.CallerARN),
		UserID:    types.StringValue(c.UserID),
		Partition: types.StringValue(c.Partition),
	})...)
}
