package policydoc

import "slices"

// ParseCrossAccountTrust reads back what TrustPolicyForCrossAccountRole
// wrote, as an import must: the AWS principals of the Allow statements
// (sorted, unique), the StringEquals sts:ExternalId value and whether Bool
// aws:MultiFactorAuthPresent is "true". A document that is not a policy
// yields nothing.
func ParseCrossAccountTrust(doc string) (principals []string, externalID string, requireMFA bool) {
	d, err := parseDocument(doc)
	if err != nil {
		return nil, "", false
	}
	for _, st := range d.statements {
		if !isAllow(st) {
			continue
		}
		if p, ok := st["Principal"].(map[string]any); ok {
			principals = append(principals, stringList(p["AWS"])...)
		}
		cond, _ := st["Condition"].(map[string]any)
		if eq, ok := cond["StringEquals"].(map[string]any); ok {
			if ids := stringList(eq["sts:ExternalId"]); len(ids) == 1 {
				externalID = ids[0]
			}
		}
		if b, ok := cond["Bool"].(map[string]any); ok {
			requireMFA = slices.Contains(stringList(b["aws:MultiFactorAuthPresent"]), "true")
		}
	}
	if len(principals) == 0 {
		return nil, externalID, requireMFA
	}
	return sortedUnique(principals), externalID, requireMFA
}
