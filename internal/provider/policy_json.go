package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// maxManagedPolicyLength is IAM's limit on a managed policy document,
// counted without whitespace.
const maxManagedPolicyLength = 6144

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
	if err := validatePolicyDocument(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Policy Document", err.Error()+".")
	}
}

// policiesEquivalent is policydoc.Equivalent with errors as "different".
func policiesEquivalent(a, b string) bool {
	equal, err := policydoc.Equivalent(a, b)
	return err == nil && equal
}

// validatePolicyDocument checks what IAM checks before it stores a managed
// policy: JSON object, a known Version, at least one statement, each with an
// Effect of Allow or Deny and an Action or NotAction, and the size limit.
func validatePolicyDocument(doc string) error {
	normalized, err := policydoc.Normalize(doc)
	if err != nil {
		return err
	}
	var top map[string]any
	if err := json.Unmarshal([]byte(normalized), &top); err != nil {
		return errors.New("the policy document must be a JSON object")
	}
	if version, ok := top["Version"]; ok && version != "2012-10-17" && version != "2008-10-17" {
		return fmt.Errorf(`the policy Version must be "2012-10-17" (or the legacy "2008-10-17"), not %v`, version)
	}
	stmts, err := statementList(top["Statement"])
	if err != nil {
		return err
	}
	for i, st := range stmts {
		if effect := st["Effect"]; effect != "Allow" && effect != "Deny" {
			return fmt.Errorf(`statement %d: Effect must be "Allow" or "Deny"`, i+1)
		}
		_, action := st["Action"]
		_, notAction := st["NotAction"]
		if action == notAction {
			return fmt.Errorf("statement %d: exactly one of Action and NotAction is required", i+1)
		}
	}
	if n := len(strings.Join(strings.FieldsFunc(normalized, unicode.IsSpace), "")); n > maxManagedPolicyLength {
		return fmt.Errorf("the policy document is %d characters long without whitespace; IAM allows at most %d for a managed policy",
			n, maxManagedPolicyLength)
	}
	return nil
}

// statementList returns the statements of a policy's Statement element.
func statementList(v any) ([]map[string]any, error) {
	switch s := v.(type) {
	case map[string]any:
		return []map[string]any{s}, nil
	case []any:
		out := make([]map[string]any, 0, len(s))
		for _, e := range s {
			st, ok := e.(map[string]any)
			if !ok {
				return nil, errors.New("every element of the policy's Statement list must be a JSON object")
			}
			out = append(out, st)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, errors.New("the policy document needs a Statement: one statement object or a non-empty list of them")
}
