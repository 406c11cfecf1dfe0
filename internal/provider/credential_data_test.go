package provider

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// stalenessFixture is an account whose credentials changed after its
// credential report, in every way the report can miss. The users were
// created 3 hours ago, the report taken 2 hours ago (the moto wrapper keeps
// serving it, as AWS does for 4 hours), and then, now:
//
//   - pw-added: a console password was added;
//   - key-added: a second access key was created;
//   - first-key: a first access key was created;
//   - key-off: its only key was deactivated;
//   - mfa-gone: its virtual MFA device was deactivated and deleted;
//   - mfa-added: a hardware MFA device was enabled;
//   - reborn: the user (password and key) was deleted and re-created under
//     the same name, with neither;
//   - signed-in: its console password (older than the report) was used.
type stalenessFixture struct {
	reportAt     time.Time // the report's GeneratedTime
	changedAt    time.Time // before the changes
	rebornAt     time.Time // the re-created user's CreateDate
	signedInAt   time.Time // signed-in's password last used
	mfaAddedName string
}

func seedStaleness(t *testing.T, srv *acctest.Server) stalenessFixture {
	t.Helper()
	ctx := t.Context()
	f := srv.Fixtures()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding: %v", err)
		}
	}
	past := acctest.WithTimeOffset(ctx, -3*time.Hour)
	for _, name := range []string{"first-key", "key-added", "key-off", "mfa-added", "mfa-gone", "pw-added", "reborn", "signed-in"} {
		_, err := f.CreateUser(past, name, "/", nil)
		must(err)
	}
	_, _, err := f.CreateAccessKey(past, "key-added")
	must(err)
	offKey, _, err := f.CreateAccessKey(past, "key-off")
	must(err)
	mfaSerial, err := f.EnableVirtualMFA(past, "mfa-gone")
	must(err)
	must(f.CreateLoginProfile(past, "reborn"))
	must(f.CreateLoginProfile(past, "signed-in"))
	rebornKey, _, err := f.CreateAccessKey(past, "reborn")
	must(err)

	var fx stalenessFixture
	fx.reportAt, err = f.RegenerateCredentialReport(acctest.WithTimeOffset(ctx, -2*time.Hour))
	must(err)
	fx.changedAt = time.Now().UTC()

	must(f.CreateLoginProfile(ctx, "pw-added"))
	_, _, err = f.CreateAccessKey(ctx, "key-added")
	must(err)
	_, _, err = f.CreateAccessKey(ctx, "first-key")
	must(err)
	must(f.UpdateAccessKeyStatus(ctx, "key-off", offKey, false))
	_, err = f.IAM.DeactivateMFADevice(ctx, &iam.DeactivateMFADeviceInput{UserName: aws.String("mfa-gone"), SerialNumber: aws.String(mfaSerial)})
	must(err)
	_, err = f.IAM.DeleteVirtualMFADevice(ctx, &iam.DeleteVirtualMFADeviceInput{SerialNumber: aws.String(mfaSerial)})
	must(err)
	fx.mfaAddedName = "mfa-added"
	_, err = f.EnableHardwareMFA(ctx, fx.mfaAddedName)
	must(err)
	must(recreateUser(ctx, f, "reborn", rebornKey))
	out, err := f.IAM.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("reborn")})
	must(err)
	fx.rebornAt = aws.ToTime(out.User.CreateDate).UTC()
	fx.signedInAt = time.Now().UTC().Truncate(time.Second)
	must(f.MarkPasswordUsed(ctx, "signed-in", fx.signedInAt))
	return fx
}

// recreateUser deletes user (its login profile and key first) and creates
// it again, empty.
func recreateUser(ctx context.Context, f *acctest.Fixtures, user, keyID string) error {
	if _, err := f.IAM.DeleteLoginProfile(ctx, &iam.DeleteLoginProfileInput{UserName: aws.String(user)}); err != nil {
		return err
	}
	if _, err := f.IAM.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(user), AccessKeyId: aws.String(keyID)}); err != nil {
		return err
	}
	if _, err := f.IAM.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(user)}); err != nil {
		return err
	}
	_, err := f.CreateUser(ctx, user, "/", nil)
	return err
}

// credentialView is what a mode says about one user's credentials.
type credentialView struct {
	password bool
	lastUsed knownvalue.Check // password_last_used; null when nil
	mfa      bool
	keys     []bool // active, by slot
	asOf     knownvalue.Check
}

func (v credentialView) check(name string) knownvalue.Check {
	keys := make([]knownvalue.Check, 0, len(v.keys))
	for i, active := range v.keys {
		keys = append(keys, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"slot":   knownvalue.Int64Exact(int64(i + 1)),
			"active": knownvalue.Bool(active),
		}))
	}
	active := 0
	for _, a := range v.keys {
		if a {
			active++
		}
	}
	lastUsed := v.lastUsed
	if lastUsed == nil {
		lastUsed = knownvalue.Null()
	}
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"name":                    knownvalue.StringExact(name),
		"password_enabled":        knownvalue.Bool(v.password),
		"password_last_used":      lastUsed,
		"mfa_enabled":             knownvalue.Bool(v.mfa),
		"access_keys":             knownvalue.ListExact(keys),
		"active_access_key_count": knownvalue.Int64Exact(int64(active)),
		"credentials_as_of":       v.asOf,
	})
}

