package iamcollect

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// stalenessFixture is an account whose credentials changed after the report
// (generated at reportAt) in every way the report can miss:
//
//   - pw-added: a console password added after the report;
//   - key-added: a second access key created after the report;
//   - key-off: its only key deactivated after the report;
//   - mfa-gone: its (hardware) MFA device removed after the report;
//   - reborn: deleted and re-created under the same name after the report;
//   - steady: nothing changed, but it signed in after the report.
func stalenessFixture() *fakeIAM {
	f := newFake()
	for _, n := range []string{"key-added", "key-off", "mfa-gone", "pw-added", "steady"} {
		f.addUser(n, t0)
	}
	f.addUser("reborn", reportAt.Add(time.Hour))
	f.setReport(
		rowSpec{name: "key-added", keys: 1},
		rowSpec{name: "key-off", keys: 1},
		rowSpec{name: "mfa-gone", mfa: true},
		rowSpec{name: "pw-added"},
		rowSpec{name: "reborn", password: true, mfa: true, keys: 2},
		rowSpec{name: "steady", password: true, keys: 1},
	)
	f.loginProfiles["pw-added"] = true
	f.loginProfiles["steady"] = true
	f.addKey("key-added", "AKIAADDED1", t0, true)
	f.addKey("key-added", "AKIAADDED2", reportAt.Add(time.Hour), true)
	f.addKey("key-off", "AKIAOFF", t0, false)
	f.addKey("steady", "AKIASTEADY", t0, true)
	f.passwordUsed["steady"] = reportAt.Add(2 * time.Hour)
	return f
}

// credentialView is the part of a User the staleness matrix compares.
type credentialView struct {
	PasswordEnabled     bool
	PasswordLastUsed    *time.Time
	PasswordLastChanged *time.Time
	MFAEnabled          bool
	Keys                []string // "slot:active:create"
	AsOf                time.Time
}

func viewOf(u User) credentialView {
	v := credentialView{
		PasswordEnabled: u.PasswordEnabled, PasswordLastUsed: u.PasswordLastUsed,
		PasswordLastChanged: u.PasswordLastChanged, MFAEnabled: u.MFAEnabled, AsOf: u.CredentialsAsOf,
		Keys: []string{},
	}
	for _, s := range u.AccessKeys {
		state := "inactive"
		if s.Active {
			state = "active"
		}
		v.Keys = append(v.Keys, strconv.Itoa(s.Slot)+":"+state+":"+s.CreateDate.Format(time.RFC3339))
	}
	return v
}

// TestCredentialData_stalenessMatrix reads the same account in report and
// live mode: report mode states the report's facts (as of reportAt) except
// where the engine can tell the row is not current (a re-created user is
// read per user; MFA is confirmed by ListMFADevices); live mode is exact.
func TestCredentialData_stalenessMatrix(t *testing.T) {
	passwordSet := t0
	reportKey := "1:active:" + t0.Format(time.RFC3339)
	signedIn := reportAt.Add(2 * time.Hour)
	tests := []struct {
		user       string
		report     credentialView
		live       credentialView
		reportNote string
	}{
		{
			user:       "pw-added",
			report:     credentialView{Keys: []string{}, AsOf: reportAt},
			live:       credentialView{PasswordEnabled: true, Keys: []string{}, AsOf: readAt},
			reportNote: "the report predates the password: false as of the report",
		},
		{
			user:   "key-added",
			report: credentialView{Keys: []string{reportKey}, AsOf: reportAt},
			live: credentialView{Keys: []string{reportKey, "2:active:" + reportAt.Add(time.Hour).Format(time.RFC3339)},
				AsOf: readAt},
			reportNote: "one slot as of the report",
		},
		{
			user:       "key-off",
			report:     credentialView{Keys: []string{reportKey}, AsOf: reportAt},
			live:       credentialView{Keys: []string{"1:inactive:" + t0.Format(time.RFC3339)}, AsOf: readAt},
			reportNote: "active as of the report",
		},
		{
			user:       "mfa-gone",
			report:     credentialView{Keys: []string{}, AsOf: reportAt},
			live:       credentialView{Keys: []string{}, AsOf: readAt},
			reportNote: "mfa_active is confirmed by ListMFADevices: exact in both modes",
		},
		{
			user:       "reborn",
			report:     credentialView{Keys: []string{}, AsOf: readAt},
			live:       credentialView{Keys: []string{}, AsOf: readAt},
			reportNote: "the row is the namesake's: read per user in both modes",
		},
		{
			user:   "steady",
			report: credentialView{PasswordEnabled: true, PasswordLastChanged: &passwordSet, Keys: []string{reportKey}, AsOf: reportAt},
			live: credentialView{PasswordEnabled: true, PasswordLastUsed: &signedIn, PasswordLastChanged: &passwordSet,
				Keys: []string{reportKey}, AsOf: readAt},
			reportNote: "the report's no_information for the password's last use",
		},
	}
	read := func(c *Collector) map[string]User {
		t.Helper()
		users, err := c.Users(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]User{}
		for _, u := range users {
			m[u.Name] = u
		}
		return m
	}
	reportUsers := read(testCollector(stalenessFixture(), 4))
	liveUsers := read(liveCollector(stalenessFixture(), 4))
	for _, tt := range tests {
		if got := viewOf(reportUsers[tt.user]); !reflect.DeepEqual(got, tt.report) {
			t.Errorf("%s, report mode (%s):\n got %+v\nwant %+v", tt.user, tt.reportNote, got, tt.report)
		}
		if got := viewOf(liveUsers[tt.user]); !reflect.DeepEqual(got, tt.live) {
			t.Errorf("%s, live mode:\n got %+v\nwant %+v", tt.user, got, tt.live)
		}
	}
}

