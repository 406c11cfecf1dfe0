package main

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestControlLess(t *testing.T) {
	want := []string{"1.4", "1.10", "2.1.1", "2.1.6", "2.2", "2.10", "2.21", "IAM.1", "IAM.2", "IAM.10", "X.1", "X.4"}
	got := slices.Clone(want)
	slices.Reverse(got)
	sort.Slice(got, func(i, j int) bool { return controlLess(got[i], got[j]) })
	if !slices.Equal(got, want) {
		t.Fatalf("sorted %q, want %q", got, want)
	}
}

func TestMessageControl(t *testing.T) {
	for msg, want := range map[string]string{
		"CIS v7.0.0 2.14: attached policies …": "2.14",
		"Security Hub IAM.3: active access …":  "IAM.3",
		"X.1: third-party roles …":             "X.1",
	} {
		if got := messageControl(msg); got != want {
			t.Errorf("messageControl(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestOffendersCell(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "-"},
		{[]string{"a", "b", "c", "d"}, "a, b, c, d"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c and 2 more"},
	} {
		if got := offendersCell(tc.in); got != tc.want {
			t.Errorf("offendersCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The table carries the CIS v3.0.0 crosswalk, related items marked.
func TestPrintReport(t *testing.T) {
	rep := &report{Results: map[string]result{
		"2.12": {Title: "Ensure access keys are rotated every 90 days or less", Status: "FAIL", Offenders: []string{"erin"},
			Crosswalk: map[string][]crosswalkItem{"cis-aws-3.0.0": {{ID: "1.14", Relation: "equivalent"}}}},
		"2.1.1": {Title: "Ensure centralized root access in AWS Organizations", Status: "UNKNOWN", Reason: "features unreadable"},
		"IAM.8": {Title: "Unused IAM user credentials should be removed", Status: "EXCEPTED", Offenders: []string{"bob"}, Reason: "bob (accepted; until 2030-01-01)",
			Crosswalk: map[string][]crosswalkItem{"cis-aws-3.0.0": {{ID: "1.12", Relation: "related"}}}},
	}}
	var b bytes.Buffer
	printReport(&b, rep)
	out := b.String()
	for _, want := range []string{
		"CONTROL  TITLE", "CIS v3.0.0",
		"2.1.1    Ensure centralized root access in AWS Organizations   UNKNOWN   -          -",
		"2.12     Ensure access keys are rotated every 90 days or less  FAIL      erin       1.14",
		"IAM.8    Unused IAM user credentials should be removed         EXCEPTED  bob        1.12~",
		"(~ related:", "3 controls: 0 PASS, 1 FAIL, 1 UNKNOWN, 1 EXCEPTED, 0 MANUAL",
		"2.1.1 is UNKNOWN: features unreadable", "IAM.8 is EXCEPTED: bob (accepted; until 2030-01-01)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "2.1.1 ") > strings.Index(out, "2.12 ") {
		t.Errorf("2.1.1 must come before 2.12:\n%s", out)
	}
}
