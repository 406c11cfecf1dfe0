package provider

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

func TestAccUser_basic(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	fx := seedUsers(t, srv)
	fx.withLastUse(t, srv.IAM())
	want := fx.expectedUsers()

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            srv.ProviderConfig() + userConfig(fx.alice.name),
				ConfigStateChecks: userStateChecks("data.iamaudit_user.test", want["alice"]),
			},
			{
				Config:            srv.ProviderConfig() + userConfig(fx.bob.name),
				ConfigStateChecks: userStateChecks("data.iamaudit_user.test", want["bob"]),
			},
			{
				Config:            srv.ProviderConfig() + userConfig(fx.carol.name),
				ConfigStateChecks: userStateChecks("data.iamaudit_user.test", want["carol"]),
			},
		},
	})
}

func TestAccUser_notFound(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	name := acctest.RandomName("acc-missing")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      srv.ProviderConfig() + userConfig(name),
			ExpectError: regexp.MustCompile(`IAM User Not Found[\s\S]*No IAM user named "` + regexp.QuoteMeta(name) + `"[\s\S]*exists in[\s\S]*account 123456789012`),
		}},
	})
}

func TestAccUser_invalidName(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      srv.ProviderConfig() + userConfig("no spaces allowed"),
			ExpectError: regexp.MustCompile(`must be 1 to 64 characters of letters, digits and`),
		}},
	})
}

// userStateChecks checks every attribute of an iamaudit_user against the
// checks of a users[] element, plus the report time.
func userStateChecks(addr string, attrs map[string]knownvalue.Check) []statecheck.StateCheck {
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	checks := make([]statecheck.StateCheck, 0, len(attrs)+1)
	for _, name := range names {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), attrs[name]))
	}
	return append(checks, statecheck.ExpectKnownValue(addr,
		tfjsonpath.New("credential_report_generated_at"), knownvalue.StringRegexp(usersTimestampRE)),
		reportBackedUser(addr, -1))
}

func userConfig(name string) string {
	return fmt.Sprintf(`
data "iamaudit_user" "test" {
  name = %[1]q
}
`, name)
}

func TestUnitUser_find(t *testing.T) {
	t.Parallel()
	users := []iamcollect.User{{Name: "Alice", ARN: "a1"}, {Name: "alice2", ARN: "a2"}, {Name: "bob", ARN: "b"}}
	tests := map[string]struct {
		name    string
		wantARN string
		found   bool
	}{
		"exact":                 {name: "bob", wantARN: "b", found: true},
		"case-insensitive":      {name: "ALICE", wantARN: "a1", found: true},
		"exact over prefix":     {name: "alice2", wantARN: "a2", found: true},
		"missing":               {name: "carol"},
		"no partial match":      {name: "ali"},
		"no match on the empty": {name: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			u, found := findUser(users, tc.name)
			if found != tc.found || u.ARN != tc.wantARN {
				t.Errorf("findUser(%q) = %q, %t; want %q, %t", tc.name, u.ARN, found, tc.wantARN, tc.found)
			}
		})
	}
}
