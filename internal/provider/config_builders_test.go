package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// quotedHCLList renders strings as the elements of an HCL list.
func quotedHCLList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// fixtureUsersConfig is dataHCL (an account-wide data source) with an
// output of the fixture's share of it: value (an expression of e) for each
// element e of list whose userAttr is one of users.
func fixtureUsersConfig(users []string, dataHCL, output, list, userAttr, value string) string {
	return fmt.Sprintf(`
locals {
  fixture_users = [%[1]s]
}

%[2]s

output %[3]q {
  value = [for e in %[4]s : %[5]s if contains(local.fixture_users, e.%[6]s)]
}
`, quotedHCLList(users), dataHCL, output, list, value, userAttr)
}

// filteredListConfig reads the list data source typeName as "test", under
// pathPrefix ("" = no filter), with extra arguments.
func filteredListConfig(typeName, pathPrefix, extra string) string {
	prefix := ""
	if pathPrefix != "" {
		prefix = fmt.Sprintf("path_prefix = %q", pathPrefix)
	}
	return fmt.Sprintf(`
data %[1]q "test" {
  %[2]s
  %[3]s
}
`, typeName, prefix, extra)
}

// identityResourceConfig is a provider block and one resource typeName
// "test" with name, path and more arguments (one per line).
func identityResourceConfig(providerHCL, typeName, name, iamPath string, body ...string) string {
	return providerHCL + fmt.Sprintf(`
resource %[1]q "test" {
  name = %[2]q
  path = %[3]q
  %[4]s
}
`, typeName, name, iamPath, strings.Join(body, "\n  "))
}

// invalidConfigStep is a plan-only step whose config must fail with an
// error containing errText (whitespace may be wrapped).
func invalidConfigStep(config, errText string) resource.TestStep {
	return resource.TestStep{Config: config, PlanOnly: true, ExpectError: wrappedRE(errText)}
}
