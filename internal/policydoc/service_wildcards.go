package policydoc

import (
	"fmt"
	"slices"
	"strings"
)

// ServiceWildcards lists how a permissions policy document (plain or
// URL-encoded) allows every action of some service, the finding of
// Security Hub's IAM.21, one entry per pattern or statement, sorted:
//   - `Action "s3:*"`: an Allow Action pattern matching every action of the
//     services it names ("s3:*", "s3:**", "s3*:*", "*", "*:*");
//     "ec2:Describe*" and "s3:Get*" match only some actions and are not listed;
//   - `NotAction ["iam:*"]`: an Allow statement with NotAction allows every
//     action of each service its patterns do not touch, so it is listed
//     unless its patterns reach every service ("*", "*:Get*", …).
//
// Resources and Conditions do not matter (Security Hub's test ignores them),
// nor do Deny statements. An empty list means no such grant.
func ServiceWildcards(doc string) ([]string, error) {
	d, err := parseDocument(doc)
	if err != nil {
		return nil, err
	}
	work := newBudget()
	found := []string{}
	for _, st := range d.statements {
		if !isAllow(st) {
			continue
		}
		if raw, ok := st["Action"]; ok {
			for _, p := range stringList(raw) {
				if coversWholeService(p, work) {
					found = append(found, fmt.Sprintf("Action %q", p))
				}
			}
			continue
		}
		if raw, ok := st["NotAction"]; ok && leavesSomeServiceUntouched(stringList(raw), work) {
			found = append(found, element(st, "NotAction"))
		}
	}
	slices.Sort(found)
	return slices.Compact(found), nil
}

// coversWholeService reports whether an Action pattern matches every action
// of the services its service part matches: the part after the first ":"
// matches every action name. An undecided search counts as covering (the
// answer that errs towards a finding).
func coversWholeService(pattern string, work *budget) bool {
	p := strings.ToLower(pattern)
	if wildcardOnlyStar(p) {
		return true
	}
	_, action, found := strings.Cut(p, ":")
	if !found {
		return false // not an IAM action pattern: IAM refuses it
	}
	witness, decided := uncovered(actionLanguage{prefix: []rune("x:")}, []string{"x:" + action}, nil, work)
	return !decided || !witness
}

// leavesSomeServiceUntouched reports whether some service has no action
// matched by any of a NotAction's patterns, so that the statement allows
// every action of that service. Each pattern touches the services its part
// before the first ":" matches (the whole pattern when it has no ":"); a
// service matched by none of those service patterns is untouched. An
// undecided search counts as untouched.
func leavesSomeServiceUntouched(notActions []string, work *budget) bool {
	services := make([]string, 0, len(notActions))
	for _, p := range notActions {
		service, _, _ := strings.Cut(strings.ToLower(p), ":")
		services = append(services, service+":*")
	}
	witness, decided := uncovered(actionLanguage{}, services, nil, work)
	return !decided || witness
}