func TestLive_usersCalls(t *testing.T) {
	f := stalenessFixture()
	if _, err := liveCollector(f, 4).Users(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1, opListUsers: 1,
		// every one of the 6 users, and every one of the 4 keys
		opLoginProfile: 6, opListKeys: 6, opListMFA: 6, opKeyLastUsed: 4,
	}
	if got := f.counts(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestLive_accessKeysAndMFADevicesSkipTheReport(t *testing.T) {
	f := stalenessFixture()
	// vera holds a virtual and a hardware device: live mode lists both.
	f.addUser("vera", t0)
	f.virtual = []types.VirtualMFADevice{{
		SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/vera"),
		User:         &types.User{UserName: aws.String("vera"), Arn: aws.String(userARN("vera"))},
		EnableDate:   aws.Time(t0),
	}}
	f.mfa["vera"] = []types.MFADevice{
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/vera"), UserName: aws.String("vera"), EnableDate: aws.Time(t0)},
		{SerialNumber: aws.String("arn:aws:iam::123456789012:u2f/user/vera/key-ABC"), UserName: aws.String("vera"), EnableDate: aws.Time(reportAt)},
	}
	f.lastUsed["AKIAADDED2"] = types.AccessKeyLastUsed{LastUsedDate: aws.Time(readAt.Add(-time.Minute)), ServiceName: aws.String("s3"), Region: aws.String("eu-west-1")}
	c := liveCollector(f, 4)
	ctx := context.Background()
	keys, err := c.AccessKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	devices, err := c.MFADevices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lastUse := readAt.Add(-time.Minute)
	wantKeys := []AccessKey{
		{UserName: "key-added", AccessKeyID: "AKIAADDED1", Status: "Active", CreateDate: t0},
		{UserName: "key-added", AccessKeyID: "AKIAADDED2", Status: "Active", CreateDate: reportAt.Add(time.Hour), LastUsedDate: &lastUse, LastUsedService: "s3", LastUsedRegion: "eu-west-1"},
		{UserName: "key-off", AccessKeyID: "AKIAOFF", Status: "Inactive", CreateDate: t0},
		{UserName: "steady", AccessKeyID: "AKIASTEADY", Status: "Active", CreateDate: t0},
	}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("keys:\n got %+v\nwant %+v", keys, wantKeys)
	}
	enabled, added := t0, reportAt
	wantDevices := []MFADevice{
		{SerialNumber: "arn:aws:iam::123456789012:mfa/vera", UserName: "vera", Type: MFATypeVirtual, EnableDate: &enabled},
		{SerialNumber: "arn:aws:iam::123456789012:u2f/user/vera/key-ABC", UserName: "vera", Type: MFATypeFIDO, EnableDate: &added},
	}
	if !reflect.DeepEqual(devices, wantDevices) {
		t.Errorf("devices:\n got %+v\nwant %+v", devices, wantDevices)
	}
	want := map[string]int{
		opGAAD: 1, opListVirtual: 1,
		opListKeys: 7, opKeyLastUsed: 4, opListMFA: 7, // every user and key; no report
	}
	if got := f.counts(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestLive_maxConcurrency(t *testing.T) {
	for _, limit := range []int{1, 3} {
		f := newFake()
		names := f.addUsers(40)
		for _, n := range names {
			f.addKey(n, n+"-key", t0, true)
		}
		f.setReport()
		f.holdPerUser(limit)
		c := liveCollector(f, limit)
		readUserSourcesAtOnce(t, c)
		if got := f.maxInFlight.Load(); got != int32(limit) {
			t.Errorf("MaxConcurrency %d: max per-user calls in flight = %d, want exactly %d", limit, got, limit)
		}
		want := map[string]int{
			opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1, opListUsers: 1,
			opLoginProfile: 40, opListKeys: 40, opKeyLastUsed: 40, opListMFA: 40, // once per user and key, shared by the three sources
		}
		if got := f.counts(); !reflect.DeepEqual(got, want) {
			t.Errorf("MaxConcurrency %d: calls = %v, want %v", limit, got, want)
		}
	}
}
