package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var (
	_ datasource.DataSourceWithConfigure        = (*readerPolicyDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*readerPolicyDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*readerPolicyDataSource)(nil)
)

// readerPolicyPurposes are the purposes of iamaudit_reader_policy: the
// reader purposes and the central identity's of an organization.
var readerPolicyPurposes = append(slices.Clone(policydoc.Purposes), policydoc.OrganizationCentralPurpose)

var (
	pathMemberRoleName = path.Root("member_role_name")
	pathMemberRolePath = path.Root("member_role_path")
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
	MemberRoleName       types.String `tfsdk:"member_role_name"`
	MemberRolePath       types.String `tfsdk:"member_role_path"`
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
		"`arn:<partition>:iam::<account>:user/*/${aws:username}`, partition and account taken from the caller. "+
		"`%s` is what the central audit identity of an AWS Organization needs on top of `audit`: %s on `*`, and "+
		"`sts:AssumeRole` on the member role in every account, `arn:<partition>:iam::*:role<member_role_path><member_role_name>`; "+
		"the member role itself gets `audit`.",
		quotedList(readerPolicyPurposes), defaultPurpose, quotedList(policydoc.AuditActions),
		len(policydoc.IAMInventoryActions), quotedList(policydoc.IAMInventoryActions),
		policydoc.OrganizationCentralPurpose, quotedList(policydoc.OrganizationListActions))
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
				Validators:          []validator.String{stringvalidator.OneOf(readerPolicyPurposes...)},
			},
			"member_role_name": schema.StringAttribute{
				MarkdownDescription: "With purpose `" + policydoc.OrganizationCentralPurpose + "`: the name of the member role " +
					"the central identity assumes in every account. Defaults to the provider's `member_role.role_name`.",
				Optional:   true,
				Validators: []validator.String{userOrRoleNameValidator()},
			},
			"member_role_path": schema.StringAttribute{
				MarkdownDescription: "With purpose `" + policydoc.OrganizationCentralPurpose + "`: the member role's IAM path. " +
					"Defaults to the provider's `member_role.path` when `member_role_name` is unset, else `/`.",
				Optional:   true,
				Validators: []validator.String{iamPathValidator()},
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
	doc, actions, err := d.build(model, extra, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("purpose"), "Unable to Build the Reader Policy", capitalize(strings.TrimSuffix(err.Error(), "."))+".")
		return
	}
	model.JSON = types.StringValue(doc)
	model.Actions = stringList(ctx, actions, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// ValidateConfig rejects member role arguments with a purpose that grants
// no sts:AssumeRole.
func (d *readerPolicyDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var purpose, name, rolePath types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("purpose"), &purpose)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathMemberRoleName, &name)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathMemberRolePath, &rolePath)...)
	if resp.Diagnostics.HasError() || purpose.IsUnknown() || purpose.ValueString() == policydoc.OrganizationCentralPurpose {
		return
	}
	for p, v := range map[string]types.String{"member_role_name": name, "member_role_path": rolePath} {
		if !v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(p), "Invalid Attribute Combination",
				fmt.Sprintf("%s applies only to purpose %q, whose policy lets the central identity assume the member role.",
					p, policydoc.OrganizationCentralPurpose))
		}
	}
}

// build builds the policy of model's purpose; organization-central takes
// the member role from member_role_name / member_role_path, else from the
// provider's member_role, and adds an attribute error when neither names it.
func (d *readerPolicyDataSource) build(model readerPolicyModel, extra []string, diags *diag.Diagnostics) (string, []string, error) {
	own := d.data.own
	if model.Purpose.ValueString() != policydoc.OrganizationCentralPurpose {
		return policydoc.ReaderPolicy(model.Purpose.ValueString(), own.client.Partition, own.accountID(), extra)
	}
	name, rolePath := model.MemberRoleName.ValueString(), model.MemberRolePath.ValueString()
	if model.MemberRoleName.IsNull() {
		if d.data.members == nil {
			diags.AddAttributeError(pathMemberRoleName, "Missing Member Role",
				fmt.Sprintf("Purpose %q grants sts:AssumeRole on the member role in every account, so it needs the role: "+
					"set member_role_name (and member_role_path if it has one), or configure the provider's member_role block.",
					policydoc.OrganizationCentralPurpose))
			return "", nil, nil
		}
		name = d.data.members.role.RoleName
		if model.MemberRolePath.IsNull() {
			rolePath = d.data.members.role.Path
		}
	}
	return policydoc.OrganizationCentralPolicy(own.client.Partition, rolePath, name, extra)
}
