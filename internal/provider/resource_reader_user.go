package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var (
	_ resource.ResourceWithConfigure        = (*readerUserResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*readerUserResource)(nil)
	_ resource.ResourceWithImportState      = (*readerUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*readerUserResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*readerUserResource)(nil)
)

// Private state keys of resources.
const (
	// privateImported marks state that ImportState just made: the next Read
	// fills in the arguments from what it finds.
	privateImported = "imported"
)

// readerPolicySuffix names a reader user's policy: "<name>-reader".
const readerPolicySuffix = "-reader"

// NewReaderUserResource returns the iamaudit_reader_user resource.
func NewReaderUserResource() resource.Resource {
	return &readerUserResource{now: time.Now}
}

type readerUserResource struct {
	data *providerData
	// now is the clock rotate_after_days compares key ages against.
	now func() time.Time
}

var readerUserKind = identityResourceKind{
	typeName:    "iamaudit_reader_user",
	entity:      "user",
	title:       "IAM Reader User",
	goneMessage: "IAM reader user is gone; removing it from state",
}

type readerUserModel struct {
	Name                     types.String    `tfsdk:"name"`
	Path                     types.String    `tfsdk:"path"`
	Purpose                  types.String    `tfsdk:"purpose"`
	PolicyJSON               policyJSONValue `tfsdk:"policy_json"`
	ExtraActions             types.Set       `tfsdk:"extra_actions"`
	AllowWildcardActions     types.Bool      `tfsdk:"allow_wildcard_actions"`
	CreateAccessKey          types.Bool      `tfsdk:"create_access_key"`
	RotateAfterDays          types.Int64     `tfsdk:"rotate_after_days"`
	PGPKey                   types.String    `tfsdk:"pgp_key"`
	PermissionsBoundary      types.String    `tfsdk:"permissions_boundary"`
	Tags                     types.Map       `tfsdk:"tags"`
	ForceDestroy             types.Bool      `tfsdk:"force_destroy"`
	ARN                      types.String    `tfsdk:"arn"`
	UniqueID                 types.String    `tfsdk:"unique_id"`
	GroupName                types.String    `tfsdk:"group_name"`
	PolicyARN                types.String    `tfsdk:"policy_arn"`
	PolicyDocument           policyJSONValue `tfsdk:"policy_document"`
	AccessKeyID              types.String    `tfsdk:"access_key_id"`
	AccessKeyStatus          types.String    `tfsdk:"access_key_status"`
	SecretAccessKey          types.String    `tfsdk:"secret_access_key"`
	EncryptedSecretAccessKey types.String    `tfsdk:"encrypted_secret_access_key"`
	KeyFingerprint           types.String    `tfsdk:"key_fingerprint"`
	AccessKeyCreateDate      types.String    `tfsdk:"access_key_create_date"`
}

func (m *readerUserModel) policyInputs() policyInputs {
	return policyInputs{Purpose: m.Purpose, PolicyJSON: m.PolicyJSON, ExtraActions: m.ExtraActions}
}

func (m *readerUserModel) identity() (name, iamPath types.String) { return m.Name, m.Path }

func (m *readerUserModel) ids() (arn, uniqueID types.String) { return m.ARN, m.UniqueID }

func (m *readerUserModel) policyName() string { return m.Name.ValueString() + readerPolicySuffix }

// keyAttributesTo sets every access key attribute to the same kind of
// value: unknown (a key will be created) or null (no key).
func (m *readerUserModel) keyAttributesTo(unknown bool) {
	v := types.StringNull()
	if unknown {
		v = types.StringUnknown()
	}
	m.AccessKeyID, m.AccessKeyStatus, m.AccessKeyCreateDate = v, v, v
	m.SecretAccessKey, m.EncryptedSecretAccessKey, m.KeyFingerprint = v, v, v
	if unknown && !m.PGPKey.IsUnknown() {
		// Only one of the secret attributes gets a value.
		if m.PGPKey.IsNull() {
			m.EncryptedSecretAccessKey, m.KeyFingerprint = types.StringNull(), types.StringNull()
		} else {
			m.SecretAccessKey = types.StringNull()
		}
	}
}

func (r *readerUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reader_user"
}

