package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*mfaDevicesDataSource)(nil)

// mfaDeviceTypes are the values of mfa_devices[].type.
var mfaDeviceTypes = []string{iamcollect.MFATypeVirtual, iamcollect.MFATypeHardware, iamcollect.MFATypeFIDO}

// NewMFADevicesDataSource returns the iamaudit_mfa_devices data source.
func NewMFADevicesDataSource() datasource.DataSource {
	return &mfaDevicesDataSource{}
}

type mfaDevicesDataSource struct {
	data *providerData
}

type mfaDevicesModel struct {
	AccountID  types.String     `tfsdk:"account_id"`
	MFADevices []mfaDeviceModel `tfsdk:"mfa_devices"`
	// CredentialReportGeneratedAt is null in live mode: the report is not read.
	CredentialReportGeneratedAt types.String `tfsdk:"credential_report_generated_at"`
}

type mfaDeviceModel struct {
	SerialNumber types.String `tfsdk:"serial_number"`
	UserName     types.String `tfsdk:"user_name"`
	Type         types.String `tfsdk:"type"`
	EnableDate   types.String `tfsdk:"enable_date"`
}

func (d *mfaDevicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mfa_devices"
}

func (d *mfaDevicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The MFA devices assigned to the account's IAM users and to the root user, with their " +
			"type, for example to require hardware MFA for the root user (CIS AWS Foundations 1.6) or to find " +
			"users whose only factor is a virtual device.\n\n" +
			"Virtual devices come from one bulk call, `iam:ListVirtualMFADevices` (assigned devices only). " +
			"Hardware and FIDO devices are not listed there: for users whose credential report row " +
			"(`iam:GenerateCredentialReport`, `iam:GetCredentialReport`) shows MFA but who have no virtual device, " +
			"and for users the report cannot answer for (created after it was generated, or re-created under the " +
			"same name), the provider calls `iam:ListMFADevices`; users come from " +
			"`iam:GetAccountAuthorizationDetails`. The report can be up to 4 hours old, so a hardware or FIDO device " +
			"of a user without MFA at `credential_report_generated_at` is listed from the next report on. With the " +
			"provider's `credential_data = \"live\"`, `iam:ListMFADevices` is called for every user instead (also " +
			"finding a hardware or FIDO device next to a virtual one), without the report. The root user's virtual " +
			"device is listed; its hardware and FIDO devices are not visible to IAM users and roles, so check " +
			"root MFA with `iamaudit_account`'s `root_mfa_type`.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"mfa_devices": schema.ListNestedAttribute{
				MarkdownDescription: "The assigned MFA devices, sorted by user name and then by serial number.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"serial_number": schema.StringAttribute{
						MarkdownDescription: "Serial number of the device: the device ARN for virtual and FIDO devices, " +
							"the printed serial for hardware tokens.",
						Computed: true,
					},
					"user_name": schema.StringAttribute{
						MarkdownDescription: "Name of the user the device is assigned to; `" + iamcollect.RootUserName +
							"` for the root user, as in the credential report.",
						Computed: true,
					},
					"type": schema.StringAttribute{
						MarkdownDescription: "Kind of device: " + quotedList(mfaDeviceTypes) + ".",
						Computed:            true,
					},
					"enable_date": schema.StringAttribute{
						MarkdownDescription: "When the device was assigned to the user (RFC 3339, UTC), or null when " +
							"AWS does not say.",
						Computed: true,
					},
				}},
			},
			"credential_report_generated_at": reportDrivenGeneratedAtAttribute(),
		},
	}
}

func (d *mfaDevicesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *mfaDevicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	devices, err := scope.collector.MFADevices(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM MFA Devices", err)
		return
	}
	generatedAt, ok := scope.credentialReportTime(scope.callContext(ctx), !scope.collector.Live(), &resp.Diagnostics)
	if !ok {
		return
	}
	model := mfaDevicesModel{AccountID: accountID, MFADevices: newMFADeviceModels(devices), CredentialReportGeneratedAt: generatedAt}
	tflog.Debug(ctx, "Read IAM MFA devices", map[string]any{"mfa_devices": len(devices)})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// newMFADeviceModels maps devices sorted by user name, then serial number;
// none is an empty list, never null.
func newMFADeviceModels(devices []iamcollect.MFADevice) []mfaDeviceModel {
	sorted := slices.Clone(devices)
	slices.SortFunc(sorted, func(a, b iamcollect.MFADevice) int {
		return cmp.Or(strings.Compare(a.UserName, b.UserName), strings.Compare(a.SerialNumber, b.SerialNumber))
	})
	out := make([]mfaDeviceModel, 0, len(sorted))
	for _, m := range sorted {
		out = append(out, mfaDeviceModel{
			SerialNumber: types.StringValue(m.SerialNumber),
			UserName:     types.StringValue(m.UserName),
			Type:         types.StringValue(m.Type),
			EnableDate:   timeValue(m.EnableDate),
		})
	}
	return out
}
