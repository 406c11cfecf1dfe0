package provider

import (
	"fmt"
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

// TestAccCredentialReport_rows asserts the report rows of the fixture's
// users; the report is account-wide, so the config filters it by user.
//
// moto deviations, asserted as moto behaves (on AWS the values in brackets):
//   - no <root_account> row [AWS: always the first row];
//   - password_last_changed is the user's creation time for every user
//     [AWS: when the password was set; null without a password];
//   - access_key_N_last_used_region and _service are null (not_supported)
//     [AWS: "us-east-1" and "sts" for a used key];
//   - cert_N_last_rotated are N/A (null) and password_next_rotation is
//     not_supported (null) [AWS: null too without certificates or expiry].
func TestAccCredentialReport_rows(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	fx := seedUsers(t, srv) // regenerates the report after seeding
	fx.withLastUse(t, srv.IAM())
	users := []string{fx.alice.name, fx.bob.name, fx.carol.name}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + credentialReportConfig(users),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.iamaudit_credential_report.test", tfjsonpath.New("generated_at"),
					knownvalue.StringRegexp(usersTimestampRE)),
				statecheck.ExpectKnownOutputValue("fixture_rows", knownvalue.ListExact([]knownvalue.Check{
					reportRowCheck(fx.alice, true, &fx.passwordUsedAlice, true),
					reportRowCheck(fx.bob, false, nil, false),
					reportRowCheck(fx.carol, true, &fx.passwordUsedCarol, true),
				})),
			},
		}, {
			// The users filter: exactly the named rows, nothing of other users.
			Config: srv.ProviderConfig() + fmt.Sprintf(`
data "iamaudit_credential_report" "test" {
  users = [%[1]q, %[2]q]
}
`, fx.carol.name, fx.alice.name),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.iamaudit_credential_report.test", tfjsonpath.New("rows"), knownvalue.ListExact([]knownvalue.Check{
					reportRowCheck(fx.alice, true, &fx.passwordUsedAlice, true),
					reportRowCheck(fx.carol, true, &fx.passwordUsedCarol, true),
				})),
			},
		}},
	})
}

// reportRowCheck is the exact row of a seeded user (see the deviations above).
func reportRowCheck(u seededUser, password bool, passwordUsed *time.Time, mfa bool) knownvalue.Check {
	row := map[string]knownvalue.Check{
		"user":                   knownvalue.StringExact(u.name),
		"arn":                    knownvalue.StringExact(u.arn),
		"user_creation_time":     knownvalue.StringExact(formatTime(u.created)),
		"password_enabled":       knownvalue.Bool(password),
		"password_last_used":     usersTimeCheck(passwordUsed),
		"password_last_changed":  knownvalue.StringExact(formatTime(u.created)), // moto
		"password_next_rotation": knownvalue.Null(),
		"mfa_active":             knownvalue.Bool(mfa),
		"cert_1_active":          knownvalue.Bool(false),
		"cert_1_last_rotated":    knownvalue.Null(),
		"cert_2_active":          knownvalue.Bool(false),
		"cert_2_last_rotated":    knownvalue.Null(),
	}
	for i := range 2 {
		prefix := fmt.Sprintf("access_key_%d_", i+1)
		row[prefix+"active"] = knownvalue.Bool(false)
		row[prefix+"last_rotated"] = knownvalue.Null()
		row[prefix+"last_used_date"] = knownvalue.Null()
		row[prefix+"last_used_region"] = knownvalue.Null()  // moto: not_supported
		row[prefix+"last_used_service"] = knownvalue.Null() // moto: not_supported
		if i < len(u.keys) {
			k := u.keys[i]
			row[prefix+"active"] = knownvalue.Bool(k.active)
			row[prefix+"last_rotated"] = knownvalue.StringExact(formatTime(k.created))
			row[prefix+"last_used_date"] = usersTimeCheck(k.lastUsed)
		}
	}
	return knownvalue.ObjectExact(row)
}

func credentialReportConfig(users []string) string {
	return fixtureUsersConfig(users, `data "iamaudit_credential_report" "test" {}`,
		"fixture_rows", "data.iamaudit_credential_report.test.rows", "user", "e")
}

