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

// printReport prints the results as a table in control order, a status
// summary, and the failed checks' messages (the detail per offender).
func printReport(w io.Writer, rep *report) {
	ids := make([]string, 0, len(rep.Results))
	for id := range rep.Results {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return controlLess(ids[i], ids[j]) })

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONTROL\tTITLE\tSTATUS\tOFFENDERS")
	counts := map[string]int{}
	for _, id := range ids {
		r := rep.Results[id]
		counts[r.Status]++
		offenders := strings.Join(r.Offenders, ", ")
		if offenders == "" {
			offenders = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id, shorten(r.Title, maxTitle), r.Status, offenders)
	}
	_ = tw.Flush()

	fmt.Fprintf(w, "\n%d controls: %d PASS, %d FAIL, %d UNKNOWN\n",
		len(ids), counts["PASS"], counts["FAIL"], counts["UNKNOWN"])
	if rep.Results["1.7"].Status == "UNKNOWN" {
		fmt.Fprintln(w, "1.7 is UNKNOWN: moto's credential report has no <root_account> row (AWS's always has one).")
	}
	if len(rep.Excluded.Users)+len(rep.Excluded.Roles) > 0 {
		fmt.Fprintf(w, "Excluded by the configuration: users [%s], roles [%s].\n",
			strings.Join(rep.Excluded.Users, ", "), strings.Join(rep.Excluded.Roles, ", "))
	}
	if len(rep.Failures) > 0 {
		fmt.Fprintln(w, "\nFailed checks (warnings in `terraform plan`; enforce = true or examples/ci make them fail the run):")
		msgs := append([]string(nil), rep.Failures...)
		sort.Slice(msgs, func(i, j int) bool { return controlLess(messageControl(msgs[i]), messageControl(msgs[j])) })
		for _, m := range msgs {
			fmt.Fprintln(w, "  -", m)
		}
	}
}

// shorten cuts s to at most n runes, ending in "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// messageControl extracts the control ID from a check message
// ("CIS 1.14: …" or "X.1: …").
func messageControl(msg string) string {
	head, _, _ := strings.Cut(msg, ":")
	return strings.TrimPrefix(head, "CIS ")
}

// controlLess orders control IDs numerically: 1.4 < 1.10 < 1.22 < X.1.
func controlLess(a, b string) bool {
	pa, pb := controlKey(a), controlKey(b)
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return a < b
}

// controlKey turns "1.14" into [1, 14] and "X.2" into [1000, 2].
func controlKey(id string) [2]int {
	section, number, _ := strings.Cut(id, ".")
	s, err := strconv.Atoi(section)
	if err != nil {
		s = 1000
	}
	n, _ := strconv.Atoi(number)
	return [2]int{s, n}
}
