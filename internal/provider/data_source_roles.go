package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var _ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)

// serviceLinkedRolePath is the path prefix of every service-linked role.
const serviceLinkedRolePath = "/aws-service-role/"

// NewRolesDataSource returns the iamaudit_roles data source.
func NewRolesDataSource() datasource.DataSource {
	return &rolesDataSource{}
}

type rolesDataSource struct {
	data *providerData
}

type rolesModel struct {
	PathPrefix           types.String `tfsdk:"path_prefix"`
	NameRegex            types.String `tfsdk:"name_regex"`
	ExcludeServiceLinked types.Bool   `tfsdk:"exclude_service_linked"`
	Roles                []roleModel  `tfsdk:"roles"`
}

// roleModel is one element of roles.
type roleModel struct {
	Name                    types.String `tfsdk:"name"`
	ARN                     types.String `tfsdk:"arn"`
	RoleID                  types.String `tfsdk:"role_id"`
	Path                    types.String `tfsdk:"path"`
	Description             types.String `tfsdk:"description"`
	CreateDate              types.String `tfsdk:"create_date"`
	MaxSessionDuration      types.Int64  `tfsdk:"max_session_duration"`
	TrustPolicy             types.String `tfsdk:"trust_policy"`
	TrustedAWSPrincipals    types.List   `tfsdk:"trusted_aws_principals"`
	TrustedServices         types.List   `tfsdk:"trusted_services"`
	TrustedFederated        types.List   `tfsdk:"trusted_federated"`
	Public                  types.Bool   `tfsdk:"public"`
	CrossAccount            types.Bool   `tfsdk:"cross_account"`
	ExternalIDRequired      types.Bool   `tfsdk:"external_id_required"`
	MFARequired             types.Bool   `tfsdk:"mfa_required"`
	OIDCSubjectUnrestricted types.Bool   `tfsdk:"oidc_subject_unrestricted"`
	AttachedPolicyARNs      types.List   `tfsdk:"attached_policy_arns"`
	InlinePolicyNames       types.List   `tfsdk:"inline_policy_names"`
	PermissionsBoundaryARN  types.String `tfsdk:"permissions_boundary_arn"`
	LastUsedDate            types.String `tfsdk:"last_used_date"`
	LastUsedDays            types.Int64  `tfsdk:"last_used_days"`
	Tags                    types.Map    `tfsdk:"tags"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account's IAM roles with an analysis of each trust policy: who can assume the role " +
			"(AWS principals, services, identity providers), whether anyone or another account can, and whether an " +
			"external ID or MFA is required. Use it to find public roles, cross-account roles without an external ID " +
			"(the confused-deputy problem) and OIDC roles any repository can assume. Needs " +
			"`iam:GetAccountAuthorizationDetails` (shared with the other data sources of the plan) and `iam:ListRoles` " +
			"(for `max_session_duration` and `description`, which the former leaves out).",
		Attributes: map[string]schema.Attribute{
			"path_prefix": pathPrefixAttribute("roles"),
			"name_regex":  nameRegexAttribute("roles"),
			"exclude_service_linked": schema.BoolAttribute{
				MarkdownDescription: fmt.Sprintf("Leave out service-linked roles (path starting with `%s`), which AWS "+
					"services create and only they can change. Defaults to `false`.", serviceLinkedRolePath),
				Optional: true,
			},
			"roles": schema.ListNestedAttribute{
				MarkdownDescription: "The roles that pass the filters, sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: roleAttributes()},
			},
		},
	}
}

// roleAttributes is the schema of one element of roles.
func roleAttributes() map[string]schema.Attribute {
	str, list := computedStringAttribute, computedStringListAttribute
	flag := func(desc string) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"description": str("The role's description; `null` when it has none."),
		"max_session_duration": schema.Int64Attribute{
			MarkdownDescription: "Maximum session duration in seconds (3600 to 43200).",
			Computed:            true,
		},
		"trust_policy": str("The trust policy (assume-role policy document) as normalized JSON: URL-decoded, keys " +
			"sorted, no insignificant whitespace. Compare it with `jsondecode`, not as text."),
		"trusted_aws_principals": list("The trust policy's `AWS` principals of Allow statements, sorted: account IDs " +
			"rewritten to `arn:<partition>:iam::<id>:root` as AWS stores them, ARNs as written, unique IDs " +
			"(`AIDA…`, `AROA…`, left behind when a trusted user or role is deleted) kept as they are, and `*` " +
			"for a public principal."),
		"trusted_services":  list("The trust policy's `Service` principals of Allow statements, such as `ec2.amazonaws.com`, sorted."),
		"trusted_federated": list("The trust policy's `Federated` principals of Allow statements (SAML and OIDC provider ARNs, `cognito-identity.amazonaws.com`), sorted."),
		"public":            flag("Whether anyone can assume the role: a principal `\"*\"` or `{\"AWS\": \"*\"}` in an Allow statement."),
		"cross_account": flag("Whether a trusted AWS principal lies in another account than this one, or the role is " +
			"public. Unique IDs do not count: they match no existing principal."),
		"external_id_required": flag("Whether every Allow statement with an AWS principal has a `StringEquals` or " +
			"`StringLike` condition on `sts:ExternalId`. The `…IfExists` operators do not count, since they also match " +
			"a request without an external ID. `false` when no statement trusts an AWS principal."),
		"mfa_required": flag("Whether every Allow statement with an AWS principal has `Bool` " +
			"`aws:MultiFactorAuthPresent` `true` (not `BoolIfExists`) or `NumericLessThan` `aws:MultiFactorAuthAge`. " +
			"`false` when no statement trusts an AWS principal."),
		"oidc_subject_unrestricted": flag("Whether a statement lets an OIDC provider's tokens assume the role " +
			"(such as `token.actions.githubusercontent.com`) without any condition on the provider's `:sub` key, " +
			"so anyone who can get a token from that issuer can assume the role."),
		"permissions_boundary_arn": str("ARN of the role's permissions boundary; `null` when it has none."),
		"last_used_date": str("When the role was last assumed (RFC 3339, UTC), as IAM tracks it (for the last 400 " +
			"days); `null` when it was not used in that time."),
		"last_used_days": schema.Int64Attribute{
			MarkdownDescription: "Whole days since `last_used_date`, rounded down; `null` when `last_used_date` is.",
			Computed:            true,
		},
		"tags": schema.MapAttribute{
			MarkdownDescription: "The role's tags.",
			Computed:            true,
			ElementType:         types.StringType,
		},
	}
	maps.Copy(attrs, listedEntityAttributes("role", "role_id", "AROA", "/aws-service-role/ec2.amazonaws.com/"))
	maps.Copy(attrs, policyListAttributes("role"))
	return attrs
}

