package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// privateImported marks state that ImportState just made: the next Read
// fills in the arguments from what it finds.
const privateImported = "imported"

// identityResourceKind names the IAM identity (user or role) a resource
// manages, for the schema parts and messages the resources share.
type identityResourceKind struct {
	// typeName is the resource type, e.g. "iamaudit_reader_user".
	typeName string
	// entity is the IAM entity the import ID names: "user" or "role".
	entity string
	// title is used in diagnostic summaries, e.g. "IAM Reader User".
	title string
	// goneMessage is logged when Read finds the entity deleted.
	goneMessage string
	// actions are exactly the IAM actions the resource needs.
	actions []string
}

// access is the AccessDenied advice of the resource.
func (k identityResourceKind) access() accessAdvice { return identityAccess(k.typeName, k.actions) }

// permissionsMarkdown documents the actions the resource needs.
func (k identityResourceKind) permissionsMarkdown() string {
	quoted := make([]string, len(k.actions))
	for i, a := range k.actions {
		quoted[i] = "`" + a + "`"
	}
	tagAction := "iam:Tag" + strings.ToUpper(k.entity[:1]) + k.entity[1:]
	return "\n\nThe provider's credentials need exactly these IAM actions (the reader policies do not grant them): " +
		strings.Join(quoted, ", ") + ". `" + tagAction + "` and `iam:TagPolicy` are needed although the resource may never " +
		"change a tag: the " + k.entity + " and its policy are created carrying the reserved tag `" + iamidentity.CreateTokenTagKey +
		"`, so that after a create whose answer was lost only an entity with the value unique to that request is adopted. " +
		"The tag is removed once the create is confirmed and never shows in `tags`."
}

// computedString is a computed string attribute of a resource.
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

// extraActionsAttribute is the extra_actions argument of a resource with
// a reader policy purpose.
func extraActionsAttribute() schema.SetAttribute {
	return schema.SetAttribute{
		MarkdownDescription: "More actions to grant with the purpose, as `service:Action`. Wildcards only with " +
			"`allow_wildcard_actions = true`.",
		Optional:    true,
		ElementType: types.StringType,
		Validators:  []validator.Set{setvalidator.ValueStringsAre(actionNameValidator{}), setvalidator.SizeAtLeast(1)},
	}
}

// allowWildcardActionsAttribute is the allow_wildcard_actions argument
// that goes with extra_actions.
func allowWildcardActionsAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "Accept `*` wildcards in `extra_actions`. Defaults to `false`.",
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(false),
	}
}

// permissionsBoundaryAttribute is the permissions_boundary argument.
func (k identityResourceKind) permissionsBoundaryAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("ARN of a managed policy to set as the %s's permissions boundary.", k.entity),
		Optional:            true,
		Validators:          []validator.String{managedPolicyARNValidator()},
	}
}

// tagsAttribute is the tags argument: at most 49, so the create token fits
// within IAM's 50.
func (k identityResourceKind) tagsAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		MarkdownDescription: fmt.Sprintf("Tags of the %s: at most %d (IAM allows 50; creating the %s takes one more, "+
			"the reserved `%s`, for as long as the create runs), keys up to 128 and values up to 256 characters.",
			k.entity, iamidentity.MaxTags, k.entity, iamidentity.CreateTokenTagKey),
		Optional:    true,
		ElementType: types.StringType,
		Validators:  identityTagsValidators(),
	}
}

// accountIDAttribute is the account_id argument: the member account the
// entity is in. A change replaces the resource; ModifyPlan decides, since
// unset and the provider's own account are the same account.
func (k identityResourceKind) accountIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The 12-digit AWS account to manage the %[1]s in, reached by assuming the provider's "+
			"`member_role` there (the member role then needs the IAM actions below; `OrganizationAccountAccessRole` has "+
			"them). Unset, or the provider's own account: the provider's own credentials. `allowed_account_ids` and "+
			"`forbidden_account_ids` apply. Changing it to another account replaces the %[1]s. Import with "+
			"`<account_id>:<name>`; a plain `<name>` imports from the provider's own account.", k.entity),
		Optional:   true,
		Validators: []validator.String{accountIDValidator()},
	}
}

