package iamcollect

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func tp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	t = t.UTC()
	return &t
}

func bp(b bool) *bool { return &b }

// sampleReport is an AWS-shaped report: root first, N/A, no_information and
// not_supported values, +00:00 dates.
const sampleReport = reportHeader + "\n" +
	"<root_account>,arn:aws:iam::123456789012:root,2019-05-06T07:08:09+00:00,not_supported,2024-02-03T04:05:06+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
	"bob,arn:aws:iam::123456789012:user/bob,2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,2023-01-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
	"alice,arn:aws:iam::123456789012:user/ops/alice,2022-03-04T05:06:07+00:00,true,no_information,2022-03-04T05:06:07+00:00,2022-06-02T05:06:07+00:00,TRUE,true,2022-03-05T00:00:00+00:00,2024-01-31T23:59:59+00:00,us-east-1,s3,true,2023-07-08T09:10:11+00:00,N/A,no_information,not_supported,true,2022-04-01T00:00:00+00:00,False,N/A\n"

func TestParseCredentialReport_sample(t *testing.T) {
	gen := time.Date(2024, 2, 4, 0, 0, 0, 0, time.FixedZone("x", 3600))
	got, err := ParseCredentialReport([]byte(sampleReport), gen)
	if err != nil {
		t.Fatal(err)
	}
	want := &CredentialReport{
		GeneratedAt: time.Date(2024, 2, 3, 23, 0, 0, 0, time.UTC),
		Rows: []CredentialReportRow{
			{
				User:             RootUserName,
				ARN:              "arn:aws:iam::123456789012:root",
				UserCreationTime: tp("2019-05-06T07:08:09Z"),
				PasswordLastUsed: tp("2024-02-03T04:05:06Z"),
				MFAActive:        true,
			},
			{
				User:                      "alice",
				ARN:                       "arn:aws:iam::123456789012:user/ops/alice",
				UserCreationTime:          tp("2022-03-04T05:06:07Z"),
				PasswordEnabled:           bp(true),
				PasswordLastChanged:       tp("2022-03-04T05:06:07Z"),
				PasswordNextRotation:      tp("2022-06-02T05:06:07Z"),
				MFAActive:                 true,
				AccessKey1Active:          true,
				AccessKey1LastRotated:     tp("2022-03-05T00:00:00Z"),
				AccessKey1LastUsedDate:    tp("2024-01-31T23:59:59Z"),
				AccessKey1LastUsedRegion:  "us-east-1",
				AccessKey1LastUsedService: "s3",
				AccessKey2Active:          true,
				AccessKey2LastRotated:     tp("2023-07-08T09:10:11Z"),
				Cert1Active:               true,
				Cert1LastRotated:          tp("2022-04-01T00:00:00Z"),
			},
			{
				User:                  "bob",
				ARN:                   "arn:aws:iam::123456789012:user/bob",
				UserCreationTime:      tp("2023-01-01T00:00:00Z"),
				PasswordEnabled:       bp(false),
				AccessKey1LastRotated: tp("2023-01-02T00:00:00Z"),
			},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if got.Rows[0].UserCreationTime.Location() != time.UTC {
		t.Errorf("dates must be UTC, got %v", got.Rows[0].UserCreationTime.Location())
	}
}

func TestParseCredentialReport_columnsByName(t *testing.T) {
	// Columns reversed, plus unknown columns that must be ignored.
	cols := append([]string{"future_column"}, strings.Split(reportHeader, ",")...)
	cols = append(cols, "another_one")
	values := map[string]string{
		"user": "carol", "arn": "arn:aws:iam::123456789012:user/carol",
		"user_creation_time": "2021-01-01T00:00:00+00:00", "password_enabled": "true",
		"password_last_used": "2021-02-01T00:00:00+00:00", "mfa_active": "false",
		"access_key_2_active": "true", "access_key_2_last_rotated": "2021-03-01T00:00:00+00:00",
		"access_key_2_last_used_service": "iam", "cert_2_active": "true",
		"future_column": "whatever, quoted", "another_one": "x",
	}
	for i, j := 0, len(cols)-1; i < j; i, j = i+1, j-1 {
		cols[i], cols[j] = cols[j], cols[i]
	}
	rec := make([]string, len(cols))
	for i, c := range cols {
		v, ok := values[c]
		if !ok {
			v = "N/A"
			if strings.HasSuffix(c, "_active") {
				v = "false"
			}
		}
		rec[i] = v
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	_ = w.Write(rec)
	w.Flush()

	got, err := ParseCredentialReport(buf.Bytes(), reportAt)
	if err != nil {
		t.Fatal(err)
	}
	want := []CredentialReportRow{{
		User:                      "carol",
		ARN:                       "arn:aws:iam::123456789012:user/carol",
		UserCreationTime:          tp("2021-01-01T00:00:00Z"),
		PasswordEnabled:           bp(true),
		PasswordLastUsed:          tp("2021-02-01T00:00:00Z"),
		AccessKey2Active:          true,
		AccessKey2LastRotated:     tp("2021-03-01T00:00:00Z"),
		AccessKey2LastUsedService: "iam",
		Cert2Active:               true,
	}}
	if !reflect.DeepEqual(got.Rows, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got.Rows, want)
	}
}

func TestParseCredentialReport_errors(t *testing.T) {
	row := strings.Split(strings.Split(sampleReport, "\n")[2], ",")
	withField := func(i int, v string) string {
		r := append([]string(nil), row...)
		r[i] = v
		return reportHeader + "\n" + strings.Join(r, ",") + "\n"
	}
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"empty", "", "credential report: empty content"},
		{"blank lines", "\n\n", "credential report: empty content"},
		{
			"missing columns",
			"user,arn,mfa_active,access_key_1_active\nbob,arn,false,false\n",
			"credential report: missing columns user_creation_time, password_enabled, password_last_used, password_last_changed, password_next_rotation, access_key_1_last_rotated, access_key_1_last_used_date, access_key_1_last_used_region, access_key_1_last_used_service, access_key_2_active, access_key_2_last_rotated, access_key_2_last_used_date, access_key_2_last_used_region, access_key_2_last_used_service, cert_1_active, cert_1_last_rotated, cert_2_active, cert_2_last_rotated",
		},
		{"duplicate column", reportHeader + ",user\n", `credential report: duplicate column "user"`},
		{"invalid boolean", withField(7, "yes"), `credential report line 2: column mfa_active: invalid boolean "yes"`},
		{"invalid date", withField(9, "2023-01-02 00:00:00"), `credential report line 2: column access_key_1_last_rotated: invalid date "2023-01-02 00:00:00"`},
		{"date beyond RFC 3339 in UTC", withField(2, "9999-12-31T23:00:00-01:00"), `credential report line 2: column user_creation_time: invalid date "9999-12-31T23:00:00-01:00"`},
		{"ragged row", reportHeader + "\nbob,arn\n", "credential report: record on line 2: wrong number of fields"},
		{"bad quote", reportHeader + "\n\"bob\"x,arn\n", `credential report: parse error on line 2, column 5: extraneous or missing " in quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCredentialReport([]byte(tt.content), reportAt)
			if err == nil {
				t.Fatalf("want error %q, got report %+v", tt.want, got)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseCredentialReport_headerOnlyAndBOM(t *testing.T) {
	got, err := ParseCredentialReport([]byte("\uFEFF"+reportHeader+"\r\n"), reportAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 0 || got.Rows == nil || !got.GeneratedAt.Equal(reportAt) {
		t.Errorf("got %+v, want no rows (non-nil) generated at %v", got, reportAt)
	}
}

// formatReport writes rep back as CSV in AWS's shape; used by the fuzz test.
func formatReport(rep *CredentialReport) []byte {
	date := func(t *time.Time) string {
		if t == nil {
			return "N/A"
		}
		return t.Format(time.RFC3339Nano)
	}
	flag := func(b bool) string { return strconv.FormatBool(b) }
	text := func(s string) string {
		if s == "" {
			return "N/A"
		}
		return s
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(CredentialReportColumns)
	for _, r := range rep.Rows {
		pw := "not_supported"
		if r.PasswordEnabled != nil {
			pw = flag(*r.PasswordEnabled)
		}
		_ = w.Write([]string{
			r.User, r.ARN, date(r.UserCreationTime), pw, date(r.PasswordLastUsed),
			date(r.PasswordLastChanged), date(r.PasswordNextRotation), flag(r.MFAActive),
			flag(r.AccessKey1Active), date(r.AccessKey1LastRotated), date(r.AccessKey1LastUsedDate),
			text(r.AccessKey1LastUsedRegion), text(r.AccessKey1LastUsedService),
			flag(r.AccessKey2Active), date(r.AccessKey2LastRotated), date(r.AccessKey2LastUsedDate),
			text(r.AccessKey2LastUsedRegion), text(r.AccessKey2LastUsedService),
			flag(r.Cert1Active), date(r.Cert1LastRotated), flag(r.Cert2Active), date(r.Cert2LastRotated),
		})
	}
	w.Flush()
	return buf.Bytes()
}

// FuzzParseCredentialReport checks that the parser never panics and that
// whatever it accepts is well-formed: UTC dates, root first then sorted by
// user, and a stable round trip through formatReport.
func FuzzParseCredentialReport(f *testing.F) {
	f.Add([]byte(sampleReport))
	f.Add([]byte(reportHeader + "\n" + rootLine + "\n"))
	f.Add([]byte(reportHeader + "\n" + rowSpec{name: "a", password: true, mfa: true, keys: 2}.line() + "\n"))
	f.Add([]byte(reportHeader + "\n\"x,\"\"y\",arn,N/A,not_supported,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"))
	f.Add([]byte("user,arn\nbob,arn\n"))
	f.Add([]byte(""))
	f.Add([]byte(strings.Replace(sampleReport, "2019-05-06T07:08:09+00:00", "0000-01-01T00:00:00+01:00", 1)))
	f.Add([]byte("\uFEFF" + reportHeader + ",extra\r\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		rep, err := ParseCredentialReport(content, reportAt)
		if err != nil {
			return
		}
		for i, r := range rep.Rows {
			for _, d := range []*time.Time{r.UserCreationTime, r.PasswordLastUsed, r.PasswordLastChanged, r.PasswordNextRotation,
				r.AccessKey1LastRotated, r.AccessKey1LastUsedDate, r.AccessKey2LastRotated, r.AccessKey2LastUsedDate,
				r.Cert1LastRotated, r.Cert2LastRotated} {
				if d != nil && d.Location() != time.UTC {
					t.Fatalf("row %d: date %v not UTC", i, d)
				}
			}
			if i > 0 && compareRows(rep.Rows[i-1], r) > 0 {
				t.Fatalf("rows out of order: %q before %q", rep.Rows[i-1].User, r.User)
			}
			for _, s := range []string{r.AccessKey1LastUsedRegion, r.AccessKey1LastUsedService, r.AccessKey2LastUsedRegion, r.AccessKey2LastUsedService} {
				if isNull(s) {
					t.Fatalf("row %d: null marker %q kept", i, s)
				}
			}
		}
		again, err := ParseCredentialReport(formatReport(rep), reportAt)
		if err != nil {
			t.Fatalf("re-parsing formatted report: %v", err)
		}
		if !reflect.DeepEqual(again, rep) {
			t.Fatalf("round trip changed the report:\n%+v\n%+v", rep, again)
		}
	})
}

func TestCredentialReport_states(t *testing.T) {
	tests := []struct {
		name         string
		states       []types.ReportStateType
		getErrs      []error
		wantGenerate int
		wantGet      int
	}{
		{"complete at once", []types.ReportStateType{types.ReportStateTypeComplete}, nil, 1, 1},
		{"started then complete", []types.ReportStateType{types.ReportStateTypeStarted, types.ReportStateTypeInprogress, types.ReportStateTypeComplete}, nil, 3, 1},
		{"report in progress", []types.ReportStateType{types.ReportStateTypeComplete}, []error{apiError("ReportInProgress"), apiError("ReportInProgress")}, 1, 3},
		{"report expired", []types.ReportStateType{types.ReportStateTypeComplete, types.ReportStateTypeStarted, types.ReportStateTypeComplete}, []error{apiError("ReportExpired")}, 3, 2},
		{"report not present", []types.ReportStateType{types.ReportStateTypeComplete, types.ReportStateTypeComplete}, []error{apiError("ReportNotPresent")}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.setReport(rowSpec{name: "bob"})
			f.reportStates = tt.states
			f.failNext(opGetReport, tt.getErrs...)
			c := testCollector(f, 2)
			rep, err := c.CredentialReport(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != 2 || rep.Rows[0].User != RootUserName || rep.Rows[1].User != "bob" || !rep.GeneratedAt.Equal(reportAt) {
				t.Errorf("report = %+v", rep)
			}
			if got := f.count(opGenerate); got != tt.wantGenerate {
				t.Errorf("GenerateCredentialReport calls = %d, want %d", got, tt.wantGenerate)
			}
			if got := f.count(opGetReport); got != tt.wantGet {
				t.Errorf("GetCredentialReport calls = %d, want %d", got, tt.wantGet)
			}
		})
	}
}

func TestCredentialReport_timeout(t *testing.T) {
	f := newFake()
	f.reportStates = []types.ReportStateType{types.ReportStateTypeStarted}
	c := New(f, Options{ReportPollInterval: time.Millisecond, ReportTimeout: 30 * time.Millisecond})
	_, err := c.CredentialReport(context.Background())
	if !errors.Is(err, ErrReportTimeout) {
		t.Fatalf("err = %v, want ErrReportTimeout", err)
	}
	if got, want := err.Error(), "credential report was not generated within 30ms"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if f.count(opGetReport) != 0 || f.count(opGenerate) < 2 {
		t.Errorf("calls = %v, want several GenerateCredentialReport and no GetCredentialReport", f.counts())
	}
}

func TestCredentialReport_apiErrors(t *testing.T) {
	tests := []struct {
		name       string
		op         string
		err        error
		wantAction string
		wantDenied bool
	}{
		{"generate denied", opGenerate, apiError("AccessDenied"), "iam:GenerateCredentialReport", true},
		{"get denied", opGetReport, apiError("AccessDenied"), "iam:GetCredentialReport", true},
		{"generation limit", opGenerate, apiError("LimitExceeded"), "iam:GenerateCredentialReport", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.setReport()
			f.failNext(tt.op, tt.err)
			_, err := testCollector(f, 2).CredentialReport(context.Background())
			var apiErr *awserr.ActionError
			if !errors.As(err, &apiErr) || apiErr.Action != tt.wantAction {
				t.Fatalf("err = %v, want *awserr.ActionError with action %s", err, tt.wantAction)
			}
			if awserr.IsAccessDenied(err) != tt.wantDenied {
				t.Errorf("IsAccessDenied = %v, want %v", !tt.wantDenied, tt.wantDenied)
			}
			if want := tt.wantAction + ": api error "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err.Error(), want)
			}
		})
	}
}

func TestCredentialReport_parseErrorNamesAction(t *testing.T) {
	f := newFake()
	f.reportCSV = []byte("user,arn\nbob,arn\n")
	_, err := testCollector(f, 2).CredentialReport(context.Background())
	var apiErr *awserr.ActionError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:GetCredentialReport" {
		t.Fatalf("err = %v, want *awserr.ActionError for iam:GetCredentialReport", err)
	}
}
