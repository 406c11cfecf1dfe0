package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var (
	_ datasource.DataSourceWithConfigure        = (*readerPolicyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*readerPolicyDataSource)(nil)
)

// defaultPurpose is the purpose used when none is configured.
var defaultPurpose = policydoc.Purposes[0]

// NewReaderPolicyDataSource returns the iamaudit_reader_policy data source.
func NewReaderPolicyDataSource() datasource.DataSource {
	return &readerPolicyDataSource{}
}

type readerPolicyDataSource struct {
	data *providerData
}

type readerPolicyModel struct {
	Purpose              types.String `tfsdk:"purpose"`
	ExtraActions         types.List   `tfsdk:"extra_actions"`
	AllowWildcardActions types.Bool   `tfsdk:"allow_wildcard_actions"`
	JSON                 types.String `tfsdk:"json"`
	Actions              types.List   `tfsdk:"actions"`
}

func (d *readerPolicyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reader_policy"
}

// purposesMarkdown describes each purpose for schema documentation.
func purposesMarkdown() string {
	return fmt.Sprintf("One of %s. `%s` (the default) grants exactly the actions this provider's data sources call: %s; "+
		"`sts:AssumeRoot` (for `iamaudit_root_login_profile`) in a statement of its own, only with the task policy "+
		"`IAMAuditRootUserCredentials` (condition `sts:TaskPolicyArn`), which reads root credentials and changes nothing. "+
		"`iam-inventory` grants the %d read actions an IAM asset inventory connector needs: %s (vendor lists also name "+
		"`iam:ListGroupTags`, which does not exist because IAM groups cannot be tagged, so it is left out). "+
		"`key-rotation-self` lets a user rotate only its own access keys: `iam:ListAccountAliases` on `*`, and "+
		"`iam:GetUser`, `iam:CreateAccessKey`, `iam:UpdateAccessKey`, `iam:DeleteAccessKey`, `iam:ListAccessKeys` and "+
		"`iam:GetAccessKeyLastUsed` on `arn:<partition>:iam::<account>:user/${aws:username}` and "+
		"`arn:<partition>:iam::<account>:user/*/${aws:username}`, partition and account taken from the caller.",
		quotedList(policydoc.Purposes), defaultPurpose, quotedList(policydoc.AuditActions),
		len(policydoc.IAMInventoryActions), quotedList(policydoc.IAMInventoryActions))
}

func (d *readerPolicyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A least-privilege IAM policy document for an audit or inventory connector, built locally " +
			"(no AWS call besides the provider's own `sts:GetCallerIdentity`, whose partition and account fill in " +
			"the `key-rotation-self` resources). The JSON is stable: compact, keys sorted, actions sorted and unique. " +
			"Attach it to the identity a connector uses, or use `iamaudit_reader_user` / `iamaudit_cross_account_role`, " +
			"which create that identity with this policy.",
		Attributes: map[string]schema.Attribute{
			"purpose": schema.StringAttribute{
				MarkdownDescription: "What the policy is for. " + purposesMarkdown(),
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{purposeValidator()},
			},
			"extra_actions": schema.ListAttribute{
				MarkdownDescription: "More actions to grant on `*`, as `service:Action` (e.g. `s3:ListAllMyBuckets`). " +
					"Wildcards such as `iam:Get*` are accepted only with `allow_wildcard_actions = true`.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.List{listvalidator.ValueStringsAre(actionNameValidator{})},
			},
			"allow_wildcard_actions": schema.BoolAttribute{
				MarkdownDescription: "Accept `*` wildcards in `extra_actions`. Defaults to `false`: a wildcard also grants " +
					"actions AWS adds later.",
				Optional: true,
			},
			"json": schema.StringAttribute{
				MarkdownDescription: "The policy document: compact JSON with sorted keys, version `2012-10-17`.",
				Computed:            true,
			},
			"actions": schema.ListAttribute{
				MarkdownDescription: "Every action the policy grants, sorted and unique.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (d *readerPolicyDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{extraActionsValidator{list: true}}
}

func (d *readerPolicyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *readerPolicyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model readerPolicyModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &model)...); resp.Diagnostics.HasError() {
		return
	}
	if !d.data.ready(&resp.Diagnostics) {
		return
	}
	if model.Purpose.IsNull() {
		model.Purpose = types.StringValue(defaultPurpose)
	}
	var extra []string
	if !model.ExtraActions.IsNull() {
		resp.Diagnostics.Append(model.ExtraActions.ElementsAs(ctx, &extra, false)...)
	}
	doc, actions, err := policydoc.ReaderPolicy(model.Purpose.ValueString(), d.data.own.client.Partition, d.data.own.accountID(), extra)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("purpose"), "Unable to Build the Reader Policy", capitalize(strings.TrimSuffix(err.Error(), "."))+".")
		return
	}
	model.JSON = types.StringValue(doc)
	model.Actions = stringList(ctx, actions, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
