package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// roleType is one iamaudit_roles.roles element (roleAttributes).
var roleType = newObjectType(map[string]attr.Type{
	"name":                      stringType,
	"arn":                       stringType,
	"role_id":                   stringType,
	"path":                      stringType,
	"description":               stringType,
	"create_date":               stringType,
	"max_session_duration":      int64Type,
	"trust_policy":              stringType,
	"trusted_aws_principals":    stringListType,
	"trusted_services":          stringListType,
	"trusted_federated":         stringListType,
	"public":                    boolType,
	"cross_account":             boolType,
	"third_party_trust":         boolType,
	"external_id_required":      boolType,
	"mfa_required":              boolType,
	"oidc_subject_unrestricted": boolType,
	"attached_policy_arns":      stringListType,
	"inline_policy_names":       stringListType,
	"inline_policies":           inlinePolicyType.listType,
	"permissions_boundary_arn":  stringType,
	"last_used_date":            stringType,
	"last_used_days":            int64Type,
	"tags":                      stringMapType,
})

// roleAttributeValues are the attribute values of one role, its trust
// policy analyzed in the caller's account, partition and organization. An
// error means the trust policy could not be analyzed.
func roleAttributeValues(r iamcollect.Role, tc policydoc.TrustContext, now time.Time, diags *diag.Diagnostics) (map[string]attr.Value, error) {
	normalized, err := policydoc.Normalize(r.TrustPolicy)
	if err != nil {
		return nil, err
	}
	trust, err := policydoc.AnalyzeTrust(r.TrustPolicy, tc)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{
		"name":                      types.StringValue(r.Name),
		"arn":                       types.StringValue(r.ARN),
		"role_id":                   types.StringValue(r.RoleID),
		"path":                      types.StringValue(r.Path),
		"description":               optionalString(r.Description),
		"create_date":               timeValueOf(r.CreateDate),
		"max_session_duration":      types.Int64Value(int64(r.MaxSessionDuration)),
		"trust_policy":              types.StringValue(normalized),
		"trusted_aws_principals":    stringListValue(trust.AWSPrincipals),
		"trusted_services":          stringListValue(trust.Services),
		"trusted_federated":         stringListValue(trust.Federated),
		"public":                    types.BoolValue(trust.Public),
		"cross_account":             types.BoolValue(trust.CrossAccount),
		"third_party_trust":         types.BoolValue(trust.ThirdPartyTrust),
		"external_id_required":      types.BoolValue(trust.ExternalIDRequired),
		"mfa_required":              types.BoolValue(trust.MFARequired),
		"oidc_subject_unrestricted": types.BoolValue(trust.OIDCSubjectUnrestricted),
		"attached_policy_arns":      stringListValue(r.AttachedPolicyARNs),
		"inline_policy_names":       stringListValue(r.InlinePolicyNames),
		"inline_policies":           inlinePoliciesValue(r.ARN, r.InlinePolicies, diags),
		"permissions_boundary_arn":  optionalString(r.PermissionsBoundaryARN),
		"last_used_date":            timeValue(r.LastUsedDate),
		"last_used_days":            daysSince(r.LastUsedDate, now),
		"tags":                      stringMapValue(r.Tags),
	}, nil
}
