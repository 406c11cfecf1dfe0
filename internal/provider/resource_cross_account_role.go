package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// permissionsPolicySuffix names a role's owned policy: "<name>-permissions".
const permissionsPolicySuffix = "-permissions"

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
}

type crossAccountRoleModel struct {
	Name                 types.String    `tfsdk:"name"`
	Path                 types.String    `tfsdk:"path"`
	Description          types.String    `tfsdk:"description"`
	TrustedPrincipalARNs types.Set       `tfsdk:"trusted_principal_arns"`
	ExternalID           types.String    `tfsdk:"external_id"`
	RequireMFA           types.Bool      `tfsdk:"require_mfa"`
	MaxSessionDuration   types.Int64     `tfsdk:"max_session_duration"`
	Purpose              types.String    `tfsdk:"purpose"`
	PolicyJSON           policyJSONValue `tfsdk:"policy_json"`
	ExtraActions         types.Set       `tfsdk:"extra_actions"`
	AllowWildcardActions types.Bool      `tfsdk:"allow_wildcard_actions"`
	ManagedPolicyARNs    types.Set       `tfsdk:"managed_policy_arns"`
	PermissionsBoundary  types.String    `tfsdk:"permissions_boundary"`
	Tags                 types.Map       `tfsdk:"tags"`
	ARN                  types.String    `tfsdk:"arn"`
	UniqueID             types.String    `tfsdk:"unique_id"`
	TrustPolicyJSON      policyJSONValue `tfsdk:"trust_policy_json"`
	PolicyARN            types.String    `tfsdk:"policy_arn"`
	PolicyDocument       policyJSONValue `tfsdk:"policy_document"`
}

func (m *crossAccountRoleModel) policyInputs() policyInputs {
	return policyInputs{Purpose: m.Purpose, PolicyJSON: m.PolicyJSON, ExtraActions: m.ExtraActions}
}

func (m *crossAccountRoleModel) identity() (name, iamPath types.String) { return m.Name, m.Path }

func (m *crossAccountRoleModel) ids() (arn, uniqueID types.String) { return m.ARN, m.UniqueID }

func (m *crossAccountRoleModel) policyName() string {
	return m.Name.ValueString() + permissionsPolicySuffix
}

// ownsPolicy reports whether the configuration asks for an owned policy.
func (m *crossAccountRoleModel) ownsPolicy() bool {
	return !m.Purpose.IsNull() || !m.PolicyJSON.IsNull()
}

func (r *crossAccountRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cross_account_role"
}