func TestUnitCredentialReport_mapping(t *testing.T) {
	t.Parallel()
	generated := time.Date(2025, 6, 1, 8, 0, 0, 123_000_000, time.UTC)
	created := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	used := time.Date(2025, 5, 30, 1, 2, 3, 0, time.UTC)
	enabled := true
	report := &iamcollect.CredentialReport{
		GeneratedAt: generated,
		Rows: []iamcollect.CredentialReportRow{
			{
				User: iamcollect.RootUserName, ARN: "arn:aws:iam::111122223333:root", UserCreationTime: &created,
				PasswordLastUsed: &used, MFAActive: true,
			},
			{
				User: "alice", ARN: "arn:aws:iam::111122223333:user/alice", UserCreationTime: &created,
				PasswordEnabled: &enabled, PasswordLastChanged: &created,
				AccessKey1Active: true, AccessKey1LastRotated: &created, AccessKey1LastUsedDate: &used,
				AccessKey1LastUsedRegion: "us-east-1", AccessKey1LastUsedService: "s3",
				AccessKey2LastRotated: &created, Cert2Active: true, Cert2LastRotated: &created,
			},
		},
	}
	got, err := newCredentialReportModel(report, nil)
	if err != nil {
		t.Fatalf("newCredentialReportModel: %v", err)
	}
	// rows converts the built rows to the framework's value to decode them.
	rows := func(l terraformList) types.List {
		t.Helper()
		value, err := l.ToTerraformValue(t.Context())
		if err != nil {
			t.Fatalf("ToTerraformValue: %v", err)
		}
		return mustListValue(t, credentialReportRowType, value)
	}
	null := types.StringNull()
	want := struct {
		GeneratedAt types.String
		Rows        []credentialReportRowModel
	}{
		GeneratedAt: types.StringValue("2025-06-01T08:00:00Z"),
		Rows: []credentialReportRowModel{
			{
				User: types.StringValue("<root_account>"), ARN: types.StringValue("arn:aws:iam::111122223333:root"),
				UserCreationTime: types.StringValue("2020-01-02T03:04:05Z"), PasswordEnabled: types.BoolNull(),
				PasswordLastUsed: types.StringValue("2025-05-30T01:02:03Z"), PasswordLastChanged: null, PasswordNextRotation: null,
				MFAActive:        types.BoolValue(true),
				AccessKey1Active: types.BoolValue(false), AccessKey1LastRotated: null, AccessKey1LastUsedDate: null,
				AccessKey1LastUsedRegion: null, AccessKey1LastUsedService: null,
				AccessKey2Active: types.BoolValue(false), AccessKey2LastRotated: null, AccessKey2LastUsedDate: null,
				AccessKey2LastUsedRegion: null, AccessKey2LastUsedService: null,
				Cert1Active: types.BoolValue(false), Cert1LastRotated: null, Cert2Active: types.BoolValue(false), Cert2LastRotated: null,
			},
			{
				User: types.StringValue("alice"), ARN: types.StringValue("arn:aws:iam::111122223333:user/alice"),
				UserCreationTime: types.StringValue("2020-01-02T03:04:05Z"), PasswordEnabled: types.BoolValue(true),
				PasswordLastUsed: null, PasswordLastChanged: types.StringValue("2020-01-02T03:04:05Z"), PasswordNextRotation: null,
				MFAActive:        types.BoolValue(false),
				AccessKey1Active: types.BoolValue(true), AccessKey1LastRotated: types.StringValue("2020-01-02T03:04:05Z"),
				AccessKey1LastUsedDate:   types.StringValue("2025-05-30T01:02:03Z"),
				AccessKey1LastUsedRegion: types.StringValue("us-east-1"), AccessKey1LastUsedService: types.StringValue("s3"),
				AccessKey2Active: types.BoolValue(false), AccessKey2LastRotated: types.StringValue("2020-01-02T03:04:05Z"),
				AccessKey2LastUsedDate: null, AccessKey2LastUsedRegion: null, AccessKey2LastUsedService: null,
				Cert1Active: types.BoolValue(false), Cert1LastRotated: null,
				Cert2Active: types.BoolValue(true), Cert2LastRotated: types.StringValue("2020-01-02T03:04:05Z"),
			},
		},
	}
	if !got.GeneratedAt.Equal(want.GeneratedAt) {
		t.Errorf("generated_at = %s, want %s", got.GeneratedAt, want.GeneratedAt)
	}
	if diff := cmp.Diff(want.Rows, decodeList[credentialReportRowModel](t, rows(got.Rows))); diff != "" {
		t.Errorf("newCredentialReportModel rows (-want +got):\n%s", diff)
	}

	// The users filter keeps only the named rows, root included by its report name.
	for _, users := range [][]string{{"alice"}, {iamcollect.RootUserName}, {"alice", "nobody"}} {
		filtered, err := newCredentialReportModel(report, users)
		if err != nil {
			t.Fatalf("newCredentialReportModel(users=%q): %v", users, err)
		}
		var wantRows []credentialReportRowModel
		for _, r := range want.Rows {
			if slices.Contains(users, r.User.ValueString()) {
				wantRows = append(wantRows, r)
			}
		}
		if diff := cmp.Diff(wantRows, decodeList[credentialReportRowModel](t, rows(filtered.Rows))); diff != "" {
			t.Errorf("newCredentialReportModel(users=%q) rows (-want +got):\n%s", users, diff)
		}
	}
}
