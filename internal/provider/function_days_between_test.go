package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestDaysBetween(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		start, end string
		want       int64
	}{
		"same instant":                     {"2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 0},
		"one second short of a day":        {"2024-01-01T00:00:00Z", "2024-01-01T23:59:59Z", 0},
		"exactly one day":                  {"2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", 1},
		"leap year February":               {"2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", 29},
		"ninety days and a bit":            {"2024-01-01T08:30:00Z", "2024-03-31T09:00:00Z", 90},
		"offsets are honoured":             {"2024-01-01T23:00:00-02:00", "2024-01-02T01:00:00Z", 0},
		"offsets make a full day":          {"2024-01-01T12:00:00+02:00", "2024-01-02T10:00:00Z", 1},
		"fractional seconds":               {"2024-01-01T00:00:00.900Z", "2024-01-02T00:00:00.100Z", 0},
		"end before start":                 {"2024-01-10T00:00:00Z", "2024-01-01T00:00:00Z", -9},
		"half a day backwards rounds down": {"2024-01-02T00:00:00Z", "2024-01-01T12:00:00Z", -1},
		"one second backwards":             {"2024-01-01T00:00:01Z", "2024-01-01T00:00:00Z", -1},
		"centuries":                        {"1900-01-01T00:00:00Z", "2100-01-01T00:00:00Z", 73049},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := daysBetween(tc.start, tc.end)
			if err != nil {
				t.Fatalf("daysBetween(%q, %q) failed: %v", tc.start, tc.end, err)
			}
			if got != tc.want {
				t.Errorf("daysBetween(%q, %q) = %d, want %d", tc.start, tc.end, got, tc.want)
			}
		})
	}
}

func TestDaysBetween_invalid(t *testing.T) {
	t.Parallel()
	const valid = "2024-01-01T00:00:00Z"
	cases := map[string]struct {
		start, end string
		argument   int64
		text       string
	}{
		"date only": {"2024-01-01", valid, 0,
			`Invalid start timestamp: "2024-01-01" is not an RFC 3339 timestamp. Expected a form such as ` +
				`"2024-01-31T12:00:00Z" or "2024-01-31T13:00:00+01:00", as plantimestamp() returns`},
		"no zone": {valid, "2024-01-01T00:00:00", 1,
			`Invalid end timestamp: "2024-01-01T00:00:00" is not an RFC 3339 timestamp. Expected a form such as ` +
				`"2024-01-31T12:00:00Z" or "2024-01-31T13:00:00+01:00", as plantimestamp() returns`},
		"empty":        {"", valid, 0, `Invalid start timestamp: "" is not an RFC 3339 timestamp.`},
		"both invalid": {"yesterday", "today", 0, `Invalid start timestamp: "yesterday"`},
		"out of range": {valid, "2024-02-30T00:00:00Z", 1, `Invalid end timestamp: "2024-02-30T00:00:00Z"`},
		"unix seconds": {"1704067200", valid, 0, `Invalid start timestamp: "1704067200"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := daysBetween(tc.start, tc.end)
			if err == nil {
				t.Fatalf("daysBetween(%q, %q) = %d, want an error", tc.start, tc.end, got)
			}
			if err.FunctionArgument == nil || *err.FunctionArgument != tc.argument {
				t.Errorf("error names argument %v, want %d", err.FunctionArgument, tc.argument)
			}
			if len(err.Text) < len(tc.text) || err.Text[:len(tc.text)] != tc.text {
				t.Errorf("error text %q, want it to begin with %q", err.Text, tc.text)
			}
			if strings.HasSuffix(err.Text, ".") {
				t.Errorf("error text %q ends with a period, which Terraform adds itself", err.Text)
			}
		})
	}
}

func TestAccDaysBetween_output(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccDaysBetweenConfig("2024-01-01T08:30:00Z", "2024-03-31T09:00:00+00:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownOutputValue("days", knownvalue.Int64Exact(90)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("days", knownvalue.Int64Exact(90)),
				},
			},
			{
				Config: testAccDaysBetweenConfig("2024-01-02T00:00:00Z", "2024-01-01T12:00:00Z"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("days", knownvalue.Int64Exact(-1)),
				},
			},
			{
				Config:      testAccDaysBetweenConfig("2024-01-01T00:00:00Z", "next tuesday"),
				ExpectError: expectErrorText(`Invalid end timestamp: "next tuesday" is not an RFC 3339 timestamp`),
			},
		},
	})
}

func TestAccDaysBetween_planTimestamp(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
output "days" {
  value = provider::iamaudit::days_between(timeadd(plantimestamp(), "-721h"), plantimestamp())
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("days", knownvalue.Int64Exact(30)),
			},
		}},
	})
}

// testAccDaysBetweenConfig calls days_between in an output, without any
// provider configuration: functions do not need one.
func testAccDaysBetweenConfig(start, end string) string {
	return fmt.Sprintf(`
output "days" {
  value = provider::iamaudit::days_between(%[1]q, %[2]q)
}
`, start, end)
}
