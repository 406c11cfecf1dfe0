package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*rootLoginProfileDataSource)(nil)

// NewRootLoginProfileDataSource returns the iamaudit_root_login_profile data source.
func NewRootLoginProfileDataSource() datasource.DataSource {
	return &rootLoginProfileDataSource{}
}

type rootLoginProfileDataSource struct {
	data *providerData
}

type rootLoginProfileModel struct {
	AccountID       types.String `tfsdk:"account_id"`
	Checked         types.Bool   `tfsdk:"checked"`
	UncheckedReason types.String `tfsdk:"unchecked_reason"`
	PasswordEnabled types.Bool   `tfsdk:"password_enabled"`
	CreateDate      types.String `tfsdk:"create_date"`
}

func (d *rootLoginProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_root_login_profile"
}

func (d *rootLoginProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Whether a member account's root user has a console password, read in a privileged root " +
			"session: `sts:AssumeRoot` with the `" + iamcollect.RootAuditTaskPolicy + "` task policy (which reads root " +
			"credentials and changes nothing), then `iam:GetLoginProfile` in that session. Under centralized root access " +
			"a member account's root user may have no credentials at all, so no MFA is needed; GetAccountSummary cannot " +
			"tell whether it has a password, this can. AWS opens root sessions only for the organization's management " +
			"account and the IAM delegated administrator, into member accounts, with `RootCredentialsManagement` " +
			"enabled: anywhere else nothing is called beyond `organizations:DescribeOrganization` and " +
			"`iam:ListOrganizationsFeatures`, `checked` is false and `unchecked_reason` says why. A denied or failing " +
			"`sts:AssumeRoot` or `iam:GetLoginProfile` fails the read, except that a refused `sts:AssumeRoot` into the " +
			"caller's own account (the IAM delegated administrator auditing itself, which AWS does not document) " +
			"leaves it unchecked with AWS's message. Every read opens a root session, which CloudTrail " +
			"records as `AssumeRoot`: read it only where it decides something (the CIS module reads it only for a member " +
			"account whose root user has no MFA, access keys or signing certificates).",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The member account whose root user to read (12 digits). Defaults to the caller's account. " +
					"Unlike the other data sources' `account_id`, the root session is opened from the provider's own " +
					"account, not through `member_role`; `allowed_account_ids` and `forbidden_account_ids` apply.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{accountIDValidator()},
			},
			"checked": schema.BoolAttribute{
				MarkdownDescription: "Whether a root session was opened and the root login profile read.",
				Computed:            true,
			},
			"unchecked_reason": computedStringAttribute("Why no root session could be opened (the account is in no " +
				"organization, is the management account, centralized root access is not enabled, or the caller may not " +
				"read the organization's features); null when `checked` is true."),
			"password_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the root user has a console password; null when `checked` is false.",
				Computed:            true,
			},
			"create_date": computedStringAttribute("When the root password was set (RFC 3339, UTC); null without one."),
		},
	}
}

func (d *rootLoginProfileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *rootLoginProfileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model rootLoginProfileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	// The root session is opened from the provider's own account (the
	// management account or the IAM delegated administrator) into
	// account_id, so member_role plays no part; the account lists still
	// gate the account.
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) || !d.data.checkAccountAllowed(model.AccountID, &resp.Diagnostics) {
		return
	}
	own := d.data.own
	account := model.AccountID.ValueString()
	if account == "" {
		account = own.accountID()
	}
	profile, err := own.collector.RootLoginProfile(own.callContext(ctx), own.client.STS, account)
	if err != nil {
		own.addAWSError(&resp.Diagnostics, "Unable to Read the Root Login Profile", err)
		return
	}
	model = rootLoginProfileModel{
		AccountID:       types.StringValue(account),
		Checked:         types.BoolValue(profile.Checked),
		UncheckedReason: optionalString(profile.UncheckedReason),
		PasswordEnabled: types.BoolNull(),
		CreateDate:      timeValue(profile.CreateDate),
	}
	if profile.Checked {
		model.PasswordEnabled = types.BoolValue(profile.PasswordEnabled)
	}
	tflog.Debug(ctx, "Read the root login profile", map[string]any{
		"account_id": account, "checked": profile.Checked, "password_enabled": profile.PasswordEnabled,
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
