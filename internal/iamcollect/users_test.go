package iamcollect

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func TestUsers_merge(t *testing.T) {
	f := newFake()
	f.addUser("alice", t0, "devs")
	f.users[0].Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}
	f.users[0].PermissionsBoundary = &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String("arn:boundary")}
	f.users[0].AttachedManagedPolicies = []types.AttachedPolicy{{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}}
	f.users[0].UserPolicyList = []types.PolicyDetail{{PolicyName: aws.String("inline")}}
	f.addUser("vera", t0)                              // virtual MFA, report says mfa_active false
	f.addUser("unplugged", t0)                         // report says mfa_active, the device is gone now
	f.addUser("newbie", reportAt.Add(time.Hour))       // missing from the report
	f.addUser("reborn", reportAt.Add(2*time.Hour))     // recreated after the report: its row is a namesake's
	f.addUser("ghostless", reportAt.Add(-time.Second)) // in GAAD, not in the report
	f.addUser("twin", t0.Add(time.Hour))               // before the report, but the row's creation time is t0: a namesake's
	f.setReport(
		rowSpec{name: "alice", password: true, mfa: true, keys: 2},
		rowSpec{name: "vera"},
		rowSpec{name: "unplugged", mfa: true},
		rowSpec{name: "reborn", password: true, mfa: true, keys: 1},
		rowSpec{name: "twin", password: true, mfa: true, keys: 2},
	)
	f.virtual = []types.VirtualMFADevice{
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/vera"), User: &types.User{UserName: aws.String("vera"), Arn: aws.String(userARN("vera"))}},
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/root-account-mfa-device"), User: &types.User{Arn: aws.String("arn:aws:iam::123456789012:root")}},
	}
	f.mfa["alice"] = []types.MFADevice{{SerialNumber: aws.String("GAHT00000001"), UserName: aws.String("alice")}}
	f.loginProfiles["newbie"] = true
	f.addKey("newbie", "AKIANEW2", reportAt.Add(3*time.Hour), false)
	f.addKey("newbie", "AKIANEW1", reportAt.Add(2*time.Hour), true)
	used := reportAt.Add(4 * time.Hour)
	f.lastUsed["AKIANEW1"] = types.AccessKeyLastUsed{LastUsedDate: aws.Time(used), ServiceName: aws.String("sts"), Region: aws.String("us-east-1")}
	f.mfa["newbie"] = []types.MFADevice{{SerialNumber: aws.String("GAHT12345678"), UserName: aws.String("newbie")}}
	signedIn := reportAt.Add(90 * time.Minute)
	f.passwordUsed["newbie"] = signedIn
	f.passwordUsed["alice"] = reportAt.Add(time.Hour) // not asked: the report answers for alice
	f.addKey("twin", "AKIATWIN", t0.Add(2*time.Hour), true)

	users, err := testCollector(f, 4).Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rotated := t0
	noGroups := func(u User) User {
		u.Tags, u.Groups, u.AttachedPolicyARNs, u.InlinePolicyNames = map[string]string{}, []string{}, []string{}, []string{}
		u.InlinePolicies = []InlinePolicy{}
		u.Path = "/"
		u.ARN = userARN(u.Name)
		u.UserID = "AIDA" + strings.ToUpper(u.Name)
		if u.AccessKeys == nil {
			u.AccessKeys = []AccessKeySlot{}
		}
		return u
	}
	want := []User{
		{
			Name: "alice", ARN: userARN("alice"), UserID: "AIDAALICE", Path: "/", CreateDate: t0,
			Tags: map[string]string{"team": "sec"}, PermissionsBoundaryARN: "arn:boundary",
			Groups: []string{"devs"}, AttachedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, InlinePolicyNames: []string{"inline"},
			InlinePolicies:  []InlinePolicy{{Name: "inline"}},
			PasswordEnabled: true, PasswordLastChanged: &rotated, MFAEnabled: true,
			AccessKeys:      []AccessKeySlot{{Slot: 1, Active: true, CreateDate: t0}, {Slot: 2, Active: true, CreateDate: t0}},
			CredentialsAsOf: reportAt,
		},
		noGroups(User{Name: "ghostless", CreateDate: reportAt.Add(-time.Second), CredentialsAsOf: readAt}),
		noGroups(User{
			Name: "newbie", CreateDate: reportAt.Add(time.Hour),
			PasswordEnabled: true, PasswordLastUsed: &signedIn, MFAEnabled: true,
			AccessKeys: []AccessKeySlot{
				{Slot: 1, Active: true, CreateDate: reportAt.Add(2 * time.Hour), LastUsedDate: &used, LastUsedService: "sts", LastUsedRegion: "us-east-1"},
				{Slot: 2, Active: false, CreateDate: reportAt.Add(3 * time.Hour)},
			},
			CredentialsAsOf: readAt,
		}),
		noGroups(User{Name: "reborn", CreateDate: reportAt.Add(2 * time.Hour), CredentialsAsOf: readAt}),
		noGroups(User{
			Name: "twin", CreateDate: t0.Add(time.Hour),
			AccessKeys:      []AccessKeySlot{{Slot: 1, Active: true, CreateDate: t0.Add(2 * time.Hour)}},
			CredentialsAsOf: readAt,
		}),
		noGroups(User{Name: "unplugged", CreateDate: t0, CredentialsAsOf: reportAt}),
		noGroups(User{Name: "vera", CreateDate: t0, MFAEnabled: true, CredentialsAsOf: reportAt}),
	}
	if !reflect.DeepEqual(users, want) {
		for i := range max(len(users), len(want)) {
			if i >= len(users) || i >= len(want) || !reflect.DeepEqual(users[i], want[i]) {
				t.Errorf("user %d\n got %+v\nwant %+v", i, at(users, i), at(want, i))
			}
		}
	}
	wantCalls := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
		// newbie, reborn, ghostless and twin are read per user: 4 × (login,
		// keys, MFA), a key each for newbie (2) and twin (1), one ListUsers.
		// alice and unplugged: ListMFADevices confirms the row's mfa_active.
		// The confirmations start before GAAD, from the report alone, so
		// reborn's and twin's rows (mfa_active too) are confirmed as well,
		// before GAAD shows the rows are namesakes': 2 calls more, only for
		// users deleted or re-created since the report.
		opLoginProfile: 4, opListKeys: 4, opKeyLastUsed: 3, opListMFA: 8, opListUsers: 1,
	}
	if got := f.counts(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
}

