package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

func TestAccAccessKeys_filters(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	fx := seedUsers(t, srv)
	fx.withLastUse(t, srv.IAM())
	const addr = "data.iamaudit_access_keys.test"

	aliceUsed := accessKeyCheck(fx.alice.name, fx.alice.keys[0], 100, 30)
	aliceInactive := accessKeyCheck(fx.alice.name, fx.alice.keys[1], 0, -1)
	bobKey := accessKeyCheck(fx.bob.name, fx.bob.keys[0], 0, -1)
	aliceKeys := []knownvalue.Check{aliceUsed, aliceInactive}
	if fx.alice.keys[1].id < fx.alice.keys[0].id { // sorted by key ID within a user
		aliceKeys = []knownvalue.Check{aliceInactive, aliceUsed}
	}
	users := []string{fx.alice.name, fx.bob.name, fx.carol.name}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.ProviderConfig() + accessKeysConfig(fx.alice.name, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_name"), knownvalue.StringExact(fx.alice.name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_keys"), knownvalue.ListExact(aliceKeys)),
				},
			},
			{
				Config: srv.ProviderConfig() + accessKeysConfig(fx.alice.name, "Inactive"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_keys"), knownvalue.ListExact([]knownvalue.Check{aliceInactive})),
				},
			},
			{
				Config: srv.ProviderConfig() + accessKeysConfig(fx.bob.name, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_keys"), knownvalue.ListExact([]knownvalue.Check{bobKey})),
				},
			},
			{
				Config: srv.ProviderConfig() + accessKeysConfig(fx.carol.name, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_keys"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				// Account-wide, Active only: the fixture's share of it, by
				// user name, then key ID.
				Config: srv.ProviderConfig() + accessKeysActiveConfig(users),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("fixture_keys", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact(fx.alice.keys[0].id),
						knownvalue.StringExact(fx.bob.keys[0].id),
					})),
				},
			},
		},
	})
}

func TestAccAccessKeys_invalidFilters(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      srv.ProviderConfig() + accessKeysConfig("someone", "active"),
				ExpectError: regexp.MustCompile(`value must be one of: \["Active" "Inactive"\]`),
			},
			{
				Config:      srv.ProviderConfig() + accessKeysConfig("not/a/name", ""),
				ExpectError: regexp.MustCompile(`must be 1 to 64 characters of letters, digits and`),
			},
		},
	})
}

// accessKeyCheck is the exact access_keys element of a seeded key.
// GetAccessKeyLastUsed on moto reports service "sts" and region
// "us-east-1" for keys used through acctest's MarkAccessKeyUsed.
func accessKeyCheck(user string, k seededKey, ageDays, lastUsedDays int64) knownvalue.Check {
	var service, region knownvalue.Check
	status := "Inactive"
	service, region = knownvalue.Null(), knownvalue.Null()
	if k.active {
		status = "Active"
	}
	if k.lastUsed != nil {
		service, region = knownvalue.StringExact("sts"), knownvalue.StringExact("us-east-1")
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"user_name":         knownvalue.StringExact(user),
		"access_key_id":     knownvalue.StringExact(k.id),
		"status":            knownvalue.StringExact(status),
		"create_date":       knownvalue.StringExact(formatTime(k.created)),
		"age_days":          knownvalue.Int64Exact(ageDays),
		"last_used_date":    usersTimeCheck(k.lastUsed),
		"last_used_days":    usersDaysCheck(lastUsedDays),
		"last_used_service": service,
		"last_used_region":  region,
	})
}

func accessKeysConfig(userName, status string) string {
	statusLine := ""
	if status != "" {
		statusLine = fmt.Sprintf("status    = %q", status)
	}
	return fmt.Sprintf(`
data "iamaudit_access_keys" "test" {
  user_name = %[1]q
  %[2]s
}
`, userName, statusLine)
}

func accessKeysActiveConfig(users []string) string {
	return fixtureUsersConfig(users, "data \"iamaudit_access_keys\" \"active\" {\n  status = \"Active\"\n}",
		"fixture_keys", "data.iamaudit_access_keys.active.access_keys", "user_name", "e.access_key_id")
}

func TestUnitAccessKeys_filter(t *testing.T) {
	t.Parallel()
	keys := []iamcollect.AccessKey{
		{UserName: "bob", AccessKeyID: "AKIAB2", Status: "Inactive"},
		{UserName: "alice", AccessKeyID: "AKIAA2", Status: "Active"},
		{UserName: "bob", AccessKeyID: "AKIAB1", Status: "Active"},
		{UserName: "alice", AccessKeyID: "AKIAA1", Status: "Inactive"},
	}
	tests := map[string]struct {
		user, status string
		want         []string
	}{
		"all, sorted by user then ID": {want: []string{"AKIAA1", "AKIAA2", "AKIAB1", "AKIAB2"}},
		"one user":                    {user: "bob", want: []string{"AKIAB1", "AKIAB2"}},
		"user name ignores case":      {user: "BOB", want: []string{"AKIAB1", "AKIAB2"}},
		"active":                      {status: "Active", want: []string{"AKIAA2", "AKIAB1"}},
		"user and status":             {user: "alice", status: "Inactive", want: []string{"AKIAA1"}},
		"unknown user":                {user: "carol", want: []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := []string{}
			for _, k := range filterAccessKeys(keys, tc.user, tc.status) {
				got = append(got, k.AccessKeyID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("filterAccessKeys(%q, %q) = %q, want %q", tc.user, tc.status, got, tc.want)
			}
		})
	}
}

func TestUnitAccessKeys_mapping(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	created := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	used := time.Date(2025, 5, 2, 11, 59, 59, 999_000_000, time.UTC)
	accessKeys := func(keys []iamcollect.AccessKey) types.List {
		t.Helper()
		value, err := accessKeysTerraformValue(keys, now)
		if err != nil {
			t.Fatalf("accessKeysTerraformValue: %v", err)
		}
		return mustListValue(t, accessKeyType, value)
	}
	got := decodeList[accessKeyModel](t, accessKeys([]iamcollect.AccessKey{
		{UserName: "alice", AccessKeyID: "AKIAA1", Status: "Active", CreateDate: created, LastUsedDate: &used, LastUsedService: "s3", LastUsedRegion: "eu-west-1"},
		{UserName: "alice", AccessKeyID: "AKIAA2", Status: "Inactive", CreateDate: now},
	}))
	want := []accessKeyModel{
		{
			UserName: types.StringValue("alice"), AccessKeyID: types.StringValue("AKIAA1"), Status: types.StringValue("Active"),
			CreateDate: types.StringValue("2024-06-01T12:00:00Z"), AgeDays: types.Int64Value(365),
			LastUsedDate: types.StringValue("2025-05-02T11:59:59Z"), LastUsedDays: types.Int64Value(30),
			LastUsedService: types.StringValue("s3"), LastUsedRegion: types.StringValue("eu-west-1"),
		},
		{
			UserName: types.StringValue("alice"), AccessKeyID: types.StringValue("AKIAA2"), Status: types.StringValue("Inactive"),
			CreateDate: types.StringValue("2025-06-01T12:00:00Z"), AgeDays: types.Int64Value(0),
			LastUsedDate: types.StringNull(), LastUsedDays: types.Int64Null(),
			LastUsedService: types.StringNull(), LastUsedRegion: types.StringNull(),
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accessKeysTerraformValue (-want +got):\n%s", diff)
	}
	if got := accessKeys(nil); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("accessKeysTerraformValue(nil) = %s, want an empty, non-null list", got)
	}
}
