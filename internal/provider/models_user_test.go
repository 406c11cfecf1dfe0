package provider

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// usersUnitNow is the fixed clock of the unit tests.
var usersUnitNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// usersDaysAgo returns a pointer to usersUnitNow minus d days and extra.
func usersDaysAgo(d int, extra time.Duration) *time.Time {
	t := usersUnitNow.Add(-time.Duration(d)*24*time.Hour - extra)
	return &t
}

func TestUnitUserModel_lastActivity(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		user iamcollect.User
		want types.Int64
	}{
		"never used, only created": {
			user: iamcollect.User{
				CreateDate: *usersDaysAgo(400, 0),
				AccessKeys: []iamcollect.AccessKeySlot{{Slot: 1, Active: true, CreateDate: *usersDaysAgo(300, 0)}},
			},
			want: types.Int64Null(),
		},
		"password only": {
			user: iamcollect.User{PasswordLastUsed: usersDaysAgo(12, time.Hour)},
			want: types.Int64Value(12),
		},
		"key newer than password": {
			user: iamcollect.User{
				PasswordLastUsed: usersDaysAgo(40, 0),
				AccessKeys: []iamcollect.AccessKeySlot{
					{Slot: 1, LastUsedDate: usersDaysAgo(90, 0)},
					{Slot: 2, LastUsedDate: usersDaysAgo(3, 23*time.Hour)},
				},
			},
			want: types.Int64Value(3),
		},
		"password newer than keys": {
			user: iamcollect.User{
				PasswordLastUsed: usersDaysAgo(1, 0),
				AccessKeys:       []iamcollect.AccessKeySlot{{Slot: 1, LastUsedDate: usersDaysAgo(2, 0)}},
			},
			want: types.Int64Value(1),
		},
		"second key only, first never used": {
			user: iamcollect.User{
				AccessKeys: []iamcollect.AccessKeySlot{{Slot: 1}, {Slot: 2, LastUsedDate: usersDaysAgo(45, 0)}},
			},
			want: types.Int64Value(45),
		},
		"used moments ago": {
			user: iamcollect.User{PasswordLastUsed: usersDaysAgo(0, time.Minute)},
			want: types.Int64Value(0),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := tc.want.ToTerraformValue(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got := tfDaysSince(lastActivity(tc.user), usersUnitNow); !got.Equal(want) {
				t.Errorf("last_activity_days = %s, want %s", got, want)
			}
		})
	}
}

