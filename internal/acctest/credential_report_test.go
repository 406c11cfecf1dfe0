package acctest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

// TestCredentialReportSnapshot checks that the wrapper serves the credential
// report as AWS documents it (IAM User Guide, "Getting credential reports"):
// a report generated within the past four hours is returned as it was, a
// newer request regenerates it only once it is older than four hours, and
// GetCredentialReport without a report, or with an expired one, fails with
// ReportNotPresent / ReportExpired. moto alone rebuilds the CSV on every
// GetCredentialReport and stamps it 2015-02-02T20:02:02Z.
func TestCredentialReportSnapshot(t *testing.T) {
	t.Parallel()
	srv := Dedicated(t, Options{})
	ctx := t.Context()
	f := srv.Fixtures()
	client := srv.IAM()
	generate := func(ctx context.Context) types.ReportStateType {
		t.Helper()
		out, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			t.Fatal(err)
		}
		return out.State
	}
	wantCode := func(err error, code string) {
		t.Helper()
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
			t.Fatalf("err = %v, want %s", err, code)
		}
	}

	_, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	wantCode(err, "ReportNotPresent")

	// A report three hours old, taken when only "before" existed.
	if _, err := f.CreateUser(WithTimeOffset(ctx, -4*time.Hour), "before", "/", nil); err != nil {
		t.Fatal(err)
	}
	if got := generate(WithTimeOffset(ctx, -3*time.Hour)); got != types.ReportStateTypeStarted {
		t.Fatalf("first GenerateCredentialReport: %s, want STARTED", got)
	}
	if _, err := f.CreateUser(ctx, "after", "/", nil); err != nil {
		t.Fatal(err)
	}
	if got := generate(ctx); got != types.ReportStateTypeComplete {
		t.Fatalf("GenerateCredentialReport on a 3-hour-old report: %s, want COMPLETE (kept)", got)
	}
	generated, rows := getCredentialReport(t, client)
	near(t, "GeneratedTime", generated, 3*time.Hour)
	if rows["before"] == nil || rows["after"] != nil {
		t.Fatalf("report rows %v: want before, not after (created since the report)", keys(rows))
	}

	// An hour and a second later (by the wrapper's clock) it is older than
	// four hours: Get fails with ReportExpired, Generate starts a new one.
	later := WithTimeOffset(ctx, time.Hour+time.Second)
	_, err = client.GetCredentialReport(later, &iam.GetCredentialReportInput{})
	wantCode(err, "ReportExpired")
	if got := generate(later); got != types.ReportStateTypeStarted {
		t.Fatalf("GenerateCredentialReport on a report older than 4 hours: %s, want STARTED", got)
	}
	generated, rows = getCredentialReport(t, client)
	near(t, "regenerated GeneratedTime", generated, -time.Hour)
	if rows["after"] == nil {
		t.Fatalf("regenerated report rows %v: want after", keys(rows))
	}

	// RegenerateCredentialReport takes a fresh snapshot now, whatever its age.
	if _, err := f.CreateUser(ctx, "latest", "/", nil); err != nil {
		t.Fatal(err)
	}
	at, err := f.RegenerateCredentialReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "RegenerateCredentialReport", at, 0)
	if _, rows = getCredentialReport(t, client); rows["latest"] == nil {
		t.Fatalf("rows %v after RegenerateCredentialReport: want latest", keys(rows))
	}
}

func keys(m map[string]map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
