package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Decoding targets for the unit tests of the value builders: the framework
// decodes a built value into them by its tfsdk tags (failing on any
// attribute missing on either side), so the tests compare field by field.

// userModel is one IAM user, as an element of iamaudit_users.users and as
// the top level of iamaudit_user.
type userModel struct {
	Name                   types.String         `tfsdk:"name"`
	ARN                    types.String         `tfsdk:"arn"`
	UserID                 types.String         `tfsdk:"user_id"`
	Path                   types.String         `tfsdk:"path"`
	CreateDate             types.String         `tfsdk:"create_date"`
	AgeDays                types.Int64          `tfsdk:"age_days"`
	Tags                   types.Map            `tfsdk:"tags"`
	PermissionsBoundaryARN types.String         `tfsdk:"permissions_boundary_arn"`
	Groups                 types.List           `tfsdk:"groups"`
	AttachedPolicyARNs     types.List           `tfsdk:"attached_policy_arns"`
	InlinePolicyNames      types.List           `tfsdk:"inline_policy_names"`
	InlinePolicies         []inlinePolicyModel  `tfsdk:"inline_policies"`
	PasswordEnabled        types.Bool           `tfsdk:"password_enabled"`
	PasswordLastUsed       types.String         `tfsdk:"password_last_used"`
	PasswordLastUsedDays   types.Int64          `tfsdk:"password_last_used_days"`
	PasswordLastChanged    types.String         `tfsdk:"password_last_changed"`
	PasswordNextRotation   types.String         `tfsdk:"password_next_rotation"`
	MFAEnabled             types.Bool           `tfsdk:"mfa_enabled"`
	AccessKeys             []accessKeySlotModel `tfsdk:"access_keys"`
	ActiveAccessKeyCount   types.Int64          `tfsdk:"active_access_key_count"`
	LastActivityDays       types.Int64          `tfsdk:"last_activity_days"`
	CredentialsAsOf        types.String         `tfsdk:"credentials_as_of"`
}

// accessKeySlotModel is one credential report key slot of a user.
type accessKeySlotModel struct {
	Slot            types.Int64  `tfsdk:"slot"`
	Active          types.Bool   `tfsdk:"active"`
	CreateDate      types.String `tfsdk:"create_date"`
	AgeDays         types.Int64  `tfsdk:"age_days"`
	LastUsedDate    types.String `tfsdk:"last_used_date"`
	LastUsedDays    types.Int64  `tfsdk:"last_used_days"`
	LastUsedService types.String `tfsdk:"last_used_service"`
}

// accessKeyModel is one iamaudit_access_keys.access_keys element.
type accessKeyModel struct {
	UserName        types.String `tfsdk:"user_name"`
	AccessKeyID     types.String `tfsdk:"access_key_id"`
	Status          types.String `tfsdk:"status"`
	CreateDate      types.String `tfsdk:"create_date"`
	AgeDays         types.Int64  `tfsdk:"age_days"`
	LastUsedDate    types.String `tfsdk:"last_used_date"`
	LastUsedDays    types.Int64  `tfsdk:"last_used_days"`
	LastUsedService types.String `tfsdk:"last_used_service"`
	LastUsedRegion  types.String `tfsdk:"last_used_region"`
}

// credentialReportRowModel is one report row; attribute names are the
// report's column names.
type credentialReportRowModel struct {
	User                      types.String `tfsdk:"user"`
	ARN                       types.String `tfsdk:"arn"`
	UserCreationTime          types.String `tfsdk:"user_creation_time"`
	PasswordEnabled           types.Bool   `tfsdk:"password_enabled"`
	PasswordLastUsed          types.String `tfsdk:"password_last_used"`
	PasswordLastChanged       types.String `tfsdk:"password_last_changed"`
	PasswordNextRotation      types.String `tfsdk:"password_next_rotation"`
	MFAActive                 types.Bool   `tfsdk:"mfa_active"`
	AccessKey1Active          types.Bool   `tfsdk:"access_key_1_active"`
	AccessKey1LastRotated     types.String `tfsdk:"access_key_1_last_rotated"`
	AccessKey1LastUsedDate    types.String `tfsdk:"access_key_1_last_used_date"`
	AccessKey1LastUsedRegion  types.String `tfsdk:"access_key_1_last_used_region"`
	AccessKey1LastUsedService types.String `tfsdk:"access_key_1_last_used_service"`
	AccessKey2Active          types.Bool   `tfsdk:"access_key_2_active"`
	AccessKey2LastRotated     types.String `tfsdk:"access_key_2_last_rotated"`
	AccessKey2LastUsedDate    types.String `tfsdk:"access_key_2_last_used_date"`
	AccessKey2LastUsedRegion  types.String `tfsdk:"access_key_2_last_used_region"`
	AccessKey2LastUsedService types.String `tfsdk:"access_key_2_last_used_service"`
	Cert1Active               types.Bool   `tfsdk:"cert_1_active"`
	Cert1LastRotated          types.String `tfsdk:"cert_1_last_rotated"`
	Cert2Active               types.Bool   `tfsdk:"cert_2_active"`
	Cert2LastRotated          types.String `tfsdk:"cert_2_last_rotated"`
}

// inlinePolicyModel is one element of inline_policies.
type inlinePolicyModel struct {
	Name             types.String `tfsdk:"name"`
	Document         types.String `tfsdk:"document"`
	GrantsFullAdmin  types.Bool   `tfsdk:"grants_full_admin"`
	GrantsStarOnStar types.Bool   `tfsdk:"grants_star_on_star"`
	FullAdminReason  types.String `tfsdk:"full_admin_reason"`
}

// decodeObject decodes an object value into a T.
func decodeObject[T any](t *testing.T, v types.Object) T {
	t.Helper()
	var out T
	if diags := v.As(t.Context(), &out, basetypes.ObjectAsOptions{}); diags.HasError() {
		t.Fatalf("decoding %s: %v", v, diags)
	}
	return out
}

// decodeList decodes a list value into a []T.
func decodeList[T any](t *testing.T, v types.List) []T {
	t.Helper()
	var out []T
	if diags := v.ElementsAs(t.Context(), &out, false); diags.HasError() {
		t.Fatalf("decoding %s: %v", v, diags)
	}
	return out
}

// frameworkList converts a list of o's objects built in Terraform's
// representation to the framework's value, for the tests to decode.
func (o objectType) frameworkList(ctx context.Context, v tftypes.Value) (types.List, error) {
	value, err := o.listType.ValueFromTerraform(ctx, v)
	if err != nil {
		return types.ListNull(o.objType), err
	}
	list, ok := value.(types.List)
	if !ok {
		return types.ListNull(o.objType), fmt.Errorf("converting a list of %s: got %T", o.objType, value)
	}
	return list, nil
}
