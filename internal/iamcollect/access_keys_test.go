package iamcollect

import (
	"context"
	"reflect"
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
		opListKeys:    15 + 2,       // 15 users with key slots + 2 stale users
		opKeyLastUsed: wantKeys + 1, // every key listed, the stale one included
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
