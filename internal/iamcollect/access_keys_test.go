package iamcollect

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestAccessKeys_onlyUsersWithKeys(t *testing.T) {
	f := newFake()
	names := f.addUsers(100)
	var rows []rowSpec
	wantKeys := 0
	for i, n := range names[:98] { // user-0098 and user-0099 are stale
		k := 0
		switch {
		case i < 10:
			k = 2
		case i < 15:
			k = 1
		}
		rows = append(rows, rowSpec{name: n, keys: k})
		for j := range k {
			f.addKey(n, n+"-"+string(rune('B'-j)), t0.Add(time.Duration(j)*time.Hour), j == 0)
		}
		wantKeys += k
	}
	f.addKey(names[99], "AKIASTALE", reportAt.Add(time.Hour), true)
	f.setReport(rows...)
	used := reportAt.Add(2 * time.Hour)
	f.lastUsed["AKIASTALE"] = types.AccessKeyLastUsed{LastUsedDate: aws.Time(used), ServiceName: aws.String("s3"), Region: aws.String("eu-west-1")}

	keys, err := testCollector(f, 8).AccessKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1,
		opListKeys: 15 + 2, // 15 users with key slots + 2 stale users
		// Was wantKeys + 1 = 26 (every key). The 5 one-key users' keys match
		// their slot (rotated at t0) and are answered by the report; the 10
		// two-key users have both slots rotated at t0, so neither key has a
		// unique slot: 20 calls, plus the stale user's key.
		opKeyLastUsed: 2*10 + 1,
	}
	if got := f.counts(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
	if len(keys) != wantKeys+1 {
		t.Fatalf("got %d keys, want %d", len(keys), wantKeys+1)
	}
	wantFirst := []AccessKey{
		{UserName: "user-0000", AccessKeyID: "user-0000-A", Status: "Inactive", CreateDate: t0.Add(time.Hour)},
		{UserName: "user-0000", AccessKeyID: "user-0000-B", Status: "Active", CreateDate: t0},
	}
	if !reflect.DeepEqual(keys[:2], wantFirst) {
		t.Errorf("first keys\n got %+v\nwant %+v", keys[:2], wantFirst)
	}
	wantLast := AccessKey{UserName: "user-0099", AccessKeyID: "AKIASTALE", Status: "Active", CreateDate: reportAt.Add(time.Hour),
		LastUsedDate: &used, LastUsedService: "s3", LastUsedRegion: "eu-west-1"}
	if got := keys[len(keys)-1]; !reflect.DeepEqual(got, wantLast) {
		t.Errorf("last key\n got %+v\nwant %+v", got, wantLast)
	}
}

func TestAccessKeys_deletedUserHasNone(t *testing.T) {
	f := newFake()
	f.addUsers(1)
	f.setReport(rowSpec{name: "user-0000", keys: 1})
	f.failNext(opListKeys, noSuchEntity())
	keys, err := testCollector(f, 2).AccessKeys(context.Background())
	if err != nil || len(keys) != 0 {
		t.Fatalf("AccessKeys = %+v, %v; want none, no error", keys, err)
	}
}

// TestAccessKeys_keyDeletedSinceListing: a key deleted between
// ListAccessKeys and GetAccessKeyLastUsed is gone, not an error; any other
// GetAccessKeyLastUsed failure still fails the read, naming the action.
func TestAccessKeys_keyDeletedSinceListing(t *testing.T) {
	t.Parallel()
	setup := func() *fakeIAM {
		f := newFake()
		f.addUsers(1)
		f.addKey("user-0000", "AKIAGONE", t0, true)
		f.addKey("user-0000", "AKIAKEPT", t0.Add(time.Hour), true)
		f.setReport() // no row for user-0000: both keys need GetAccessKeyLastUsed
		return f
	}

	f := setup()
	f.failNext(opKeyLastUsed, noSuchEntity())
	keys, err := testCollector(f, 1).AccessKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0].AccessKeyID != "AKIAKEPT" {
		t.Fatalf("AccessKeys = %+v, want AKIAKEPT only", keys)
	}

	f = setup()
	f.failNext(opKeyLastUsed, apiError("AccessDenied"))
	keys, err = testCollector(f, 1).AccessKeys(context.Background())
	if err == nil || !strings.Contains(err.Error(), "iam:GetAccessKeyLastUsed") {
		t.Fatalf("AccessKeys = %+v, %v; want an error naming iam:GetAccessKeyLastUsed", keys, err)
	}
}