func at[T any](s []T, i int) any {
	if i < len(s) {
		return s[i]
	}
	return nil
}

func TestUsers_callCounts(t *testing.T) {
	tests := []struct {
		name      string
		users     int
		stale     int // the last `stale` users are missing from the report
		keys      int // access keys per stale user
		wantCalls map[string]int
	}{
		// Every third report row has mfa_active and no virtual device, so
		// ListMFADevices confirms it: a hardware or FIDO device is the one
		// fact no bulk source states for now.
		{
			"1000 users, none stale", 1000, 0, 0,
			map[string]int{opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1, opListMFA: 334},
		},
		{
			"2500 users, 10 stale with 2 keys", 2500, 10, 2,
			map[string]int{opGAAD: 3, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
				opLoginProfile: 10, opListKeys: 10, opKeyLastUsed: 20, opListMFA: 830 + 10, opListUsers: 3},
		},
		{
			"50 users, 5 stale with 1 key", 50, 5, 1,
			map[string]int{opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
				opLoginProfile: 5, opListKeys: 5, opKeyLastUsed: 5, opListMFA: 15 + 5, opListUsers: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			names := f.addUsers(tt.users)
			var rows []rowSpec
			for i, n := range names {
				if i < tt.users-tt.stale {
					rows = append(rows, rowSpec{name: n, password: i%2 == 0, mfa: i%3 == 0, keys: i % 3})
					continue
				}
				for k := range tt.keys {
					f.addKey(n, n+"-key"+string(rune('a'+k)), t0.Add(time.Duration(k)*time.Hour), true)
				}
			}
			f.setReport(rows...)
			users, err := testCollector(f, 8).Users(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != tt.users {
				t.Fatalf("got %d users, want %d", len(users), tt.users)
			}
			if got := f.counts(); !reflect.DeepEqual(got, tt.wantCalls) {
				t.Errorf("calls = %v, want %v", got, tt.wantCalls)
			}
			// Report-backed users carry the report's slots: i%3 keys.
			if u := users[5]; len(u.AccessKeys) != 2 || u.PasswordEnabled || u.MFAEnabled {
				t.Errorf("user-0005 = %+v, want 2 slots, no password, no MFA", u)
			}
			if tt.stale > 0 {
				if u := users[tt.users-1]; len(u.AccessKeys) != tt.keys || u.AccessKeys[0].Slot != 1 {
					t.Errorf("stale user = %+v, want %d slots from ListAccessKeys", u, tt.keys)
				}
			}
		})
	}
}

func TestUsers_sharesPerUserCallsWithAccessKeysAndMFADevices(t *testing.T) {
	f := newFake()
	names := f.addUsers(4)
	f.setReport(rowSpec{name: names[0], keys: 1}, rowSpec{name: names[1], mfa: true}) // users 2 and 3 stale
	f.addKey(names[0], "AKIA0", t0, true)
	f.addKey(names[2], "AKIA2", reportAt.Add(time.Hour), true)
	c := testCollector(f, 4)
	ctx := context.Background()
	if _, err := c.Users(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccessKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MFADevices(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
		opLoginProfile: 2, // stale users 2, 3
		opListKeys:     3, // stale 2, 3 (shared with Users) + user 0 (report slot)
		opKeyLastUsed:  1, // AKIA2 (stale); AKIA0 matches its report slot (was 2)
		opListMFA:      3, // stale 2, 3 + user 1 (mfa_active, confirmed by Users, shared with MFADevices)
		opListUsers:    1, // password last used of the stale users
	}
	if got := f.counts(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

// TestUsers_mfaConfirmedBeforeGAAD: ListMFADevices confirms a report row's
// mfa_active while GAAD is still paging, and the user's plan joins that
// call instead of making another; a user with a virtual device and one
// whose row says no MFA are not asked. A denied confirmation fails the read
// with the action named (the plan joins the call, or makes it again).
func TestUsers_mfaConfirmedBeforeGAAD(t *testing.T) {
	f := newFake()
	f.addUser("hw", t0)
	f.addUser("vera", t0)
	f.addUser("plain", t0)
	f.setReport(rowSpec{name: "hw", mfa: true}, rowSpec{name: "vera", mfa: true}, rowSpec{name: "plain"})
	f.virtual = []types.VirtualMFADevice{
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/vera"), User: &types.User{UserName: aws.String("vera"), Arn: aws.String(userARN("vera"))}},
	}
	f.mfa["hw"] = []types.MFADevice{{SerialNumber: aws.String("GAHT00000001"), UserName: aws.String("hw")}}
	gate := make(chan struct{})
	f.gaadGate = gate
	c := testCollector(f, 4)

	type result struct {
		users []User
		err   error
	}
	done := make(chan result, 1)
	go func() {
		users, err := c.Users(context.Background())
		done <- result{users, err}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for f.count(opListMFA) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	confirmedEarly := f.count(opListMFA) == 1 && f.count(opGAAD) <= 1
	close(gate)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if !confirmedEarly {
		t.Errorf("no ListMFADevices while GAAD was held: the confirmation waited for GAAD")
	}
	mfa := map[string]bool{}
	for _, u := range r.users {
		mfa[u.Name] = u.MFAEnabled
	}
	if want := map[string]bool{"hw": true, "vera": true, "plain": false}; !reflect.DeepEqual(mfa, want) {
		t.Errorf("MFA = %v, want %v", mfa, want)
	}
	if got := f.count(opListMFA); got != 1 {
		t.Errorf("ListMFADevices calls = %d, want 1 (hw's, made once)", got)
	}

	alwaysDenied := newFake()
	alwaysDenied.addUser("hw", t0)
	alwaysDenied.setReport(rowSpec{name: "hw", mfa: true})
	alwaysDenied.failNext(opListMFA, apiError("AccessDenied"), apiError("AccessDenied"))
	_, err := testCollector(alwaysDenied, 4).Users(context.Background())
	if !awserr.IsAccessDenied(err) || !strings.Contains(err.Error(), "iam:ListMFADevices") {
		t.Errorf("confirmation always denied: err = %v, want access denied for iam:ListMFADevices", err)
	}
}
