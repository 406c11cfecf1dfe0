package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

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
	AccountID            types.String  `tfsdk:"account_id"`
	PathPrefix           types.String  `tfsdk:"path_prefix"`
	NameRegex            types.String  `tfsdk:"name_regex"`
	ExcludeServiceLinked types.Bool    `tfsdk:"exclude_service_linked"`
	FirstPartyAccountIDs types.Set     `tfsdk:"first_party_account_ids"`
	OrganizationID       types.String  `tfsdk:"organization_id"`
	Roles                terraformList `tfsdk:"roles"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The account's IAM roles with an analysis of each trust policy: who can assume the role " +
			"(AWS principals, services, identity providers), whether anyone, another account or a third party can, " +
			"and whether an external ID or MFA is required. Use it to find public roles, third-party roles without an " +
			"external ID (the confused-deputy problem) and web identity roles any GitHub repository or Google user " +
			"can assume. The verdicts are built to resist look-alikes: a condition counts only when it really " +
			"restricts (see the guide \"Audit IAM with check blocks\" for a table of examples).\n\n" +
			"Only *assume statements* count as trust: Allow statements whose `Action` (or `NotAction`) admits " +
			"`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`, wildcards expanded; a " +
			"statement granting only `sts:TagSession` or `sts:SetSourceIdentity` admits no one. A condition " +
			"*restricts* a key when it uses `StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, " +
			"`ArnLike` or their `ForAnyValue:` forms on it and no value is made only of `*` and `?` or depends on a " +
			"policy variable; `…IfExists`, `ForAllValues:`, negated operators and `Null` never restrict.\n\n" +
			"Needs `iam:GetAccountAuthorizationDetails` (shared with the other data sources of the plan), " +
			"`iam:ListRoles` (for `max_session_duration` and `description`, which the former leaves out) and " +
			"`organizations:DescribeOrganization` (the account's own organization, for org-scoped trust; an account " +
			"in no organization simply has none).",
		Attributes: map[string]schema.Attribute{
			"account_id":  accountIDAttribute(),
			"path_prefix": pathPrefixAttribute("roles"),
			"name_regex":  nameRegexAttribute("roles"),
			"exclude_service_linked": schema.BoolAttribute{
				MarkdownDescription: fmt.Sprintf("Leave out service-linked roles (path starting with `%s`), which AWS "+
					"services create and only they can change. Defaults to `false`.", serviceLinkedRolePath),
				Optional: true,
			},
			"first_party_account_ids": schema.SetAttribute{
				MarkdownDescription: "Accounts, besides this one, whose principals are not third parties for " +
					"`third_party_trust` and `external_id_required`: typically every account of your organization " +
					"(`iamaudit_organization_accounts`), so that `OrganizationAccountAccessRole`, Control Tower and " +
					"StackSet roles trusting a sibling account are not flagged. 12-digit account IDs.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(accountIDValidator())},
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The account's own AWS Organizations ID (`o-…`), against which org-scoped trust " +
					"is judged; null when the account belongs to no organization.",
				Computed: true,
			},
			"roles": roleType.builtList(schema.ListNestedAttribute{
				MarkdownDescription: "The roles that pass the filters, sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: roleAttributes()},
			}),
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
		"trusted_aws_principals": list("The trust policy's `AWS` principals of assume statements, sorted, as written: account IDs " +
			"rewritten to `arn:<partition>:iam::<id>:root` as AWS stores them, ARNs as written, unique IDs " +
			"(`AIDA…`, `AROA…`, left behind when a trusted user or role is deleted) kept as they are, and `*` " +
			"for a public principal."),
		"trusted_services":  list("The trust policy's `Service` principals of assume statements, such as `ec2.amazonaws.com`, sorted."),
		"trusted_federated": list("The trust policy's `Federated` principals of assume statements (SAML and OIDC provider ARNs, `cognito-identity.amazonaws.com`, `accounts.google.com`), sorted."),
		"public": flag("Whether anyone can assume the role: an assume statement admits `\"*\"` or `{\"AWS\": \"*\"}` " +
			"and is not org-scoped. `aws:PrincipalAccount` and `aws:PrincipalArn` conditions that restrict narrow `*` " +
			"to the accounts they name (an account with a wildcard is every account, and so is a `StringLike` " +
			"`aws:PrincipalArn` value with a wildcard before its account field, such as `*:role/ci`). A statement is *org-scoped* " +
			"when a restricting, non-`IfExists` condition names only the own organization (`aws:PrincipalOrgID` " +
			"equal to `organization_id` or `${aws:ResourceOrgID}`, or every `aws:PrincipalOrgPaths` value starting " +
			"`<organization_id>/`), or when a `Deny` statement with Principal `\"*\"`, covering every assume action " +
			"the Allow admits and carrying no other condition, denies `StringNotEquals` `aws:PrincipalOrgID` " +
			"`<organization_id>` (outside any organization it confines nothing). No other policy variable restricts."),
		"cross_account": flag("Whether an assume statement admits an AWS principal outside this account (first-party " +
			"accounts and an org-scoped `*` included), or the role is public. Unique IDs (`AROA…`) do not count: they " +
			"match no existing principal."),
		"third_party_trust": flag("Whether an `sts:AssumeRole` statement that is not org-scoped admits an AWS " +
			"principal whose account is neither this one nor in `first_party_account_ids`, or the role is public."),
		"external_id_required": flag("Whether there is a third-party statement (see `third_party_trust`) and every " +
			"one restricts `sts:ExternalId`. First-party and org-scoped statements do not count. `StringLike \"*\"` " +
			"or a list with `\"?*\"` admits every external ID and does not restrict; `\"tenant-7731-*\"` does. " +
			"`false` when there is no third-party statement."),
		"mfa_required": flag("Whether there is an assume statement with an AWS principal and every one has `Bool` " +
			"`aws:MultiFactorAuthPresent` `\"true\"` (not `BoolIfExists`) or `NumericLessThan` / " +
			"`NumericLessThanEquals` on `aws:MultiFactorAuthAge`."),
		"oidc_subject_unrestricted": flag("Whether some web identity assume statement (an OIDC provider ARN, or " +
			"Google, Cognito, Facebook or Login with Amazon) does not restrict who the token is for: OIDC providers " +
			"`<issuer>:sub`; Google `accounts.google.com:aud`, `:oaud` or `:sub`; Cognito " +
			"`cognito-identity.amazonaws.com:aud` or `:sub`; Facebook `graph.facebook.com:app_id` or `:id`; Login " +
			"with Amazon `www.amazon.com:app_id` or `:user_id`. For `token.actions.githubusercontent.com` every " +
			"value must also pin a repository owner: `sub` starting `repo:<owner>/` (no wildcard in the owner), " +
			"`repository_owner_id:<id>:` or `repository_id:<id>:` (customized subjects), or a condition on the " +
			"claims AWS evaluates for GitHub: `repository` or `job_workflow_ref` starting `<owner>/`, " +
			"`repository_id` or `enterprise_id`; an enterprise issuer " +
			"`token.actions.githubusercontent.com/<enterprise>` pins its enterprise. `repo:*`, `repo:acme*` " +
			"(also matches `acme-evil`), `StringNotEquals` and `Null` pin nobody."),
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
	attrs["inline_policies"] = inlinePoliciesAttribute("role")
	return attrs
}

