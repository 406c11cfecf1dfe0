package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// accessKeysValue builds the access keys list, in the order given.
func accessKeysValue(keys []iamcollect.AccessKey, now time.Time, diags *diag.Diagnostics) types.List {
	return objectList(accessKeyType, keys, func(k iamcollect.AccessKey) map[string]attr.Value {
		return map[string]attr.Value{
			"user_name":         types.StringValue(k.UserName),
			"access_key_id":     types.StringValue(k.AccessKeyID),
			"status":            types.StringValue(k.Status),
			"create_date":       timeValueOf(k.CreateDate),
			"age_days":          daysSince(&k.CreateDate, now),
			"last_used_date":    timeValue(k.LastUsedDate),
			"last_used_days":    daysSince(k.LastUsedDate, now),
			"last_used_service": optionalString(k.LastUsedService),
			"last_used_region":  optionalString(k.LastUsedRegion),
		}
	}, diags)
}
