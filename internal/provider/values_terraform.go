package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"slices"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// Terraform values built directly. The users list grows to tens of
// thousands of elements with a dozen attributes each: building it as
// framework values (types.Object of attr.Value maps) and converting those
// to Terraform's representation cost about as much provider CPU as
// everything else in a 10 000-user plan together, and doubled the memory
// the list holds. Every large list (users, access keys, groups, roles,
// policies, credential report rows) is therefore built here as tftypes
// values, with the Terraform types derived once from the same declared
// attribute types (objectType), so TestValueTypes_matchSchemas still
// proves them equal to the schema's; where a framework value is needed
// (iamaudit_user) it is converted from these, so each value has one
// definition.

// tfStringType and friends are Terraform's primitive types.
var (
	tfStringType     tftypes.Type = tftypes.String
	tfNumberType     tftypes.Type = tftypes.Number
	tfBoolType       tftypes.Type = tftypes.Bool
	tfStringListType tftypes.Type = tftypes.List{ElementType: tftypes.String}
	tfStringMapType  tftypes.Type = tftypes.Map{ElementType: tftypes.String}
)

// The empty collections most users and roles have (no tags, groups or
// policies), shared: tftypes values are immutable, and every user would
// otherwise allocate its own.
var (
	emptyStringList = tftypes.NewValue(tfStringListType, []tftypes.Value{})
	emptyStringMap  = tftypes.NewValue(tfStringMapType, map[string]tftypes.Value{})
)

// tfString is a known string.
func tfString(s string) tftypes.Value { return tftypes.NewValue(tfStringType, s) }

// tfOptionalString maps "" (absent in AWS's answer) to null.
func tfOptionalString(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tfStringType, nil)
	}
	return tfString(s)
}

// tfBool is a known bool.
func tfBool(b bool) tftypes.Value { return tftypes.NewValue(tfBoolType, b) }

// tfOptionalBool is *b; nil (not applicable) is null.
func tfOptionalBool(b *bool) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(tfBoolType, nil)
	}
	return tfBool(*b)
}

// tfInt64 is a known whole number.
func tfInt64(n int64) tftypes.Value {
	if n >= 0 && n < int64(len(wholeNumbers)) {
		return tftypes.NewValue(tfNumberType, wholeNumber(n))
	}
	return tftypes.NewValue(tfNumberType, n)
}

// wholeNumbers holds the numbers 0 to 8191 as Terraform represents them
// (*big.Float), each made on first use. Day counts, slot numbers and
// counts are almost always among them, and a list of 10 000 users holds
// about 100 000 of them; shared, they cost nothing per value. tftypes never
// modifies a number it holds (As copies it out), so sharing one is safe.
var wholeNumbers [8192]atomic.Pointer[big.Float]

// wholeNumber returns the shared *big.Float of n, 0 <= n < len(wholeNumbers).
func wholeNumber(n int64) *big.Float {
	if f := wholeNumbers[n].Load(); f != nil {
		return f
	}
	wholeNumbers[n].CompareAndSwap(nil, new(big.Float).SetInt64(n))
	return wholeNumbers[n].Load()
}

// tfTimeOf renders a timestamp that always exists.
func tfTimeOf(t time.Time) tftypes.Value { return tfString(formatTime(t)) }

// tfTime renders an optional timestamp; nil is null.
func tfTime(t *time.Time) tftypes.Value {
	if t == nil {
		return tftypes.NewValue(tfStringType, nil)
	}
	return tfTimeOf(*t)
}

// tfDaysSince is daysSince as a Terraform value: null when t is nil.
func tfDaysSince(t *time.Time, now time.Time) tftypes.Value {
	if t == nil {
		return tftypes.NewValue(tfNumberType, nil)
	}
	return tfInt64(iamcollect.WholeDays(*t, now))
}

// tfStringList is a sorted list of strings; none is an empty list, never
// null.
func tfStringList(values []string) tftypes.Value {
	if len(values) == 0 {
		return emptyStringList
	}
	sorted := slices.Sorted(slices.Values(values))
	elems := make([]tftypes.Value, len(sorted))
	for i, s := range sorted {
		elems[i] = tfString(s)
	}
	return tftypes.NewValue(tfStringListType, elems)
}

// tfStringMap is a map of strings; nil is an empty map, never null.
func tfStringMap(values map[string]string) tftypes.Value {
	if len(values) == 0 {
		return emptyStringMap
	}
	elems := make(map[string]tftypes.Value, len(values))
	for k, s := range values {
		elems[k] = tfString(s)
	}
	return tftypes.NewValue(tfStringMapType, elems)
}