func (r *crossAccountRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An IAM role that an auditor in another account assumes: the trust policy allows " +
			"`sts:AssumeRole` to `trusted_principal_arns` only with the agreed external ID (and MFA with " +
			"`require_mfa`); permissions come from an owned customer managed policy `<name>-permissions` (a reader " +
			"policy `purpose` or your `policy_json`) and/or `managed_policy_arns` such as `SecurityAudit`.\n\n" +
			"Right after a trusted user or role is created IAM may reject it as an invalid principal; the resource " +
			"retries that for up to two minutes. A trust policy, permissions policy or attachment changed outside " +
			"Terraform shows in the next plan. `managed_policy_arns` is exclusive: other managed policies attached " +
			"to the role are detached on apply.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Role name, 1 to 64 characters of letters, digits and `+=,.@-_`; the owned policy is `<name>-permissions`. Changing it replaces the role.",
				Required:            true,
				Validators:          []validator.String{userOrRoleNameValidator()},
				PlanModifiers:       replace,
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "IAM path of the role and policy, `/` (the default) or `/a/b/`. Changing it replaces the role.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("/"),
				Validators:          []validator.String{iamPathValidator()},
				PlanModifiers:       replace,
			},
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
			"policy_json": schema.StringAttribute{
				MarkdownDescription: "A policy document for the owned policy instead of a purpose. Semantically equal documents do not cause changes.",
				Optional:            true,
				CustomType:          policyJSONType{},
			},
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
			"trust_policy_json": schema.StringAttribute{
				MarkdownDescription: "The trust policy (normalized JSON). A trust policy changed outside Terraform shows as a change back in the next plan.",
				Computed:            true,
				CustomType:          policyJSONType{},
			},
			"policy_arn": computedString("ARN of the owned policy `<name>-permissions`, or null without `purpose` and `policy_json` (and in state when the policy was detached or deleted outside Terraform)."),
			"policy_document": schema.StringAttribute{
				MarkdownDescription: "The owned policy's document in AWS (normalized JSON), or null.",
				Computed:            true,
				CustomType:          policyJSONType{},
			},
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
	plan, state := planAndPriorState[crossAccountRoleModel](ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || r.data == nil || r.data.unknownConfig || r.data.client == nil {
		return
	}
	c := r.data.client
	known := !plan.Name.IsUnknown() && !plan.Path.IsUnknown()
	plan.ARN, plan.UniqueID = plannedIDs(c, "role", &plan, state)

	trust, trustKnown := r.trustPolicy(ctx, &plan, &resp.Diagnostics)
	switch {
	case !trustKnown:
		plan.TrustPolicyJSON = policyJSONUnknown()
	case state != nil && policiesEquivalent(state.TrustPolicyJSON.ValueString(), trust):
		plan.TrustPolicyJSON = state.TrustPolicyJSON
	default:
		plan.TrustPolicyJSON = policyJSONOf(trust)
	}

	doc, docKnown := plan.policyInputs().document(ctx, c.Partition, c.AccountID, &resp.Diagnostics)
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
			plan.PolicyARN = types.StringValue(ownedPolicyARN(c.Partition, c.AccountID, plan.Path.ValueString(), plan.policyName()))
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
	doc, err := policydoc.TrustPolicyForCrossAccountRole(r.data.client.Partition, values, m.ExternalID.ValueString(), m.RequireMFA.ValueBool())
	if err != nil {
		diags.AddAttributeError(path.Root("trusted_principal_arns"), "Invalid Trust Policy", capitalize(err.Error())+".")
		return "", false
	}
	return doc, true
}

func (r *crossAccountRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan crossAccountRoleModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	name := plan.Name.ValueString()
	var undo rollback
	failed := createFailure(ctx, &undo, resp, "Unable to Create "+crossAccountRoleKind.title, &plan)

	role, err := retryWhilePropagating(ctx, "iam:CreateRole", isInvalidPrincipal, func(ctx context.Context) (*iam.CreateRoleOutput, error) {
		return createRole(ctx, api, &iam.CreateRoleInput{
			RoleName:                 aws.String(name),
			Path:                     plan.Path.ValueStringPointer(),
			AssumeRolePolicyDocument: aws.String(plan.TrustPolicyJSON.ValueString()),
			Description:              plan.Description.ValueStringPointer(),
			MaxSessionDuration:       aws.Int32(int32(plan.MaxSessionDuration.ValueInt64())),
			PermissionsBoundary:      plan.PermissionsBoundary.ValueStringPointer(),
			Tags:                     iamTags(ctx, plan.Tags, &resp.Diagnostics),
		})
	})
	if err != nil {
		failed("role "+name, err)
		return
	}
	plan.ARN, plan.UniqueID = types.StringValue(aws.ToString(role.Role.Arn)), types.StringValue(aws.ToString(role.Role.RoleId))
	undo.add("role "+name, func(ctx context.Context) error {
		_, err := api.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
		return err
	})

	if plan.ownsPolicy() {
		policyARN, err := createOwnedPolicy(ctx, api, plan.policyName(), plan.Path.ValueString(), plan.PolicyDocument.ValueString(),
			"Permissions of cross-account role "+name+" (iamaudit_cross_account_role).")
		if err != nil {
			failed("policy "+plan.policyName(), err)
			return
		}
		plan.PolicyARN = types.StringValue(policyARN)
		undo.add("policy "+policyARN, func(ctx context.Context) error { return deleteOwnedPolicy(ctx, api, policyARN) })
		if err := attachRolePolicy(ctx, api, name, policyARN); err != nil {
			failed("the attachment of "+policyARN, err)
			return
		}
		undo.add("attachment of "+policyARN, detachRolePolicyFunc(api, name, policyARN))
	}
	for _, arn := range setStrings(ctx, plan.ManagedPolicyARNs, &resp.Diagnostics) {
		if err := attachRolePolicy(ctx, api, name, arn); err != nil {
			failed("the attachment of "+arn, err)
			return
		}
		undo.add("attachment of "+arn, detachRolePolicyFunc(api, name, arn))
	}

	if _, err := retryWhilePropagating(ctx, "iam:GetRole", isNoSuchEntity, func(ctx context.Context) (*iam.GetRoleOutput, error) {
		return api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	}); err != nil {
		failed("role "+name+" (it did not become readable)", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (m *crossAccountRoleModel) nullUnknowns() {
	for _, s := range []*types.String{&m.ARN, &m.UniqueID, &m.PolicyARN} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, p := range []*policyJSONValue{&m.TrustPolicyJSON, &m.PolicyDocument} {
		if p.IsUnknown() {
			*p = policyJSONNull()
		}
	}
}

func attachRolePolicy(ctx context.Context, api *iam.Client, role, policyARN string) error {
	_, err := retryWhilePropagating(ctx, "iam:AttachRolePolicy", isNoSuchEntity, func(ctx context.Context) (*iam.AttachRolePolicyOutput, error) {
		return api.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(policyARN)})
	})
	return err
}

func detachRolePolicyFunc(api *iam.Client, role, policyARN string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(policyARN)})
		if isNoSuchEntity(err) {
			return nil
		}
		return err
	}
}

