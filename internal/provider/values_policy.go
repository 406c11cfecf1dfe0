package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// inlinePoliciesValue builds the inline policies of the entity with ARN
// ownerARN, analyzed in that ARN's partition. A document that cannot be
// analyzed fails the read: the audit never reports a policy it could not
// judge.
func inlinePoliciesValue(ownerARN string, policies []iamcollect.InlinePolicy, diags *diag.Diagnostics) types.List {
	value, err := recovered(inlinePolicyType, func() (tftypes.Value, error) {
		return inlinePoliciesTerraformValue(ownerARN, policies)
	})
	if err == nil {
		var list types.List
		if list, err = inlinePolicyType.frameworkList(context.Background(), value); err == nil {
			return list
		}
	}
	addValueError(diags, err)
	return inlinePolicyType.listValue(nil, diags)
}

// inlinePoliciesTerraformValue is inlinePoliciesValue in Terraform's
// representation; the error is an *inlinePolicyError.
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

// addValueError reports an error from building values: an unparsable
// inline policy as such, anything else as a conversion error (a bug).
func addValueError(diags *diag.Diagnostics, err error) {
	var policyErr *inlinePolicyError
	if errors.As(err, &policyErr) {
		diags.AddError("Unable to Analyze IAM Policy Document", policyErr.Error())
		return
	}
	diags.AddError("Value Conversion Error", "Building the data source's value: "+err.Error()+". Please report this.")
}

// policyAttributeValues are the attribute values of one managed policy,
// its document normalized and analyzed in partition.
func policyAttributeValues(p iamcollect.ManagedPolicy, partition string) (map[string]attr.Value, error) {
	document, admin, err := analyzePolicy(p.Document, partition)
	if err != nil {
		return nil, err
	}
	wildcards, err := policydoc.ServiceWildcards(document)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{
		"name":                             types.StringValue(p.Name),
		"arn":                              types.StringValue(p.ARN),
		"path":                             types.StringValue(p.Path),
		"aws_managed":                      types.BoolValue(p.AWSManaged),
		"attachment_count":                 types.Int64Value(int64(p.AttachmentCount)),
		"default_version_id":               types.StringValue(p.DefaultVersionID),
		"document":                         types.StringValue(document),
		"grants_full_admin":                types.BoolValue(admin.FullAdmin),
		"grants_star_on_star":              types.BoolValue(admin.Literal),
		"full_admin_reason":                optionalString(admin.Reason),
		"permissions_boundary_usage_count": types.Int64Value(int64(p.PermissionsBoundaryUsageCount)),
		"service_wildcards":                stringListValue(wildcards),
	}, nil
}
