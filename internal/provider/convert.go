package provider

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// timestampLayout is the one timestamp form every attribute uses: UTC,
// second precision, "Z" suffix.
const timestampLayout = time.RFC3339

// formatTime renders t in the provider's timestamp form.
func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(timestampLayout)
}

// timeValueOf renders a timestamp that always exists.
func timeValueOf(t time.Time) types.String {
	return types.StringValue(formatTime(t))
}

// timeValue renders an optional timestamp; nil (never happened, unknown) is null.
func timeValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return timeValueOf(*t)
}

// timeValueOrNull renders t, or null for the zero time (AWS did not say).
func timeValueOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return timeValueOf(t)
}

// optionalString maps "" (absent in AWS's answer) to null.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// stringList returns a sorted list value; an empty input is an empty list,
// never null, so `length(...)` works in checks.
func stringList(ctx context.Context, values []string, diags *diag.Diagnostics) types.List {
	sorted := slices.Sorted(slices.Values(values))
	if sorted == nil {
		sorted = []string{}
	}
	v, d := types.ListValueFrom(ctx, types.StringType, sorted)
	diags.Append(d...)
	return v
}

// stringMap returns a map value; nil is an empty map, never null.
func stringMap(ctx context.Context, values map[string]string, diags *diag.Diagnostics) types.Map {
	if values == nil {
		values = map[string]string{}
	}
	v, d := types.MapValueFrom(ctx, types.StringType, maps.Clone(values))
	diags.Append(d...)
	return v
}
