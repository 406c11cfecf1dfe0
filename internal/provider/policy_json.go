package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var (
	_ basetypes.StringTypable                    = policyJSONType{}
	_ basetypes.StringValuableWithSemanticEquals = policyJSONValue{}
	_ xattr.ValidateableAttribute                = policyJSONValue{}
)

// policyJSONType is a string holding an IAM policy document. Two values are
// semantically equal when they are the same policy (policydoc.Equivalent:
// formatting, key and list order, single-element lists, account IDs versus
// root ARNs), so a document IAM returns reformatted or URL-encoded never
// shows as a change.
type policyJSONType struct {
	basetypes.StringType
}

func (t policyJSONType) Equal(o attr.Type) bool {
	_, ok := o.(policyJSONType)
	return ok
}

func (t policyJSONType) String() string { return "policyJSONType" }

func (t policyJSONType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return policyJSONValue{StringValue: in}, nil
}

func (t policyJSONType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return policyJSONValue{StringValue: s}, nil
}

func (t policyJSONType) ValueType(_ context.Context) attr.Value { return policyJSONValue{} }

// policyJSONValue is a value of policyJSONType.
type policyJSONValue struct {
	basetypes.StringValue
}

func policyJSONNull() policyJSONValue { return policyJSONValue{StringValue: basetypes.NewStringNull()} }
func policyJSONUnknown() policyJSONValue {
	return policyJSONValue{StringValue: basetypes.NewStringUnknown()}
}
func policyJSONOf(doc string) policyJSONValue {
	return policyJSONValue{StringValue: basetypes.NewStringValue(doc)}
}

func (v policyJSONValue) Equal(o attr.Value) bool {
	other, ok := o.(policyJSONValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v policyJSONValue) Type(_ context.Context) attr.Type { return policyJSONType{} }

// StringSemanticEquals reports whether the new value is the same policy.
func (v policyJSONValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(policyJSONValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a policy JSON value, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	return policiesEquivalent(v.ValueString(), other.ValueString()), diags
}

// ValidateAttribute checks, at plan time, that a configured document is a
// policy IAM can accept.
func (v policyJSONValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if err := policydoc.Validate(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Policy Document", err.Error()+".")
	}
}

// policiesEquivalent is policydoc.Equivalent with errors as "different".
func policiesEquivalent(a, b string) bool {
	equal, err := policydoc.Equivalent(a, b)
	return err == nil && equal
}

// policyInputs are the attributes that choose the document of a policy a
// resource owns: a reader policy purpose with extra actions, or policy_json.
type policyInputs struct {
	Purpose      types.String
	PolicyJSON   policyJSONValue
	ExtraActions types.Set
}

// document returns the owned policy's document: "" when neither purpose
// nor policy_json is set, known=false while an input is unknown (plan).
func (in policyInputs) document(ctx context.Context, partition, accountID string, diags *diag.Diagnostics) (doc string, known bool) {
	if in.Purpose.IsUnknown() || in.PolicyJSON.IsUnknown() || in.ExtraActions.IsUnknown() {
		return "", false
	}
	if !in.PolicyJSON.IsNull() {
		normalized, err := policydoc.Normalize(in.PolicyJSON.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("policy_json"), "Invalid Policy Document", err.Error()+".")
			return "", false
		}
		return normalized, true
	}
	if in.Purpose.IsNull() {
		return "", true
	}
	var extra []string
	if !in.ExtraActions.IsNull() {
		diags.Append(in.ExtraActions.ElementsAs(ctx, &extra, false)...)
		if slices.Contains(extra, "") {
			return "", false
		}
	}
	doc, _, err := policydoc.ReaderPolicy(in.Purpose.ValueString(), partition, accountID, extra)
	if err != nil {
		diags.AddAttributeError(path.Root("purpose"), "Unable to Build the Reader Policy", err.Error()+".")
		return "", false
	}
	return doc, true
}

// keepEquivalent returns prior when it is the same policy as doc (so state
// keeps the configured formatting), else doc.
func keepEquivalent(prior policyJSONValue, doc string) policyJSONValue {
	if !prior.IsNull() && !prior.IsUnknown() && policiesEquivalent(prior.ValueString(), doc) {
		return prior
	}
	return policyJSONOf(doc)
}