// TestAccessKeys_lastUseFromReport checks which keys the credential report
// answers for (last use from the slot whose last_rotated is the key's
// CreateDate, to the second) and which still need GetAccessKeyLastUsed.
func TestAccessKeys_lastUseFromReport(t *testing.T) {
	f := newFake()
	used := t0.Add(48 * time.Hour)
	usedCol := awsTime(used)
	slot := func(rotated time.Time, lastUsed string) string {
		return "true," + awsTime(rotated) + "," + lastUsed
	}
	var rows []rowSpec
	add := func(name string, created time.Time, slots ...string) {
		f.addUser(name, created)
		if created.Before(reportAt) {
			rows = append(rows, rowSpec{name: name, slots: slots})
		}
	}
	// match: both keys matched to their slots, the report answers both.
	add("a-match", t0, slot(t0, usedCol+",eu-west-1,s3"), slot(t0.Add(time.Hour), "N/A,N/A,N/A"))
	f.addKey("a-match", "AKIAMATCH1", t0, true)
	f.addKey("a-match", "AKIAMATCH2", t0.Add(time.Hour), false)
	// subsecond: a CreateDate with milliseconds still matches its second.
	add("b-subsecond", t0, slot(t0, usedCol+",us-east-1,iam"))
	f.addKey("b-subsecond", "AKIASUBSEC", t0.Add(300*time.Millisecond), true)
	// after: a key created after the report has no slot (one call); the old
	// key is answered.
	add("c-after", t0, slot(t0, "N/A,N/A,N/A"))
	f.addKey("c-after", "AKIAOLD", t0, true)
	f.addKey("c-after", "AKIANEW", reportAt.Add(time.Hour), true)
	// samesecond: two keys in one second cannot be told apart (two calls).
	add("d-samesecond", t0, slot(t0, usedCol+",eu-west-1,s3"), slot(t0, "N/A,N/A,N/A"))
	f.addKey("d-samesecond", "AKIASAME1", t0, true)
	f.addKey("d-samesecond", "AKIASAME2", t0.Add(500*time.Millisecond), true)
	// notsupported: a date without service and region, as moto writes it
	// (one call).
	add("e-notsupported", t0, slot(t0, usedCol+",not_supported,not_supported"))
	f.addKey("e-notsupported", "AKIANS", t0, true)
	// mismatch: the slot is of another second (one call).
	add("f-mismatch", t0, slot(t0, usedCol+",eu-west-1,s3"))
	f.addKey("f-mismatch", "AKIAMISMATCH", t0.Add(2*time.Hour), true)
	// stale: created after the report (one call).
	add("g-stale", reportAt.Add(time.Hour))
	f.addKey("g-stale", "AKIASTALE", reportAt.Add(2*time.Hour), true)
	f.setReport(rows...)
	callUsed := reportAt.Add(3 * time.Hour)
	for _, id := range []string{"AKIANEW", "AKIASAME1", "AKIANS", "AKIAMISMATCH", "AKIASTALE"} {
		f.lastUsed[id] = types.AccessKeyLastUsed{LastUsedDate: aws.Time(callUsed), ServiceName: aws.String("sts"), Region: aws.String("us-east-2")}
	}

	keys, err := testCollector(f, 4).AccessKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Before: one GetAccessKeyLastUsed per key, 10.
	wantCalls := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1,
		opListKeys:    7,
		opKeyLastUsed: 1 + 2 + 1 + 1 + 1, // after, samesecond, notsupported, mismatch, stale
	}
	if got := f.counts(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
	key := func(user, id string, created time.Time, status string, date *time.Time, service, region string) AccessKey {
		return AccessKey{UserName: user, AccessKeyID: id, Status: status, CreateDate: created, LastUsedDate: date, LastUsedService: service, LastUsedRegion: region}
	}
	want := []AccessKey{
		key("a-match", "AKIAMATCH1", t0, "Active", &used, "s3", "eu-west-1"),
		key("a-match", "AKIAMATCH2", t0.Add(time.Hour), "Inactive", nil, "", ""),
		key("b-subsecond", "AKIASUBSEC", t0.Add(300*time.Millisecond), "Active", &used, "iam", "us-east-1"),
		key("c-after", "AKIANEW", reportAt.Add(time.Hour), "Active", &callUsed, "sts", "us-east-2"),
		key("c-after", "AKIAOLD", t0, "Active", nil, "", ""),
		key("d-samesecond", "AKIASAME1", t0, "Active", &callUsed, "sts", "us-east-2"),
		key("d-samesecond", "AKIASAME2", t0.Add(500*time.Millisecond), "Active", nil, "", ""),
		key("e-notsupported", "AKIANS", t0, "Active", &callUsed, "sts", "us-east-2"),
		key("f-mismatch", "AKIAMISMATCH", t0.Add(2*time.Hour), "Active", &callUsed, "sts", "us-east-2"),
		key("g-stale", "AKIASTALE", reportAt.Add(2*time.Hour), "Active", &callUsed, "sts", "us-east-2"),
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("keys\n got %+v\nwant %+v", keys, want)
	}
}

// TestAccessKeys_keyAtReportSecond: a key created in the report's second
// may postdate it, so the report does not answer for it.
func TestAccessKeys_keyAtReportSecond(t *testing.T) {
	f := newFake()
	f.addUser("u", t0)
	f.addKey("u", "AKIAEDGE", reportAt, true)
	f.setReport(rowSpec{name: "u", slots: []string{"true," + awsTime(reportAt) + ",N/A,N/A,N/A"}})
	keys, err := testCollector(f, 2).AccessKeys(context.Background())
	if err != nil || len(keys) != 1 {
		t.Fatalf("AccessKeys = %+v, %v", keys, err)
	}
	if got := f.count(opKeyLastUsed); got != 1 {
		t.Errorf("GetAccessKeyLastUsed calls = %d, want 1", got)
	}
}