func (r *readerUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
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
			"user's secret cannot be recovered: AWS returns it only when the key is created.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the user and of its group; the policy is `<name>-reader`. 1 to 64 characters " +
					"of letters, digits and `+=,.@-_`. Changing it replaces everything.",
				Required:      true,
				Validators:    []validator.String{userOrRoleNameValidator()},
				PlanModifiers: replace,
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "IAM path of the user, group and policy, `/` (the default) or `/a/b/`. Changing it " +
					"replaces everything.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString("/"),
				Validators:    []validator.String{iamPathValidator()},
				PlanModifiers: replace,
			},
			"purpose": schema.StringAttribute{
				MarkdownDescription: "The reader policy purpose, as in `data.iamaudit_reader_policy`; `audit` when " +
					"`policy_json` is not set. " + purposesMarkdown(),
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{purposeValidator()},
			},
			"policy_json": schema.StringAttribute{
				MarkdownDescription: "A policy document to use instead of a purpose. Semantically equal documents " +
					"(formatting, key or list order) do not cause changes.",
				Optional:   true,
				CustomType: policyJSONType{},
			},
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
			"arn":        computedString("ARN of the user."),
			"unique_id":  computedString("Unique ID of the user (`AIDA…`)."),
			"group_name": computedString("Name of the group that carries the user's permissions (the user's name). Null in state when the user is no longer a member (changed outside Terraform); the next apply adds it back."),
			"policy_arn": computedString("ARN of the customer managed policy `<name>-reader`. Null in state when the policy is missing or no longer attached to the group; the next apply restores it."),
			"policy_document": schema.StringAttribute{
				MarkdownDescription: "The policy document in AWS (normalized JSON). A document changed outside Terraform shows as a change back in the next plan.",
				Computed:            true,
				CustomType:          policyJSONType{},
			},
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
	plan, state := planAndPriorState[readerUserModel](ctx, req, &resp.Diagnostics)
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
	if r.data == nil || r.data.unknownConfig || r.data.client == nil {
		return // provider configuration unknown: leave computed values unknown
	}
	r.planNames(&plan, state)
	doc, known := plan.policyInputs().document(ctx, r.data.client.Partition, r.data.client.AccountID, &resp.Diagnostics)
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

// planNames plans the ARNs and names derived from name and path.
func (r *readerUserResource) planNames(plan, state *readerUserModel) {
	c := r.data.client
	plan.ARN, plan.UniqueID = plannedIDs(c, "user", plan, state)
	if plan.Name.IsUnknown() || plan.Path.IsUnknown() {
		plan.GroupName, plan.PolicyARN = types.StringUnknown(), types.StringUnknown()
		return
	}
	plan.GroupName = plan.Name
	plan.PolicyARN = types.StringValue(ownedPolicyARN(c.Partition, c.AccountID, plan.Path.ValueString(), plan.policyName()))
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
	return keyRotationDue(created, r.now(), plan.RotateAfterDays.ValueInt64())
}

// keyRotationDue is the rotation rule: the key is at least days whole days
// old, by the same day arithmetic as the data sources' *_days attributes.
func keyRotationDue(created, now time.Time, days int64) bool {
	return iamcollect.WholeDays(created, now) >= days
}

