package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// identityResourceKind names the IAM identity (user or role) a resource
// manages, for the messages the resources share.
type identityResourceKind struct {
	// typeName is the resource type, e.g. "iamaudit_reader_user".
	typeName string
	// entity is the IAM entity the import ID names: "user" or "role".
	entity string
	// title is used in diagnostic summaries, e.g. "IAM Reader User".
	title string
	// goneMessage is logged when Read finds the entity deleted.
	goneMessage string
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

// permissionsBoundaryAttribute is the permissions_boundary argument of an
// identity resource (entity "user" or "role").
func (k identityResourceKind) permissionsBoundaryAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("ARN of a managed policy to set as the %s's permissions boundary.", k.entity),
		Optional:            true,
		Validators:          []validator.String{managedPolicyARNValidator()},
	}
}

// tagsAttribute is the tags argument of an identity resource.
func (k identityResourceKind) tagsAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		MarkdownDescription: fmt.Sprintf("Tags of the %s (at most 50; keys up to 128 and values up to 256 characters).", k.entity),
		Optional:            true,
		ElementType:         types.StringType,
		Validators:          tagsValidators(),
	}
}

// importByName imports an identity resource by the name of its IAM entity
// and marks the state as imported, so the next Read fills in the arguments.
func (k identityResourceKind) importByName(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !userOrRoleNamePattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("Import an %s by its %s name (1 to 64 characters of letters, digits and +=,.@-_), not %q.", k.typeName, k.entity, req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("name"), req, resp)
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
}

// planAndPriorState reads the plan and prior state of ModifyPlan. state is
// nil on create and when name or path changed (a replacement): the caller
// then plans a create.
func planAndPriorState[M any, PM identityModel[M]](ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (plan M, state PM) {
	diags.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		state = new(M)
		diags.Append(req.State.Get(ctx, state)...)
		name, iamPath := state.identity()
		planName, planPath := PM(&plan).identity()
		if !name.Equal(planName) || !iamPath.Equal(planPath) {
			state = nil
		}
	}
	return plan, state
}

// plannedIDs plans arn and unique_id: kept from the prior state, else (a
// create) an unknown unique ID and the ARN IAM will give the entity
// ("user" or "role"), unknown while name or path is.
func plannedIDs[M any, PM identityModel[M]](c *awsclient.Client, entity string, plan, state PM) (arn, uniqueID types.String) {
	if state != nil {
		return state.ids()
	}
	name, iamPath := plan.identity()
	if name.IsUnknown() || iamPath.IsUnknown() {
		return types.StringUnknown(), types.StringUnknown()
	}
	return types.StringValue(identityARN(c, entity, iamPath.ValueString(), name.ValueString())), types.StringUnknown()
}

