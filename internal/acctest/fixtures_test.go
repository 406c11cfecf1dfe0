package acctest

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const day = 24 * time.Hour

// near fails unless got is within a minute of now − ago.
func near(t *testing.T, what string, got time.Time, ago time.Duration) {
	t.Helper()
	want := time.Now().Add(-ago)
	if d := got.Sub(want).Abs(); d > time.Minute {
		t.Errorf("%s = %s, want %s (± 1m)", what, got.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339))
	}
}

// credentialReport regenerates and parses the report: rows by user name.
func credentialReport(t *testing.T, srv *Server) (time.Time, map[string]map[string]string) {
	t.Helper()
	ctx := t.Context()
	if _, err := srv.Fixtures().RegenerateCredentialReport(ctx); err != nil {
		t.Fatal(err)
	}
	return getCredentialReport(t, srv.IAM())
}

// getCredentialReport gets and parses the current report: rows by user name.
func getCredentialReport(t *testing.T, client *iam.Client) (time.Time, map[string]map[string]string) {
	t.Helper()
	out, err := client.GetCredentialReport(t.Context(), &iam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(string(out.Content))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		rows[row["user"]] = row
	}
	return aws.ToTime(out.GeneratedTime), rows
}

func reportTime(t *testing.T, row map[string]string, col string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, row[col])
	if err != nil {
		t.Fatalf("%s of %s: %v", col, row["user"], err)
	}
	return v
}

func TestInPast(t *testing.T) {
	t.Parallel()
	srv := Shared(t)
	f := srv.Fixtures()
	ctx := t.Context()
	path := UniquePath(t)
	old, fresh := RandomName("old"), RandomName("fresh")

	var keyID, secret string
	err := srv.InPast(ctx, 100, func(ctx context.Context) error {
		if _, err := f.CreateUser(ctx, old, path, nil); err != nil {
			return err
		}
		var err error
		keyID, secret, err = f.CreateAccessKey(ctx, old)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.InPast(ctx, 10, func(ctx context.Context) error {
		return f.MarkAccessKeyUsed(ctx, keyID, secret)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateUser(ctx, fresh, path, nil); err != nil {
		t.Fatal(err)
	}

	user, err := srv.IAM().GetUser(ctx, &iam.GetUserInput{UserName: aws.String(old)})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "old CreateDate", aws.ToTime(user.User.CreateDate), 100*day)
	keys, err := srv.IAM().ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(old)})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.AccessKeyMetadata) != 1 {
		t.Fatalf("%d keys", len(keys.AccessKeyMetadata))
	}
	near(t, "key CreateDate", aws.ToTime(keys.AccessKeyMetadata[0].CreateDate), 100*day)
	used, err := srv.IAM().GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(keyID)})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "key LastUsedDate", aws.ToTime(used.AccessKeyLastUsed.LastUsedDate), 10*day)
	if got := [2]string{aws.ToString(used.AccessKeyLastUsed.ServiceName), aws.ToString(used.AccessKeyLastUsed.Region)}; got != [2]string{"sts", "us-east-1"} {
		t.Errorf("last used service, region = %q", got)
	}
	freshUser, err := srv.IAM().GetUser(ctx, &iam.GetUserInput{UserName: aws.String(fresh)})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "fresh CreateDate", aws.ToTime(freshUser.User.CreateDate), 0)

	generated, rows := credentialReport(t, srv)
	near(t, "report GeneratedTime", generated, 0)
	row := rows[old]
	if row == nil {
		t.Fatalf("no report row for %s", old)
	}
	near(t, "user_creation_time", reportTime(t, row, "user_creation_time"), 100*day)
	near(t, "access_key_1_last_rotated", reportTime(t, row, "access_key_1_last_rotated"), 100*day)
	near(t, "access_key_1_last_used_date", reportTime(t, row, "access_key_1_last_used_date"), 10*day)
	if row["access_key_1_active"] != "true" {
		t.Errorf("access_key_1_active = %q", row["access_key_1_active"])
	}
}