// setStrings returns the elements of a known string set, sorted.
func setStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	var out []string
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

func (r *crossAccountRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readIdentity(ctx, r.data, crossAccountRoleKind, req, resp, r.read)
}

// read refreshes m from AWS; found is false when the role does not exist
// (Create already waited until IAM showed it, so NoSuchEntity here means it
// was deleted).
func (r *crossAccountRoleResource) read(ctx context.Context, m *crossAccountRoleModel, importing bool, diags *diag.Diagnostics) (bool, error) {
	api, name, c := r.data.client.IAM, m.Name.ValueString(), r.data.client
	out, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if isNoSuchEntity(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	role := out.Role
	m.ARN, m.UniqueID, m.Path = types.StringValue(aws.ToString(role.Arn)), types.StringValue(aws.ToString(role.RoleId)), types.StringValue(aws.ToString(role.Path))
	m.Description = optionalString(aws.ToString(role.Description))
	m.MaxSessionDuration = types.Int64Value(int64(aws.ToInt32(role.MaxSessionDuration)))
	m.PermissionsBoundary = boundaryValue(role.PermissionsBoundary)
	trust, err := policydoc.Normalize(aws.ToString(role.AssumeRolePolicyDocument))
	if err != nil {
		return false, fmt.Errorf("trust policy of role %s: %w", name, err)
	}
	m.TrustPolicyJSON = keepEquivalent(m.TrustPolicyJSON, trust)
	tags, err := roleTags(ctx, api, name)
	if err != nil {
		return false, err
	}
	m.Tags = tagsValue(ctx, m.Tags, tags, diags)

	attached, err := attachedRolePolicies(ctx, api, name)
	if err != nil {
		return false, err
	}
	ownedARN := ownedPolicyARN(c.Partition, c.AccountID, m.Path.ValueString(), m.policyName())
	doc, policyFound := "", false
	if importing || m.ownsPolicy() {
		if doc, policyFound, err = ownedPolicyDocument(ctx, api, ownedARN); err != nil {
			return false, err
		}
	}
	m.PolicyARN, m.PolicyDocument = types.StringNull(), policyJSONNull()
	if policyFound {
		m.PolicyDocument = keepEquivalent(m.PolicyDocument, doc)
		if slices.Contains(attached, ownedARN) {
			m.PolicyARN = types.StringValue(ownedARN)
		}
	}
	managed := slices.DeleteFunc(attached, func(a string) bool { return policyFound && a == ownedARN })
	m.ManagedPolicyARNs = types.SetNull(types.StringType)
	if len(managed) > 0 {
		set, d := types.SetValueFrom(ctx, types.StringType, managed)
		diags.Append(d...)
		m.ManagedPolicyARNs = set
	}
	if importing {
		r.importArguments(ctx, m, trust, doc, policyFound, diags)
	}
	return true, nil
}

// importArguments sets the arguments of an imported role from its trust
// policy and owned policy.
func (r *crossAccountRoleResource) importArguments(ctx context.Context, m *crossAccountRoleModel, trust, doc string, policyFound bool, diags *diag.Diagnostics) {
	principals, externalID, mfa := policydoc.ParseCrossAccountTrust(trust)
	set, d := types.SetValueFrom(ctx, types.StringType, principals)
	diags.Append(d...)
	m.TrustedPrincipalARNs, m.ExternalID, m.RequireMFA = set, optionalString(externalID), types.BoolValue(mfa)
	m.AllowWildcardActions = types.BoolValue(false)
	m.Purpose, m.PolicyJSON, m.ExtraActions = types.StringNull(), policyJSONNull(), types.SetNull(types.StringType)
	if !policyFound {
		return
	}
	purpose, extra, wildcard, ok := importedPolicyInputs(ctx, r.data.client, doc, diags)
	if !ok {
		m.PolicyJSON = policyJSONOf(doc)
		return
	}
	m.Purpose, m.ExtraActions, m.AllowWildcardActions = purpose, extra, types.BoolValue(wildcard)
}

// roleTags lists every tag of a role.
func roleTags(ctx context.Context, api *iam.Client, role string) (map[string]string, error) {
	return collectTags(ctx, iam.NewListRoleTagsPaginator(api, &iam.ListRoleTagsInput{RoleName: aws.String(role)}),
		func(o *iam.ListRoleTagsOutput) []iamtypes.Tag { return o.Tags })
}

// attachedRolePolicies lists the ARNs of the managed policies attached to a role, sorted.
func attachedRolePolicies(ctx context.Context, api *iam.Client, role string) ([]string, error) {
	var out []string
	p := iam.NewListAttachedRolePoliciesPaginator(api, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.AttachedPolicies {
			out = append(out, aws.ToString(a.PolicyArn))
		}
	}
	slices.Sort(out)
	return out, nil
}

func (r *crossAccountRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := beginUpdate[crossAccountRoleModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	summary := "Unable to Update " + crossAccountRoleKind.title
	for _, step := range []func(context.Context, *iam.Client, *crossAccountRoleModel, *crossAccountRoleModel) error{
		updateRoleTrust, updateRoleSettings, updateRoleBoundary, updateRoleTags, r.updateOwnedPolicy, r.updateManagedPolicies,
	} {
		if err := step(ctx, api, &plan, &state); err != nil {
			addResourceAWSError(&resp.Diagnostics, summary, err)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func updateRoleTrust(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	if policiesEquivalent(state.TrustPolicyJSON.ValueString(), plan.TrustPolicyJSON.ValueString()) {
		return nil
	}
	_, err := retryWhilePropagating(ctx, "iam:UpdateAssumeRolePolicy", isInvalidPrincipal, func(ctx context.Context) (*iam.UpdateAssumeRolePolicyOutput, error) {
		return api.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{
			RoleName: plan.Name.ValueStringPointer(), PolicyDocument: aws.String(plan.TrustPolicyJSON.ValueString()),
		})
	})
	return err
}

func updateRoleSettings(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	if plan.Description.Equal(state.Description) && plan.MaxSessionDuration.Equal(state.MaxSessionDuration) {
		return nil
	}
	_, err := api.UpdateRole(ctx, &iam.UpdateRoleInput{
		RoleName:           plan.Name.ValueStringPointer(),
		Description:        aws.String(plan.Description.ValueString()),
		MaxSessionDuration: aws.Int32(int32(plan.MaxSessionDuration.ValueInt64())),
	})
	return err
}

func updateRoleBoundary(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	role := plan.Name.ValueStringPointer()
	return updateBoundary(ctx, state.PermissionsBoundary, plan.PermissionsBoundary,
		func(ctx context.Context, boundaryARN *string) error {
			_, err := api.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: role, PermissionsBoundary: boundaryARN})
			return err
		},
		func(ctx context.Context) error {
			_, err := api.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: role})
			return err
		})
}

