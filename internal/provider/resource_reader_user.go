package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

var (
	_ resource.ResourceWithConfigure        = (*readerUserResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*readerUserResource)(nil)
	_ resource.ResourceWithImportState      = (*readerUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*readerUserResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*readerUserResource)(nil)
)

// NewReaderUserResource returns the iamaudit_reader_user resource.
func NewReaderUserResource() resource.Resource {
	return &readerUserResource{}
}

type readerUserResource struct {
	data *providerData
}

var readerUserKind = identityResourceKind{
	typeName:    "iamaudit_reader_user",
	entity:      "user",
	title:       "IAM Reader User",
	goneMessage: "IAM reader user is gone; removing it from state",
	actions:     iamidentity.ReaderUserActions,
}

func (r *readerUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reader_user"
}

func (r *readerUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An IAM user for an audit or inventory connector (a SaaS tool that asks for an access key), " +
			"with least privilege and nothing else: the user, a group named like it, a customer managed policy " +
			"`<name>-reader` attached to the group, the user's membership, and (by default) one access key. The user " +
			"gets its permissions only through the group, so the connector user itself passes the CIS IAM checks " +
			"(no inline or directly attached user policies).\n\n" +
			"Drift is repaired in place: a changed policy document, a removed group membership or policy attachment, " +
			"a deleted or deactivated key show in the next plan. With `rotate_after_days`, a plan made when the key is " +
			"that many days old shows an in-place update with unknown key attributes; apply creates the new key, then " +
			"deletes the old one (IAM allows two keys per user, so the user must not have another key).\n\n" +
			"The secret access key is stored in state (sensitive), or, with `pgp_key`, only encrypted. An imported " +
			"user's secret cannot be recovered: AWS returns it only when the key is created." + readerUserKind.permissionsMarkdown(),
		Attributes: map[string]schema.Attribute{
			"account_id": readerUserKind.accountIDAttribute(),
			"name": nameAttribute("Name of the user and of its group; the policy is `<name>-reader`. 1 to 64 characters " +
				"of letters, digits and `+=,.@-_`. Changing it replaces everything."),
			"path": pathAttribute("IAM path of the user, group and policy, `/` (the default) or `/a/b/`. Changing it " +
				"replaces everything."),
			"purpose": schema.StringAttribute{
				MarkdownDescription: "The reader policy purpose, as in `data.iamaudit_reader_policy`; `audit` when " +
					"`policy_json` is not set. " + purposesMarkdown(),
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{purposeValidator()},
			},
			"policy_json": policyJSONAttribute("A policy document to use instead of a purpose. Semantically equal documents " +
				"(formatting, key or list order) do not cause changes."),
			"extra_actions":          extraActionsAttribute(),
			"allow_wildcard_actions": allowWildcardActionsAttribute(),
			"create_access_key": schema.BoolAttribute{
				MarkdownDescription: "Create an access key for the user. Defaults to `true`. Setting it to `false` " +
					"deletes the key.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"rotate_after_days": schema.Int64Attribute{
				MarkdownDescription: "Rotate the access key when it is at least this many whole days old (at least 1): " +
					"the plan then shows an in-place update, and apply creates a new key before it deletes the old " +
					"one. Unset (the default) never rotates.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"pgp_key": schema.StringAttribute{
				MarkdownDescription: "A PGP public key, base64-encoded (`gpg --export KEYID | base64`) or ASCII-armored. " +
					"The secret access key is then stored only encrypted, in `encrypted_secret_access_key`. Changing " +
					"it creates a new key.",
				Optional:   true,
				Validators: []validator.String{pgpKeyValidator{}},
			},
			"permissions_boundary": readerUserKind.permissionsBoundaryAttribute(),
			"tags":                 readerUserKind.tagsAttribute(),
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Delete also what this resource did not create when it is destroyed: other access " +
					"keys, a console password, MFA devices, signing certificates, SSH keys, user policies and group " +
					"memberships of the user, other members and policies of its group, other attachments of its " +
					"policy. Defaults to `false`: destroy then fails and lists them. Apply the change before destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"arn":                    computedString("ARN of the user."),
			"unique_id":              computedString("Unique ID of the user (`AIDA…`)."),
			"group_name":             computedString("Name of the group that carries the user's permissions (the user's name). Null in state when the user is no longer a member (changed outside Terraform); the next apply adds it back."),
			"policy_arn":             computedString("ARN of the customer managed policy `<name>-reader`. Null in state when the policy is missing or no longer attached to the group; the next apply restores it."),
			"policy_document":        computedPolicyJSON("The policy document in AWS (normalized JSON). A document changed outside Terraform shows as a change back in the next plan."),
			"access_key_id":          computedString("ID of the access key, or null without one. A key deleted outside Terraform is recreated by the next apply."),
			"access_key_status":      computedString("Status of the access key; a key deactivated outside Terraform is activated again by the next apply."),
			"access_key_create_date": computedString("When the access key was created (RFC 3339, UTC)."),
			"secret_access_key": schema.StringAttribute{
				MarkdownDescription: "The secret access key (sensitive), when `pgp_key` is not set. Null after import: AWS returns the secret only when the key is created.",
				Computed:            true,
				Sensitive:           true,
			},
			"encrypted_secret_access_key": computedString("The secret access key encrypted with `pgp_key`, base64-encoded; decrypt with `terraform output -raw ... | base64 --decode | gpg --decrypt`."),
			"key_fingerprint":             computedString("Fingerprint of the PGP key that encrypted the secret."),
		},
	}
}

