package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNameFilter(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		pathPrefix, nameRegex types.String
		name, path            string
		want                  bool
	}{
		"no filter":                  {types.StringNull(), types.StringNull(), "anything", "/x/", true},
		"root prefix matches all":    {types.StringValue("/"), types.StringNull(), "a", "/deep/path/", true},
		"prefix matches":             {types.StringValue("/audit/"), types.StringNull(), "a", "/audit/x/", true},
		"prefix need not end in /":   {types.StringValue("/aud"), types.StringNull(), "a", "/audit/", true},
		"prefix does not match":      {types.StringValue("/audit/"), types.StringNull(), "a", "/", false},
		"regex is unanchored":        {types.StringNull(), types.StringValue("admin"), "org-admins", "/", true},
		"anchored regex":             {types.StringNull(), types.StringValue("^admin$"), "org-admins", "/", false},
		"regex is case-sensitive":    {types.StringNull(), types.StringValue("Admin"), "admin", "/", false},
		"case-insensitive flag":      {types.StringNull(), types.StringValue("(?i)Admin"), "admin", "/", true},
		"both must match":            {types.StringValue("/ops/"), types.StringValue("^deploy"), "deployer", "/dev/", false},
		"both match":                 {types.StringValue("/ops/"), types.StringValue("^deploy"), "deployer", "/ops/", true},
		"empty regex matches all":    {types.StringNull(), types.StringValue(""), "x", "/", true},
		"unknown regex is no filter": {types.StringNull(), types.StringUnknown(), "x", "/", true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := newNameFilter(tc.pathPrefix, tc.nameRegex)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.matches(tc.name, tc.path); got != tc.want {
				t.Errorf("matches(%q, %q) = %t, want %t", tc.name, tc.path, got, tc.want)
			}
		})
	}
}

func TestNewNameFilter_invalidRegex(t *testing.T) {
	t.Parallel()
	_, err := newNameFilter(types.StringNull(), types.StringValue("(unclosed"))
	if err == nil || err.Error() != "name_regex \"(unclosed\": error parsing regexp: missing closing ): `(unclosed`" {
		t.Errorf("newNameFilter() error = %v", err)
	}
}

func TestFilterValidators(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		v      validator.String
		value  string
		errors int
	}{
		"root prefix":           {pathPrefixValidator(), "/", 0},
		"prefix":                {pathPrefixValidator(), "/audit/", 0},
		"partial prefix":        {pathPrefixValidator(), "/aud", 0},
		"no leading slash":      {pathPrefixValidator(), "audit/", 1},
		"space":                 {pathPrefixValidator(), "/a b/", 1},
		"empty prefix":          {pathPrefixValidator(), "", 2},
		"valid regex":           {nameRegexValidator(), "^(admins|ops)-[0-9]+$", 0},
		"invalid regex":         {nameRegexValidator(), "(unclosed", 1},
		"perl lookahead is not": {nameRegexValidator(), "^(?!admin)", 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resp := &validator.StringResponse{}
			tc.v.ValidateString(t.Context(), validator.StringRequest{
				Path:        path.Root("filter"),
				ConfigValue: types.StringValue(tc.value),
			}, resp)
			if got := resp.Diagnostics.ErrorsCount(); got != tc.errors {
				t.Errorf("%q: %d errors, want %d: %v", tc.value, got, tc.errors, resp.Diagnostics)
			}
		})
	}
}
