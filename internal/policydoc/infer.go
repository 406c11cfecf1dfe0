package policydoc

import "slices"

// InferReaderPolicy recognizes a reader policy, as an import must: the
// purpose and extra actions whose ReaderPolicy is equivalent to doc, or
// ok=false when no purpose yields doc.
func InferReaderPolicy(doc, partition, accountID string) (purpose string, extra []string, ok bool) {
	actions := Actions(doc)
	for _, p := range Purposes {
		_, base, err := ReaderPolicy(p, partition, accountID, nil)
		if err != nil {
			continue
		}
		var extras []string
		for _, a := range actions {
			if !slices.Contains(base, a) {
				extras = append(extras, a)
			}
		}
		rebuilt, _, err := ReaderPolicy(p, partition, accountID, extras)
		if err != nil {
			continue
		}
		if equal, err := Equivalent(rebuilt, doc); err == nil && equal {
			return p, extras, true
		}
	}
	return "", nil, false
}
