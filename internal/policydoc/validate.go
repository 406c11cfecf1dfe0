package policydoc

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// MaxManagedPolicyLength is IAM's limit on a managed policy document,
// counted without whitespace.
const MaxManagedPolicyLength = 6144

// errNoStatement is Validate's error for a document without statements.
var errNoStatement = errors.New("the policy document needs a Statement: one statement object or a non-empty list of them")

// Validate checks what IAM checks before it stores a managed policy: a JSON
// object, a known Version, at least one statement, each with an Effect of
// Allow or Deny and exactly one of Action and NotAction, and the size limit.
// doc may be URL-encoded.
func Validate(doc string) error {
	normalized, err := Normalize(doc)
	if err != nil {
		return err
	}
	d, err := parseDocument(normalized)
	if err != nil {
		return err
	}
	stmts := d.statements
	if len(stmts) == 0 {
		return errNoStatement
	}
	if version := documentVersion(normalized); version != nil && version != policyVersion && version != "2008-10-17" {
		return fmt.Errorf(`the policy Version must be "2012-10-17" (or the legacy "2008-10-17"), not %v`, version)
	}
	for i, st := range stmts {
		if effect := st["Effect"]; effect != "Allow" && effect != "Deny" {
			return fmt.Errorf(`statement %d: Effect must be "Allow" or "Deny"`, i+1)
		}
		_, action := st["Action"]
		_, notAction := st["NotAction"]
		if action == notAction {
			return fmt.Errorf("statement %d: exactly one of Action and NotAction is required", i+1)
		}
	}
	if n := len(strings.Join(strings.FieldsFunc(normalized, unicode.IsSpace), "")); n > MaxManagedPolicyLength {
		return fmt.Errorf("the policy document is %d characters long without whitespace; IAM allows at most %d for a managed policy",
			n, MaxManagedPolicyLength)
	}
	return nil
}

// documentVersion is the Version element of a parsed policy object, or nil.
func documentVersion(doc string) any {
	v, err := parse(doc)
	if err != nil {
		return nil
	}
	top, _ := v.(map[string]any)
	return top["Version"]
}

// Actions lists the sorted, unique Action values of every statement of doc;
// nil when doc is not a policy document.
func Actions(doc string) []string {
	d, err := parseDocument(doc)
	if err != nil || len(d.statements) == 0 {
		return nil
	}
	var actions []string
	for _, st := range d.statements {
		actions = append(actions, stringList(st["Action"])...)
	}
	return sortedUnique(actions)
}
