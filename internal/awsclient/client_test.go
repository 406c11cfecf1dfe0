package awsclient

import (
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