// readIdentity is the Read of an identity resource: read refreshes the model
// (found false when the entity does not exist); importing is set right after
// ImportState. A missing entity fails an import and otherwise leaves state.
func readIdentity[M any, PM identityModel[M]](ctx context.Context, data *providerData, k identityResourceKind,
	req resource.ReadRequest, resp *resource.ReadResponse,
	read func(ctx context.Context, m PM, importing bool, diags *diag.Diagnostics) (bool, error),
) {
	var state M
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() || !data.ready(&resp.Diagnostics) {
		return
	}
	imported, d := req.Private.GetKey(ctx, privateImported)
	resp.Diagnostics.Append(d...)
	found, err := read(data.callContext(ctx), &state, len(imported) > 0, &resp.Diagnostics)
	if err != nil {
		addResourceAWSError(&resp.Diagnostics, "Unable to Read "+k.title, err)
		return
	}
	if !found {
		nameAttr, _ := PM(&state).identity()
		name := nameAttr.ValueString()
		if len(imported) > 0 {
			resp.Diagnostics.AddError("Cannot Import "+k.title,
				fmt.Sprintf("There is no IAM %s named %q in account %s.", k.entity, name, data.client.AccountID))
			return
		}
		tflog.Warn(ctx, k.goneMessage, map[string]any{"name": name})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
}

// beginUpdate reads the plan and state of Update and saves the prior state
// again: until every step succeeded, it stands, and the next plan refreshes
// and shows what is still to do. ok is false when Update cannot go on.
func beginUpdate[M any](ctx context.Context, data *providerData, req resource.UpdateRequest, resp *resource.UpdateResponse) (plan, state M, ok bool) {
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !data.ready(&resp.Diagnostics) {
		return plan, state, false
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	return plan, state, true
}

// createdModel is a resource model whose unknown values Create can null.
type createdModel[M any] interface {
	*M
	nullUnknowns()
}

// createFailure returns the failure handler of a multi-step Create: it rolls
// back what undo recorded and, when something is left, saves plan as
// (tainted) state.
func createFailure[M any, PM createdModel[M]](ctx context.Context, undo *rollback, resp *resource.CreateResponse, summary string, plan PM) func(step string, err error) {
	return func(step string, err error) {
		if undo.fail(ctx, &resp.Diagnostics, summary, step, err) {
			plan.nullUnknowns()
			resp.Diagnostics.Append(resp.State.Set(ctx, *plan)...)
		}
	}
}

// identityARN is the ARN IAM gives a user or role ("user" or "role" as
// entity) of that path and name.
func identityARN(c *awsclient.Client, entity, iamPath, name string) string {
	return "arn:" + c.Partition + ":iam::" + c.AccountID + ":" + entity + iamPath + name
}

// boundaryValue maps a permissions boundary read from AWS to the
// permissions_boundary attribute.
func boundaryValue(b *iamtypes.AttachedPermissionsBoundary) types.String {
	if b == nil {
		return types.StringNull()
	}
	return optionalString(aws.ToString(b.PermissionsBoundaryArn))
}

// updateBoundary sets, changes or removes a permissions boundary with put
// and remove; a boundary already gone counts as removed.
func updateBoundary(ctx context.Context, before, after types.String,
	put func(ctx context.Context, boundaryARN *string) error, remove func(ctx context.Context) error,
) error {
	switch {
	case before.Equal(after):
		return nil
	case after.IsNull():
		if err := remove(ctx); err != nil && !isNoSuchEntity(err) {
			return err
		}
		return nil
	default:
		return put(ctx, after.ValueStringPointer())
	}
}

// updateTags removes and sets tags so that oldTags become newTags.
func updateTags(ctx context.Context, oldTags, newTags types.Map,
	untag func(ctx context.Context, keys []string) error, tag func(ctx context.Context, tags []iamtypes.Tag) error,
) error {
	set, remove := tagChanges(ctx, oldTags, newTags)
	if len(remove) > 0 {
		if err := untag(ctx, remove); err != nil {
			return err
		}
	}
	if len(set) > 0 {
		return tag(ctx, set)
	}
	return nil
}

// tagPager is a paginator over a List*Tags operation.
type tagPager[O any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*iam.Options)) (O, error)
}

// collectTags lists every tag of a paginated List*Tags operation.
func collectTags[O any](ctx context.Context, p tagPager[O], tagsOf func(O) []iamtypes.Tag) (map[string]string, error) {
	tags := map[string]string{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range tagsOf(page) {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

// convergeOwnedPolicy creates the owned policy when prior (its document in
// state) is null, adopting one that already exists, or puts doc as its new
// default version when it differs from prior.
func convergeOwnedPolicy(ctx context.Context, api *iam.Client, prior policyJSONValue, name, iamPath, policyARN, doc, description string) error {
	switch {
	case prior.IsNull():
		_, err := createOwnedPolicy(ctx, api, name, iamPath, doc, description)
		if isEntityAlreadyExists(err) {
			err = putOwnedPolicyDocument(ctx, api, policyARN, doc)
		}
		return err
	case !policiesEquivalent(prior.ValueString(), doc):
		return putOwnedPolicyDocument(ctx, api, policyARN, doc)
	}
	return nil
}

// importedPolicyInputs infers the purpose and extra actions whose reader
// policy is doc, and whether they need allow_wildcard_actions; ok is false
// when no purpose gives doc (the import then uses policy_json).
func importedPolicyInputs(ctx context.Context, c *awsclient.Client, doc string, diags *diag.Diagnostics) (purpose types.String, extra types.Set, wildcard, ok bool) {
	p, actions, ok := policydoc.InferReaderPolicy(doc, c.Partition, c.AccountID)
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
