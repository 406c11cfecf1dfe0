package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Typed value building. The large lists (users, key slots, access keys,
// roles, policies, credential report rows, inline policies) are built as
// types.List of types.Object straight from the engine's structs: each
// element type is declared once, here and in the values_*.go files, and no
// value goes through the framework's reflection (State.Set on a struct with
// a slice of models reflects over every element, field and struct tag).
// TestValueTypes_matchSchemas proves every declared type equal to the type
// its schema attribute gives Terraform.

// objectType is the type of one nested object, built once.
type objectType struct {
	attrTypes map[string]attr.Type
	objType   types.ObjectType
	listType  types.ListType
}

// newObjectType declares a nested object by its attributes' types.
func newObjectType(attrTypes map[string]attr.Type) objectType {
	objType := types.ObjectType{AttrTypes: attrTypes}
	return objectType{attrTypes: attrTypes, objType: objType, listType: types.ListType{ElemType: objType}}
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

// listValue builds a list of objects; none is an empty list, never null, so
// `length(...)` works in checks.
func (o objectType) listValue(elems []attr.Value, diags *diag.Diagnostics) types.List {
	if elems == nil {
		elems = []attr.Value{}
	}
	v, d := types.ListValue(o.listType.ElemType, elems)
	diags.Append(d...)
	return v
}

// objectList maps every item to an object of type o.
func objectList[T any](o objectType, items []T, build func(T) map[string]attr.Value, diags *diag.Diagnostics) types.List {
	elems := make([]attr.Value, 0, len(items))
	for _, item := range items {
		elems = append(elems, o.objectValue(build(item), diags))
	}
	return o.listValue(elems, diags)
}

// stringListValue returns a sorted list of strings; an empty input is an
// empty list, never null.
func stringListValue(values []string) types.List {
	sorted := slices.Sorted(slices.Values(values))
	elems := make([]attr.Value, len(sorted))
	for i, s := range sorted {
		elems[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, elems)
}

// stringMapValue returns a map of strings; nil is an empty map, never null.
func stringMapValue(values map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(values))
	for k, s := range values {
		elems[k] = types.StringValue(s)
	}
	return types.MapValueMust(types.StringType, elems)
}

// stringType, int64Type and friends keep the type declarations short.
var (
	stringType     attr.Type = types.StringType
	int64Type      attr.Type = types.Int64Type
	boolType       attr.Type = types.BoolType
	stringListType attr.Type = types.ListType{ElemType: types.StringType}
	stringMapType  attr.Type = types.MapType{ElemType: types.StringType}
)

// setStateWithList sets a data source's state from model, whose field list
// holds the large list attribute name. State.Set alone would convert the
// list to Terraform's representation, back into framework values and there
// again; here the small attributes go through State.Set with the list null,
// then SetAttribute converts the list once.
func setStateWithList[M any](ctx context.Context, state *tfsdk.State, model *M, name string, list *types.List, diags *diag.Diagnostics) {
	built := *list
	*list = types.ListNull(built.ElementType(ctx))
	diags.Append(state.Set(ctx, *model)...)
	*list = built
	if diags.HasError() {
		return
	}
	diags.Append(state.SetAttribute(ctx, path.Root(name), built)...)
}
