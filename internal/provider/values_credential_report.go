package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// credentialReportRowType is one iamaudit_credential_report.rows element
// (credentialReportRowAttributes); attribute names are the report's column
// names.
var credentialReportRowType = newObjectType(map[string]attr.Type{
	"user":                           stringType,
	"arn":                            stringType,
	"user_creation_time":             stringType,
	"password_enabled":               boolType,
	"password_last_used":             stringType,
	"password_last_changed":          stringType,
	"password_next_rotation":         stringType,
	"mfa_active":                     boolType,
	"access_key_1_active":            boolType,
	"access_key_1_last_rotated":      stringType,
	"access_key_1_last_used_date":    stringType,
	"access_key_1_last_used_region":  stringType,
	"access_key_1_last_used_service": stringType,
	"access_key_2_active":            boolType,
	"access_key_2_last_rotated":      stringType,
	"access_key_2_last_used_date":    stringType,
	"access_key_2_last_used_region":  stringType,
	"access_key_2_last_used_service": stringType,
	"cert_1_active":                  boolType,
	"cert_1_last_rotated":            stringType,
	"cert_2_active":                  boolType,
	"cert_2_last_rotated":            stringType,
})

// credentialReportRowsValue builds the rows list, in the report's order.
func credentialReportRowsValue(rows []iamcollect.CredentialReportRow, diags *diag.Diagnostics) types.List {
	return objectList(credentialReportRowType, rows, func(r iamcollect.CredentialReportRow) map[string]attr.Value {
		return map[string]attr.Value{
			"user":                           types.StringValue(r.User),
			"arn":                            types.StringValue(r.ARN),
			"user_creation_time":             timeValue(r.UserCreationTime),
			"password_enabled":               types.BoolPointerValue(r.PasswordEnabled),
			"password_last_used":             timeValue(r.PasswordLastUsed),
			"password_last_changed":          timeValue(r.PasswordLastChanged),
			"password_next_rotation":         timeValue(r.PasswordNextRotation),
			"mfa_active":                     types.BoolValue(r.MFAActive),
			"access_key_1_active":            types.BoolValue(r.AccessKey1Active),
			"access_key_1_last_rotated":      timeValue(r.AccessKey1LastRotated),
			"access_key_1_last_used_date":    timeValue(r.AccessKey1LastUsedDate),
			"access_key_1_last_used_region":  optionalString(r.AccessKey1LastUsedRegion),
			"access_key_1_last_used_service": optionalString(r.AccessKey1LastUsedService),
			"access_key_2_active":            types.BoolValue(r.AccessKey2Active),
			"access_key_2_last_rotated":      timeValue(r.AccessKey2LastRotated),
			"access_key_2_last_used_date":    timeValue(r.AccessKey2LastUsedDate),
			"access_key_2_last_used_region":  optionalString(r.AccessKey2LastUsedRegion),
			"access_key_2_last_used_service": optionalString(r.AccessKey2LastUsedService),
			"cert_1_active":                  types.BoolValue(r.Cert1Active),
			"cert_1_last_rotated":            timeValue(r.Cert1LastRotated),
			"cert_2_active":                  types.BoolValue(r.Cert2Active),
			"cert_2_last_rotated":            timeValue(r.Cert2LastRotated),
		}
	}, diags)
}