// importByName imports an identity resource by the name of its IAM entity,
// "<name>" in the provider's account or "<account_id>:<name>", and marks
// the state as imported, so the next Read fills in the arguments.
func (k identityResourceKind) importByName(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	accountID, name, member := strings.Cut(req.ID, ":")
	if !member {
		accountID, name = "", req.ID
	}
	if !userOrRoleNamePattern.MatchString(name) || (member && !accountIDPattern.MatchString(accountID)) {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("Import an %s by its %s name (1 to 64 characters of letters, digits and +=,.@-_), or by "+
				"<account_id>:<name> for one in another account (a 12-digit account ID), not %q.", k.typeName, k.entity, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if member {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathAccountID, accountID)...)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte("true"))...)
}

// identityModel is the model of an identity resource.
type identityModel[M any] interface {
	*M
	// identity returns the name and path attributes, which replace the
	// resource when changed.
	identity() (name, iamPath types.String)
	// ids returns the arn and unique_id attributes.
	ids() (arn, uniqueID types.String)
	// nullUnknowns replaces unknown values, never known after a failed
	// create, with null so partial state can be saved.
	nullUnknowns()
	// accountID returns the account_id attribute.
	accountID() types.String
}

// planAndPriorState reads the plan and prior state of ModifyPlan, and
// checks that the provider may act in the planned account (a plan-time
// error otherwise). state is nil on create and when name, path or the
// account changed (a replacement; the account's change is marked as
// requiring it here): the caller then plans a create.
func planAndPriorState[M any, PM identityModel[M]](ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (plan M, state PM) {
	diags := &resp.Diagnostics
	diags.Append(req.Plan.Get(ctx, &plan)...)
	if data.known() && !data.checkAccountID(PM(&plan).accountID(), diags) {
		return plan, nil
	}
	if !req.State.Raw.IsNull() {
		state = new(M)
		diags.Append(req.State.Get(ctx, state)...)
		name, iamPath := state.identity()
		planName, planPath := PM(&plan).identity()
		moved := !data.sameAccount(state.accountID(), PM(&plan).accountID())
		if moved {
			resp.RequiresReplace = append(resp.RequiresReplace, pathAccountID)
		}
		if moved || !name.Equal(planName) || !iamPath.Equal(planPath) {
			state = nil
		}
	}
	return plan, state
}

// plannedIDs plans arn and unique_id: kept from the prior state, else (a
// create) an unknown unique ID and the ARN IAM will give the entity,
// unknown while name or path is.
func plannedIDs[M any, PM identityModel[M]](arnOf func(path, name string) string, plan, state PM) (arn, uniqueID types.String) {
	if state != nil {
		return state.ids()
	}
	name, iamPath := plan.identity()
	if name.IsUnknown() || iamPath.IsUnknown() {
		return types.StringUnknown(), types.StringUnknown()
	}
	return types.StringValue(arnOf(iamPath.ValueString(), name.ValueString())), types.StringUnknown()
}

// readIdentity is the Read of an identity resource: read refreshes the model
// (found false when the entity does not exist); importing is set right after
// ImportState. A missing entity fails an import and otherwise leaves state.
func readIdentity[M any, PM identityModel[M]](ctx context.Context, data *providerData, k identityResourceKind,
	req resource.ReadRequest, resp *resource.ReadResponse,
	read func(ctx context.Context, scope *accountScope, m PM, importing bool, diags *diag.Diagnostics) (bool, error),
) {
	var state M
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := data.scope(ctx, PM(&state).accountID(), &resp.Diagnostics)
	if !ok {
		return
	}
	imported, d := req.Private.GetKey(ctx, privateImported)
	resp.Diagnostics.Append(d...)
	found, err := read(scope.callContext(ctx), scope, &state, len(imported) > 0, &resp.Diagnostics)
	if err != nil {
		scope.addAWSError(&resp.Diagnostics, "Unable to Read "+k.title, err, k.access())
		return
	}
	if !found {
		nameAttr, _ := PM(&state).identity()
		name := nameAttr.ValueString()
		if len(imported) > 0 {
			resp.Diagnostics.AddError("Cannot Import "+k.title,
				fmt.Sprintf("There is no IAM %s named %q in account %s.", k.entity, name, scope.accountID()))
			return
		}
		tflog.Warn(ctx, k.goneMessage, map[string]any{"name": name})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
}

// beginUpdate reads the plan and state of Update, returns the account the
// entity is in, and saves the prior state again: until every step
// succeeded, it stands, and the next plan refreshes and shows what is
// still to do. ok is false when Update cannot go on.
func beginUpdate[M any, PM identityModel[M]](ctx context.Context, data *providerData, req resource.UpdateRequest, resp *resource.UpdateResponse) (plan, state M, scope *accountScope, ok bool) {
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return plan, state, nil, false
	}
	if scope, ok = data.scope(ctx, PM(&plan).accountID(), &resp.Diagnostics); !ok {
		return plan, state, nil, false
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	return plan, state, scope, true
}

// createFailed reports a failed create: the failing step's error, then what
// the rollback did. When something could not be deleted again, plan (filled
// with what is left) is saved as state, so Terraform taints the resource and
// the next apply deletes and recreates it.
func createFailed[M any, PM identityModel[M]](ctx context.Context, scope *accountScope, k identityResourceKind, resp *resource.CreateResponse, err error, plan PM) {
	summary := "Unable to Create " + k.title
	var ce *iamidentity.CreateError
	if !errors.As(err, &ce) {
		scope.addAWSError(&resp.Diagnostics, summary, err, k.access())
		return
	}
	scope.addAWSError(&resp.Diagnostics, summary, ce.Err, k.access())
	var maybe *iamidentity.MaybeLeftError
	switch outcome := ce.Outcome(); {
	case ce.PartlyLeft():
		resp.Diagnostics.AddError(summary+": Partially Rolled Back", outcome)
		plan.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	case len(ce.RolledBack) > 0:
		resp.Diagnostics.AddError(summary+": Rolled Back", outcome)
	case errors.As(ce.Err, &maybe):
		resp.Diagnostics.AddError(summary+": Check for Leftovers", outcome)
	}
}

// tagsValue maps tags read from AWS to the tags attribute: no tags keep a
// configured empty map, else null, so "no tags" never shows as a change.
func tagsValue(ctx context.Context, prior types.Map, tags map[string]string, diags *diag.Diagnostics) types.Map {
	if len(tags) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.MapNull(types.StringType)
	}
	return stringMap(ctx, tags, diags)
}

// tagMap reads the tags attribute; null and unknown are no tags.
func tagMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	values := map[string]string{}
	if !m.IsNull() && !m.IsUnknown() {
		diags.Append(m.ElementsAs(ctx, &values, false)...)
	}
	return values
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

// importedPolicyInputs infers the purpose and extra actions whose reader
// policy is doc, and whether they need allow_wildcard_actions; ok is false
// when no purpose gives doc (the import then uses policy_json).
func importedPolicyInputs(ctx context.Context, account iamidentity.Account, doc string, diags *diag.Diagnostics) (purpose types.String, extra types.Set, wildcard, ok bool) {
	p, actions, ok := policydoc.InferReaderPolicy(doc, account.Partition, account.ID)
	if !ok {
		return types.StringNull(), types.SetNull(types.StringType), false, false
	}
	extra = types.SetNull(types.StringType)
	if len(actions) > 0 {
		set, d := types.SetValueFrom(ctx, types.StringType, actions)
		diags.Append(d...)
		extra = set
	}
	return types.StringValue(p), extra, slices.ContainsFunc(actions, func(a string) bool { return strings.Contains(a, "*") }), true
}

// foreignItemsDetail lists what blocks a delete, one item a line.
func foreignItemsDetail(items []string) string {
	lines := make([]string, len(items))
	for i, item := range items {
		lines[i] = "- " + item
	}
	return strings.Join(lines, "\n")
}

// nameAttribute is the name argument: the IAM entity's name, which
// replaces the resource when changed.
func nameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Required:            true,
		Validators:          []validator.String{userOrRoleNameValidator()},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// pathAttribute is the path argument, "/" by default, which replaces the
// resource when changed.
func pathAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description,
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString("/"),
		Validators:          []validator.String{iamPathValidator()},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// policyJSONAttribute is an optional policy document argument.
func policyJSONAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Optional: true, CustomType: policyJSONType{}}
}

// computedPolicyJSON is a policy document read from AWS.
func computedPolicyJSON(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true, CustomType: policyJSONType{}}
}
