package policydoc

import (
	"errors"
	"fmt"
	"strings"
)

// Admin is the full-administrator verdict on a permissions policy.
type Admin struct {
	// FullAdmin is true when the Allow statements whose resources match
	// every ARN together admit every action, whatever their Conditions
	// (Deny statements are ignored, as CIS counts the Allow):
	//   - an Action pattern made only of * and ? with a *, "*:*", or
	//     patterns that together cover every service's actions;
	//   - a NotAction whose list has no pattern matching every IAM action:
	//     IAM writes stay admitted, and whoever can write IAM can grant
	//     themselves anything;
	//   - or such statements together, such as Action "iam:*" beside
	//     NotAction "iam:*".
	// Resources match every ARN when Resource has "*", "arn:*",
	// "arn:<partition>:*", a pattern made only of * and ? with a *, or
	// patterns that together match every ARN of the partition; or when the
	// statement has a NotResource whose patterns do not match every ARN.
	FullAdmin bool
	// Literal is the test CIS and Security Hub apply: one Allow statement
	// with Action "*" or "*:*" and Resource "*". Literal implies FullAdmin.
	Literal bool
	// Reason says, for FullAdmin, which statements grant it; "" otherwise.
	Reason string
}

// AnalyzeAdmin decides Admin for a permissions policy document (plain or
// URL-encoded) in partition.
func AnalyzeAdmin(doc, partition string) (Admin, error) {
	return analyzeAdmin(doc, partition, newBudget())
}

// analyzeAdmin is AnalyzeAdmin within a coverage work budget.
func analyzeAdmin(doc, partition string, work *budget) (Admin, error) {
	if !partitionPattern.MatchString(partition) {
		return Admin{}, errors.New("analyzing policy: partition must be a non-empty AWS partition name such as aws")
	}
	d, err := parseDocument(doc)
	if err != nil {
		return Admin{}, err
	}
	var allows []map[string]any
	for _, st := range d.statements {
		if isAllow(st) {
			allows = append(allows, st)
		}
	}
	if someActionStaysDenied(allows, work) {
		return Admin{}, nil
	}
	arns := newARNLanguage(partition)
	var (
		a             Admin
		actions       []string   // Action patterns of the all-resource statements
		notActions    [][]string // NotAction lists that keep IAM out
		contributions int
	)
	for _, st := range allows {
		a.Literal = a.Literal || literalAdmin(st)
		resources, ok := allResources(st, arns, work)
		if !ok {
			continue
		}
		if raw, ok := st["Action"]; ok {
			patterns := stringList(raw)
			if a.Reason == "" && anyWildcardAction(patterns) {
				a.Reason = fmt.Sprintf("%s on %s allows every action", element(st, "Action"), resources)
			}
			actions = append(actions, patterns...)
			contributions++
			continue
		}
		if raw, ok := st["NotAction"]; ok {
			patterns := stringList(raw)
			if a.Reason == "" && !anyCoversIAM(patterns, work) {
				a.Reason = fmt.Sprintf("%s on %s leaves IAM writes allowed, and with them every action", element(st, "NotAction"), resources)
			}
			notActions = append(notActions, patterns)
			contributions++
		}
	}
	if a.Reason == "" && contributions > 0 {
		witness, decided := someActionUncovered(actions, notActions, work)
		switch {
		case !decided:
			a.Reason = "the Allow statements on all resources are too complex to prove that some action stays denied"
		case !witness && contributions == 1:
			a.Reason = "the Action patterns of one statement on all resources together cover every service"
		case !witness:
			a.Reason = fmt.Sprintf("%d Allow statements on all resources together allow every action", contributions)
		}
	}
	a.FullAdmin = a.Reason != ""
	return a, nil
}

// someActionStaysDenied reports whether some action would stay denied even
// were every Allow statement on all resources: then the statements that are
// leave it denied too (more statements only admit more), and the resource
// questions, the costly ones in a large policy, need no answer. A statement
// that is full admin on its own (a wildcard Action, a NotAction that admits
// IAM writes) rules the shortcut out.
func someActionStaysDenied(allows []map[string]any, work *budget) bool {
	var (
		actions    []string
		notActions [][]string
	)
	for _, st := range allows {
		if raw, ok := st["Action"]; ok {
			patterns := stringList(raw)
			if anyWildcardAction(patterns) {
				return false
			}
			actions = append(actions, patterns...)
			continue
		}
		if raw, ok := st["NotAction"]; ok {
			patterns := stringList(raw)
			if !anyCoversIAM(patterns, work) {
				return false
			}
			notActions = append(notActions, patterns)
		}
	}
	witness, decided := someActionUncovered(actions, notActions, work)
	return decided && witness
}