func (r *readerUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan readerUserModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	name, iamPath := plan.Name.ValueString(), plan.Path.ValueString()
	var undo rollback
	// failed rolls back and, when something is left, saves it as tainted state.
	failed := createFailure(ctx, &undo, resp, "Unable to Create "+readerUserKind.title, &plan)

	user, err := createUser(ctx, api, &iam.CreateUserInput{
		UserName:            aws.String(name),
		Path:                aws.String(iamPath),
		Tags:                iamTags(ctx, plan.Tags, &resp.Diagnostics),
		PermissionsBoundary: plan.PermissionsBoundary.ValueStringPointer(),
	})
	if err != nil {
		failed("user "+name, err)
		return
	}
	plan.ARN, plan.UniqueID = types.StringValue(aws.ToString(user.User.Arn)), types.StringValue(aws.ToString(user.User.UserId))
	undo.add("user "+name, func(ctx context.Context) error {
		_, err := api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(name)})
		return err
	})

	if _, err := createGroup(ctx, api, &iam.CreateGroupInput{GroupName: aws.String(name), Path: aws.String(iamPath)}); err != nil {
		failed("group "+name, err)
		return
	}
	undo.add("group "+name, func(ctx context.Context) error {
		_, err := api.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String(name)})
		return err
	})

	policyARN, err := createOwnedPolicy(ctx, api, plan.policyName(), iamPath, plan.PolicyDocument.ValueString(),
		"Least-privilege reader policy of IAM user "+name+" (iamaudit_reader_user).")
	if err != nil {
		failed("policy "+plan.policyName(), err)
		return
	}
	plan.PolicyARN = types.StringValue(policyARN)
	undo.add("policy "+policyARN, func(ctx context.Context) error { return deleteOwnedPolicy(ctx, api, policyARN) })

	if err := attachGroupPolicy(ctx, api, name, policyARN); err != nil {
		failed("the policy attachment to group "+name, err)
		return
	}
	undo.add("attachment of "+policyARN+" to group "+name, func(ctx context.Context) error {
		_, err := api.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(name), PolicyArn: aws.String(policyARN)})
		return err
	})

	if err := addUserToGroup(ctx, api, name); err != nil {
		failed("the membership of "+name+" in its group", err)
		return
	}
	undo.add("membership of "+name+" in group "+name, func(ctx context.Context) error {
		_, err := api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(name), UserName: aws.String(name)})
		return err
	})

	if plan.CreateAccessKey.ValueBool() {
		keyID, err := r.createAccessKey(ctx, &plan)
		if err != nil {
			failed("the access key", err)
			return
		}
		undo.add("access key "+keyID, func(ctx context.Context) error {
			_, err := api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(keyID)})
			return err
		})
	}

	// IAM is eventually consistent: wait until the new user is readable, so
	// the next refresh does not find it missing.
	if _, err := retryWhilePropagating(ctx, "iam:GetUser", isNoSuchEntity, func(ctx context.Context) (*iam.GetUserOutput, error) {
		return api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
	}); err != nil {
		failed("user "+name+" (it did not become readable)", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// nullUnknowns replaces unknown values (never known after a failed create)
// with null, so partial state can be saved.
func (m *readerUserModel) nullUnknowns() {
	for _, s := range []*types.String{&m.Purpose, &m.ARN, &m.UniqueID, &m.GroupName, &m.PolicyARN, &m.AccessKeyID,
		&m.AccessKeyStatus, &m.SecretAccessKey, &m.EncryptedSecretAccessKey, &m.KeyFingerprint, &m.AccessKeyCreateDate} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.PolicyDocument.IsUnknown() {
		m.PolicyDocument = policyJSONNull()
	}
}

// attachGroupPolicy attaches a policy to a group, retrying while IAM does
// not yet see either of them.
func attachGroupPolicy(ctx context.Context, api *iam.Client, group, policyARN string) error {
	_, err := retryWhilePropagating(ctx, "iam:AttachGroupPolicy", isNoSuchEntity, func(ctx context.Context) (*iam.AttachGroupPolicyOutput, error) {
		return api.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String(group), PolicyArn: aws.String(policyARN)})
	})
	return err
}

// addUserToGroup adds the user to its same-named group, retrying while IAM
// does not yet see either of them.
func addUserToGroup(ctx context.Context, api *iam.Client, name string) error {
	_, err := retryWhilePropagating(ctx, "iam:AddUserToGroup", isNoSuchEntity, func(ctx context.Context) (*iam.AddUserToGroupOutput, error) {
		return api.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(name), UserName: aws.String(name)})
	})
	return err
}

