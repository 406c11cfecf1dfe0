package iamcollect

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestMFADevices(t *testing.T) {
	f := newFake()
	names := f.addUsers(20)
	f.addUser("late", reportAt.Add(time.Hour)) // stale, no virtual device
	rows := make([]rowSpec, 0, len(names))
	for _, n := range names {
		rows = append(rows, rowSpec{name: n})
	}
	rows[1].mfa = true // virtual device: no ListMFADevices
	rows[2].mfa = true // hardware token
	rows[3].mfa = true // FIDO key
	f.setReport(rows...)
	enabled := reportAt.Add(-time.Hour)
	f.virtual = []types.VirtualMFADevice{
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/one"), EnableDate: aws.Time(enabled), User: &types.User{UserName: aws.String(names[1]), Arn: aws.String(userARN(names[1]))}},
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/root-account-mfa-device"), EnableDate: aws.Time(enabled), User: &types.User{Arn: aws.String("arn:aws:iam::123456789012:root")}},
		{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/unassigned")},
	}
	f.mfa[names[2]] = []types.MFADevice{{SerialNumber: aws.String("GAHT12345678"), EnableDate: aws.Time(enabled)}}
	f.mfa[names[3]] = []types.MFADevice{{SerialNumber: aws.String("arn:aws:iam::123456789012:u2f/user/user-0003/key-ABC"), EnableDate: aws.Time(enabled)}}
	f.mfa["late"] = []types.MFADevice{{SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/late")}}

	devices, err := testCollector(f, 4).MFADevices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []MFADevice{
		{SerialNumber: "arn:aws:iam::123456789012:mfa/root-account-mfa-device", UserName: RootUserName, Type: "virtual", EnableDate: &enabled},
		{SerialNumber: "arn:aws:iam::123456789012:mfa/late", UserName: "late", Type: "virtual"},
		{SerialNumber: "arn:aws:iam::123456789012:mfa/one", UserName: "user-0001", Type: "virtual", EnableDate: &enabled},
		{SerialNumber: "GAHT12345678", UserName: "user-0002", Type: "hardware", EnableDate: &enabled},
		{SerialNumber: "arn:aws:iam::123456789012:u2f/user/user-0003/key-ABC", UserName: "user-0003", Type: "fido", EnableDate: &enabled},
	}
	if !reflect.DeepEqual(devices, want) {
		t.Errorf("devices\n got %+v\nwant %+v", devices, want)
	}
	wantCalls := map[string]int{
		opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
		opListMFA: 3, // user-0002, user-0003 (mfa_active, no virtual device) and late (stale)
	}
	if got := f.counts(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
}

func TestMFAType(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::123456789012:mfa/alice":                      "virtual",
		"arn:aws-us-gov:iam::123456789012:mfa/path/alice":          "virtual",
		"arn:aws:iam::123456789012:u2f/user/alice/fidosecuritykey": "fido",
		"GAHT12345678": "hardware",
		"":             "hardware",
	}
	for serial, want := range tests {
		if got := mfaType(serial); got != want {
			t.Errorf("mfaType(%q) = %q, want %q", serial, got, want)
		}
	}
}
