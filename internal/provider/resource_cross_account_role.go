package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var (
	_ resource.ResourceWithConfigure        = (*crossAccountRoleResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*crossAccountRoleResource)(nil)
	_ resource.ResourceWithImportState      = (*crossAccountRoleResource)(nil)
	_ resource.ResourceWithConfigValidators = (*crossAccountRoleResource)(nil)
)

// Bounds of a role's maximum session duration, in seconds, as IAM enforces them.
const (
	minRoleSessionSeconds     = 3600
	maxRoleSessionSeconds     = 43200
	defaultRoleSessionSeconds = 3600
)

// NewCrossAccountRoleResource returns the iamaudit_cross_account_role resource.
func NewCrossAccountRoleResource() resource.Resource {
	return &crossAccountRoleResource{}
}

type crossAccountRoleResource struct {
	data *providerData
}

var crossAccountRoleKind = identityResourceKind{
	typeName:    "iamaudit_cross_account_role",
	entity:      "role",
	title:       "Cross-Account IAM Role",
	goneMessage: "Cross-account role is gone; removing it from state",
	actions:     iamidentity.CrossAccountRoleActions,
}

func (r *crossAccountRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cross_account_role"
}

func (r *crossAccountRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An IAM role that an auditor in another account assumes: the trust policy allows " +
			"`sts:AssumeRole` to `trusted_principal_arns` only with the agreed external ID (and MFA with " +
			"`require_mfa`); permissions come from an owned customer managed policy `<name>-permissions` (a reader " +
			"policy `purpose` or your `policy_json`) and/or `managed_policy_arns` such as `SecurityAudit`.\n\n" +
			"Right after a trusted user or role is created IAM may reject it as an invalid principal; the resource " +
			"retries that for up to two minutes. A trust policy, permissions policy or attachment changed outside " +
			"Terraform shows in the next plan. `managed_policy_arns` is exclusive: other managed policies attached " +
			"to the role are detached on apply." + crossAccountRoleKind.permissionsMarkdown(),
		Attributes: map[string]schema.Attribute{
			"account_id": crossAccountRoleKind.accountIDAttribute(),
			"name":       nameAttribute("Role name, 1 to 64 characters of letters, digits and `+=,.@-_`; the owned policy is `<name>-permissions`. Changing it replaces the role."),
			"path":       pathAttribute("IAM path of the role and policy, `/` (the default) or `/a/b/`. Changing it replaces the role."),
			"description": schema.StringAttribute{
				MarkdownDescription: "Description of the role, at most 1000 characters.",
				Optional:            true,
				Validators:          []validator.String{roleDescriptionValidator()},
			},
			"trusted_principal_arns": schema.SetAttribute{
				MarkdownDescription: "Who may assume the role: 12-digit account IDs (written as `arn:<partition>:iam::<id>:root` in the trust policy), account root ARNs, or IAM user or role ARNs.",
				Required:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(principalValidator())},
			},
			"external_id": schema.StringAttribute{
				MarkdownDescription: "The external ID the auditor must pass (`StringEquals sts:ExternalId`), 2 to 1224 characters of letters, digits and `+=,.@:/-_`. It prevents the confused-deputy problem; it is not a secret.",
				Required:            true,
				Validators:          []validator.String{externalIDValidator()},
			},
			"require_mfa": schema.BoolAttribute{
				MarkdownDescription: "Also require `aws:MultiFactorAuthPresent` to be true. Defaults to `false` (connectors cannot use MFA).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"max_session_duration": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Maximum session duration in seconds, %d to %d. Defaults to %d.", minRoleSessionSeconds, maxRoleSessionSeconds, defaultRoleSessionSeconds),
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultRoleSessionSeconds),
				Validators:          []validator.Int64{int64validator.Between(minRoleSessionSeconds, maxRoleSessionSeconds)},
			},
			"purpose": schema.StringAttribute{
				MarkdownDescription: "Reader policy purpose of the owned policy, as in `data.iamaudit_reader_policy`. " + purposesMarkdown(),
				Optional:            true,
				Validators:          []validator.String{purposeValidator()},
			},
			"policy_json":            policyJSONAttribute("A policy document for the owned policy instead of a purpose. Semantically equal documents do not cause changes."),
			"extra_actions":          extraActionsAttribute(),
			"allow_wildcard_actions": allowWildcardActionsAttribute(),
			"managed_policy_arns": schema.SetAttribute{
				MarkdownDescription: "Managed policies to attach, e.g. `arn:aws:iam::aws:policy/SecurityAudit`. Exclusive: other attached managed policies are detached.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(managedPolicyARNValidator())},
			},
			"permissions_boundary": crossAccountRoleKind.permissionsBoundaryAttribute(),
			"tags":                 crossAccountRoleKind.tagsAttribute(),
			"arn":                  computedString("ARN of the role: give it to the auditor."),
			"unique_id":            computedString("Unique ID of the role (`AROA…`)."),
			"trust_policy_json":    computedPolicyJSON("The trust policy (normalized JSON). A trust policy changed outside Terraform shows as a change back in the next plan."),
			"policy_arn":           computedString("ARN of the owned policy `<name>-permissions`, or null without `purpose` and `policy_json` (and in state when the policy was detached or deleted outside Terraform)."),
			"policy_document":      computedPolicyJSON("The owned policy's document in AWS (normalized JSON), or null."),
		},
	}
}