// createAccessKey creates a key and fills the key attributes of m; with a
// PGP key the secret is kept only encrypted. On an encryption failure the
// key is deleted again.
func (r *readerUserResource) createAccessKey(ctx context.Context, m *readerUserModel) (string, error) {
	api, name := r.data.client.IAM, m.Name.ValueString()
	out, err := retryWhilePropagating(ctx, "iam:CreateAccessKey", isNoSuchEntity, func(ctx context.Context) (*iam.CreateAccessKeyOutput, error) {
		return createUserAccessKey(ctx, api, name)
	})
	if err != nil {
		return "", err
	}
	key := out.AccessKey
	keyID := aws.ToString(key.AccessKeyId)
	m.AccessKeyID = types.StringValue(keyID)
	m.AccessKeyStatus = types.StringValue(string(key.Status))
	m.AccessKeyCreateDate = timeValue(key.CreateDate)
	m.SecretAccessKey, m.EncryptedSecretAccessKey, m.KeyFingerprint = types.StringNull(), types.StringNull(), types.StringNull()
	if m.PGPKey.IsNull() {
		m.SecretAccessKey = types.StringValue(aws.ToString(key.SecretAccessKey))
		return keyID, nil
	}
	encrypted, fingerprint, err := encryptWithPGP(m.PGPKey.ValueString(), aws.ToString(key.SecretAccessKey))
	if err != nil {
		_, _ = api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(keyID)})
		return "", fmt.Errorf("encrypting the secret access key with pgp_key: %w", err)
	}
	m.EncryptedSecretAccessKey, m.KeyFingerprint = types.StringValue(encrypted), types.StringValue(fingerprint)
	return keyID, nil
}

func (r *readerUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readIdentity(ctx, r.data, readerUserKind, req, resp, r.read)
}

// read refreshes m from AWS. found is false when the user does not exist
// (Create already waited until IAM showed it, so NoSuchEntity here means it
// was deleted). importing fills in the arguments too.
func (r *readerUserResource) read(ctx context.Context, m *readerUserModel, importing bool, diags *diag.Diagnostics) (found bool, err error) {
	api, name, c := r.data.client.IAM, m.Name.ValueString(), r.data.client
	out, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
	if isNoSuchEntity(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	user := out.User
	m.ARN, m.UniqueID, m.Path = types.StringValue(aws.ToString(user.Arn)), types.StringValue(aws.ToString(user.UserId)), types.StringValue(aws.ToString(user.Path))
	m.PermissionsBoundary = boundaryValue(user.PermissionsBoundary)
	tags, err := userTags(ctx, api, name)
	if err != nil {
		return false, err
	}
	m.Tags = tagsValue(ctx, m.Tags, tags, diags)

	member, err := userInGroup(ctx, api, name, name)
	if err != nil {
		return false, err
	}
	m.GroupName = types.StringNull()
	if member {
		m.GroupName = types.StringValue(name)
	}

	policyARN := ownedPolicyARN(c.Partition, c.AccountID, m.Path.ValueString(), m.policyName())
	doc, policyFound, err := ownedPolicyDocument(ctx, api, policyARN)
	if err != nil {
		return false, err
	}
	attached := false
	if policyFound {
		if attached, err = groupHasPolicy(ctx, api, name, policyARN); err != nil {
			return false, err
		}
	}
	m.PolicyARN, m.PolicyDocument = types.StringNull(), policyJSONNull()
	if attached {
		m.PolicyARN = types.StringValue(policyARN)
	}
	if policyFound {
		m.PolicyDocument = keepEquivalent(m.PolicyDocument, doc)
	}

	if err := r.readAccessKey(ctx, m, importing); err != nil {
		return false, err
	}
	if importing {
		r.importArguments(ctx, m, doc, policyFound, diags)
	}
	return true, nil
}

// keepEquivalent returns prior when it is the same policy as doc (so state
// keeps the configured formatting), else doc.
func keepEquivalent(prior policyJSONValue, doc string) policyJSONValue {
	if !prior.IsNull() && !prior.IsUnknown() && policiesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	return policyJSONOf(doc)
}

// readAccessKey refreshes the key attributes. A key that is gone nulls
// them (the next plan creates a new one). On import a user's only key is
// adopted, without its secret.
func (r *readerUserResource) readAccessKey(ctx context.Context, m *readerUserModel, importing bool) error {
	out, err := r.data.client.IAM.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: m.Name.ValueStringPointer()})
	if err != nil {
		return err
	}
	keys := out.AccessKeyMetadata
	if importing {
		m.AccessKeyID = types.StringNull()
		if len(keys) == 1 {
			m.AccessKeyID = types.StringValue(aws.ToString(keys[0].AccessKeyId))
		}
	}
	if m.AccessKeyID.IsNull() {
		m.keyAttributesTo(false)
		return nil
	}
	i := slices.IndexFunc(keys, func(k iamtypes.AccessKeyMetadata) bool {
		return aws.ToString(k.AccessKeyId) == m.AccessKeyID.ValueString()
	})
	if i < 0 {
		tflog.Info(ctx, "Access key deleted outside Terraform", map[string]any{"access_key_id": m.AccessKeyID.ValueString()})
		m.keyAttributesTo(false)
		return nil
	}
	m.AccessKeyStatus = types.StringValue(string(keys[i].Status))
	m.AccessKeyCreateDate = timeValue(keys[i].CreateDate)
	return nil
}

