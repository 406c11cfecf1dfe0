package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// maxTitle is the width titles are shortened to in the table.
const maxTitle = 58

// crosswalkStandard is the standard the table's last column maps each
// recommendation to: the CIS version most audits were written against.
const crosswalkStandard = "cis-aws-3.0.0"

// statuses is the order the summary counts statuses in.
var statuses = []string{"PASS", "FAIL", "UNKNOWN", "EXCEPTED", "MANUAL"}

// printReport prints the results as a table in report order with each
// recommendation's CIS v3.0.0 counterpart, a status summary, the reasons of
// the UNKNOWN and EXCEPTED recommendations, and the failed checks' messages
// (the detail per offender).
func printReport(w io.Writer, rep *report) {
	ids := make([]string, 0, len(rep.Results))
	for id := range rep.Results {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return controlLess(ids[i], ids[j]) })

	if rep.Standard.Title != "" {
		fmt.Fprintf(w, "%s (standard = %q)\n\n", rep.Standard.Title, rep.Standard.Name)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONTROL\tTITLE\tSTATUS\tOFFENDERS\tCIS v3.0.0")
	counts := map[string]int{}
	related := false
	for _, id := range ids {
		r := rep.Results[id]
		counts[r.Status]++
		offenders := offendersCell(r.Offenders)
		v3, rel := crosswalkColumn(r.Crosswalk[crosswalkStandard])
		related = related || rel
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", id, shorten(r.Title, maxTitle), r.Status, offenders, v3)
	}
	_ = tw.Flush()
	if related {
		fmt.Fprintln(w, "(~ related: the same subject, decided with another threshold or scope)")
	}

	parts := make([]string, 0, len(statuses))
	for _, s := range statuses {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	fmt.Fprintf(w, "\n%d controls: %s\n", len(ids), strings.Join(parts, ", "))
	for _, id := range ids {
		if r := rep.Results[id]; r.Status == "UNKNOWN" || r.Status == "EXCEPTED" {
			fmt.Fprintf(w, "%s is %s: %s\n", id, r.Status, r.Reason)
		}
	}
	if len(rep.Excluded.Users)+len(rep.Excluded.Roles) > 0 {
		fmt.Fprintf(w, "Excluded by the configuration: users [%s], roles [%s].\n",
			strings.Join(rep.Excluded.Users, ", "), strings.Join(rep.Excluded.Roles, ", "))
	}
	if len(rep.Failures) > 0 {
		fmt.Fprintln(w, "\nFailed checks (warnings in `terraform plan`; enforce = true or examples/ci make them fail the run):")
		msgs := append([]string(nil), rep.Failures...)
		sort.SliceStable(msgs, func(i, j int) bool { return controlLess(messageControl(msgs[i]), messageControl(msgs[j])) })
		for _, m := range msgs {
			fmt.Fprintln(w, "  -", m)
		}
	}
}

// maxOffenders is how many offenders a table cell names; the rest are counted.
const maxOffenders = 4

// offendersCell lists offenders, at most maxOffenders of them, or "-".
func offendersCell(offenders []string) string {
	switch {
	case len(offenders) == 0:
		return "-"
	case len(offenders) > maxOffenders:
		return fmt.Sprintf("%s and %d more", strings.Join(offenders[:maxOffenders-1], ", "), len(offenders)-maxOffenders+1)
	}
	return strings.Join(offenders, ", ")
}

// crosswalkColumn renders the crosswalk items of one standard: "1.14",
// "1.8, 1.9", related ones marked "~", "-" when there is none.
func crosswalkColumn(items []crosswalkItem) (text string, related bool) {
	if len(items) == 0 {
		return "-", false
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if it.Relation == "related" {
			parts = append(parts, it.ID+"~")
			related = true
			continue
		}
		parts = append(parts, it.ID)
	}
	return strings.Join(parts, ", "), related
}

// shorten cuts s to at most n runes, ending in "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// messageControl extracts the control ID from a check message: the last
// word before the first colon ("CIS v7.0.0 2.14: …", "Security Hub IAM.3:
// …", "X.1: …").
func messageControl(msg string) string {
	head, _, _ := strings.Cut(msg, ":")
	fields := strings.Fields(head)
	if len(fields) == 0 {
		return ""
	}
	return fields[len(fields)-1]
}

// controlLess orders control IDs naturally: 2.1.1 < 2.2 < 2.10 < IAM.2 <
// IAM.10 < X.1. Numeric parts compare as numbers, others as text, and
// numbers before text.
func controlLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, errA := strconv.Atoi(pa[i])
		nb, errB := strconv.Atoi(pb[i])
		switch {
		case errA == nil && errB == nil && na != nb:
			return na < nb
		case errA == nil && errB != nil:
			return true
		case errA != nil && errB == nil:
			return false
		case errA != nil && errB != nil && pa[i] != pb[i]:
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}