// terraformObject builds one object of type o from every attribute's value.
func (o objectType) terraformObject(attrs map[string]tftypes.Value) tftypes.Value {
	return tftypes.NewValue(o.tfObject, attrs)
}

// terraformList builds a list of o's objects; none is an empty list, never
// null.
func (o objectType) terraformList(elems []tftypes.Value) tftypes.Value {
	if len(elems) == 0 {
		return o.tfEmptyList
	}
	return tftypes.NewValue(o.tfList, elems)
}

// frameworkObject converts an object of type o built here to the
// framework's value.
func (o objectType) frameworkObject(ctx context.Context, v tftypes.Value) (types.Object, error) {
	value, err := o.objType.ValueFromTerraform(ctx, v)
	if err != nil {
		return types.ObjectNull(o.attrTypes), err
	}
	obj, ok := value.(types.Object)
	if !ok {
		return types.ObjectNull(o.attrTypes), fmt.Errorf("converting an object of %s: got %T", o.objType, value)
	}
	return obj, nil
}

// listParallelMin is the list length from which list work (building,
// encoding) is split between goroutines: below it a goroutine costs more
// than it saves.
const listParallelMin = 512

// inRanges calls work on consecutive ranges [start, end) covering 0..n,
// with up to GOMAXPROCS goroutines from listParallelMin items on, and
// returns when every call has. work must touch only its own range.
func inRanges(n int, work func(start, end int)) {
	workers := min(runtime.GOMAXPROCS(0), n/listParallelMin)
	if workers < 2 {
		work(0, n)
		return
	}
	var g errgroup.Group
	chunk := (n + workers - 1) / workers
	for start := 0; start < n; start += chunk {
		g.Go(func() error {
			work(start, min(start+chunk, n))
			return nil
		})
	}
	_ = g.Wait()
}

// terraformObjects builds a list of o's objects, one per item, concurrently
// (inRanges): each element is built from its own item alone. The error
// joins build's errors (an unparsable policy, say) in item order, one per
// failed item. A value that does not fit o's type is a bug in this
// package: tftypes panics on it, and the panic becomes the error, never a
// crash of the plan.
func terraformObjects[T any](o objectType, items []T, build func(T) (map[string]tftypes.Value, error)) (tftypes.Value, error) {
	elems := make([]tftypes.Value, len(items))
	errs := make([]error, len(items))
	inRanges(len(items), func(start, end int) {
		for i := start; i < end; i++ {
			elems[i], errs[i] = buildObject(o, items[i], build)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return tftypes.Value{}, err
	}
	return buildList(o, elems)
}

// buildObject builds one object, turning a tftypes panic into an error.
func buildObject[T any](o objectType, item T, build func(T) (map[string]tftypes.Value, error)) (tftypes.Value, error) {
	return recovered(o, func() (tftypes.Value, error) {
		attrs, err := build(item)
		if err != nil {
			return tftypes.Value{}, err
		}
		return o.terraformObject(attrs), nil
	})
}

// buildList builds the list of elems, turning a tftypes panic into an error.
func buildList(o objectType, elems []tftypes.Value) (tftypes.Value, error) {
	return recovered(o, func() (tftypes.Value, error) { return o.terraformList(elems), nil })
}

// recovered runs build, which builds values of type o (or lists of them);
// tftypes panics on a value that does not fit its type, a bug in this
// package, and recovered makes that an error.
func recovered(o objectType, build func() (tftypes.Value, error)) (v tftypes.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building a value of %s: %v", o.objType, r)
		}
	}()
	return build()
}

// terraformTypes derives the Terraform object and list types of attrTypes,
// as types.ObjectType.TerraformType does (TestValueTypes_matchSchemas
// compares them with the schema's).
func terraformTypes(attrTypes map[string]attr.Type) (tftypes.Object, tftypes.List) {
	tfAttrTypes := make(map[string]tftypes.Type, len(attrTypes))
	for name, t := range attrTypes {
		tfAttrTypes[name] = t.TerraformType(context.Background())
	}
	obj := tftypes.Object{AttributeTypes: tfAttrTypes}
	return obj, tftypes.List{ElementType: obj}
}

// terraformListType is the list type a built list attribute declares
// (objectType.builtList): its values (terraformList) keep Terraform's
// representation, so State.Set takes a built list as it is instead of
// converting it to framework values and back, and setBuiltState knows the
// attributes the protocol server encodes itself (protocol_server.go). A
// value becomes a framework value only when some code asks for one
// (ToListValue), with exactly the framework's conversion. Where the
// framework does see a built list (a Read called without the protocol
// server), its semantic-equality pass converts each top-level attribute to
// a framework value first; Equal then compares without a walk when both
// sides are the same value.