func updateRoleTags(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	role := plan.Name.ValueStringPointer()
	return updateTags(ctx, state.Tags, plan.Tags,
		func(ctx context.Context, keys []string) error {
			_, err := api.UntagRole(ctx, &iam.UntagRoleInput{RoleName: role, TagKeys: keys})
			return err
		},
		func(ctx context.Context, tags []iamtypes.Tag) error {
			_, err := api.TagRole(ctx, &iam.TagRoleInput{RoleName: role, Tags: tags})
			return err
		})
}

// updateOwnedPolicy creates, changes, re-attaches or deletes the owned policy as planned.
func (r *crossAccountRoleResource) updateOwnedPolicy(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	name, c := plan.Name.ValueString(), r.data.client
	ownedARN := ownedPolicyARN(c.Partition, c.AccountID, plan.Path.ValueString(), plan.policyName())
	doc := plan.PolicyDocument.ValueString()
	if plan.PolicyDocument.IsNull() {
		if state.PolicyDocument.IsNull() && state.PolicyARN.IsNull() {
			return nil
		}
		if err := detachRolePolicyFunc(api, name, ownedARN)(ctx); err != nil {
			return err
		}
		return deleteOwnedPolicy(ctx, api, ownedARN)
	}
	if err := convergeOwnedPolicy(ctx, api, state.PolicyDocument, plan.policyName(), plan.Path.ValueString(), ownedARN, doc,
		"Permissions of cross-account role "+name+" (iamaudit_cross_account_role)."); err != nil {
		return err
	}
	if state.PolicyARN.IsNull() {
		return attachRolePolicy(ctx, api, name, ownedARN)
	}
	return nil
}

