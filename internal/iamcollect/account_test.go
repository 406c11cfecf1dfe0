package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func TestAccount(t *testing.T) {
	rootVirtual := types.VirtualMFADevice{
		SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/root-account-mfa-device"),
		User:         &types.User{Arn: aws.String("arn:aws:iam::123456789012:root"), UserName: aws.String("")},
	}
	userVirtual := types.VirtualMFADevice{
		SerialNumber: aws.String("arn:aws:iam::123456789012:mfa/alice"),
		User:         &types.User{Arn: aws.String(userARN("alice")), UserName: aws.String("alice")},
	}
	tests := []struct {
		name     string
		summary  map[string]int32
		virtual  []types.VirtualMFADevice
		wantType string
	}{
		{"virtual root device", map[string]int32{"AccountMFAEnabled": 1}, []types.VirtualMFADevice{userVirtual, rootVirtual}, "virtual"},
		{"MFA on, no root virtual device", map[string]int32{"AccountMFAEnabled": 1}, []types.VirtualMFADevice{userVirtual}, "hardware"},
		{"no root MFA", map[string]int32{"AccountMFAEnabled": 0}, []types.VirtualMFADevice{userVirtual}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.summary = tt.summary
			f.summary["AccountAccessKeysPresent"] = 1
			f.summary["AccountSigningCertificatesPresent"] = 0
			f.summary["Users"] = 42
			f.virtual = tt.virtual
			f.aliases = []string{"zeta", "alpha"}
			a, err := testCollector(f, 2).Account(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := &Account{
				AccountID:             testAccount,
				Aliases:               []string{"alpha", "zeta"},
				RootMFAEnabled:        tt.summary["AccountMFAEnabled"] == 1,
				RootMFAType:           tt.wantType,
				RootAccessKeysPresent: true,
				Summary: map[string]int64{
					"AccountMFAEnabled": int64(tt.summary["AccountMFAEnabled"]), "AccountAccessKeysPresent": 1,
					"AccountSigningCertificatesPresent": 0, "Users": 42,
				},
			}
			if !reflect.DeepEqual(a, want) {
				t.Errorf("account\n got %+v\nwant %+v", a, want)
			}
			// Reading the account needs no GAAD and no credential report.
			wantCalls := map[string]int{opSummary: 1, opAliases: 1, opListVirtual: 1}
			if got := f.counts(); !reflect.DeepEqual(got, wantCalls) {
				t.Errorf("calls = %v, want %v", got, wantCalls)
			}
		})
	}
}

func TestPasswordPolicy(t *testing.T) {
	f := newFake()
	c := testCollector(f, 2)
	ctx := context.Background()
	p, err := c.PasswordPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, &PasswordPolicy{}) {
		t.Errorf("no policy = %+v, want Exists false", p)
	}

	f.passwordPolicy = &types.PasswordPolicy{
		MinimumPasswordLength: aws.Int32(14), RequireSymbols: true, RequireNumbers: true,
		RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true,
		ExpirePasswords: true, MaxPasswordAge: aws.Int32(90), PasswordReusePrevention: aws.Int32(24), HardExpiry: aws.Bool(true),
	}
	c.Invalidate()
	p, err = c.PasswordPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	age, reuse := int32(90), int32(24)
	want := &PasswordPolicy{
		Exists: true, MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
		RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true,
		ExpirePasswords: true, MaxPasswordAge: &age, PasswordReusePrevention: &reuse, HardExpiry: true,
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("policy\n got %+v\nwant %+v", p, want)
	}

	f.failNext(opPasswordPolicy, apiError("AccessDenied"))
	c.Invalidate()
	_, err = c.PasswordPolicy(ctx)
	var apiErr *awserr.ActionError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:GetAccountPasswordPolicy" || !awserr.IsAccessDenied(err) {
		t.Errorf("err = %v, want access denied for iam:GetAccountPasswordPolicy", err)
	}
}

func TestServerCertificates(t *testing.T) {
	f := newFake()
	f.pageSize = 2
	for _, n := range []string{"e", "c", "a", "d", "b"} {
		f.certs = append(f.certs, types.ServerCertificateMetadata{
			ServerCertificateName: aws.String(n), Arn: aws.String("arn:aws:iam::123456789012:server-certificate/" + n),
			Path: aws.String("/"), UploadDate: aws.Time(t0), Expiration: aws.Time(reportAt),
		})
	}
	certs, err := testCollector(f, 2).ServerCertificates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range certs {
		got = append(got, fmt.Sprintf("%s %s %s %s", c.Name, c.ARN, c.UploadDate.Format("2006-01-02"), c.Expiration.Format("2006-01-02")))
	}
	want := []string{
		"a arn:aws:iam::123456789012:server-certificate/a 2024-01-02 2024-01-12",
		"b arn:aws:iam::123456789012:server-certificate/b 2024-01-02 2024-01-12",
		"c arn:aws:iam::123456789012:server-certificate/c 2024-01-02 2024-01-12",
		"d arn:aws:iam::123456789012:server-certificate/d 2024-01-02 2024-01-12",
		"e arn:aws:iam::123456789012:server-certificate/e 2024-01-02 2024-01-12",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("certificates = %v, want %v", got, want)
	}
	if n := f.count(opServerCerts); n != 3 {
		t.Errorf("ListServerCertificates calls = %d, want 3 (5 certificates, pages of 2)", n)
	}
}