// importArguments sets the arguments of an imported user: the purpose and
// extra actions whose reader policy is the policy in AWS, else policy_json.
func (r *readerUserResource) importArguments(ctx context.Context, m *readerUserModel, doc string, policyFound bool, diags *diag.Diagnostics) {
	m.AllowWildcardActions, m.ForceDestroy = types.BoolValue(false), types.BoolValue(false)
	m.CreateAccessKey = types.BoolValue(!m.AccessKeyID.IsNull())
	m.Purpose, m.PolicyJSON, m.ExtraActions = types.StringValue(defaultPurpose), policyJSONNull(), types.SetNull(types.StringType)
	if !policyFound {
		return
	}
	purpose, extra, wildcard, ok := importedPolicyInputs(ctx, r.data.client, doc, diags)
	if !ok {
		m.Purpose, m.PolicyJSON = types.StringNull(), policyJSONOf(doc)
		return
	}
	m.Purpose, m.ExtraActions, m.AllowWildcardActions = purpose, extra, types.BoolValue(wildcard)
}

func (r *readerUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, state, ok := beginUpdate[readerUserModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	summary := "Unable to Update " + readerUserKind.title
	name := plan.Name.ValueString()

	if err := updateUserTags(ctx, api, name, state.Tags, plan.Tags); err != nil {
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	if err := updateUserBoundary(ctx, api, name, state.PermissionsBoundary, plan.PermissionsBoundary); err != nil {
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	if err := r.convergeGroupAndPolicy(ctx, &plan, &state); err != nil {
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	var oldKeyErr *oldKeyNotDeletedError
	switch err := r.updateAccessKey(ctx, &plan, &state); {
	case errors.As(err, &oldKeyErr):
		// The new key exists: save it, and say what is left to do.
		resp.Diagnostics.AddError("Unable to Delete the Rotated Access Key",
			fmt.Sprintf("The new access key %s was created and saved, but the old key %s could not be deleted (%s: %s). "+
				"Delete it yourself (it is no longer managed), or destroy with force_destroy = true.",
				plan.AccessKeyID.ValueString(), oldKeyErr.keyID, actionOf(oldKeyErr.err), errorCode(oldKeyErr.err)))
	case errorCode(err) == "LimitExceeded":
		resp.Diagnostics.AddError("Unable to Rotate Access Key",
			fmt.Sprintf("IAM user %s already has two access keys, the most IAM allows, so a new key cannot be "+
				"created before the old one is deleted. Delete the key this resource does not manage (see "+
				"data.iamaudit_access_keys), then apply again.", name))
		return
	case err != nil:
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// convergeGroupAndPolicy recreates the group and policy when they are gone,
// puts the planned document, and restores attachment and membership.
func (r *readerUserResource) convergeGroupAndPolicy(ctx context.Context, plan, state *readerUserModel) error {
	api, name := r.data.client.IAM, plan.Name.ValueString()
	if state.GroupName.IsNull() || state.PolicyARN.IsNull() {
		_, err := createGroup(ctx, api, &iam.CreateGroupInput{GroupName: aws.String(name), Path: plan.Path.ValueStringPointer()})
		if err != nil && !isEntityAlreadyExists(err) {
			return err
		}
	}
	policyARN, doc := plan.PolicyARN.ValueString(), plan.PolicyDocument.ValueString()
	if err := convergeOwnedPolicy(ctx, api, state.PolicyDocument, plan.policyName(), plan.Path.ValueString(), policyARN, doc,
		"Least-privilege reader policy of IAM user "+name+" (iamaudit_reader_user)."); err != nil {
		return err
	}
	if state.PolicyARN.IsNull() {
		if err := attachGroupPolicy(ctx, api, name, policyARN); err != nil {
			return err
		}
	}
	if state.GroupName.IsNull() {
		return addUserToGroup(ctx, api, name)
	}
	return nil
}

// oldKeyNotDeletedError reports a rotation whose new key was created but
// whose old key could not be deleted.
type oldKeyNotDeletedError struct {
	keyID string
	err   error
}

func (e *oldKeyNotDeletedError) Error() string {
	return fmt.Sprintf("deleting the rotated access key %s: %v", e.keyID, e.err)
}

func (e *oldKeyNotDeletedError) Unwrap() error { return e.err }

// updateAccessKey creates, rotates (new key first, then delete the old),
// reactivates or deletes the access key as planned, filling plan's key
// attributes. The user must have a free key slot for a rotation: IAM
// allows two keys (LimitExceeded otherwise).
func (r *readerUserResource) updateAccessKey(ctx context.Context, plan, state *readerUserModel) error {
	api, name := r.data.client.IAM, plan.Name.ValueString()
	oldKey := state.AccessKeyID.ValueString()
	switch {
	case plan.AccessKeyID.IsUnknown():
		if _, err := r.createAccessKey(ctx, plan); err != nil {
			return err
		}
		if oldKey == "" {
			return nil
		}
		if err := deleteAccessKey(ctx, api, name, oldKey); err != nil {
			return &oldKeyNotDeletedError{keyID: oldKey, err: err}
		}
		return nil
	case plan.AccessKeyID.IsNull() && oldKey != "":
		return deleteAccessKey(ctx, api, name, oldKey)
	case state.AccessKeyStatus.ValueString() == string(iamtypes.StatusTypeInactive):
		_, err := api.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
			UserName: aws.String(name), AccessKeyId: aws.String(oldKey), Status: iamtypes.StatusTypeActive,
		})
		return err
	}
	return nil
}

func deleteAccessKey(ctx context.Context, api *iam.Client, user, keyID string) error {
	_, err := api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(user), AccessKeyId: aws.String(keyID)})
	if isNoSuchEntity(err) {
		return nil
	}
	return err
}

func (r *readerUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state readerUserModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	api, ctx := r.data.client.IAM, r.data.callContext(ctx)
	defer r.data.collector.Invalidate()
	summary := "Unable to Delete " + readerUserKind.title
	c := r.data.client
	owned := ownedNames{
		user:        state.Name.ValueString(),
		group:       state.Name.ValueString(),
		policyARN:   ownedPolicyARN(c.Partition, c.AccountID, state.Path.ValueString(), state.policyName()),
		accessKeyID: state.AccessKeyID.ValueString(),
	}
	foreign, err := foreignItems(ctx, api, owned)
	if err != nil {
		addResourceAWSError(&resp.Diagnostics, summary, err)
		return
	}
	if len(foreign) > 0 && !state.ForceDestroy.ValueBool() {
		var list []string
		for _, f := range foreign {
			list = append(list, "- "+f.what)
		}
		resp.Diagnostics.AddError("Cannot Delete "+readerUserKind.title,
			fmt.Sprintf("IAM user %s (or its group or policy) has things this resource did not create:\n%s\n\n"+
				"Nothing was deleted. Remove them yourself, or set force_destroy = true, apply, and destroy again to "+
				"delete them too.", owned.user, strings.Join(list, "\n")))
		return
	}
	for _, f := range foreign {
		if err := f.remove(ctx); err != nil && !isNoSuchEntity(err) {
			addResourceAWSError(&resp.Diagnostics, summary, fmt.Errorf("removing %s: %w", f.what, err))
			return
		}
	}
	if err := deleteReaderUserEntities(ctx, api, owned); err != nil {
		addResourceAWSError(&resp.Diagnostics, summary, err)
	}
}

// deleteReaderUserEntities deletes what a reader user owns, in the order IAM
// requires: the key, the membership, the attachment, the policy, the group,
// the user. Anything already gone is skipped.
func deleteReaderUserEntities(ctx context.Context, api *iam.Client, o ownedNames) error {
	steps := []func() error{
		func() error {
			if o.accessKeyID == "" {
				return nil
			}
			return deleteAccessKey(ctx, api, o.user, o.accessKeyID)
		},
		func() error {
			_, err := api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(o.group), UserName: aws.String(o.user)})
			return err
		},
		func() error {
			_, err := api.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(o.group), PolicyArn: aws.String(o.policyARN)})
			return err
		},
		func() error { return deleteOwnedPolicy(ctx, api, o.policyARN) },
		func() error {
			_, err := api.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String(o.group)})
			return err
		},
		func() error {
			_, err := api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(o.user)})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil && !isNoSuchEntity(err) {
			return err
		}
	}
	return nil
}

