package provider

import (
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

func TestAccMFADevices_users(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	fx := seedUsers(t, srv)
	users := []string{fx.alice.name, fx.bob.name, fx.carol.name}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The list is account-wide: assert the fixture's share of it.
			Config: srv.ProviderConfig() + mfaDevicesConfig(users),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("fixture_devices", knownvalue.ListExact([]knownvalue.Check{
					mfaDeviceCheck(fx.alice.mfaSerial, fx.alice.name, "virtual", fx.alice.mfaEnabled),
					// Found by ListMFADevices: the report shows MFA and no virtual device is assigned.
					mfaDeviceCheck(fx.carol.mfaSerial, fx.carol.name, "hardware", fx.carol.mfaEnabled),
				})),
			},
		}},
	})
}

func TestAccMFADevices_root(t *testing.T) {
	t.Parallel()
	// Root MFA is account-wide state: a server of its own.
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	f := srv.Fixtures()
	if err := f.SetRootAccount(ctx, acctest.RootAccount{MFA: "virtual"}); err != nil {
		t.Fatal(err)
	}
	rootSerial := "arn:aws:iam::" + srv.AccountID() + ":mfa/root-account-mfa-device"
	rootEnabled, err := virtualMFAEnableDate(ctx, srv.IAM(), rootSerial)
	if err != nil {
		t.Fatal(err)
	}
	user, err := createSeededUser(ctx, f, "acc-mfa", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := f.EnableHardwareMFA(ctx, user.name)
	if err != nil {
		t.Fatal(err)
	}
	enabled, err := userMFAEnableDate(ctx, srv.IAM(), user.name, serial)
	if err != nil {
		t.Fatal(err)
	}
	const addr = "data.iamaudit_mfa_devices.test"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + `data "iamaudit_mfa_devices" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The whole account: "<root_account>" sorts before user names.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("mfa_devices"), knownvalue.ListExact([]knownvalue.Check{
					mfaDeviceCheck(rootSerial, iamcollect.RootUserName, "virtual", rootEnabled),
					mfaDeviceCheck(serial, user.name, "hardware", enabled),
				})),
			},
		}},
	})
}

func mfaDeviceCheck(serial, user, kind string, enabled time.Time) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"serial_number": knownvalue.StringExact(serial),
		"user_name":     knownvalue.StringExact(user),
		"type":          knownvalue.StringExact(kind),
		"enable_date":   knownvalue.StringExact(formatTime(enabled)),
	})
}

func mfaDevicesConfig(users []string) string {
	return fixtureUsersConfig(users, `data "iamaudit_mfa_devices" "test" {}`,
		"fixture_devices", "data.iamaudit_mfa_devices.test.mfa_devices", "user_name", "e")
}

func TestUnitMFADevices_mapping(t *testing.T) {
	t.Parallel()
	enabled := time.Date(2025, 3, 4, 5, 6, 7, 800_000_000, time.UTC)
	got := newMFADeviceModels([]iamcollect.MFADevice{
		{SerialNumber: "GAHT00000002", UserName: "bob", Type: iamcollect.MFATypeHardware},
		{SerialNumber: "arn:aws:iam::111122223333:u2f/user/bob/key", UserName: "bob", Type: iamcollect.MFATypeFIDO, EnableDate: &enabled},
		{SerialNumber: "arn:aws:iam::111122223333:mfa/root", UserName: iamcollect.RootUserName, Type: iamcollect.MFATypeVirtual, EnableDate: &enabled},
		{SerialNumber: "arn:aws:iam::111122223333:mfa/alice", UserName: "alice", Type: iamcollect.MFATypeVirtual, EnableDate: &enabled},
	})
	want := []mfaDeviceModel{
		{SerialNumber: types.StringValue("arn:aws:iam::111122223333:mfa/root"), UserName: types.StringValue("<root_account>"), Type: types.StringValue("virtual"), EnableDate: types.StringValue("2025-03-04T05:06:07Z")},
		{SerialNumber: types.StringValue("arn:aws:iam::111122223333:mfa/alice"), UserName: types.StringValue("alice"), Type: types.StringValue("virtual"), EnableDate: types.StringValue("2025-03-04T05:06:07Z")},
		{SerialNumber: types.StringValue("GAHT00000002"), UserName: types.StringValue("bob"), Type: types.StringValue("hardware"), EnableDate: types.StringNull()},
		{SerialNumber: types.StringValue("arn:aws:iam::111122223333:u2f/user/bob/key"), UserName: types.StringValue("bob"), Type: types.StringValue("fido"), EnableDate: types.StringValue("2025-03-04T05:06:07Z")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("newMFADeviceModels (-want +got):\n%s", diff)
	}
}