var (
	_ basetypes.ListTypable  = terraformListType{}
	_ basetypes.ListValuable = terraformList{}
)

// terraformListType is a list of objects whose values are terraformList.
type terraformListType struct {
	basetypes.ListType
}

// Equal is true for a terraformListType of the same elements only.
func (t terraformListType) Equal(o attr.Type) bool {
	other, ok := o.(terraformListType)
	return ok && t.ListType.Equal(other.ListType)
}

func (t terraformListType) String() string {
	return "terraformListType[" + t.ElemType.String() + "]"
}

// ValueType is terraformList.
func (t terraformListType) ValueType(context.Context) attr.Value {
	return terraformList{listType: t}
}

// ValueFromTerraform keeps in, after the framework's own type check.
func (t terraformListType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	list, err := t.listFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return list, nil
}

// listFromTerraform is ValueFromTerraform as a terraformList.
func (t terraformListType) listFromTerraform(ctx context.Context, in tftypes.Value) (terraformList, error) {
	if in.Type() == nil {
		return t.null(ctx), nil
	}
	if !in.Type().Equal(t.TerraformType(ctx)) {
		return terraformList{}, fmt.Errorf("can't use %s as value of List with ElementType %T, can only use %s values", in.String(), t.ElemType, t.ElemType.TerraformType(ctx).String())
	}
	return terraformList{listType: t, value: &in}, nil
}

// ValueFromList converts a framework list of t's elements.
func (t terraformListType) ValueFromList(ctx context.Context, in basetypes.ListValue) (basetypes.ListValuable, diag.Diagnostics) {
	var diags diag.Diagnostics
	value, err := in.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Value Conversion Error", err.Error())
		return t.null(ctx), diags
	}
	list, err := t.listFromTerraform(ctx, value)
	if err != nil {
		diags.AddError("Value Conversion Error", err.Error())
		return t.null(ctx), diags
	}
	return list, diags
}

// null is the null list of t.
func (t terraformListType) null(ctx context.Context) terraformList {
	null := tftypes.NewValue(t.TerraformType(ctx), nil)
	return terraformList{listType: t, value: &null}
}

// terraformList is a list value held in Terraform's representation. Copies
// share it; it is never modified.
type terraformList struct {
	listType terraformListType
	value    *tftypes.Value
}

// terraformListOf wraps a list value built here as a value of t.
func terraformListOf(t terraformListType, value tftypes.Value) terraformList {
	return terraformList{listType: t, value: &value}
}

func (v terraformList) Type(context.Context) attr.Type { return v.listType }

func (v terraformList) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	if v.value == nil {
		return v.listType.null(ctx).ToTerraformValue(ctx)
	}
	return *v.value, nil
}

func (v terraformList) IsNull() bool { return v.value == nil || v.value.IsNull() }

func (v terraformList) IsUnknown() bool { return v.value != nil && !v.value.IsKnown() }

// Equal compares the lists, without a walk when both are the same value.
func (v terraformList) Equal(o attr.Value) bool {
	other, ok := o.(terraformList)
	if !ok || !v.listType.Equal(other.listType) {
		return false
	}
	if v.value == other.value {
		return true
	}
	a, _ := v.ToTerraformValue(context.Background())
	b, _ := other.ToTerraformValue(context.Background())
	return a.Equal(b)
}

// ToListValue converts the list to the framework's value.
func (v terraformList) ToListValue(ctx context.Context) (basetypes.ListValue, diag.Diagnostics) {
	var diags diag.Diagnostics
	value, err := v.ToTerraformValue(ctx)
	if err == nil {
		var list attr.Value
		if list, err = v.listType.ListType.ValueFromTerraform(ctx, value); err == nil {
			if l, ok := list.(basetypes.ListValue); ok {
				return l, diags
			}
			err = fmt.Errorf("converting a list of %s: got %T", v.listType.ElemType, list)
		}
	}
	diags.AddError("Value Conversion Error", err.Error())
	return basetypes.NewListUnknown(v.listType.ElemType), diags
}

func (v terraformList) String() string {
	list, diags := v.ToListValue(context.Background())
	if diags.HasError() {
		return attr.UnknownValueString
	}
	return list.String()
}

// builtList gives a list nested attribute of o's objects, built here, the
// type terraformListType (see above), and its objects o's type.
func (o objectType) builtList(a schema.ListNestedAttribute) schema.ListNestedAttribute {
	a = o.typed(a)
	a.CustomType = o.builtListType()
	return a
}

// builtListType is the terraformListType of o's objects.
func (o objectType) builtListType() terraformListType {
	return terraformListType{ListType: o.listType}
}