// userTags lists every tag of a user.
func userTags(ctx context.Context, api *iam.Client, user string) (map[string]string, error) {
	return collectTags(ctx, iam.NewListUserTagsPaginator(api, &iam.ListUserTagsInput{UserName: aws.String(user)}),
		func(o *iam.ListUserTagsOutput) []iamtypes.Tag { return o.Tags })
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

// iamTags converts the tags attribute to IAM tags, sorted by key.
func iamTags(ctx context.Context, m types.Map, diags *diag.Diagnostics) []iamtypes.Tag {
	values := tagMap(ctx, m, diags)
	out := make([]iamtypes.Tag, 0, len(values))
	for _, k := range slices.Sorted(maps.Keys(values)) {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(values[k])})
	}
	return out
}

func tagMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	values := map[string]string{}
	if !m.IsNull() && !m.IsUnknown() {
		diags.Append(m.ElementsAs(ctx, &values, false)...)
	}
	return values
}

// tagChanges returns the tags to set and the keys to remove.
func tagChanges(ctx context.Context, oldTags, newTags types.Map) (set []iamtypes.Tag, remove []string) {
	var diags diag.Diagnostics
	before, after := tagMap(ctx, oldTags, &diags), tagMap(ctx, newTags, &diags)
	for _, k := range slices.Sorted(maps.Keys(after)) {
		if v, ok := before[k]; !ok || v != after[k] {
			set = append(set, iamtypes.Tag{Key: aws.String(k), Value: aws.String(after[k])})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			remove = append(remove, k)
		}
	}
	return set, remove
}

