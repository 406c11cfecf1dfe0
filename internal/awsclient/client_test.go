package awsclient

import (
	"os"
	"strings"
	"testing"

	basediag "github.com/hashicorp/aws-sdk-go-base/v2/diag"
)

// TestDiagsWarnings: the base library's warnings are passed on (redacted),
// its errors become the one error.
func TestDiagsWarnings(t *testing.T) {
	t.Parallel()
	var diags basediag.Diagnostics
	diags = diags.AddWarning("Deprecated profile setting", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is ignored")
	got := diagsWarnings(diags)
	if len(got) != 1 || got[0].Summary != "Deprecated profile setting" || !containsRedacted(got[0].Detail) {
		t.Fatalf("diagsWarnings = %+v", got)
	}
	if err := diagsError(diags); err != nil {
		t.Fatalf("a warning is not an error: %v", err)
	}
	diags = diags.AddError("No credentials", "none found")
	if err := diagsError(diags); err == nil || err.Error() != "No credentials: none found" {
		t.Fatalf("diagsError = %v", err)
	}
	if got := diagsWarnings(nil); got != nil {
		t.Fatalf("no diagnostics, warnings %v", got)
	}
}

func containsRedacted(s string) bool {
	return s != "" && !strings.Contains(s, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
}

// TestDebugLogsShown: the SDK's body logging stays on whenever any logging
// variable is set, and is off only when Terraform drops every provider line.
func TestDebugLogsShown(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		environ []string
		want    bool
	}{
		"nothing set":                      {[]string{"HOME=/root", "PATH=/bin", "AWS_REGION=us-east-1"}, false},
		"set but empty":                    {[]string{"TF_LOG=", "TF_LOG_PROVIDER="}, false},
		"a look-alike name":                {[]string{"MY_TF_LOG=DEBUG", "TFLOG=TRACE"}, false},
		"TF_LOG":                           {[]string{"TF_LOG=DEBUG"}, true},
		"TF_LOG=JSON":                      {[]string{"TF_LOG=JSON"}, true},
		"TF_LOG_PROVIDER":                  {[]string{"TF_LOG_PROVIDER=TRACE"}, true},
		"a provider-specific level":        {[]string{"TF_LOG_PROVIDER_IAMAUDIT=DEBUG"}, true},
		"the SDK's level":                  {[]string{"TF_LOG_SDK=TRACE"}, true},
		"a log path (kept: conservative)":  {[]string{"TF_LOG_PATH=/tmp/tf.log"}, true},
		"the acceptance test harness's":    {[]string{"TF_ACC_LOG=DEBUG"}, true},
		"the acceptance test harness path": {[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := debugLogsShown(tc.environ); got != tc.want {
				t.Errorf("debugLogsShown(%q) = %v, want %v", tc.environ, got, tc.want)
			}
		})
	}
}

// TestToBaseSuppressesDebugLogWithoutTFLog: the base library gets the
// decision for this process's environment.
func TestToBaseSuppressesDebugLogWithoutTFLog(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_ACC_LOG") {
			t.Setenv(name, "")
		}
	}
	if base := (Config{}).toBase(nil); !base.SuppressDebugLog {
		t.Errorf("without TF_LOG the SDK's debug logging is on")
	}
	t.Setenv("TF_LOG", "DEBUG")
	if base := (Config{}).toBase(nil); base.SuppressDebugLog {
		t.Errorf("with TF_LOG=DEBUG the SDK's debug logging is off")
	}
}