func (d *rolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model rolesModel
	scope, filter, ok := readFilteredConfig(ctx, d.data, req, &resp.Diagnostics, &model, &model.AccountID, &model.PathPrefix, &model.NameRegex)
	if !ok {
		return
	}
	var (
		roles []iamcollect.Role
		org   *iamcollect.Organization
	)
	g, gctx := errgroup.WithContext(scope.callContext(ctx))
	g.Go(func() (err error) { roles, err = scope.collector.Roles(gctx); return err })
	g.Go(func() (err error) { org, err = scope.collector.Organization(gctx); return err })
	if err := g.Wait(); err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read IAM Roles", err)
		return
	}
	model.OrganizationID = optionalString(org.ID)
	trustContext := policydoc.TrustContext{
		AccountID:            scope.client.AccountID,
		Partition:            scope.client.Partition,
		OrganizationID:       org.ID,
		FirstPartyAccountIDs: setStrings(ctx, model.FirstPartyAccountIDs, &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	excludeServiceLinked := model.ExcludeServiceLinked.ValueBool()
	now := scope.now()
	matched := make([]iamcollect.Role, 0, len(roles))
	for _, r := range roles {
		if !filter.matches(r.Name, r.Path) || (excludeServiceLinked && isServiceLinked(r.Path)) {
			continue
		}
		matched = append(matched, r)
	}
	value, err := rolesTerraformValue(matched, trustContext, now)
	if err != nil {
		// Fail closed: never report a role whose trust or policies cannot be analyzed.
		addValueError(&resp.Diagnostics, err)
		return
	}
	model.Roles = terraformListOf(roleType.builtListType(), value)
	tflog.Debug(ctx, "Read IAM roles", map[string]any{"roles": len(roles), "matched": len(matched)})
	resp.Diagnostics.Append(setBuiltState(ctx, &resp.State, model)...)
}

// isServiceLinked reports whether a role path is that of a service-linked role.
func isServiceLinked(path string) bool {
	return strings.HasPrefix(path, serviceLinkedRolePath)
}