func (r *readerUserResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("purpose"), path.MatchRoot("policy_json")),
		resourcevalidator.Conflicting(path.MatchRoot("extra_actions"), path.MatchRoot("policy_json")),
		extraActionsValidator{},
	}
}

func (r *readerUserResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var create types.Bool
	var rotate types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("create_access_key"), &create)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("rotate_after_days"), &rotate)...)
	if !create.IsNull() && !create.IsUnknown() && !create.ValueBool() && !rotate.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("rotate_after_days"), "Invalid Attribute Combination",
			"rotate_after_days rotates the user's access key, but create_access_key is false. Remove one of them.")
	}
}

func (r *readerUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *readerUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	readerUserKind.importByName(ctx, req, resp)
}

// ModifyPlan computes every computed attribute the plan can know: the
// names, the policy document (so drift shows as a change back), and whether
// the access key is created, rotated, reactivated or kept.
func (r *readerUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	// state is nil for a replacement too: plan the new user as a create.
	plan, state := planAndPriorState[readerUserModel](ctx, r.data, req, resp)
	var config readerUserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.Purpose.IsNull() && !config.PolicyJSON.IsUnknown() {
		plan.Purpose = types.StringNull()
		if config.PolicyJSON.IsNull() {
			plan.Purpose = types.StringValue(defaultPurpose)
		}
	}
	if !r.data.known() {
		return // provider configuration unknown: leave computed values unknown
	}
	account := r.data.identityAccount(plan.AccountID)
	plan.ARN, plan.UniqueID = plannedIDs(account.UserARN, &plan, state)
	plan.GroupName, plan.PolicyARN = types.StringUnknown(), types.StringUnknown()
	if !plan.Name.IsUnknown() && !plan.Path.IsUnknown() {
		plan.GroupName = plan.Name
		plan.PolicyARN = types.StringValue(account.PolicyARN(plan.Path.ValueString(), iamidentity.ReaderPolicyName(plan.Name.ValueString())))
	}
	doc, known := plan.policyInputs().document(ctx, account.Partition, account.ID, &resp.Diagnostics)
	switch {
	case !known:
		plan.PolicyDocument = policyJSONUnknown()
	case state != nil && policiesEquivalent(state.PolicyDocument.ValueString(), doc):
		plan.PolicyDocument = state.PolicyDocument
	default:
		plan.PolicyDocument = policyJSONOf(doc)
	}
	r.planAccessKey(ctx, &plan, state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planAccessKey decides what happens to the access key.
func (r *readerUserResource) planAccessKey(ctx context.Context, plan, state *readerUserModel) {
	switch {
	case plan.CreateAccessKey.IsUnknown():
		plan.keyAttributesTo(true)
		plan.SecretAccessKey, plan.EncryptedSecretAccessKey, plan.KeyFingerprint = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	case !plan.CreateAccessKey.ValueBool():
		plan.keyAttributesTo(false)
	case state == nil || state.AccessKeyID.IsNull():
		plan.keyAttributesTo(true)
	case !plan.PGPKey.Equal(state.PGPKey):
		tflog.Info(ctx, "pgp_key changed: planning a new access key")
		plan.keyAttributesTo(true)
	case r.rotationDue(plan, state):
		tflog.Info(ctx, "Access key reached rotate_after_days: planning its rotation", map[string]any{
			"access_key_id": state.AccessKeyID.ValueString(), "created": state.AccessKeyCreateDate.ValueString(),
		})
		plan.keyAttributesTo(true)
	default:
		plan.AccessKeyID, plan.AccessKeyCreateDate = state.AccessKeyID, state.AccessKeyCreateDate
		plan.SecretAccessKey, plan.EncryptedSecretAccessKey, plan.KeyFingerprint = state.SecretAccessKey, state.EncryptedSecretAccessKey, state.KeyFingerprint
		plan.AccessKeyStatus = types.StringValue(string(iamtypes.StatusTypeActive))
	}
	if plan.PGPKey.IsUnknown() && plan.AccessKeyID.IsUnknown() {
		plan.SecretAccessKey, plan.EncryptedSecretAccessKey, plan.KeyFingerprint = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	}
}

// rotationDue reports whether the state's key is at least rotate_after_days old.
func (r *readerUserResource) rotationDue(plan, state *readerUserModel) bool {
	if plan.RotateAfterDays.IsNull() || plan.RotateAfterDays.IsUnknown() {
		return false
	}
	created, err := time.Parse(time.RFC3339, state.AccessKeyCreateDate.ValueString())
	if err != nil {
		return false
	}
	return iamidentity.RotationDue(created, r.data.now(), plan.RotateAfterDays.ValueInt64())
}

func (r *readerUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan readerUserModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := r.data.scope(ctx, plan.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	want := plan.user(ctx, &resp.Diagnostics)
	made, err := scope.identities().CreateReaderUser(scope.callContext(ctx), want)
	plan.ARN, plan.UniqueID, plan.PolicyARN = optionalString(made.ARN), optionalString(made.UniqueID), optionalString(made.PolicyARN)
	if made.AccessKey != nil {
		plan.setKey(made.AccessKey)
	} else if want.CreateAccessKey {
		plan.keyAttributesTo(false)
	}
	if err != nil {
		createFailed(ctx, scope, readerUserKind, resp, err, &plan)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *readerUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readIdentity(ctx, r.data, readerUserKind, req, resp, r.read)
}

// read refreshes m from AWS. found is false when the user does not exist
// (Create already waited until IAM showed it, so NoSuchEntity here means it
// was deleted). importing fills in the arguments too.
func (r *readerUserResource) read(ctx context.Context, scope *accountScope, m *readerUserModel, importing bool, diags *diag.Diagnostics) (found bool, err error) {
	s, err := scope.identities().ReadReaderUser(ctx, m.Name.ValueString())
	if s == nil || err != nil {
		return false, err
	}
	m.ARN, m.UniqueID, m.Path = types.StringValue(s.ARN), types.StringValue(s.UniqueID), types.StringValue(s.Path)
	m.PermissionsBoundary = optionalString(s.PermissionsBoundary)
	m.Tags = tagsValue(ctx, m.Tags, s.Tags, diags)
	m.GroupName = types.StringNull()
	if s.InGroup {
		m.GroupName = m.Name
	}
	m.PolicyARN, m.PolicyDocument = types.StringNull(), policyJSONNull()
	if s.PolicyAttached {
		m.PolicyARN = types.StringValue(s.PolicyARN)
	}
	if s.PolicyFound {
		m.PolicyDocument = keepEquivalent(m.PolicyDocument, s.PolicyDocument)
	}
	if importing && len(s.AccessKeys) == 1 {
		m.AccessKeyID = types.StringValue(s.AccessKeys[0].ID) // a user's only key is adopted, without its secret
	} else if importing {
		m.AccessKeyID = types.StringNull()
	}
	key, ok := s.AccessKey(m.AccessKeyID.ValueString())
	switch {
	case ok:
		m.AccessKeyStatus, m.AccessKeyCreateDate = types.StringValue(key.Status), timeValueOf(key.CreateDate)
	case !m.AccessKeyID.IsNull():
		tflog.Info(ctx, "Access key deleted outside Terraform", map[string]any{"access_key_id": m.AccessKeyID.ValueString()})
		fallthrough
	default:
		m.keyAttributesTo(false)
	}
	if importing {
		importReaderUserArguments(ctx, scope, m, s, diags)
	}
	return true, nil
}

// importReaderUserArguments sets the arguments of an imported user: the
// purpose and extra actions whose reader policy is the policy in AWS, else
// policy_json.
func importReaderUserArguments(ctx context.Context, scope *accountScope, m *readerUserModel, s *iamidentity.ReaderUserState, diags *diag.Diagnostics) {
	m.AllowWildcardActions, m.ForceDestroy = types.BoolValue(false), types.BoolValue(false)
	m.CreateAccessKey = types.BoolValue(!m.AccessKeyID.IsNull())
	m.Purpose, m.PolicyJSON, m.ExtraActions = types.StringValue(defaultPurpose), policyJSONNull(), types.SetNull(types.StringType)
	if !s.PolicyFound {
		return
	}
	purpose, extra, wildcard, ok := importedPolicyInputs(ctx, scope.account(), s.PolicyDocument, diags)
	if !ok {
		m.Purpose, m.PolicyJSON = types.StringNull(), policyJSONOf(s.PolicyDocument)
		return
	}
	m.Purpose, m.ExtraActions, m.AllowWildcardActions = purpose, extra, types.BoolValue(wildcard)
}

func (r *readerUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, scope, ok := beginUpdate[readerUserModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	prior := iamidentity.ReaderUserPrior{
		Tags: tagMap(ctx, state.Tags, &resp.Diagnostics), PermissionsBoundary: state.PermissionsBoundary.ValueString(),
		InGroup: !state.GroupName.IsNull(), PolicyAttached: !state.PolicyARN.IsNull(), PolicyDocument: state.PolicyDocument.ValueString(),
		AccessKeyID: state.AccessKeyID.ValueString(), AccessKeyStatus: state.AccessKeyStatus.ValueString(),
	}
	change := iamidentity.KeepKey
	switch {
	case plan.AccessKeyID.IsUnknown():
		change = iamidentity.NewKey
	case plan.AccessKeyID.IsNull() && prior.AccessKeyID != "":
		change = iamidentity.DeleteKey
	case prior.AccessKeyStatus == string(iamtypes.StatusTypeInactive):
		change = iamidentity.ReactivateKey
	}
	key, err := scope.identities().UpdateReaderUser(scope.callContext(ctx), prior, plan.user(ctx, &resp.Diagnostics), change)
	if key != nil {
		plan.setKey(key)
	}
	var oldKeyErr *iamidentity.OldKeyNotDeletedError
	switch {
	case errors.As(err, &oldKeyErr):
		// The new key exists: save it, and say what is left to do.
		resp.Diagnostics.AddError("Unable to Delete the Rotated Access Key",
			fmt.Sprintf("The new access key %s was created and saved, but the old key %s could not be deleted (%s: %s). "+
				"Delete it yourself (it is no longer managed), or destroy with force_destroy = true.",
				key.ID, oldKeyErr.KeyID, awserr.Action(oldKeyErr.Err), awserr.Code(oldKeyErr.Err)))
	case change == iamidentity.NewKey && awserr.IsLimitExceeded(err):
		resp.Diagnostics.AddError("Unable to Rotate Access Key",
			fmt.Sprintf("IAM user %s already has two access keys, the most IAM allows, so a new key cannot be "+
				"created before the old one is deleted. Delete the key this resource does not manage (see "+
				"data.iamaudit_access_keys), then apply again.", plan.Name.ValueString()))
		return
	case err != nil:
		scope.addAWSError(&resp.Diagnostics, "Unable to Update "+readerUserKind.title, err, readerUserKind.access())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *readerUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state readerUserModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	scope, ok := r.data.scope(ctx, state.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}
	defer scope.collector.Invalidate()
	ref := iamidentity.ReaderUserRef{Name: state.Name.ValueString(), Path: state.Path.ValueString(), AccessKeyID: state.AccessKeyID.ValueString()}
	err := scope.identities().DeleteReaderUser(scope.callContext(ctx), ref, state.ForceDestroy.ValueBool())
	var foreign *iamidentity.ForeignItemsError
	switch {
	case errors.As(err, &foreign):
		resp.Diagnostics.AddError("Cannot Delete "+readerUserKind.title,
			fmt.Sprintf("%s has things this resource did not create:\n%s\n\nNothing was deleted. Remove them yourself, or "+
				"set force_destroy = true, apply, and destroy again to delete them too.", foreign.Owner, foreignItemsDetail(foreign.Items)))
	case err != nil:
		scope.addAWSError(&resp.Diagnostics, "Unable to Delete "+readerUserKind.title, err, readerUserKind.access())
	}
}
