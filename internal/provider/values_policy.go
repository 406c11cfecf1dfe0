package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// inlinePolicyType is one inline_policies element of a user, group or role
// (inlinePoliciesAttribute).
var inlinePolicyType = newObjectType(map[string]attr.Type{
	"name":                stringType,
	"document":            stringType,
	"grants_full_admin":   boolType,
	"grants_star_on_star": boolType,
	"full_admin_reason":   stringType,
})

// policyType is one iamaudit_policies.policies element (policyAttributes).
var policyType = newObjectType(map[string]attr.Type{
	"name":                stringType,
	"arn":                 stringType,
	"path":                stringType,
	"aws_managed":         boolType,
	"attachment_count":    int64Type,
	"default_version_id":  stringType,
	"document":            stringType,
	"grants_full_admin":   boolType,
	"grants_star_on_star": boolType,
	"full_admin_reason":   stringType,
	// Security Hub IAM.1 and IAM.21 skip policies used only as boundaries.
	"permissions_boundary_usage_count": int64Type,
	"service_wildcards":                stringListType,
})

// inlinePoliciesTerraformValue builds the inline policies of the entity
// with ARN ownerARN, analyzed in that ARN's partition. A document that
// cannot be analyzed fails the read (the error is an *inlinePolicyError):
// the audit never reports a policy it could not judge.
func inlinePoliciesTerraformValue(ownerARN string, policies []iamcollect.InlinePolicy) (tftypes.Value, error) {
	elems := make([]tftypes.Value, 0, len(policies))
	for _, p := range policies {
		document, admin, err := analyzePolicy(p.Document, partitionOf(ownerARN))
		if err != nil {
			return tftypes.Value{}, &inlinePolicyError{owner: ownerARN, name: p.Name, err: err}
		}
		elems = append(elems, inlinePolicyType.terraformObject(map[string]tftypes.Value{
			"name":                tfString(p.Name),
			"document":            tfString(document),
			"grants_full_admin":   tfBool(admin.FullAdmin),
			"grants_star_on_star": tfBool(admin.Literal),
			"full_admin_reason":   tfOptionalString(admin.Reason),
		}))
	}
	return inlinePolicyType.terraformList(elems), nil
}

// inlinePolicyError is an inline policy document that could not be
// analyzed.
type inlinePolicyError struct {
	owner, name string
	err         error
}

func (e *inlinePolicyError) Error() string {
	return fmt.Sprintf("The inline policy %q of %s could not be parsed: %s. Please report this, with the document if "+
		"you can share it.", e.name, e.owner, e.err)
}

func (e *inlinePolicyError) Unwrap() error { return e.err }

func (e *inlinePolicyError) summary() string { return "Unable to Analyze IAM Policy Document" }

// analysisError is a document that could not be analyzed; its summary
// and Error are the diagnostic's summary and detail.
type analysisError interface {
	error
	summary() string
}

// addValueError reports an error from building values: an unparsable
// policy document as such (analysisError), anything else as a conversion
// error (a bug).
func addValueError(diags *diag.Diagnostics, err error) {
	// One diagnostic per element that failed (terraformObjects joins them).
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			addValueError(diags, e)
		}
		return
	}
	if analysisErr, ok := errors.AsType[analysisError](err); ok {
		diags.AddError(analysisErr.summary(), analysisErr.Error())
		return
	}
	diags.AddError("Value Conversion Error", "Building the data source's value: "+err.Error()+". Please report this.")
}

// policiesTerraformValue builds the policies list in Terraform's
// representation (values_terraform.go), in the order given, documents
// analyzed in partition. An error means a document could not be analyzed.
func policiesTerraformValue(policies []iamcollect.ManagedPolicy, partition string) (tftypes.Value, error) {
	return terraformObjects(policyType, policies, func(p iamcollect.ManagedPolicy) (map[string]tftypes.Value, error) {
		return policyTerraformAttributes(p, partition)
	})
}

// policyTerraformAttributes are the attribute values of one managed
// policy, its document normalized and analyzed in partition. The error is
// a *managedPolicyError.
func policyTerraformAttributes(p iamcollect.ManagedPolicy, partition string) (map[string]tftypes.Value, error) {
	document, admin, err := analyzePolicy(p.Document, partition)
	if err != nil {
		return nil, &managedPolicyError{arn: p.ARN, versionID: p.DefaultVersionID, err: err}
	}
	wildcards, err := policydoc.ServiceWildcards(document)
	if err != nil {
		return nil, &managedPolicyError{arn: p.ARN, versionID: p.DefaultVersionID, err: err}
	}
	return map[string]tftypes.Value{
		"name":                             tfString(p.Name),
		"arn":                              tfString(p.ARN),
		"path":                             tfString(p.Path),
		"aws_managed":                      tfBool(p.AWSManaged),
		"attachment_count":                 tfInt64(int64(p.AttachmentCount)),
		"default_version_id":               tfString(p.DefaultVersionID),
		"document":                         tfString(document),
		"grants_full_admin":                tfBool(admin.FullAdmin),
		"grants_star_on_star":              tfBool(admin.Literal),
		"full_admin_reason":                tfOptionalString(admin.Reason),
		"permissions_boundary_usage_count": tfInt64(int64(p.PermissionsBoundaryUsageCount)),
		"service_wildcards":                tfStringList(wildcards),
	}, nil
}

// managedPolicyError is the default version of a managed policy that
// could not be analyzed: the read fails closed, never reporting a policy
// it cannot judge.
type managedPolicyError struct {
	arn, versionID string
	err            error
}

func (e *managedPolicyError) Error() string {
	return fmt.Sprintf("The default version (%s) of policy %s could not be parsed: %s. Please report this, "+
		"with the document if you can share it.", e.versionID, e.arn, e.err)
}

func (e *managedPolicyError) Unwrap() error { return e.err }

func (e *managedPolicyError) summary() string { return "Unable to Analyze IAM Policy Document" }
