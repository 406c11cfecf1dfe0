package provider

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Typed value building. The large lists (users, access keys, groups,
// roles, policies, credential report rows, and the key slots and inline
// policies inside them) are built straight from the engine's structs in
// Terraform's representation (values_terraform.go): each element type is
// declared once, here and in the values_*.go files, and no value goes
// through the framework's reflection (State.Set on a struct with a slice of
// models reflects over every element, field and struct tag).
// TestValueTypes_matchSchemas proves every declared type equal to the type
// its schema attribute gives Terraform.

// objectType is the type of one nested object, built once.
type objectType struct {
	attrTypes map[string]attr.Type
	objType   types.ObjectType
	listType  types.ListType
	// The same types in Terraform's representation, for values built
	// directly (values_terraform.go).
	tfObject tftypes.Object
	tfList   tftypes.List
	// The empty list of these objects, shared (terraformList).
	tfEmptyList tftypes.Value
}

// newObjectType declares a nested object by its attributes' types.
func newObjectType(attrTypes map[string]attr.Type) objectType {
	objType := types.ObjectType{AttrTypes: attrTypes}
	tfObject, tfList := terraformTypes(attrTypes)
	return objectType{
		attrTypes: attrTypes, objType: objType, listType: types.ListType{ElemType: objType},
		tfObject: tfObject, tfList: tfList, tfEmptyList: tftypes.NewValue(tfList, []tftypes.Value{}),
	}
}

// typed gives a list nested attribute of o's objects o's types, built once:
// without them the framework rebuilds the type from the attributes on
// every lookup, and it looks one up for every null value of a response
// (ReifyNullCollectionBlocks). TestValueTypes_matchSchemas proves them
// equal to the types the attributes define.
func (o objectType) typed(a schema.ListNestedAttribute) schema.ListNestedAttribute {
	a.CustomType = o.listType
	a.NestedObject.CustomType = o.objType
	return a
}

// withAttributeTypes returns the attribute types of attrs and more, in a
// new map.
func withAttributeTypes(attrs, more map[string]attr.Type) map[string]attr.Type {
	out := maps.Clone(attrs)
	maps.Copy(out, more)
	return out
}

// objectValue builds one object; attrs must hold every attribute with its
// declared type (the framework checks, and a mismatch is a bug reported as
// an error diagnostic, never a panic).
func (o objectType) objectValue(attrs map[string]attr.Value, diags *diag.Diagnostics) types.Object {
	v, d := types.ObjectValue(o.attrTypes, attrs)
	diags.Append(d...)
	return v
}

// stringType, int64Type and friends keep the type declarations short.
var (
	stringType     attr.Type = types.StringType
	int64Type      attr.Type = types.Int64Type
	boolType       attr.Type = types.BoolType
	stringListType attr.Type = types.ListType{ElemType: types.StringType}
	stringMapType  attr.Type = types.MapType{ElemType: types.StringType}
)
