package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// accessKeyType is one iamaudit_access_keys.access_keys element
// (accessKeyAttributes).
var accessKeyType = newObjectType(map[string]attr.Type{
	"user_name":         stringType,
	"access_key_id":     stringType,
	"status":            stringType,
	"create_date":       stringType,
	"age_days":          int64Type,
	"last_used_date":    stringType,
	"last_used_days":    int64Type,
	"last_used_service": stringType,
	"last_used_region":  stringType,
})

// accessKeysTerraformValue builds the access keys list in Terraform's
// representation (values_terraform.go), in the order given; now is
// captured once per Read.
func accessKeysTerraformValue(keys []iamcollect.AccessKey, now time.Time) (tftypes.Value, error) {
	return terraformObjects(accessKeyType, keys, func(k iamcollect.AccessKey) (map[string]tftypes.Value, error) {
		return accessKeyTerraformAttributes(k, now), nil
	})
}

// accessKeyTerraformAttributes are the attribute values of one access key.
func accessKeyTerraformAttributes(k iamcollect.AccessKey, now time.Time) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"user_name":         tfString(k.UserName),
		"access_key_id":     tfString(k.AccessKeyID),
		"status":            tfString(k.Status),
		"create_date":       tfTimeOf(k.CreateDate),
		"age_days":          tfDaysSince(&k.CreateDate, now),
		"last_used_date":    tfTime(k.LastUsedDate),
		"last_used_days":    tfDaysSince(k.LastUsedDate, now),
		"last_used_service": tfOptionalString(k.LastUsedService),
		"last_used_region":  tfOptionalString(k.LastUsedRegion),
	}
}