func (r *crossAccountRoleResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("purpose"), path.MatchRoot("policy_json")),
		resourcevalidator.Conflicting(path.MatchRoot("extra_actions"), path.MatchRoot("policy_json")),
		resourcevalidator.AtLeastOneOf(path.MatchRoot("purpose"), path.MatchRoot("policy_json"), path.MatchRoot("managed_policy_arns")),
		extraActionsValidator{},
	}
}

func (r *crossAccountRoleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *crossAccountRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	crossAccountRoleKind.importByName(ctx, req, resp)
}

// ModifyPlan plans the trust policy and owned policy documents (so drift
// shows as a change back) and the derived names.
func (r *crossAccountRoleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	plan, state := planAndPriorState[crossAccountRoleModel](ctx, r.data, req, resp)
	if resp.Diagnostics.HasError() || !r.data.known() {
		return
	}
	account := r.data.identityAccount(plan.AccountID)
	known := !plan.Name.IsUnknown() && !plan.Path.IsUnknown()
	plan.ARN, plan.UniqueID = plannedIDs(account.RoleARN, &plan, state)

	trust, trustKnown := r.trustPolicy(ctx, &plan, &resp.Diagnostics)
	switch {
	case !trustKnown:
		plan.TrustPolicyJSON = policyJSONUnknown()
	case state != nil && policiesEquivalent(state.TrustPolicyJSON.ValueString(), trust):
		plan.TrustPolicyJSON = state.TrustPolicyJSON
	default:
		plan.TrustPolicyJSON = policyJSONOf(trust)
	}

	doc, docKnown := plan.policyInputs().document(ctx, account.Partition, account.ID, &resp.Diagnostics)
	switch {
	case !docKnown:
		plan.PolicyDocument, plan.PolicyARN = policyJSONUnknown(), types.StringUnknown()
	case doc == "":
		plan.PolicyDocument, plan.PolicyARN = policyJSONNull(), types.StringNull()
	default:
		plan.PolicyDocument = policyJSONOf(doc)
		if state != nil && policiesEquivalent(state.PolicyDocument.ValueString(), doc) {
			plan.PolicyDocument = state.PolicyDocument
		}
		plan.PolicyARN = types.StringUnknown()
		if known {
			plan.PolicyARN = types.StringValue(account.PolicyARN(plan.Path.ValueString(), iamidentity.PermissionsPolicyName(plan.Name.ValueString())))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// trustPolicy builds the trust policy from the plan; known is false while
// an input is unknown.
func (r *crossAccountRoleResource) trustPolicy(ctx context.Context, m *crossAccountRoleModel, diags *diag.Diagnostics) (doc string, known bool) {
	if m.TrustedPrincipalARNs.IsUnknown() || m.ExternalID.IsUnknown() || m.RequireMFA.IsUnknown() {
		return "", false
	}
	var principals []types.String
	diags.Append(m.TrustedPrincipalARNs.ElementsAs(ctx, &principals, false)...)
	values := make([]string, 0, len(principals))
	for _, p := range principals {
		if p.IsUnknown() {
			return "", false
		}
		values = append(values, p.ValueString())
	}
	doc, err := policydoc.TrustPolicyForCrossAccountRole(r.data.own.client.Partition, values, m.ExternalID.ValueString(), m.RequireMFA.ValueBool())
	if err != nil {
		diags.AddAttributeError(path.Root("trusted_principal_arns"), "Invalid Trust Policy", capitalize(err.Error())+".")
		return "", false
	}
	return doc, true
}

func (r *crossAccountRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan crossAccountRoleModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := r.data.scope(ctx, plan.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	made, err := scope.identities().CreateCrossAccountRole(scope.callContext(ctx), plan.role(ctx, &resp.Diagnostics))
	plan.ARN, plan.UniqueID, plan.PolicyARN = optionalString(made.ARN), optionalString(made.UniqueID), optionalString(made.PolicyARN)
	if err != nil {
		createFailed(ctx, scope, crossAccountRoleKind, resp, err, &plan)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *crossAccountRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readIdentity(ctx, r.data, crossAccountRoleKind, req, resp, r.read)
}

// read refreshes m from AWS; found is false when the role does not exist
// (Create already waited until IAM showed it, so NoSuchEntity here means it
// was deleted).
func (r *crossAccountRoleResource) read(ctx context.Context, scope *accountScope, m *crossAccountRoleModel, importing bool, diags *diag.Diagnostics) (bool, error) {
	s, err := scope.identities().ReadCrossAccountRole(ctx, m.Name.ValueString(), importing || m.ownsPolicy())
	if s == nil || err != nil {
		return false, err
	}
	m.ARN, m.UniqueID, m.Path = types.StringValue(s.ARN), types.StringValue(s.UniqueID), types.StringValue(s.Path)
	m.Description = optionalString(s.Description)
	m.MaxSessionDuration = types.Int64Value(int64(s.MaxSessionDuration))
	m.PermissionsBoundary = optionalString(s.PermissionsBoundary)
	m.TrustPolicyJSON = keepEquivalent(m.TrustPolicyJSON, s.TrustPolicy)
	m.Tags = tagsValue(ctx, m.Tags, s.Tags, diags)
	m.PolicyARN, m.PolicyDocument = types.StringNull(), policyJSONNull()
	if s.PolicyFound {
		m.PolicyDocument = keepEquivalent(m.PolicyDocument, s.PolicyDocument)
	}
	if s.PolicyAttached {
		m.PolicyARN = types.StringValue(s.PolicyARN)
	}
	m.ManagedPolicyARNs = types.SetNull(types.StringType)
	if len(s.ManagedPolicyARNs) > 0 {
		set, d := types.SetValueFrom(ctx, types.StringType, s.ManagedPolicyARNs)
		diags.Append(d...)
		m.ManagedPolicyARNs = set
	}
	if importing {
		importCrossAccountRoleArguments(ctx, scope, m, s, diags)
	}
	return true, nil
}

// importCrossAccountRoleArguments sets the arguments of an imported role
// from its trust policy and owned policy.
func importCrossAccountRoleArguments(ctx context.Context, scope *accountScope, m *crossAccountRoleModel, s *iamidentity.CrossAccountRoleState, diags *diag.Diagnostics) {
	principals, externalID, mfa := policydoc.ParseCrossAccountTrust(s.TrustPolicy)
	set, d := types.SetValueFrom(ctx, types.StringType, principals)
	diags.Append(d...)
	m.TrustedPrincipalARNs, m.ExternalID, m.RequireMFA = set, optionalString(externalID), types.BoolValue(mfa)
	m.AllowWildcardActions = types.BoolValue(false)
	m.Purpose, m.PolicyJSON, m.ExtraActions = types.StringNull(), policyJSONNull(), types.SetNull(types.StringType)
	if !s.PolicyFound {
		return
	}
	purpose, extra, wildcard, ok := importedPolicyInputs(ctx, scope.account(), s.PolicyDocument, diags)
	if !ok {
		m.PolicyJSON = policyJSONOf(s.PolicyDocument)
		return
	}
	m.Purpose, m.ExtraActions, m.AllowWildcardActions = purpose, extra, types.BoolValue(wildcard)
}

func (r *crossAccountRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, scope, ok := beginUpdate[crossAccountRoleModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	prior := iamidentity.CrossAccountRolePrior{CrossAccountRole: state.role(ctx, &resp.Diagnostics), PolicyAttached: !state.PolicyARN.IsNull()}
	if err := scope.identities().UpdateCrossAccountRole(scope.callContext(ctx), prior, plan.role(ctx, &resp.Diagnostics)); err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Update "+crossAccountRoleKind.title, err, crossAccountRoleKind.access())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *crossAccountRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state crossAccountRoleModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := r.data.scope(ctx, state.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	ownsPolicy := state.ownsPolicy() || !state.PolicyDocument.IsNull()
	err := scope.identities().DeleteCrossAccountRole(scope.callContext(ctx), state.Name.ValueString(), state.Path.ValueString(), ownsPolicy)
	var foreign *iamidentity.ForeignItemsError
	switch {
	case errors.As(err, &foreign):
		resp.Diagnostics.AddError("Cannot Delete "+crossAccountRoleKind.title,
			fmt.Sprintf("%s has things this resource did not create and will not delete: %s. Nothing was deleted; "+
				"remove them, then destroy again.", foreign.Owner, strings.Join(foreign.Items, ", ")))
	case err != nil:
		scope.addAWSError(&resp.Diagnostics, "Unable to Delete "+crossAccountRoleKind.title, err, crossAccountRoleKind.access())
	}
}
