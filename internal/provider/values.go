package provider

import (
	"context"
	"maps"
	"runtime"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/sync/errgroup"
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
	// The same types in Terraform's representation, for values built
	// directly (values_terraform.go).
	tfObject tftypes.Object
	tfList   tftypes.List
}

// newObjectType declares a nested object by its attributes' types.
func newObjectType(attrTypes map[string]attr.Type) objectType {
	objType := types.ObjectType{AttrTypes: attrTypes}
	tfObject, tfList := terraformTypes(attrTypes)
	return objectType{attrTypes: attrTypes, objType: objType, listType: types.ListType{ElemType: objType}, tfObject: tfObject, tfList: tfList}
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
// again; here the list is converted once, its elements concurrently
// (listTerraformValue), and the small attributes go through State.Set.
func setStateWithList[M any](ctx context.Context, state *tfsdk.State, model *M, name string, list *types.List, diags *diag.Diagnostics) {
	value, err := listTerraformValue(ctx, *list)
	if err != nil {
		diags.AddAttributeError(path.Root(name), "Value Conversion Error", "Converting the list to Terraform's representation: "+err.Error())
		return
	}
	built := *list
	*list = types.ListNull(built.ElementType(ctx))
	setStateWithValue(ctx, state, *model, name, value, diags)
	*list = built
}

// setStateWithValue sets a data source's state from model, which leaves the
// attribute name null, and that attribute from value, a value already in
// Terraform's representation.
func setStateWithValue(ctx context.Context, state *tfsdk.State, model any, name string, value tftypes.Value, diags *diag.Diagnostics) {
	diags.Append(state.Set(ctx, model)...)
	if diags.HasError() {
		return
	}
	var attrs map[string]tftypes.Value
	if err := state.Raw.As(&attrs); err != nil {
		diags.AddError("Value Conversion Error", "Reading the data source's state: "+err.Error())
		return
	}
	attrs[name] = value
	if err := tftypes.ValidateValue(state.Raw.Type(), attrs); err != nil {
		diags.AddAttributeError(path.Root(name), "Value Conversion Error", err.Error())
		return
	}
	state.Raw = tftypes.NewValue(state.Raw.Type(), attrs)
}

// listParallelMin is the list length from which listTerraformValue splits
// the work: below it a goroutine costs more than it saves.
const listParallelMin = 512

// listTerraformValue is list.ToTerraformValue with the elements converted by
// up to GOMAXPROCS goroutines: the framework converts one element after the
// other, which took 1.35 s of one core for 10 000 users while the other core
// waited. Each element is its own immutable value, so they convert
// independently.
func listTerraformValue(ctx context.Context, list types.List) (tftypes.Value, error) {
	elems := list.Elements()
	workers := min(runtime.GOMAXPROCS(0), len(elems)/listParallelMin)
	if list.IsNull() || list.IsUnknown() || workers < 2 {
		return list.ToTerraformValue(ctx)
	}
	vals := make([]tftypes.Value, len(elems))
	chunk := (len(elems) + workers - 1) / workers
	var g errgroup.Group
	for start := 0; start < len(elems); start += chunk {
		end := min(start+chunk, len(elems))
		g.Go(func() error {
			for i := start; i < end; i++ {
				v, err := elems[i].ToTerraformValue(ctx)
				if err != nil {
					return err
				}
				vals[i] = v
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return tftypes.Value{}, err
	}
	typ := list.Type(ctx).TerraformType(ctx)
	if err := tftypes.ValidateValue(typ, vals); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(typ, vals), nil
}