// someActionUncovered reports whether some action matches none of actions
// and is excluded by every list of notActions (see uncovered). An IAM
// action is a witness among all actions, and the likeliest one: the search
// among IAM's actions alone is small, the one among all actions can be large.
func someActionUncovered(actions []string, notActions [][]string, work *budget) (witness, decided bool) {
	witness, decided = uncovered(actionLanguage{prefix: []rune("iam:")}, actions, notActions, work)
	if decided && !witness {
		witness, decided = uncovered(actionLanguage{}, actions, notActions, work)
	}
	return witness, decided
}

// GrantsFullAdmin reports Admin.FullAdmin for a permissions policy
// document (plain or URL-encoded) in partition.
func GrantsFullAdmin(doc, partition string) (bool, error) {
	a, err := AnalyzeAdmin(doc, partition)
	return a.FullAdmin, err
}

// literalAdmin is the CIS / Security Hub test: Action "*" or "*:*" and
// Resource "*", as strings or in lists.
func literalAdmin(st map[string]any) bool {
	return contains(stringList(st["Action"]), "*", "*:*") && contains(stringList(st["Resource"]), "*")
}

// allResources reports whether the statement's resources match every ARN of
// the partition, and describes them for a reason.
func allResources(st map[string]any, arns arnLanguage, work *budget) (string, bool) {
	if raw, ok := st["Resource"]; ok {
		return element(st, "Resource"), coversEveryARN(stringList(raw), arns, true, work)
	}
	if raw, ok := st["NotResource"]; ok {
		// A NotResource excludes some resources and grants the rest,
		// unless it excludes them all.
		return element(st, "NotResource"), !coversEveryARN(stringList(raw), arns, false, work)
	}
	return "", false
}

// coversEveryARN reports whether patterns together match every ARN of the
// partition; undecided is the answer when the search outgrows its budget.
func coversEveryARN(patterns []string, arns arnLanguage, undecided bool, work *budget) bool {
	if anyWildcardOnlyStar(patterns) {
		return true
	}
	if len(patterns) == 0 {
		return false
	}
	witness, decided := uncovered(arns, patterns, nil, work)
	if !decided {
		return undecided
	}
	return !witness
}

// anyWildcardAction reports whether a pattern alone admits every action:
// made only of * and ? with a *, or "<such>:<such>" such as "*:*".
func anyWildcardAction(patterns []string) bool {
	for _, p := range patterns {
		service, action, found := strings.Cut(p, ":")
		if wildcardOnlyStar(p) || found && wildcardOnlyStar(service) && wildcardOnlyStar(action) {
			return true
		}
	}
	return false
}

// anyCoversIAM reports whether one of the patterns matches every IAM action
// (such as "iam:*" or "*"). Undecided patterns count as not matching, so
// the NotAction they are in counts as admitting IAM writes.
func anyCoversIAM(patterns []string, work *budget) bool {
	iam := actionLanguage{prefix: []rune("iam:")}
	for _, p := range patterns {
		if wildcardOnlyStar(p) {
			return true
		}
		if witness, decided := uncovered(iam, []string{p}, nil, work); decided && !witness {
			return true
		}
	}
	return false
}

// wildcardOnlyStar reports whether p is made only of * and ? with a *.
func wildcardOnlyStar(p string) bool {
	return wildcardOnly(p) && strings.Contains(p, "*")
}

// anyWildcardOnlyStar reports whether one of patterns is wildcardOnlyStar.
func anyWildcardOnlyStar(patterns []string) bool {
	for _, p := range patterns {
		if wildcardOnlyStar(p) {
			return true
		}
	}
	return false
}

// element renders a statement element for a reason: its name and value as
// compact JSON, such as `NotAction "iam:DeleteAccountAlias"`.
func element(st map[string]any, name string) string {
	value, err := marshal(st[name])
	if err != nil {
		value = "…"
	}
	return name + " " + value
}
