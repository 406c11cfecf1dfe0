package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// accessKeySlotType is one users[].access_keys element (userAttributes).
var accessKeySlotType = newObjectType(map[string]attr.Type{
	"slot":              int64Type,
	"active":            boolType,
	"create_date":       stringType,
	"age_days":          int64Type,
	"last_used_date":    stringType,
	"last_used_days":    int64Type,
	"last_used_service": stringType,
})

// userType is one IAM user: an element of iamaudit_users.users and the top
// level of iamaudit_user (userAttributes).
var userType = newObjectType(map[string]attr.Type{
	"name":                     stringType,
	"arn":                      stringType,
	"user_id":                  stringType,
	"path":                     stringType,
	"create_date":              stringType,
	"age_days":                 int64Type,
	"tags":                     stringMapType,
	"permissions_boundary_arn": stringType,
	"groups":                   stringListType,
	"attached_policy_arns":     stringListType,
	"inline_policy_names":      stringListType,
	"inline_policies":          inlinePolicyType.listType,
	"password_enabled":         boolType,
	"password_last_used":       stringType,
	"password_last_used_days":  int64Type,
	"password_last_changed":    stringType,
	"password_next_rotation":   stringType,
	"mfa_enabled":              boolType,
	"access_keys":              accessKeySlotType.listType,
	"active_access_key_count":  int64Type,
	"last_activity_days":       int64Type,
	"credentials_as_of":        stringType,
})

// usersValue builds the users list; now is captured once per Read so that
// every *_days attribute of one read uses the same clock.
func usersValue(users []iamcollect.User, now time.Time, diags *diag.Diagnostics) types.List {
	return objectList(userType, users, func(u iamcollect.User) map[string]attr.Value {
		return userAttributeValues(u, now, diags)
	}, diags)
}

// userAttributeValues are the attribute values of one user.
func userAttributeValues(u iamcollect.User, now time.Time, diags *diag.Diagnostics) map[string]attr.Value {
	return map[string]attr.Value{
		"name":                     types.StringValue(u.Name),
		"arn":                      types.StringValue(u.ARN),
		"user_id":                  types.StringValue(u.UserID),
		"path":                     types.StringValue(u.Path),
		"create_date":              timeValueOf(u.CreateDate),
		"age_days":                 daysSince(&u.CreateDate, now),
		"tags":                     stringMapValue(u.Tags),
		"permissions_boundary_arn": optionalString(u.PermissionsBoundaryARN),
		"groups":                   stringListValue(u.Groups),
		"attached_policy_arns":     stringListValue(u.AttachedPolicyARNs),
		"inline_policy_names":      stringListValue(u.InlinePolicyNames),
		"inline_policies":          inlinePoliciesValue(u.ARN, u.InlinePolicies, diags),
		"password_enabled":         types.BoolValue(u.PasswordEnabled),
		"password_last_used":       timeValue(u.PasswordLastUsed),
		"password_last_used_days":  daysSince(u.PasswordLastUsed, now),
		"password_last_changed":    timeValue(u.PasswordLastChanged),
		"password_next_rotation":   timeValue(u.PasswordNextRotation),
		"mfa_enabled":              types.BoolValue(u.MFAEnabled),
		"access_keys":              accessKeySlotsValue(u.AccessKeys, now, diags),
		"active_access_key_count":  types.Int64Value(activeKeyCount(u.AccessKeys)),
		"last_activity_days":       daysSince(lastActivity(u), now),
		"credentials_as_of":        credentialsAsOf(u),
	}
}

// accessKeySlotsValue builds a user's key slots; none is an empty list.
func accessKeySlotsValue(slots []iamcollect.AccessKeySlot, now time.Time, diags *diag.Diagnostics) types.List {
	return objectList(accessKeySlotType, slots, func(s iamcollect.AccessKeySlot) map[string]attr.Value {
		return map[string]attr.Value{
			"slot":              types.Int64Value(int64(s.Slot)),
			"active":            types.BoolValue(s.Active),
			"create_date":       timeValueOf(s.CreateDate),
			"age_days":          daysSince(&s.CreateDate, now),
			"last_used_date":    timeValue(s.LastUsedDate),
			"last_used_days":    daysSince(s.LastUsedDate, now),
			"last_used_service": optionalString(s.LastUsedService),
		}
	}, diags)
}
