package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// rolesTerraformValue builds the roles list in Terraform's representation
// (values_terraform.go), trust policies analyzed in tc; now is captured
// once per Read. An error means a trust or inline policy could not be
// analyzed.
func rolesTerraformValue(roles []iamcollect.Role, tc policydoc.TrustContext, now time.Time) (tftypes.Value, error) {
	return terraformObjects(roleType, roles, func(r iamcollect.Role) (map[string]tftypes.Value, error) {
		return roleTerraformAttributes(r, tc, now)
	})
}

// roleTerraformAttributes are the attribute values of one role, its trust
// policy analyzed in the caller's account, partition and organization. The
// error is a *trustPolicyError or an *inlinePolicyError.
func roleTerraformAttributes(r iamcollect.Role, tc policydoc.TrustContext, now time.Time) (map[string]tftypes.Value, error) {
	normalized, err := policydoc.Normalize(r.TrustPolicy)
	if err != nil {
		return nil, &trustPolicyError{role: r.ARN, err: err}
	}
	trust, err := policydoc.AnalyzeTrust(r.TrustPolicy, tc)
	if err != nil {
		return nil, &trustPolicyError{role: r.ARN, err: err}
	}
	inlinePolicies, err := inlinePoliciesTerraformValue(r.ARN, r.InlinePolicies)
	if err != nil {
		return nil, err
	}
	return map[string]tftypes.Value{
		"name":                      tfString(r.Name),
		"arn":                       tfString(r.ARN),
		"role_id":                   tfString(r.RoleID),
		"path":                      tfString(r.Path),
		"description":               tfOptionalString(r.Description),
		"create_date":               tfTimeOf(r.CreateDate),
		"max_session_duration":      tfInt64(int64(r.MaxSessionDuration)),
		"trust_policy":              tfString(normalized),
		"trusted_aws_principals":    tfStringList(trust.AWSPrincipals),
		"trusted_services":          tfStringList(trust.Services),
		"trusted_federated":         tfStringList(trust.Federated),
		"public":                    tfBool(trust.Public),
		"cross_account":             tfBool(trust.CrossAccount),
		"third_party_trust":         tfBool(trust.ThirdPartyTrust),
		"external_id_required":      tfBool(trust.ExternalIDRequired),
		"mfa_required":              tfBool(trust.MFARequired),
		"oidc_subject_unrestricted": tfBool(trust.OIDCSubjectUnrestricted),
		"attached_policy_arns":      tfStringList(r.AttachedPolicyARNs),
		"inline_policy_names":       tfStringList(r.InlinePolicyNames),
		"inline_policies":           inlinePolicies,
		"permissions_boundary_arn":  tfOptionalString(r.PermissionsBoundaryARN),
		"last_used_date":            tfTime(r.LastUsedDate),
		"last_used_days":            tfDaysSince(r.LastUsedDate, now),
		"tags":                      tfStringMap(r.Tags),
	}, nil
}

// trustPolicyError is a role trust policy that could not be analyzed: the
// read fails closed, never reporting a role whose trust it cannot judge.
type trustPolicyError struct {
	role string
	err  error
}

func (e *trustPolicyError) Error() string {
	return fmt.Sprintf("The trust policy of role %s could not be parsed: %s. Please report this, with the "+
		"policy if you can share it.", e.role, e.err)
}

func (e *trustPolicyError) Unwrap() error { return e.err }

func (e *trustPolicyError) summary() string { return "Unable to Analyze IAM Role Trust Policy" }
