package policydoc

import (
	"fmt"

	awspolicy "github.com/hashicorp/awspolicyequivalence"
)

// Equivalent reports whether a and b are the same IAM policy, ignoring
// formatting, key and list order, single-element lists versus strings, and
// account IDs versus account root ARNs in principals (the rules of
// github.com/hashicorp/awspolicyequivalence, as hashicorp/aws applies them).
// Either document may be URL-encoded. It returns an error when either is not
// valid JSON.
func Equivalent(a, b string) (equal bool, err error) {
	da, err := decode(a)
	if err != nil {
		return false, fmt.Errorf("first document: %w", err)
	}
	db, err := decode(b)
	if err != nil {
		return false, fmt.Errorf("second document: %w", err)
	}
	// awspolicyequivalence dereferences statements without nil checks, so a
	// document such as {"Statement":[null]} would panic; report it instead.
	defer func() {
		if r := recover(); r != nil {
			equal, err = false, fmt.Errorf("comparing policy documents: malformed statement: %v", r)
		}
	}()
	equal, err = awspolicy.PoliciesAreEquivalent(da, db)
	if err != nil {
		return false, fmt.Errorf("comparing policy documents: %w", err)
	}
	return equal, nil
}
