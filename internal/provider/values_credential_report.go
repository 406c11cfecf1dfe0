package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// credentialReportRowsTerraformValue builds the rows list in Terraform's
// representation (values_terraform.go), in the report's order.
func credentialReportRowsTerraformValue(rows []iamcollect.CredentialReportRow) (tftypes.Value, error) {
	return terraformObjects(credentialReportRowType, rows, func(r iamcollect.CredentialReportRow) (map[string]tftypes.Value, error) {
		return credentialReportRowTerraformAttributes(r), nil
	})
}

// credentialReportRowTerraformAttributes are the attribute values of one
// row: the report's N/A and unknowns are null.
func credentialReportRowTerraformAttributes(r iamcollect.CredentialReportRow) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"user":                           tfString(r.User),
		"arn":                            tfString(r.ARN),
		"user_creation_time":             tfTime(r.UserCreationTime),
		"password_enabled":               tfOptionalBool(r.PasswordEnabled),
		"password_last_used":             tfTime(r.PasswordLastUsed),
		"password_last_changed":          tfTime(r.PasswordLastChanged),
		"password_next_rotation":         tfTime(r.PasswordNextRotation),
		"mfa_active":                     tfBool(r.MFAActive),
		"access_key_1_active":            tfBool(r.AccessKey1Active),
		"access_key_1_last_rotated":      tfTime(r.AccessKey1LastRotated),
		"access_key_1_last_used_date":    tfTime(r.AccessKey1LastUsedDate),
		"access_key_1_last_used_region":  tfOptionalString(r.AccessKey1LastUsedRegion),
		"access_key_1_last_used_service": tfOptionalString(r.AccessKey1LastUsedService),
		"access_key_2_active":            tfBool(r.AccessKey2Active),
		"access_key_2_last_rotated":      tfTime(r.AccessKey2LastRotated),
		"access_key_2_last_used_date":    tfTime(r.AccessKey2LastUsedDate),
		"access_key_2_last_used_region":  tfOptionalString(r.AccessKey2LastUsedRegion),
		"access_key_2_last_used_service": tfOptionalString(r.AccessKey2LastUsedService),
		"cert_1_active":                  tfBool(r.Cert1Active),
		"cert_1_last_rotated":            tfTime(r.Cert1LastRotated),
		"cert_2_active":                  tfBool(r.Cert2Active),
		"cert_2_last_rotated":            tfTime(r.Cert2LastRotated),
	}
}