// TestTimeOffsetIsPerRequest interleaves shifted and unshifted requests on
// one server: each must get its own clock.
func TestTimeOffsetIsPerRequest(t *testing.T) {
	t.Parallel()
	srv := Shared(t)
	f := srv.Fixtures()
	path := UniquePath(t)
	const n = 16
	errs := make(chan error, n)
	for i := range n {
		go func() {
			ctx := t.Context()
			ago := time.Duration(i%2) * 50 * day
			_, err := f.CreateUser(WithTimeOffset(ctx, -ago), fmt.Sprintf("u%02d-%dd", i, ago/day), path, nil)
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	out, err := srv.IAM().ListUsers(t.Context(), &iam.ListUsersInput{PathPrefix: aws.String(path)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Users) != n {
		t.Fatalf("%d users, want %d", len(out.Users), n)
	}
	for _, u := range out.Users {
		ago := 0 * day
		if strings.HasSuffix(aws.ToString(u.UserName), "-50d") {
			ago = 50 * day
		}
		near(t, aws.ToString(u.UserName), aws.ToTime(u.CreateDate), ago)
	}
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	srv := Shared(t)
	f := srv.Fixtures()
	ctx := t.Context()
	path := UniquePath(t)
	user, group, role := RandomName("user"), RandomName("group"), RandomName("role")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	u, err := f.CreateUser(ctx, user, path, map[string]string{"team": "sec", "env": "test"})
	must(err)
	if aws.ToString(u.Path) != path || aws.ToString(u.Arn) != "arn:aws:iam::123456789012:user"+path+user {
		t.Errorf("user path %q arn %q", aws.ToString(u.Path), aws.ToString(u.Arn))
	}
	must(f.CreateLoginProfile(ctx, user))
	lastLogin := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	must(f.MarkPasswordUsed(ctx, user, lastLogin))
	keyID, _, err := f.CreateAccessKey(ctx, user)
	must(err)
	must(f.UpdateAccessKeyStatus(ctx, user, keyID, false))
	virtual, err := f.EnableVirtualMFA(ctx, user)
	must(err)
	hardware, err := f.EnableHardwareMFA(ctx, user)
	must(err)

	_, err = f.CreateGroup(ctx, group, path)
	must(err)
	must(f.AddUserToGroup(ctx, group, user))
	must(f.PutGroupPolicy(ctx, group, "inline", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}`))
	policyARN, err := f.CreatePolicy(ctx, RandomName("policy"), path, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	must(err)
	must(f.AttachGroupPolicy(ctx, group, policyARN))
	must(f.AttachUserPolicy(ctx, user, policyARN))
	must(f.AttachGroupPolicy(ctx, group, "arn:aws:iam::aws:policy/SecurityAudit"))

	r, err := f.CreateRole(ctx, role, path, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`)
	must(err)
	must(f.PutRolePolicy(ctx, role, "inline", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`))
	must(f.AttachRolePolicy(ctx, role, policyARN))
	must(f.MarkRoleUsed(ctx, aws.ToString(r.Arn)))

	certARN, err := f.UploadServerCertificate(ctx, RandomName("cert"), path, time.Now().Add(90*day))
	must(err)

	t.Run("user", func(t *testing.T) {
		out, err := srv.IAM().GetUser(ctx, &iam.GetUserInput{UserName: aws.String(user)})
		must(err)
		if got := aws.ToTime(out.User.PasswordLastUsed); !got.Equal(lastLogin) {
			t.Errorf("PasswordLastUsed = %s", got)
		}
		keys, err := srv.IAM().ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(user)})
		must(err)
		if got := keys.AccessKeyMetadata[0].Status; got != types.StatusTypeInactive {
			t.Errorf("key status %s", got)
		}
		mfa, err := srv.IAM().ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(user)})
		must(err)
		var serials []string
		for _, d := range mfa.MFADevices {
			serials = append(serials, aws.ToString(d.SerialNumber))
		}
		slices.Sort(serials)
		if want := []string{hardware, virtual}; !slices.Equal(serials, want) {
			t.Errorf("MFA serials %q, want %q", serials, want)
		}
		assigned, err := srv.IAM().ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{AssignmentStatus: types.AssignmentStatusTypeAssigned})
		must(err)
		var owner string
		for _, d := range assigned.VirtualMFADevices {
			if aws.ToString(d.SerialNumber) == hardware {
				t.Errorf("hardware device %s listed as virtual", hardware)
			}
			if aws.ToString(d.SerialNumber) == virtual && d.User != nil {
				owner = aws.ToString(d.User.UserName)
			}
		}
		if owner != user {
			t.Errorf("virtual device %s assigned to %q, want %q", virtual, owner, user)
		}
		_, rows := credentialReport(t, srv)
		row := rows[user]
		for col, want := range map[string]string{
			"password_enabled":      "true",
			"password_last_used":    "2024-01-02T03:04:05+00:00",
			"mfa_active":            "true",
			"access_key_1_active":   "false",
			"access_key_2_active":   "false",
			"password_last_changed": row["user_creation_time"], // moto quirk
		} {
			if row[col] != want {
				t.Errorf("report %s = %q, want %q", col, row[col], want)
			}
		}
	})

	t.Run("group", func(t *testing.T) {
		out, err := srv.IAM().GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(group)})
		must(err)
		if len(out.Users) != 1 || aws.ToString(out.Users[0].UserName) != user {
			t.Errorf("members %v", out.Users)
		}
		attached, err := srv.IAM().ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(group)})
		must(err)
		if len(attached.AttachedPolicies) != 2 {
			t.Errorf("%d attached group policies, want 2", len(attached.AttachedPolicies))
		}
	})

	t.Run("role", func(t *testing.T) {
		out, err := srv.IAM().GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(role)})
		must(err)
		if out.Role.RoleLastUsed == nil || out.Role.RoleLastUsed.LastUsedDate == nil {
			t.Fatalf("RoleLastUsed %+v", out.Role.RoleLastUsed)
		}
		near(t, "role LastUsedDate", aws.ToTime(out.Role.RoleLastUsed.LastUsedDate), 0)
	})

	t.Run("server certificate", func(t *testing.T) {
		out, err := srv.IAM().ListServerCertificates(ctx, &iam.ListServerCertificatesInput{PathPrefix: aws.String(path)})
		must(err)
		if len(out.ServerCertificateMetadataList) != 1 {
			t.Fatalf("%d certificates", len(out.ServerCertificateMetadataList))
		}
		c := out.ServerCertificateMetadataList[0]
		if aws.ToString(c.Arn) != certARN {
			t.Errorf("arn %s, want %s", aws.ToString(c.Arn), certARN)
		}
		if got := aws.ToTime(c.Expiration).Format(time.RFC3339); got != "2012-05-08T01:02:03Z" {
			t.Errorf("Expiration %s (moto reports a constant)", got)
		}
	})
}

func TestAccountWideFixtures(t *testing.T) {
	t.Parallel()
	srv := Dedicated(t, Options{})
	f := srv.Fixtures()
	ctx := t.Context()

	if err := f.SetPasswordPolicy(ctx, iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength: aws.Int32(14), RequireSymbols: true, PasswordReusePrevention: aws.Int32(24),
	}); err != nil {
		t.Fatal(err)
	}
	pp, err := srv.IAM().GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(pp.PasswordPolicy.MinimumPasswordLength) != 14 || !pp.PasswordPolicy.RequireSymbols {
		t.Errorf("password policy %+v", pp.PasswordPolicy)
	}

	tests := []struct {
		root       RootAccount
		wantSerial string // root virtual device, "" = none
		wantMFA    int32
		wantKeys   int32
		wantCerts  int32
	}{
		{RootAccount{MFA: "virtual", AccessKeysPresent: true}, "arn:aws:iam::123456789012:mfa/root-account-mfa-device", 1, 1, 0},
		{RootAccount{MFA: "hardware", SigningCertificatesPresent: true}, "", 1, 0, 1},
		{RootAccount{}, "", 0, 0, 0},
	}
	for _, tc := range tests {
		if err := f.SetRootAccount(ctx, tc.root); err != nil {
			t.Fatal(err)
		}
		summary, err := srv.IAM().GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
		if err != nil {
			t.Fatal(err)
		}
		m := summary.SummaryMap
		got := [3]int32{m["AccountMFAEnabled"], m["AccountAccessKeysPresent"], m["AccountSigningCertificatesPresent"]}
		if want := [3]int32{tc.wantMFA, tc.wantKeys, tc.wantCerts}; got != want {
			t.Errorf("%+v: summary MFA, keys, certs = %v, want %v", tc.root, got, want)
		}
		devices, err := srv.IAM().ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{})
		if err != nil {
			t.Fatal(err)
		}
		var serial string
		for _, d := range devices.VirtualMFADevices {
			if d.User != nil && strings.HasSuffix(aws.ToString(d.User.Arn), ":root") {
				serial = aws.ToString(d.SerialNumber)
				if d.User.UserName != nil {
					t.Errorf("root device UserName %q, want none as in AWS", aws.ToString(d.User.UserName))
				}
			}
		}
		if serial != tc.wantSerial {
			t.Errorf("%+v: root virtual device %q, want %q", tc.root, serial, tc.wantSerial)
		}
	}
	if err := f.SetRootAccount(ctx, RootAccount{MFA: "yubikey"}); err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("invalid MFA type: error %v, want a 400", err)
	}
}
