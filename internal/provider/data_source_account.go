package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ datasource.DataSourceWithConfigure = (*accountDataSource)(nil)

// rootMFATypes are the values of root_mfa_type.
var rootMFATypes = []string{"hardware", "virtual", "none"}

// NewAccountDataSource returns the iamaudit_account data source.
func NewAccountDataSource() datasource.DataSource {
	return &accountDataSource{}
}

type accountDataSource struct {
	data *providerData
}

type accountModel struct {
	AccountID                      types.String `tfsdk:"account_id"`
	Aliases                        types.List   `tfsdk:"aliases"`
	RootMFAEnabled                 types.Bool   `tfsdk:"root_mfa_enabled"`
	RootMFAType                    types.String `tfsdk:"root_mfa_type"`
	RootAccessKeysPresent          types.Bool   `tfsdk:"root_access_keys_present"`
	RootSigningCertificatesPresent types.Bool   `tfsdk:"root_signing_certificates_present"`
	Summary                        types.Map    `tfsdk:"summary"`
}

func (d *accountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (d *accountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Account-level IAM state: the account alias, the root user's MFA, access keys and signing " +
			"certificates, and the counters of `GetAccountSummary`. Use it to assert the CIS root-user controls. " +
			"Needs `iam:GetAccountSummary`, `iam:ListAccountAliases` and `iam:ListVirtualMFADevices`.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The 12-digit AWS account ID read. " + accountIDDescription + " When unset, it is set to the provider's own account.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"aliases": schema.ListAttribute{
				MarkdownDescription: "The account aliases (AWS allows at most one), sorted; empty when none is set.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"root_mfa_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the root user has MFA enabled (`AccountMFAEnabled` of the account summary).",
				Computed:            true,
			},
			"root_mfa_type": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The kind of the root user's MFA device, one of %s. `virtual` when a virtual "+
					"MFA device is assigned to the root user (its user ARN ends in `:root`); `hardware` when root MFA is "+
					"enabled without such a device (a hardware token or FIDO key); `none` when root MFA is off.",
					quotedList(rootMFATypes)),
				Computed: true,
			},
			"root_access_keys_present": schema.BoolAttribute{
				MarkdownDescription: "Whether the root user has access keys (`AccountAccessKeysPresent`). CIS requires `false`.",
				Computed:            true,
			},
			"root_signing_certificates_present": schema.BoolAttribute{
				MarkdownDescription: "Whether the root user has X.509 signing certificates (`AccountSigningCertificatesPresent`).",
				Computed:            true,
			},
			"summary": schema.MapAttribute{
				MarkdownDescription: "Every counter and quota `GetAccountSummary` returns, by its AWS name, for example " +
					"`Users`, `Groups`, `Roles`, `Policies`, `MFADevices`, `MFADevicesInUse`, `AccountMFAEnabled` and `UsersQuota`.",
				Computed:    true,
				ElementType: types.Int64Type,
			},
		},
	}
}

func (d *accountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *accountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	_, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	account, err := scope.collector.Account(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Account", err)
		return
	}
	accountID := account.AccountID
	if accountID == "" {
		accountID = scope.accountID()
	}
	model := accountModel{
		AccountID:                      types.StringValue(accountID),
		Aliases:                        stringList(ctx, account.Aliases, &resp.Diagnostics),
		RootMFAEnabled:                 types.BoolValue(account.RootMFAEnabled),
		RootMFAType:                    types.StringValue(account.RootMFAType),
		RootAccessKeysPresent:          types.BoolValue(account.RootAccessKeysPresent),
		RootSigningCertificatesPresent: types.BoolValue(account.RootSigningCertificatesPresent),
		Summary:                        int64Map(ctx, account.Summary, &resp.Diagnostics),
	}
	tflog.Debug(ctx, "Read IAM account", map[string]any{
		"aliases":          len(account.Aliases),
		"summary_counters": len(account.Summary),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// int64Map returns a map(number) value; nil is an empty map, never null.
func int64Map(ctx context.Context, values map[string]int64, diags *diag.Diagnostics) types.Map {
	if values == nil {
		values = map[string]int64{}
	}
	v, d := types.MapValueFrom(ctx, types.Int64Type, values)
	diags.Append(d...)
	return v
}
