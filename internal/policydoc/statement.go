package policydoc

import (
	"errors"
	"slices"
	"strings"
)

// statements parses doc and returns its statements. The Statement element
// may be a single object or a list of objects; a document without one has no
// statements. Element names are matched exactly, as IAM does.
func statements(doc string) ([]map[string]any, error) {
	v, err := parse(doc)
	if err != nil {
		return nil, err
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("invalid policy document: the top-level value must be a JSON object")
	}
	switch s := top["Statement"].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return []map[string]any{s}, nil
	case []any:
		out := make([]map[string]any, 0, len(s))
		for _, elem := range s {
			st, ok := elem.(map[string]any)
			if !ok {
				return nil, errors.New("invalid policy document: every element of Statement must be a JSON object")
			}
			out = append(out, st)
		}
		return out, nil
	default:
		return nil, errors.New("invalid policy document: Statement must be a JSON object or a list of objects")
	}
}

// isAllow reports whether the statement's Effect is Allow. Like
// awspolicyequivalence, the value is compared case-insensitively.
func isAllow(st map[string]any) bool {
	effect, _ := st["Effect"].(string)
	return strings.EqualFold(effect, "Allow")
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

// conditionKeys returns, for each condition operator of the statement
// (as written), the map of condition keys to values.
func conditionKeys(st map[string]any) map[string]map[string]any {
	cond, _ := st["Condition"].(map[string]any)
	out := make(map[string]map[string]any, len(cond))
	for op, v := range cond {
		if keys, ok := v.(map[string]any); ok {
			out[op] = keys
		}
	}
	return out
}

// hasCondition reports whether the statement has a condition whose operator
// is one of ops (any operator when ops is nil) and whose key is key, both compared case-insensitively, and
// whose value satisfies accept (nil accepts any value).
func hasCondition(st map[string]any, ops []string, key string, accept func(any) bool) bool {
	for op, keys := range conditionKeys(st) {
		if ops != nil && !equalFoldAny(op, ops) {
			continue
		}
		for k, v := range keys {
			if strings.EqualFold(k, key) && (accept == nil || accept(v)) {
				return true
			}
		}
	}
	return false
}

// equalFoldAny reports whether s equals one of list, ignoring case.
func equalFoldAny(s string, list []string) bool {
	for _, l := range list {
		if strings.EqualFold(s, l) {
			return true
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
