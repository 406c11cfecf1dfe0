package provider

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*accessKeysDataSource)(nil)

// accessKeyStatuses are the values of an access key's status, as IAM names them.
var accessKeyStatuses = []string{"Active", "Inactive"}

// NewAccessKeysDataSource returns the iamaudit_access_keys data source.
func NewAccessKeysDataSource() datasource.DataSource {
	return &accessKeysDataSource{}
}

type accessKeysDataSource struct {
	data *providerData
}

type accessKeysModel struct {
	AccountID  types.String  `tfsdk:"account_id"`
	UserName   types.String  `tfsdk:"user_name"`
	Status     types.String  `tfsdk:"status"`
	AccessKeys terraformList `tfsdk:"access_keys"`
	// CredentialReportGeneratedAt is null in live mode: the report is not read.
	CredentialReportGeneratedAt types.String `tfsdk:"credential_report_generated_at"`
}

func (d *accessKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_keys"
}

func (d *accessKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	statuses := quotedList(accessKeyStatuses)
	resp.Schema = schema.Schema{
		MarkdownDescription: "The access keys of the account's IAM users, by key ID, with their status, age and " +
			"last use. Unlike the slots of `iamaudit_users`, a key keeps its `access_key_id` when another key " +
			"of the user is deleted, so use this data source to name or track individual keys.\n\n" +
			"The provider first reads `iam:GetAccountAuthorizationDetails` and the credential report " +
			"(`iam:GenerateCredentialReport`, `iam:GetCredentialReport`) to find which users have keys, then calls " +
			"`iam:ListAccessKeys` for exactly those users, concurrently within the provider's `max_concurrency`; " +
			"a key's last use comes from its report slot, `iam:GetAccessKeyLastUsed` only where the report " +
			"cannot say. Users the report cannot answer for (created after it was generated, or re-created " +
			"under the same name) are always asked. The report can be up to 4 hours old, so the first key of a " +
			"user who had none at `credential_report_generated_at` is listed from the next report on. With the " +
			"provider's `credential_data = \"live\"` every user is asked and every key's last use read with " +
			"`iam:GetAccessKeyLastUsed`, without the report: exact now, at one call per user and per key.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute(),
			"user_name": schema.StringAttribute{
				MarkdownDescription: "Only return the keys of this user. When it does not exist, the list is empty.",
				Optional:            true,
				Validators:          []validator.String{userOrRoleNameValidator()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only return keys with this status: " + statuses + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(accessKeyStatuses...)},
			},
			"access_keys": accessKeyType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The keys that pass the filters, sorted by user name and then by key ID.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: accessKeyAttributes(statuses)},
			}),
			"credential_report_generated_at": reportDrivenGeneratedAtAttribute(),
		},
	}
}

// accessKeyAttributes is the schema of one element of access_keys;
// statuses lists the key statuses for the description of status.
func accessKeyAttributes(statuses string) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"user_name":        computedStringAttribute("Name of the user the key belongs to."),
		"access_key_id":    computedStringAttribute("The access key ID (`AKIA…`). The secret is never read."),
		"status":           computedStringAttribute("Status of the key: " + statuses + "."),
		"create_date":      computedStringAttribute("When the key was created (RFC 3339, UTC)."),
		"last_used_region": computedStringAttribute("The AWS region the key was last used in, or null."),
	}
	maps.Copy(attrs, keyUsageAttributes())
	return attrs
}

func (d *accessKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *accessKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model accessKeysModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scope, ok := d.data.scope(ctx, model.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	now := scope.now()
	keys, err := scope.collector.AccessKeys(scope.callContext(ctx))
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Access Keys", err)
		return
	}
	generatedAt, ok := scope.credentialReportTime(scope.callContext(ctx), !scope.collector.Live(), &resp.Diagnostics)
	if !ok {
		return
	}
	selected := filterAccessKeys(keys, model.UserName.ValueString(), model.Status.ValueString())
	value, err := accessKeysTerraformValue(selected, now)
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.AccessKeys = terraformListOf(accessKeyType.builtListType(), value)
	model.CredentialReportGeneratedAt = generatedAt
	tflog.Debug(ctx, "Read IAM access keys", map[string]any{
		"access_keys": len(keys),
		"selected":    len(selected),
	})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}

// filterAccessKeys keeps the keys of userName (IAM names ignore case) with
// status; "" matches every user or status. The result is sorted by user
// name, then key ID.
func filterAccessKeys(keys []iamcollect.AccessKey, userName, status string) []iamcollect.AccessKey {
	out := make([]iamcollect.AccessKey, 0, len(keys))
	for _, k := range keys {
		if userName != "" && !strings.EqualFold(k.UserName, userName) {
			continue
		}
		if status != "" && k.Status != status {
			continue
		}
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b iamcollect.AccessKey) int {
		return cmp.Or(strings.Compare(a.UserName, b.UserName), strings.Compare(a.AccessKeyID, b.AccessKeyID))
	})
	return out
}
