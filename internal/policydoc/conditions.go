package policydoc

import (
	"encoding/json"
	"strings"
)

// condition is one key of one operator of a statement's Condition element,
// with the operator split into its parts: "ForAnyValue:StringLikeIfExists"
// is set "foranyvalue", base "stringlike", ifExists true. Operator parts and
// keys compare case-insensitively, as the design's definitions do.
type condition struct {
	set      string // "", "foranyvalue" or "forallvalues"
	base     string // lower case, without set prefix and IfExists suffix
	ifExists bool
	key      string   // as written
	values   []string // scalar values as strings; JSON numbers and booleans as written
	scalar   bool     // false when a value is not a string, number or boolean (IAM rejects that)
}

// positiveOperators admit a request only when the key is present and one
// of the values matches it, so a condition under them can restrict who
// matches the statement.
var positiveOperators = map[string]bool{
	"stringequals":           true,
	"stringequalsignorecase": true,
	"stringlike":             true,
	"arnequals":              true,
	"arnlike":                true,
}

// negatedStringOperators are the string operators that match when no value
// matches (and also when the key is absent).
var negatedStringOperators = map[string]bool{
	"stringnotequals":           true,
	"stringnotequalsignorecase": true,
	"stringnotlike":             true,
}

// conditions returns every (operator, key) of the statement's Condition
// element. Operators whose value is not an object are ignored (IAM rejects
// them).
func conditions(st map[string]any) []condition {
	cond, _ := st["Condition"].(map[string]any)
	var out []condition
	for op, v := range cond {
		keys, ok := v.(map[string]any)
		if !ok {
			continue
		}
		set, base, ifExists := splitOperator(op)
		for k, raw := range keys {
			values, scalar := conditionValues(raw)
			out = append(out, condition{set: set, base: base, ifExists: ifExists, key: k, values: values, scalar: scalar})
		}
	}
	return out
}

// splitOperator splits a condition operator into its set-operator prefix,
// base operator and IfExists suffix, all lower case.
func splitOperator(op string) (set, base string, ifExists bool) {
	lower := strings.ToLower(op)
	for _, prefix := range []string{"foranyvalue:", "forallvalues:"} {
		if rest, ok := strings.CutPrefix(lower, prefix); ok {
			set, lower = strings.TrimSuffix(prefix, ":"), rest
			break
		}
	}
	base, ifExists = strings.CutSuffix(lower, "ifexists")
	return set, base, ifExists
}

// conditionValues returns a condition's values (a scalar or a list of
// scalars) as strings. scalar is false when some value is null, an object or
// a list, which IAM never stores.
func conditionValues(v any) (values []string, scalar bool) {
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	values = make([]string, 0, len(list))
	for _, e := range list {
		switch t := e.(type) {
		case string:
			values = append(values, t)
		case json.Number:
			values = append(values, t.String())
		case bool:
			if t {
				values = append(values, "true")
			} else {
				values = append(values, "false")
			}
		default:
			return nil, false
		}
	}
	return values, true
}

// isPositive reports whether the condition is a positive operator that is
// false when its key is absent: not IfExists and not ForAllValues (both
// match a request without the key).
func (c condition) isPositive() bool {
	return positiveOperators[c.base] && !c.ifExists && c.set != "forallvalues"
}

// restricts reports whether the condition restricts its key in the design's
// sense: a positive operator, at least one value, and no value that admits
// anyone (made only of the * and ? wildcards) or depends on a policy
// variable. accept, when not nil, must also hold for every value.
func (c condition) restricts(vars bool, accept func(value string) bool) bool {
	if !c.isPositive() || !c.scalar || len(c.values) == 0 {
		return false
	}
	for _, v := range c.values {
		literal, ok := resolveEscapes(v, vars)
		if !ok || wildcardOnly(literal) || (accept != nil && !accept(v)) {
			return false
		}
	}
	return true
}

// conditionsOn returns the statement's conditions on key (case-insensitive).
func conditionsOn(conds []condition, key string) []condition {
	var out []condition
	for _, c := range conds {
		if strings.EqualFold(c.key, key) {
			out = append(out, c)
		}
	}
	return out
}

// restrictsKey reports whether some condition on key restricts it (see
// condition.restricts). Conditions of one statement all have to match, so
// one restricting condition is enough.
func restrictsKey(conds []condition, key string, vars bool, accept func(string) bool) bool {
	for _, c := range conditionsOn(conds, key) {
		if c.restricts(vars, accept) {
			return true
		}
	}
	return false
}

// wildcardOnly reports whether a value is made only of the * and ?
// wildcards (and so matches anything, or anything of some length).
func wildcardOnly(v string) bool {
	return v != "" && strings.Trim(v, "*?") == ""
}

// policyVariableEscapes are the variables that stand for a literal
// character; they never depend on the request.
var policyVariableEscapes = []string{"${*}", "${?}", "${$}"}

// resolveEscapes replaces the escape variables ${*}, ${?} and ${$} by a
// placeholder that is no wildcard, and reports false when v still contains a
// policy variable, whose value the request decides. vars is false for
// policies whose Version does not substitute variables: then "${" is text.
func resolveEscapes(v string, vars bool) (string, bool) {
	if !vars || !strings.Contains(v, "${") {
		return v, true
	}
	for _, esc := range policyVariableEscapes {
		v = strings.ReplaceAll(v, esc, "x")
	}
	return v, !strings.Contains(v, "${")
}

// substitutesVariables reports whether the document's Version substitutes
// policy variables (only 2012-10-17 does; older documents keep "${…}" as text).
func substitutesVariables(top map[string]any) bool {
	version, _ := top["Version"].(string)
	return version == "2012-10-17"
}
