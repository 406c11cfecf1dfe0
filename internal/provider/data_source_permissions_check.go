package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var _ datasource.DataSourceWithConfigure = (*permissionsCheckDataSource)(nil)

// NewPermissionsCheckDataSource returns the iamaudit_permissions_check data source.
func NewPermissionsCheckDataSource() datasource.DataSource {
	return &permissionsCheckDataSource{}
}

type permissionsCheckDataSource struct {
	data *providerData
}

type permissionsCheckModel struct {
	AccountID        types.String `tfsdk:"account_id"`
	Purpose          types.String `tfsdk:"purpose"`
	AllowedActions   types.List   `tfsdk:"allowed_actions"`
	MissingActions   types.List   `tfsdk:"missing_actions"`
	UncheckedActions types.List   `tfsdk:"unchecked_actions"`
	OK               types.Bool   `tfsdk:"ok"`
}

func (d *permissionsCheckDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permissions_check"
}

func (d *permissionsCheckDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The connector \"test connection\": calls each action of a reader policy purpose once with " +
			"the provider's credentials and reports which are allowed and which are missing, so every missing " +
			"permission shows at once instead of one failure per plan. Each call is the cheapest form that proves " +
			"authorization and changes nothing: one-item pages, and names that do not exist (IAM authorizes before " +
			"it answers `NoSuchEntity`). Actions on a user are called on the caller's own user when the caller is an " +
			"IAM user, so `key-rotation-self` is checked where it applies. `iam:CreateAccessKey` cannot be called " +
			"without creating a key, nor `sts:AssumeRoot` without opening a privileged root session in a member " +
			"account: they are listed in `unchecked_actions`. AWS denies `organizations:ListDelegatedAdministrators` " +
			"to member accounts that are not delegated administrators, whatever their policy: there it is reported " +
			"missing.\n\n" +
			"AccessDenied never fails the read; it fails only when it cannot tell (throttling or network errors " +
			"after retries, unexpected errors). Assert on `ok` in a `check` block or an output precondition.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"purpose": schema.StringAttribute{
				MarkdownDescription: "The purpose whose actions to check; `" + defaultPurpose + "` when unset. One of " + quotedList(policydoc.Purposes) + ".",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{purposeValidator()},
			},
			"allowed_actions":   schema.ListAttribute{MarkdownDescription: "Actions the credentials may call, sorted.", Computed: true, ElementType: types.StringType},
			"missing_actions":   schema.ListAttribute{MarkdownDescription: "Actions denied to the credentials, sorted.", Computed: true, ElementType: types.StringType},
			"unchecked_actions": schema.ListAttribute{MarkdownDescription: "Actions of the purpose that cannot be checked without a change (creating a key, opening a root session), sorted.", Computed: true, ElementType: types.StringType},
			"ok": schema.BoolAttribute{
				MarkdownDescription: "True when no checked action is missing.",
				Computed:            true,
			},
		},
	}
}

func (d *permissionsCheckDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *permissionsCheckDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model permissionsCheckModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &model)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := d.data.scope(ctx, model.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	if model.Purpose.IsNull() {
		model.Purpose = types.StringValue(defaultPurpose)
	}
	c := scope.client
	_, actions, err := policydoc.ReaderPolicy(model.Purpose.ValueString(), c.Partition, c.AccountID, nil)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Check Permissions", capitalize(err.Error())+".")
		return
	}
	ctx = scope.callContext(ctx)
	caller := iamidentity.Caller{IAM: c.IAM, STS: c.STS, Organizations: c.Organizations, ARN: c.CallerARN, AccessKeyID: callerAccessKeyID(ctx, scope)}
	result, err := iamidentity.CheckPermissions(ctx, caller, actions, scope.maxConcurrency)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Check Permissions", err)
		return
	}
	tflog.Debug(ctx, "Checked permissions", map[string]any{
		"purpose": model.Purpose.ValueString(), "allowed": len(result.Allowed), "missing": len(result.Missing),
	})
	model.AllowedActions = stringList(ctx, result.Allowed, &resp.Diagnostics)
	model.MissingActions = stringList(ctx, result.Missing, &resp.Diagnostics)
	model.UncheckedActions = stringList(ctx, result.Unchecked, &resp.Diagnostics)
	model.OK = types.BoolValue(len(result.Missing) == 0)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// callerAccessKeyID is the access key the scope signs with, "" when the
// credentials cannot tell.
func callerAccessKeyID(ctx context.Context, scope *accountScope) string {
	creds, err := scope.client.IAM.Options().Credentials.Retrieve(ctx)
	if err != nil {
		return ""
	}
	return creds.AccessKeyID
}
