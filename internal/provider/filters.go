package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// pathPrefixPattern is IAM's rule for the PathPrefix of the List* calls: a
// slash followed by printable ASCII. Unlike a path it need not end in "/".
var pathPrefixPattern = regexp.MustCompile(`^/[\x21-\x7E]*$`)

// pathNameRegex is where errors about the name_regex filter point.
var pathNameRegex = path.Root("name_regex")

// pathPrefixValidator accepts IAM path prefixes such as "/" or "/audit/".
func pathPrefixValidator() validator.String {
	return stringvalidator.All(
		stringvalidator.LengthBetween(1, 512),
		stringvalidator.RegexMatches(pathPrefixPattern, `must begin with "/", such as "/" or "/audit/", using printable ASCII`),
	)
}

// regexValidator accepts strings that compile as Go (RE2) regular expressions.
type regexValidator struct{}

// nameRegexValidator accepts Go (RE2) regular expressions.
func nameRegexValidator() validator.String {
	return regexValidator{}
}

func (regexValidator) Description(_ context.Context) string {
	return "must be a valid regular expression in Go (RE2) syntax"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v regexValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Regular Expression",
			fmt.Sprintf("%q %s: %s.", req.ConfigValue.ValueString(), v.Description(ctx), err))
	}
}

// pathPrefixAttribute is the optional path_prefix filter of a list data
// source; entities names what it lists ("users", "roles").
func pathPrefixAttribute(entities string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("Only return %[1]s whose path starts with this prefix, as IAM's `PathPrefix` "+
			"does: `/` matches all %[1]s, `/audit/` those under `/audit/`. Must begin with `/`.", entities),
		Optional:   true,
		Validators: []validator.String{pathPrefixValidator()},
	}
}

// nameRegexAttribute is the optional name_regex filter of a list data source.
func nameRegexAttribute(entities string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("Only return %s whose name matches this regular expression (Go RE2 syntax, "+
			"unanchored: use `^` and `$` to match the whole name).", entities),
		Optional:   true,
		Validators: []validator.String{nameRegexValidator()},
	}
}

// nameFilter holds the path_prefix and name_regex filters of a list data
// source. The zero value matches everything.
type nameFilter struct {
	pathPrefix string
	nameRegex  *regexp.Regexp
}

// newNameFilter builds a filter from the configured attributes; null means
// no filter. The validators already accepted the regular expression.
func newNameFilter(pathPrefix, nameRegex types.String) (nameFilter, error) {
	f := nameFilter{pathPrefix: pathPrefix.ValueString()}
	if nameRegex.IsNull() || nameRegex.IsUnknown() {
		return f, nil
	}
	re, err := regexp.Compile(nameRegex.ValueString())
	if err != nil {
		return f, fmt.Errorf("name_regex %q: %w", nameRegex.ValueString(), err)
	}
	f.nameRegex = re
	return f, nil
}

// readFilteredConfig reads the configuration of a list data source into
// model and returns the account it reads (model's account_id) and its name
// filter from prefix and regex (model's path_prefix and name_regex); ok is
// false when the read cannot go on (an invalid regular expression is an
// attribute error).
func readFilteredConfig(ctx context.Context, data *providerData, req datasource.ReadRequest, diags *diag.Diagnostics, model any, accountID, prefix, regex *types.String) (*accountScope, nameFilter, bool) {
	diags.Append(req.Config.Get(ctx, model)...)
	if diags.HasError() {
		return nil, nameFilter{}, false
	}
	f, err := newNameFilter(*prefix, *regex)
	if err != nil {
		diags.AddAttributeError(pathNameRegex, "Invalid Regular Expression", err.Error())
		return nil, f, false
	}
	scope, ok := data.scope(ctx, *accountID, diags)
	return scope, f, ok
}

// matches reports whether an entity with this name and path passes the filter.
func (f nameFilter) matches(name, path string) bool {
	if !strings.HasPrefix(path, f.pathPrefix) {
		return false
	}
	return f.nameRegex == nil || f.nameRegex.MatchString(name)
}
