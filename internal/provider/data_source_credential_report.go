package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*credentialReportDataSource)(nil)

// NewCredentialReportDataSource returns the iamaudit_credential_report data source.
func NewCredentialReportDataSource() datasource.DataSource {
	return &credentialReportDataSource{}
}

type credentialReportDataSource struct {
	data *providerData
}

type credentialReportModel struct {
	AccountID   types.String   `tfsdk:"account_id"`
	Users       []types.String `tfsdk:"users"`
	GeneratedAt types.String   `tfsdk:"generated_at"`
	Rows        terraformList  `tfsdk:"rows"`
}

func (d *credentialReportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_credential_report"
}

func (d *credentialReportDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The AWS IAM credential report, one typed row per user and one for the root user " +
			"(`" + iamcollect.RootUserName + "`), with the report's own column names. Booleans are `true`/`false`; " +
			"dates are RFC 3339 timestamps in UTC; the report's `N/A`, `no_information` and `not_supported` are " +
			"null. It is the only IAM source for the root user's password and access key use.\n\n" +
			"Requires `iam:GenerateCredentialReport` and `iam:GetCredentialReport`; the provider generates the " +
			"report when needed and waits for it within the provider's `credential_report_timeout`.\n\n" +
			"AWS regenerates the report at most every 4 hours and otherwise returns the existing one, so it can " +
			"be up to 4 hours old: this data source shows it exactly as of `generated_at` and does not add users " +
			"or keys created since. `iamaudit_users`, `iamaudit_user`, `iamaudit_access_keys` and " +
			"`iamaudit_mfa_devices` compensate for that with per-user calls; prefer them for checks on users.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"users": schema.SetAttribute{
				MarkdownDescription: "Only the rows of these users; `\"" + iamcollect.RootUserName + "\"` selects the root user's row. " +
					"Without it, every row. In large accounts, select what a check needs (such as the root row) " +
					"to keep the state and plan small; the report is fetched once either way.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.Any(
						stringvalidator.OneOf(iamcollect.RootUserName),
						userOrRoleNameValidator(),
					)),
				},
			},
			"generated_at": schema.StringAttribute{
				MarkdownDescription: "When AWS generated the report (RFC 3339, UTC).",
				Computed:            true,
			},
			"rows": credentialReportRowType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The report's rows: the root user first, then the users sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: credentialReportRowAttributes()},
			}),
		},
	}
}

// credentialReportRowAttributes describes the report's columns.
func credentialReportRowAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"user": schema.StringAttribute{
			MarkdownDescription: "Name of the user; `" + iamcollect.RootUserName + "` for the root user.",
			Computed:            true,
		},
		"arn":                computedStringAttribute("ARN of the user (`arn:aws:iam::<account>:root` for the root user)."),
		"user_creation_time": computedStringAttribute("When the user was created."),
		"password_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the user has a console password; null for the root user (`not_supported`).",
			Computed:            true,
		},
		"password_last_used":     computedStringAttribute("When the password was last used to sign in, or null when never (or no information)."),
		"password_last_changed":  computedStringAttribute("When the password was last set, or null when the user has none."),
		"password_next_rotation": computedStringAttribute("When the password policy requires the next change, or null when passwords do not expire."),
		"mfa_active": schema.BoolAttribute{
			MarkdownDescription: "Whether an MFA device is enabled for the user.",
			Computed:            true,
		},
	}
	for _, n := range []string{"1", "2"} {
		attrs["access_key_"+n+"_active"] = schema.BoolAttribute{
			MarkdownDescription: "Whether the key in slot " + n + " is active. " + keySlotShift,
			Computed:            true,
		}
		attrs["access_key_"+n+"_last_rotated"] = computedStringAttribute("When the key in slot " + n + " was created or last rotated, or null when the slot is empty.")
		attrs["access_key_"+n+"_last_used_date"] = computedStringAttribute("When the key in slot " + n + " was last used, or null.")
		attrs["access_key_"+n+"_last_used_region"] = computedStringAttribute("The region the key in slot " + n + " was last used in, or null.")
		attrs["access_key_"+n+"_last_used_service"] = computedStringAttribute("The service the key in slot " + n + " was last used with, or null.")
		attrs["cert_"+n+"_active"] = schema.BoolAttribute{
			MarkdownDescription: "Whether signing certificate " + n + " is active.",
			Computed:            true,
		}
		attrs["cert_"+n+"_last_rotated"] = computedStringAttribute("When signing certificate " + n + " was created or last rotated, or null.")
	}
	return attrs
}

func (d *credentialReportDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *credentialReportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config credentialReportModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scope, ok := d.data.scope(ctx, config.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	report, err := scope.collector.CredentialReport(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Credential Report", err)
		return
	}
	model, err := newCredentialReportModel(report, stringValues(config.Users))
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.AccountID, model.Users = config.AccountID, config.Users
	tflog.Debug(ctx, "Read IAM credential report", map[string]any{
		"rows":         len(report.Rows),
		"generated_at": model.GeneratedAt.ValueString(),
	})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}

// newCredentialReportModel maps the report, keeping its row order; with
// users set, only their rows.
func newCredentialReportModel(report *iamcollect.CredentialReport, users []string) (credentialReportModel, error) {
	rows := report.Rows
	if users != nil {
		rows = slices.DeleteFunc(slices.Clone(rows), func(r iamcollect.CredentialReportRow) bool {
			return !slices.Contains(users, r.User)
		})
	}
	value, err := credentialReportRowsTerraformValue(rows)
	if err != nil {
		return credentialReportModel{}, err
	}
	return credentialReportModel{
		GeneratedAt: timeValueOf(report.GeneratedAt),
		Rows:        terraformListOf(credentialReportRowType.builtListType(), value),
	}, nil
}
