package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*passwordPolicyDataSource)(nil)

// NewPasswordPolicyDataSource returns the iamaudit_password_policy data source.
func NewPasswordPolicyDataSource() datasource.DataSource {
	return &passwordPolicyDataSource{}
}

type passwordPolicyDataSource struct {
	data *providerData
}

type passwordPolicyModel struct {
	AccountID                  types.String `tfsdk:"account_id"`
	Exists                     types.Bool   `tfsdk:"exists"`
	MinimumPasswordLength      types.Int64  `tfsdk:"minimum_password_length"`
	RequireSymbols             types.Bool   `tfsdk:"require_symbols"`
	RequireNumbers             types.Bool   `tfsdk:"require_numbers"`
	RequireUppercaseCharacters types.Bool   `tfsdk:"require_uppercase_characters"`
	RequireLowercaseCharacters types.Bool   `tfsdk:"require_lowercase_characters"`
	AllowUsersToChangePassword types.Bool   `tfsdk:"allow_users_to_change_password"`
	ExpirePasswords            types.Bool   `tfsdk:"expire_passwords"`
	MaxPasswordAge             types.Int64  `tfsdk:"max_password_age"`
	PasswordReusePrevention    types.Int64  `tfsdk:"password_reuse_prevention"`
	HardExpiry                 types.Bool   `tfsdk:"hard_expiry"`
}

func (d *passwordPolicyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_password_policy"
}

func (d *passwordPolicyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account password policy, for the CIS password controls (length, reuse, expiry). " +
			"An account without a password policy is not an error: `exists` is then `false`, every other boolean " +
			"`false` and every number `null`, so a check such as `exists && minimum_password_length >= 14` fails " +
			"cleanly. Needs `iam:GetAccountPasswordPolicy`.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"exists": schema.BoolAttribute{
				MarkdownDescription: "Whether the account has a password policy. When `false`, IAM applies its default rules.",
				Computed:            true,
			},
			"minimum_password_length": schema.Int64Attribute{
				MarkdownDescription: "Minimum number of characters in a password; `null` when there is no policy.",
				Computed:            true,
			},
			"require_symbols": schema.BoolAttribute{
				MarkdownDescription: "Whether passwords need at least one non-alphanumeric character.",
				Computed:            true,
			},
			"require_numbers": schema.BoolAttribute{
				MarkdownDescription: "Whether passwords need at least one digit.",
				Computed:            true,
			},
			"require_uppercase_characters": schema.BoolAttribute{
				MarkdownDescription: "Whether passwords need at least one upper-case letter.",
				Computed:            true,
			},
			"require_lowercase_characters": schema.BoolAttribute{
				MarkdownDescription: "Whether passwords need at least one lower-case letter.",
				Computed:            true,
			},
			"allow_users_to_change_password": schema.BoolAttribute{
				MarkdownDescription: "Whether IAM users may change their own password.",
				Computed:            true,
			},
			"expire_passwords": schema.BoolAttribute{
				MarkdownDescription: "Whether passwords expire, that is whether `max_password_age` is set.",
				Computed:            true,
			},
			"max_password_age": schema.Int64Attribute{
				MarkdownDescription: "Days a password stays valid; `null` when passwords never expire or there is no policy.",
				Computed:            true,
			},
			"password_reuse_prevention": schema.Int64Attribute{
				MarkdownDescription: "How many previous passwords a user may not reuse; `null` when not set or there is no policy.",
				Computed:            true,
			},
			"hard_expiry": schema.BoolAttribute{
				MarkdownDescription: "Whether users with an expired password need an administrator to reset it.",
				Computed:            true,
			},
		},
	}
}

func (d *passwordPolicyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *passwordPolicyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	policy, err := scope.collector.PasswordPolicy(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Password Policy", err)
		return
	}
	tflog.Debug(ctx, "Read IAM password policy", map[string]any{"exists": policy.Exists})
	model := passwordPolicyModelOf(policy)
	model.AccountID = accountID
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// passwordPolicyModelOf maps the engine's policy; without a policy the
// booleans are false and the numbers null.
func passwordPolicyModelOf(p *iamcollect.PasswordPolicy) passwordPolicyModel {
	if p == nil || !p.Exists {
		return passwordPolicyModel{
			Exists:                     types.BoolValue(false),
			MinimumPasswordLength:      types.Int64Null(),
			RequireSymbols:             types.BoolValue(false),
			RequireNumbers:             types.BoolValue(false),
			RequireUppercaseCharacters: types.BoolValue(false),
			RequireLowercaseCharacters: types.BoolValue(false),
			AllowUsersToChangePassword: types.BoolValue(false),
			ExpirePasswords:            types.BoolValue(false),
			MaxPasswordAge:             types.Int64Null(),
			PasswordReusePrevention:    types.Int64Null(),
			HardExpiry:                 types.BoolValue(false),
		}
	}
	return passwordPolicyModel{
		Exists:                     types.BoolValue(true),
		MinimumPasswordLength:      types.Int64Value(int64(p.MinimumPasswordLength)),
		RequireSymbols:             types.BoolValue(p.RequireSymbols),
		RequireNumbers:             types.BoolValue(p.RequireNumbers),
		RequireUppercaseCharacters: types.BoolValue(p.RequireUppercaseCharacters),
		RequireLowercaseCharacters: types.BoolValue(p.RequireLowercaseCharacters),
		AllowUsersToChangePassword: types.BoolValue(p.AllowUsersToChangePassword),
		ExpirePasswords:            types.BoolValue(p.ExpirePasswords),
		MaxPasswordAge:             positiveInt64(p.MaxPasswordAge),
		PasswordReusePrevention:    positiveInt64(p.PasswordReusePrevention),
		HardExpiry:                 types.BoolValue(p.HardExpiry),
	}
}

// positiveInt64 maps an optional IAM setting whose minimum is 1; nil and 0
// (how some endpoints report "not set") are null.
func positiveInt64(v *int32) types.Int64 {
	if v == nil || *v <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*v))
}
