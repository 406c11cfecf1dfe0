package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

// This file holds the Terraform models of the identity resources and their
// mapping to and from the write side's types (internal/iamidentity).

// readerUserModel is iamaudit_reader_user.
type readerUserModel struct {
	AccountID                types.String    `tfsdk:"account_id"`
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

func (m *readerUserModel) accountID() types.String { return m.AccountID }

// user is the reader user m configures.
func (m *readerUserModel) user(ctx context.Context, diags *diag.Diagnostics) iamidentity.ReaderUser {
	return iamidentity.ReaderUser{
		Name: m.Name.ValueString(), Path: m.Path.ValueString(), PolicyDocument: m.PolicyDocument.ValueString(),
		PermissionsBoundary: m.PermissionsBoundary.ValueString(), Tags: tagMap(ctx, m.Tags, diags),
		CreateAccessKey: m.CreateAccessKey.ValueBool(), PGPKey: m.PGPKey.ValueString(),
	}
}

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

// setKey fills the key attributes from a key just created.
func (m *readerUserModel) setKey(key *iamidentity.AccessKey) {
	m.AccessKeyID, m.AccessKeyStatus = types.StringValue(key.ID), types.StringValue(key.Status)
	m.AccessKeyCreateDate = timeValueOf(key.CreateDate)
	m.SecretAccessKey, m.EncryptedSecretAccessKey, m.KeyFingerprint = optionalString(key.Secret), optionalString(key.EncryptedSecret), optionalString(key.KeyFingerprint)
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

// crossAccountRoleModel is iamaudit_cross_account_role.
type crossAccountRoleModel struct {
	AccountID            types.String    `tfsdk:"account_id"`
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

func (m *crossAccountRoleModel) accountID() types.String { return m.AccountID }

// ownsPolicy reports whether the configuration asks for an owned policy.
func (m *crossAccountRoleModel) ownsPolicy() bool {
	return !m.Purpose.IsNull() || !m.PolicyJSON.IsNull()
}

// role is the cross-account role m configures.
func (m *crossAccountRoleModel) role(ctx context.Context, diags *diag.Diagnostics) iamidentity.CrossAccountRole {
	return iamidentity.CrossAccountRole{
		Name: m.Name.ValueString(), Path: m.Path.ValueString(), Description: m.Description.ValueString(),
		TrustPolicy: m.TrustPolicyJSON.ValueString(), MaxSessionDuration: int32(m.MaxSessionDuration.ValueInt64()),
		PolicyDocument: m.PolicyDocument.ValueString(), ManagedPolicyARNs: setStrings(ctx, m.ManagedPolicyARNs, diags),
		PermissionsBoundary: m.PermissionsBoundary.ValueString(), Tags: tagMap(ctx, m.Tags, diags),
	}
}

// nullUnknowns replaces unknown values (never known after a failed create)
// with null, so partial state can be saved.
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