func TestUnitUserModel_activeKeyCount(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		slots []iamcollect.AccessKeySlot
		want  int64
	}{
		"none":              {slots: nil, want: 0},
		"one inactive":      {slots: []iamcollect.AccessKeySlot{{Slot: 1}}, want: 0},
		"one of two active": {slots: []iamcollect.AccessKeySlot{{Slot: 1, Active: true}, {Slot: 2}}, want: 1},
		"both active":       {slots: []iamcollect.AccessKeySlot{{Slot: 1, Active: true}, {Slot: 2, Active: true}}, want: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := activeKeyCount(tc.slots); got != tc.want {
				t.Errorf("activeKeyCount = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestUnitUserModel_mapping(t *testing.T) {
	t.Parallel()
	created := time.Date(2025, 1, 1, 0, 0, 0, 500_000_000, time.UTC) // 151.5 days before usersUnitNow
	tests := map[string]struct {
		user iamcollect.User
		want userModel
	}{
		"console user with two keys": {
			user: iamcollect.User{
				Name:                   "alice",
				ARN:                    "arn:aws:iam::111122223333:user/staff/alice",
				UserID:                 "AIDAEXAMPLEALICE",
				Path:                   "/staff/",
				CreateDate:             created,
				Tags:                   map[string]string{"team": "platform"},
				PermissionsBoundaryARN: "arn:aws:iam::111122223333:policy/boundary",
				Groups:                 []string{"ops", "admins"},
				AttachedPolicyARNs:     []string{"arn:aws:iam::aws:policy/SecurityAudit"},
				InlinePolicyNames:      []string{"deny-billing"},
				InlinePolicies: []iamcollect.InlinePolicy{{Name: "deny-billing",
					Document: `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}}`}},
				PasswordEnabled:      true,
				PasswordLastUsed:     usersDaysAgo(40, 0),
				PasswordLastChanged:  &created,
				PasswordNextRotation: usersDaysAgo(-50, 0),
				MFAEnabled:           true,
				AccessKeys: []iamcollect.AccessKeySlot{
					{Slot: 1, Active: true, CreateDate: *usersDaysAgo(100, 0), LastUsedDate: usersDaysAgo(30, 0), LastUsedService: "s3", LastUsedRegion: "eu-west-1"},
					{Slot: 2, Active: false, CreateDate: *usersDaysAgo(0, time.Hour)},
				},
				CredentialsAsOf: *usersDaysAgo(0, 3*time.Hour),
			},
			want: userModel{
				Name:                   types.StringValue("alice"),
				ARN:                    types.StringValue("arn:aws:iam::111122223333:user/staff/alice"),
				UserID:                 types.StringValue("AIDAEXAMPLEALICE"),
				Path:                   types.StringValue("/staff/"),
				CreateDate:             types.StringValue("2025-01-01T00:00:00Z"),
				AgeDays:                types.Int64Value(151),
				Tags:                   types.MapValueMust(types.StringType, map[string]attr.Value{"team": types.StringValue("platform")}),
				PermissionsBoundaryARN: types.StringValue("arn:aws:iam::111122223333:policy/boundary"),
				Groups:                 usersStringList("admins", "ops"),
				AttachedPolicyARNs:     usersStringList("arn:aws:iam::aws:policy/SecurityAudit"),
				InlinePolicyNames:      usersStringList("deny-billing"),
				InlinePolicies: []inlinePolicyModel{{
					Name:             types.StringValue("deny-billing"),
					Document:         types.StringValue(`{"Statement":{"Effect":"Deny","NotAction":"s3:*","Resource":"*"},"Version":"2012-10-17"}`),
					GrantsFullAdmin:  types.BoolValue(false),
					GrantsStarOnStar: types.BoolValue(false),
					FullAdminReason:  types.StringNull(),
				}},
				PasswordEnabled:      types.BoolValue(true),
				PasswordLastUsed:     types.StringValue("2025-04-22T12:00:00Z"),
				PasswordLastUsedDays: types.Int64Value(40),
				PasswordLastChanged:  types.StringValue("2025-01-01T00:00:00Z"),
				PasswordNextRotation: types.StringValue("2025-07-21T12:00:00Z"),
				MFAEnabled:           types.BoolValue(true),
				AccessKeys: []accessKeySlotModel{
					{
						Slot: types.Int64Value(1), Active: types.BoolValue(true),
						CreateDate: types.StringValue("2025-02-21T12:00:00Z"), AgeDays: types.Int64Value(100),
						LastUsedDate: types.StringValue("2025-05-02T12:00:00Z"), LastUsedDays: types.Int64Value(30),
						LastUsedService: types.StringValue("s3"),
					},
					{
						Slot: types.Int64Value(2), Active: types.BoolValue(false),
						CreateDate: types.StringValue("2025-06-01T11:00:00Z"), AgeDays: types.Int64Value(0),
						LastUsedDate: types.StringNull(), LastUsedDays: types.Int64Null(), LastUsedService: types.StringNull(),
					},
				},
				ActiveAccessKeyCount: types.Int64Value(1),
				LastActivityDays:     types.Int64Value(30),
				CredentialsAsOf:      types.StringValue("2025-06-01T09:00:00Z"),
			},
		},
		"programmatic-only user without anything": {
			user: iamcollect.User{
				Name:       "bob",
				ARN:        "arn:aws:iam::111122223333:user/bob",
				UserID:     "AIDAEXAMPLEBOB",
				Path:       "/",
				CreateDate: created,
			},
			want: userModel{
				Name:                   types.StringValue("bob"),
				ARN:                    types.StringValue("arn:aws:iam::111122223333:user/bob"),
				UserID:                 types.StringValue("AIDAEXAMPLEBOB"),
				Path:                   types.StringValue("/"),
				CreateDate:             types.StringValue("2025-01-01T00:00:00Z"),
				AgeDays:                types.Int64Value(151),
				Tags:                   types.MapValueMust(types.StringType, map[string]attr.Value{}),
				PermissionsBoundaryARN: types.StringNull(),
				Groups:                 usersStringList(),
				AttachedPolicyARNs:     usersStringList(),
				InlinePolicyNames:      usersStringList(),
				InlinePolicies:         []inlinePolicyModel{},
				PasswordEnabled:        types.BoolValue(false),
				PasswordLastUsed:       types.StringNull(),
				PasswordLastUsedDays:   types.Int64Null(),
				PasswordLastChanged:    types.StringNull(),
				PasswordNextRotation:   types.StringNull(),
				MFAEnabled:             types.BoolValue(false),
				AccessKeys:             []accessKeySlotModel{},
				ActiveAccessKeyCount:   types.Int64Value(0),
				LastActivityDays:       types.Int64Null(),
				CredentialsAsOf:        types.StringNull(),
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			attrs, err := userTerraformAttributes(tc.user, usersUnitNow)
			if err != nil {
				t.Fatalf("userTerraformAttributes: %v", err)
			}
			value, err := userType.frameworkObject(context.Background(), userType.terraformObject(attrs))
			if err != nil {
				t.Fatalf("frameworkObject: %v", err)
			}
			if diff := cmp.Diff(tc.want, decodeObject[userModel](t, value)); diff != "" {
				t.Errorf("userTerraformAttributes (-want +got):\n%s", diff)
			}
		})
	}
}

// usersStringList is a list(string) value of values, in the given order.
func usersStringList(values ...string) types.List {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.ListValueMust(types.StringType, elems)
}
