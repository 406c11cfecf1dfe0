package policydoc

// GrantsFullAdmin reports whether the policy document, which may be
// URL-encoded, has a statement with Effect Allow, Action "*" or "*:*" (as a
// string or in a list) and Resource "*" (as a string or in a list), whatever
// its Condition. NotAction and NotResource statements do not count, nor do
// narrower wildcards such as "iam:*".
func GrantsFullAdmin(doc string) (bool, error) {
	stmts, err := statements(doc)
	if err != nil {
		return false, err
	}
	for _, st := range stmts {
		if isAllow(st) &&
			contains(stringList(st["Action"]), "*", "*:*") &&
			contains(stringList(st["Resource"]), "*") {
			return true, nil
		}
	}
	return false, nil
}
