package policydoc

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/aws-sdk-go-base/v2/validation"
)

// document is a parsed policy document.
type document struct {
	statements []map[string]any
	// variables is true when the Version substitutes policy variables
	// (2012-10-17); older documents keep "${…}" as text.
	variables bool
}

// parseDocument parses doc (plain or URL-encoded JSON) into its statements.
// The Statement element may be a single object or a list of objects; a
// document without one has no statements. Element names are matched
// exactly, as IAM does.
//
// A document with a key twice in one object is refused: Go keeps the last
// value, another reader may keep the first or merge them, and a verdict on
// one reading could pass what IAM enforces by another.
func parseDocument(doc string) (document, error) {
	text, err := decode(doc)
	if err != nil {
		return document{}, err
	}
	v, err := unmarshal(text)
	if err != nil {
		return document{}, err
	}
	top, ok := v.(map[string]any)
	if !ok {
		return document{}, errors.New("invalid policy document: the top-level value must be a JSON object")
	}
	if err := noDuplicateKeys(text, top); err != nil {
		return document{}, err
	}
	d := document{variables: substitutesVariables(top)}
	switch s := top["Statement"].(type) {
	case nil:
	case map[string]any:
		d.statements = []map[string]any{s}
	case []any:
		d.statements = make([]map[string]any, 0, len(s))
		for _, elem := range s {
			st, ok := elem.(map[string]any)
			if !ok {
				return document{}, errors.New("invalid policy document: every element of Statement must be a JSON object")
			}
			d.statements = append(d.statements, st)
		}
	default:
		return document{}, errors.New("invalid policy document: Statement must be a JSON object or a list of objects")
	}
	return d, nil
}

// noDuplicateKeys returns an error naming a key that occurs twice in one
// object of text, whose decoded value is v. Every colon outside a string
// is a key's, so text has duplicates exactly when it has more of them than
// v has keys; only then is it walked again (by aws-sdk-go-base's
// validation.JSONNoDuplicateKeys, as hashicorp/aws checks policy JSON) to
// name the key.
func noDuplicateKeys(text string, v any) error {
	if structuralColons(text) == objectKeys(v) {
		return nil
	}
	err := validation.JSONNoDuplicateKeys(text)
	var dup *validation.DuplicateKeyError
	switch {
	case errors.As(err, &dup):
		err = dup
	case err == nil:
		err = errors.New("a key occurs twice in one object")
	}
	return fmt.Errorf("invalid policy document: %w, so what IAM enforces is ambiguous", err)
}

// structuralColons counts the colons of JSON text outside string literals.
func structuralColons(text string) int {
	n, inString, escaped := 0, false, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == ':':
			n++
		}
	}
	return n
}

// objectKeys counts the keys of every object in a decoded JSON value.
func objectKeys(v any) int {
	n := 0
	switch t := v.(type) {
	case map[string]any:
		n += len(t)
		for _, e := range t {
			n += objectKeys(e)
		}
	case []any:
		for _, e := range t {
			n += objectKeys(e)
		}
	}
	return n
}

// isAllow reports whether the statement's Effect is Allow. Like
// awspolicyequivalence, the value is compared case-insensitively.
func isAllow(st map[string]any) bool {
	effect, _ := st["Effect"].(string)
	return strings.EqualFold(effect, "Allow")
}

// isDeny reports whether the statement's Effect is Deny, exactly as IAM
// spells it: a Deny only ever narrows a verdict, so anything else (a
// missing or misspelled Effect) counts as no Deny.
func isDeny(st map[string]any) bool {
	effect, _ := st["Effect"].(string)
	return effect == "Deny"
}

// stringList returns the strings of v, which may be a string or a list;
// values of other types (which IAM never stores there) are ignored.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	default:
		return nil
	}
}

// contains reports whether list has an element equal to one of want.
func contains(list []string, want ...string) bool {
	for _, s := range list {
		for _, w := range want {
			if s == w {
				return true
			}
		}
	}
	return false
}

// sortedUnique sorts list and removes duplicates; it never returns nil.
func sortedUnique(list []string) []string {
	out := append(make([]string, 0, len(list)), list...)
	slices.Sort(out)
	return slices.Compact(out)
}