// updateManagedPolicies attaches and detaches managed policies so exactly
// managed_policy_arns (besides the owned policy) are attached.
func (r *crossAccountRoleResource) updateManagedPolicies(ctx context.Context, api *iam.Client, plan, state *crossAccountRoleModel) error {
	var diags diag.Diagnostics
	want, have := setStrings(ctx, plan.ManagedPolicyARNs, &diags), setStrings(ctx, state.ManagedPolicyARNs, &diags)
	name := plan.Name.ValueString()
	for _, arn := range have {
		if !slices.Contains(want, arn) {
			if err := detachRolePolicyFunc(api, name, arn)(ctx); err != nil {
				return err
			}
		}
	}
	for _, arn := range want {
		if !slices.Contains(have, arn) {
			if err := attachRolePolicy(ctx, api, name, arn); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *crossAccountRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state crossAccountRoleModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	summary := "Unable to Delete " + crossAccountRoleKind.title
	name, c := state.Name.ValueString(), r.data.client

	blockers, err := roleBlockers(ctx, api, name)
	if err != nil {
		if !isNoSuchEntity(err) {
			addResourceAWSError(&resp.Diagnostics, summary, err)
		}
		return
	}
	if len(blockers) > 0 {
		resp.Diagnostics.AddError("Cannot Delete "+crossAccountRoleKind.title,
			fmt.Sprintf("Role %s has things this resource did not create and will not delete: %s. Nothing was deleted; "+
				"remove them, then destroy again.", name, strings.Join(blockers, ", ")))
		return
	}
	attached, err := attachedRolePolicies(ctx, api, name)
	if err != nil && !isNoSuchEntity(err) {
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	for _, arn := range attached {
		if err := detachRolePolicyFunc(api, name, arn)(ctx); err != nil {
			addResourceAWSError(&resp.Diagnostics, summary, err)
			return
		}
	}
	if state.ownsPolicy() || !state.PolicyDocument.IsNull() {
		if err := deleteOwnedPolicy(ctx, api, ownedPolicyARN(c.Partition, c.AccountID, state.Path.ValueString(), state.policyName())); err != nil {
			addResourceAWSError(&resp.Diagnostics, summary, err)
			return
		}
	}
	if _, err := api.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)}); err != nil && !isNoSuchEntity(err) {
		addResourceAWSError(&resp.Diagnostics, summary, err)
	}
}

// roleBlockers lists what keeps IAM from deleting a role that this resource
// must not remove: inline policies and instance profiles.
func roleBlockers(ctx context.Context, api *iam.Client, role string) ([]string, error) {
	var out []string
	inline, err := api.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	if err != nil {
		return nil, err
	}
	for _, p := range inline.PolicyNames {
		out = append(out, "inline policy "+p)
	}
	profiles, err := api.ListInstanceProfilesForRole(ctx, &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String(role)})
	if err != nil {
		return nil, err
	}
	for _, p := range profiles.InstanceProfiles {
		out = append(out, "instance profile "+aws.ToString(p.InstanceProfileName))
	}
	return out, nil
}