func updateUserTags(ctx context.Context, api *iam.Client, user string, oldTags, newTags types.Map) error {
	return updateTags(ctx, oldTags, newTags,
		func(ctx context.Context, keys []string) error {
			_, err := api.UntagUser(ctx, &iam.UntagUserInput{UserName: aws.String(user), TagKeys: keys})
			return err
		},
		func(ctx context.Context, tags []iamtypes.Tag) error {
			_, err := api.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(user), Tags: tags})
			return err
		})
}

func updateUserBoundary(ctx context.Context, api *iam.Client, user string, before, after types.String) error {
	return updateBoundary(ctx, before, after,
		func(ctx context.Context, boundaryARN *string) error {
			_, err := api.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: aws.String(user), PermissionsBoundary: boundaryARN})
			return err
		},
		func(ctx context.Context) error {
			_, err := api.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: aws.String(user)})
			return err
		})
}

// userInGroup reports whether the user is a member of the group.
func userInGroup(ctx context.Context, api *iam.Client, user, group string) (bool, error) {
	p := iam.NewListGroupsForUserPaginator(api, &iam.ListGroupsForUserInput{UserName: aws.String(user)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, g := range page.Groups {
			if aws.ToString(g.GroupName) == group {
				return true, nil
			}
		}
	}
	return false, nil
}

// groupHasPolicy reports whether the policy is attached to the group; a
// missing group has nothing attached.
func groupHasPolicy(ctx context.Context, api *iam.Client, group, policyARN string) (bool, error) {
	p := iam.NewListAttachedGroupPoliciesPaginator(api, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(group)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if isNoSuchEntity(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		for _, a := range page.AttachedPolicies {
			if aws.ToString(a.PolicyArn) == policyARN {
				return true, nil
			}
		}
	}
	return false, nil
}
