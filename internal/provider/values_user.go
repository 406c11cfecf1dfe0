package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// usersTerraformValue builds the users list in Terraform's representation
// (values_terraform.go says why); now is captured once per Read so that
// every *_days attribute of one read uses the same clock. An error means an
// inline policy could not be analyzed.
func usersTerraformValue(users []iamcollect.User, now time.Time) (tftypes.Value, error) {
	return terraformObjects(userType, users, func(u iamcollect.User) (map[string]tftypes.Value, error) {
		return userTerraformAttributes(u, now)
	})
}

// userTerraformAttributes are the attribute values of one user.
func userTerraformAttributes(u iamcollect.User, now time.Time) (map[string]tftypes.Value, error) {
	inlinePolicies, err := inlinePoliciesTerraformValue(u.ARN, u.InlinePolicies)
	if err != nil {
		return nil, err
	}
	return map[string]tftypes.Value{
		"name":                     tfString(u.Name),
		"arn":                      tfString(u.ARN),
		"user_id":                  tfString(u.UserID),
		"path":                     tfString(u.Path),
		"create_date":              tfTimeOf(u.CreateDate),
		"age_days":                 tfDaysSince(&u.CreateDate, now),
		"tags":                     tfStringMap(u.Tags),
		"permissions_boundary_arn": tfOptionalString(u.PermissionsBoundaryARN),
		"groups":                   tfStringList(u.Groups),
		"attached_policy_arns":     tfStringList(u.AttachedPolicyARNs),
		"inline_policy_names":      tfStringList(u.InlinePolicyNames),
		"inline_policies":          inlinePolicies,
		"password_enabled":         tfBool(u.PasswordEnabled),
		"password_last_used":       tfTime(u.PasswordLastUsed),
		"password_last_used_days":  tfDaysSince(u.PasswordLastUsed, now),
		"password_last_changed":    tfTime(u.PasswordLastChanged),
		"password_next_rotation":   tfTime(u.PasswordNextRotation),
		"mfa_enabled":              tfBool(u.MFAEnabled),
		"access_keys":              accessKeySlotsTerraformValue(u.AccessKeys, now),
		"active_access_key_count":  tfInt64(activeKeyCount(u.AccessKeys)),
		"last_activity_days":       tfDaysSince(lastActivity(u), now),
		"credentials_as_of":        tfCredentialsAsOf(u),
	}, nil
}

// accessKeySlotsTerraformValue builds a user's key slots; none is an empty
// list.
func accessKeySlotsTerraformValue(slots []iamcollect.AccessKeySlot, now time.Time) tftypes.Value {
	elems := make([]tftypes.Value, len(slots))
	for i, s := range slots {
		elems[i] = accessKeySlotType.terraformObject(map[string]tftypes.Value{
			"slot":              tfInt64(int64(s.Slot)),
			"active":            tfBool(s.Active),
			"create_date":       tfTimeOf(s.CreateDate),
			"age_days":          tfDaysSince(&s.CreateDate, now),
			"last_used_date":    tfTime(s.LastUsedDate),
			"last_used_days":    tfDaysSince(s.LastUsedDate, now),
			"last_used_service": tfOptionalString(s.LastUsedService),
		})
	}
	return accessKeySlotType.terraformList(elems)
}

// tfCredentialsAsOf is when the user's password and key facts were true:
// null when unknown.
func tfCredentialsAsOf(u iamcollect.User) tftypes.Value {
	if u.CredentialsAsOf.IsZero() {
		return tftypes.NewValue(tfStringType, nil)
	}
	return tfTimeOf(u.CredentialsAsOf)
}