func (d *rolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model rolesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	filter, ok := configuredNameFilter(model.PathPrefix, model.NameRegex, &resp.Diagnostics)
	if !ok {
		return
	}
	roles, err := d.data.collector.Roles(d.data.callContext(ctx))
	if err != nil {
		addAWSError(&resp.Diagnostics, "Unable to Read IAM Roles", err)
		return
	}
	excludeServiceLinked := model.ExcludeServiceLinked.ValueBool()
	now := time.Now().UTC()
	model.Roles = make([]roleModel, 0, len(roles))
	for _, r := range roles {
		if !filter.matches(r.Name, r.Path) || (excludeServiceLinked && isServiceLinked(r.Path)) {
			continue
		}
		m, err := d.roleModelOf(ctx, r, now, &resp.Diagnostics)
		if err != nil {
			// Fail closed: never report a role whose trust cannot be analyzed.
			resp.Diagnostics.AddError("Unable to Analyze IAM Role Trust Policy",
				fmt.Sprintf("The trust policy of role %s could not be parsed: %s. Please report this, with the "+
					"policy if you can share it.", r.ARN, err))
			return
		}
		model.Roles = append(model.Roles, m)
	}
	tflog.Debug(ctx, "Read IAM roles", map[string]any{"roles": len(roles), "matched": len(model.Roles)})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// isServiceLinked reports whether a role path is that of a service-linked role.
func isServiceLinked(path string) bool {
	return strings.HasPrefix(path, serviceLinkedRolePath)
}

// roleModelOf maps one engine role and analyzes its trust policy for the
// caller's account and partition.
func (d *rolesDataSource) roleModelOf(ctx context.Context, r iamcollect.Role, now time.Time, diags *diag.Diagnostics) (roleModel, error) {
	normalized, err := policydoc.Normalize(r.TrustPolicy)
	if err != nil {
		return roleModel{}, err
	}
	trust, err := policydoc.AnalyzeTrust(r.TrustPolicy, d.data.client.AccountID, d.data.client.Partition)
	if err != nil {
		return roleModel{}, err
	}
	return roleModel{
		Name:                    types.StringValue(r.Name),
		ARN:                     types.StringValue(r.ARN),
		RoleID:                  types.StringValue(r.RoleID),
		Path:                    types.StringValue(r.Path),
		Description:             optionalString(r.Description),
		CreateDate:              timeValueOf(r.CreateDate),
		MaxSessionDuration:      types.Int64Value(int64(r.MaxSessionDuration)),
		TrustPolicy:             types.StringValue(normalized),
		TrustedAWSPrincipals:    stringList(ctx, trust.AWSPrincipals, diags),
		TrustedServices:         stringList(ctx, trust.Services, diags),
		TrustedFederated:        stringList(ctx, trust.Federated, diags),
		Public:                  types.BoolValue(trust.Public),
		CrossAccount:            types.BoolValue(trust.CrossAccount),
		ExternalIDRequired:      types.BoolValue(trust.ExternalIDRequired),
		MFARequired:             types.BoolValue(trust.MFARequired),
		OIDCSubjectUnrestricted: types.BoolValue(trust.OIDCSubjectUnrestricted),
		AttachedPolicyARNs:      stringList(ctx, r.AttachedPolicyARNs, diags),
		InlinePolicyNames:       stringList(ctx, r.InlinePolicyNames, diags),
		PermissionsBoundaryARN:  optionalString(r.PermissionsBoundaryARN),
		LastUsedDate:            timeValue(r.LastUsedDate),
		LastUsedDays:            daysSince(r.LastUsedDate, now),
		Tags:                    stringMap(ctx, r.Tags, diags),
	}, nil
}