// TestAccCredentialData_reportAndLive reads one account whose credentials
// changed after its credential report in both modes, step by step:
// credential_data = "report" (the default) states the report's facts,
// dated by credential_report_generated_at and each user's
// credentials_as_of, except where the provider can tell a row is not
// current (the re-created user is read per user; MFA is confirmed by
// ListMFADevices); credential_data = "live" is exact for every user.
func TestAccCredentialData_reportAndLive(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	fx := seedStaleness(t, srv)

	fromReport := knownvalue.StringExact(formatTime(fx.reportAt))
	readNow := acctest.TimestampNotBefore(fx.changedAt)
	report := map[string]credentialView{
		"first-key": {keys: []bool{}, asOf: fromReport},                 // the key is newer than the report
		"key-added": {keys: []bool{true}, asOf: fromReport},             // one slot as of the report
		"key-off":   {keys: []bool{true}, asOf: fromReport},             // active as of the report
		"mfa-added": {keys: []bool{}, asOf: fromReport},                 // a hardware device newer than the report
		"mfa-gone":  {keys: []bool{}, asOf: fromReport},                 // mfa_active confirmed by ListMFADevices: exact
		"pw-added":  {keys: []bool{}, asOf: fromReport},                 // no password as of the report
		"reborn":    {keys: []bool{}, asOf: readNow},                    // the row is the old user's: read per user
		"signed-in": {password: true, keys: []bool{}, asOf: fromReport}, // never signed in as of the report
	}
	live := map[string]credentialView{
		"first-key": {keys: []bool{true}, asOf: readNow},
		"key-added": {keys: []bool{true, true}, asOf: readNow},
		"key-off":   {keys: []bool{false}, asOf: readNow},
		"mfa-added": {mfa: true, keys: []bool{}, asOf: readNow},
		"mfa-gone":  {keys: []bool{}, asOf: readNow},
		"pw-added":  {password: true, keys: []bool{}, asOf: readNow},
		"reborn":    {keys: []bool{}, asOf: readNow},
		"signed-in": {password: true, lastUsed: knownvalue.StringExact(formatTime(fx.signedInAt)), keys: []bool{}, asOf: readNow},
	}
	users := func(views map[string]credentialView) knownvalue.Check {
		names := []string{"first-key", "key-added", "key-off", "mfa-added", "mfa-gone", "pw-added", "reborn", "signed-in"}
		checks := make([]knownvalue.Check, 0, len(names))
		for _, n := range names {
			checks = append(checks, views[n].check(n))
		}
		return knownvalue.ListExact(checks)
	}
	key := func(user, status string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"user_name": knownvalue.StringExact(user), "status": knownvalue.StringExact(status),
		})
	}
	device := func(user, typ string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"user_name": knownvalue.StringExact(user), "type": knownvalue.StringExact(typ),
		})
	}

	// One step per mode: an in-process provider server is configured once
	// per terraform command, so two aliases in one configuration would share
	// the last configuration. Nothing changes between the steps.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + credentialDataConfig(),
			ConfigStateChecks: []statecheck.StateCheck{
				// Report mode: as of the report, 2 hours old, and says so.
				statecheck.ExpectKnownValue("data.iamaudit_users.test", tfjsonpath.New("credential_report_generated_at"), fromReport),
				statecheck.ExpectKnownValue("data.iamaudit_users.test", tfjsonpath.New("users"), users(report)),
				statecheck.ExpectKnownValue("data.iamaudit_users.test", tfjsonpath.New("users").AtSliceIndex(6).AtMapKey("create_date"),
					knownvalue.StringExact(formatTime(fx.rebornAt))),
				// ListAccessKeys for every user the report shows with a key:
				// the second key and the deactivation are exact; first-key's
				// key is newer than the report, which showed it without keys.
				statecheck.ExpectKnownValue("data.iamaudit_access_keys.test", tfjsonpath.New("access_keys"), knownvalue.ListExact([]knownvalue.Check{
					key("key-added", "Active"), key("key-added", "Active"), key("key-off", "Inactive"),
				})),
				statecheck.ExpectKnownValue("data.iamaudit_access_keys.test", tfjsonpath.New("credential_report_generated_at"), fromReport),
				// mfa-gone's device is gone (exact); mfa-added's hardware
				// device is newer than the report, which showed no MFA.
				statecheck.ExpectKnownValue("data.iamaudit_mfa_devices.test", tfjsonpath.New("mfa_devices"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.iamaudit_mfa_devices.test", tfjsonpath.New("credential_report_generated_at"), fromReport),
			},
		}, {
			// Live mode: exact for every user; the report only dates
			// password_last_changed, so users still name it.
			Config: srv.ProviderConfig(`credential_data = "live"`) + credentialDataConfig(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.iamaudit_users.test", tfjsonpath.New("credential_report_generated_at"), fromReport),
				statecheck.ExpectKnownValue("data.iamaudit_users.test", tfjsonpath.New("users"), users(live)),
				statecheck.ExpectKnownValue("data.iamaudit_access_keys.test", tfjsonpath.New("access_keys"), knownvalue.ListExact([]knownvalue.Check{
					key("first-key", "Active"), key("key-added", "Active"), key("key-added", "Active"), key("key-off", "Inactive"),
				})),
				statecheck.ExpectKnownValue("data.iamaudit_access_keys.test", tfjsonpath.New("credential_report_generated_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.iamaudit_mfa_devices.test", tfjsonpath.New("mfa_devices"), knownvalue.ListExact([]knownvalue.Check{
					device(fx.mfaAddedName, "hardware"),
				})),
				statecheck.ExpectKnownValue("data.iamaudit_mfa_devices.test", tfjsonpath.New("credential_report_generated_at"), knownvalue.Null()),
			},
		}},
	})
}

// credentialDataConfig reads users, access keys and MFA devices.
func credentialDataConfig() string {
	return `
data "iamaudit_users" "test" {}

data "iamaudit_access_keys" "test" {}

data "iamaudit_mfa_devices" "test" {}
`
}
