package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

// NewUsersDataSource returns the iamaudit_users data source.
func NewUsersDataSource() datasource.DataSource {
	return &usersDataSource{}
}

type usersDataSource struct {
	data *providerData
}

type usersModel struct {
	AccountID                   types.String  `tfsdk:"account_id"`
	PathPrefix                  types.String  `tfsdk:"path_prefix"`
	NameRegex                   types.String  `tfsdk:"name_regex"`
	Users                       terraformList `tfsdk:"users"`
	CredentialReportGeneratedAt types.String  `tfsdk:"credential_report_generated_at"`
}

// usersActions are the bulk IAM actions behind iamaudit_users and iamaudit_user.
const usersActions = "`iam:GetAccountAuthorizationDetails` (users, group memberships, attached and inline " +
	"policies, tags, permissions boundaries), `iam:GenerateCredentialReport` and `iam:GetCredentialReport` " +
	"(passwords, MFA, access key slots and last use) and `iam:ListVirtualMFADevices`"

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All IAM users of the account with what an IAM audit asks about them: console " +
			"password and its last use, MFA, access keys by credential report slot with their age and last use, " +
			"group memberships and directly attached policies. Declare it at top level and assert on it in " +
			"`check` blocks, for example that every console user has MFA (CIS AWS Foundations 1.10) or that no " +
			"active key is older than 90 days (1.14).\n\n" +
			"Requires " + usersActions + ". " + credentialReportFreshness + "\n\n" +
			"The data is read once per plan and shared with the other data sources of the provider.",
		Attributes: map[string]schema.Attribute{
			"account_id":  accountIDAttribute(),
			"path_prefix": pathPrefixAttribute("users"),
			"name_regex":  nameRegexAttribute("users"),
			"users": userType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The users that pass the filters, sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: userAttributes()},
			}),
			"credential_report_generated_at": credentialReportGeneratedAtAttribute(),
		},
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model usersModel
	scope, filter, ok := readFilteredConfig(ctx, d.data, req, &resp.Diagnostics, &model, &model.AccountID, &model.PathPrefix, &model.NameRegex)
	if !ok {
		return
	}
	now := scope.now()
	users, generatedAt, ok := readUsers(scope.callContext(ctx), scope, &resp.Diagnostics)
	if !ok {
		return
	}
	selected := filterUsers(users, filter)
	value, err := usersTerraformValue(selected, now)
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.Users = terraformListOf(userType.builtListType(), value)
	model.CredentialReportGeneratedAt = generatedAt
	tflog.Debug(ctx, "Read IAM users", map[string]any{
		"users":    len(users),
		"selected": len(selected),
	})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}

// readUsers collects every user and the generation time of the credential
// report they were merged with (memoized: no extra AWS call). ok is false
// when an error diagnostic was added.
func readUsers(ctx context.Context, scope *accountScope, diags *diag.Diagnostics) ([]iamcollect.User, types.String, bool) {
	users, err := scope.collector.Users(ctx)
	if err != nil {
		scope.addAWSError(diags, "Unable to Read IAM Users", err)
		return nil, types.StringNull(), false
	}
	generatedAt, ok := scope.credentialReportTime(ctx, true, diags)
	return users, generatedAt, ok
}

// filterUsers keeps the users that pass f, in their order.
func filterUsers(users []iamcollect.User, f nameFilter) []iamcollect.User {
	out := make([]iamcollect.User, 0, len(users))
	for _, u := range users {
		if f.matches(u.Name, u.Path) {
			out = append(out, u)
		}
	}
	return out
}
