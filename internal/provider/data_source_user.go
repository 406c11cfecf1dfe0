package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

// NewUserDataSource returns the iamaudit_user data source.
func NewUserDataSource() datasource.DataSource {
	return &userDataSource{}
}

type userDataSource struct {
	data *providerData
}

// userDataSourceType is one user at top level plus its own arguments and
// the report time.
var userDataSourceType = newObjectType(withAttributeTypes(userType.attrTypes, map[string]attr.Type{
	"account_id":                     stringType,
	"credential_report_generated_at": stringType,
}))

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userAttributes()
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "Name of the IAM user to read. The read fails when no such user exists.",
		Required:            true,
		Validators:          []validator.String{userOrRoleNameValidator()},
	}
	attrs["credential_report_generated_at"] = credentialReportGeneratedAtAttribute()
	attrs["account_id"] = accountIDAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "One IAM user with the same attributes as an element of `iamaudit_users`: console " +
			"password and its last use, MFA, access keys by credential report slot, group memberships and " +
			"directly attached policies. Use it to assert on a known identity, such as a break-glass or " +
			"connector user.\n\n" +
			"Requires " + usersActions + ": the user is read from the same account-wide collection as " +
			"`iamaudit_users`, shared by every data source of the plan. " + credentialReportFreshness,
		Attributes: attrs,
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, scope, ok := d.data.configuredScope(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	now := scope.now()
	users, generatedAt, ok := readUsers(scope.callContext(ctx), scope, &resp.Diagnostics)
	if !ok {
		return
	}
	user, found := findUser(users, name.ValueString())
	if !found {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "IAM User Not Found", fmt.Sprintf(
			"No IAM user named %q exists in account %s. Check the name, or list the users that exist "+
				"with data.iamaudit_users.",
			name.ValueString(), scope.accountID()))
		return
	}
	value, err := buildObject(userType, user, func(u iamcollect.User) (map[string]tftypes.Value, error) {
		return userTerraformAttributes(u, now)
	})
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	userValue, err := userType.frameworkObject(ctx, value)
	if err != nil {
		addValueError(&resp.Diagnostics, err)
		return
	}
	attrs := userValue.Attributes()
	attrs["account_id"] = accountID
	// The argument keeps its configured spelling; IAM names ignore case.
	attrs["name"] = name
	attrs["credential_report_generated_at"] = generatedAt
	state := userDataSourceType.objectValue(attrs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "Read IAM user", map[string]any{
		"users":       len(users),
		"access_keys": len(user.AccessKeys),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// findUser returns the user with this name. IAM user names are unique
// regardless of case and IAM's own lookups (GetUser) ignore case, so an
// exact match wins and a case-insensitive one is accepted.
func findUser(users []iamcollect.User, name string) (iamcollect.User, bool) {
	i := slices.IndexFunc(users, func(u iamcollect.User) bool { return u.Name == name })
	if i < 0 {
		i = slices.IndexFunc(users, func(u iamcollect.User) bool { return strings.EqualFold(u.Name, name) })
	}
	if i < 0 {
		return iamcollect.User{}, false
	}
	return users[i], true
}
