package policydoc

import (
	"errors"
	"fmt"
	"regexp"
)

var (
	// principalARNPattern matches an account root, user or role ARN; paths
	// use IAM's printable-ASCII path characters except the "*" wildcard, and
	// names IAM's user/role name characters.
	principalARNPattern = regexp.MustCompile(`^arn:([a-z][a-z0-9-]*):iam::([0-9]{12}):(root|(user|role)/([\x21-\x29\x2b-\x7e]*/)?[\w+=,.@-]{1,64})$`)
	// externalIDPattern is checked with the length separately: Go's regexp
	// caps repeat counts at 1000, so {2,1224} does not compile.
	externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// TrustPolicyForCrossAccountRole builds the trust policy of a cross-account
// role: one Allow statement of sts:AssumeRole for principals, always
// conditioned on StringEquals sts:ExternalId externalID and, with requireMFA,
// on Bool aws:MultiFactorAuthPresent "true".
//
// principals may be 12-digit account IDs (rewritten to
// arn:<partition>:iam::<id>:root), account root ARNs, or user or role ARNs,
// all in partition; they are deduplicated after rewriting and sorted. A
// single principal is written as a string and several as a list, because
// that is how IAM stores and returns them: the built document then equals
// the normalized document IAM returns, and plans show no spurious diff. The
// result is compact JSON with sorted keys (Normalize returns it unchanged).
func TrustPolicyForCrossAccountRole(partition string, principals []string, externalID string, requireMFA bool) (string, error) {
	if !partitionPattern.MatchString(partition) {
		return "", fmt.Errorf("trust policy: partition %q is not an AWS partition name such as aws", partition)
	}
	if len(principals) == 0 {
		return "", errors.New("trust policy: at least one trusted principal is required")
	}
	arns := make([]string, 0, len(principals))
	for _, p := range principals {
		arn, err := trustedPrincipalARN(partition, p)
		if err != nil {
			return "", err
		}
		arns = append(arns, arn)
	}
	if len(externalID) < 2 || len(externalID) > 1224 || !externalIDPattern.MatchString(externalID) {
		return "", errors.New("trust policy: the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-")
	}
	arns = sortedUnique(arns)
	var aws any = arns
	if len(arns) == 1 {
		aws = arns[0]
	}
	condition := map[string]any{"StringEquals": map[string]any{"sts:ExternalId": externalID}}
	if requireMFA {
		condition["Bool"] = map[string]any{"aws:MultiFactorAuthPresent": "true"}
	}
	return marshal(map[string]any{
		"Version": policyVersion,
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Action":    "sts:AssumeRole",
			"Principal": map[string]any{"AWS": aws},
			"Condition": condition,
		}},
	})
}

// trustedPrincipalARN validates p and rewrites an account ID to its root ARN.
func trustedPrincipalARN(partition, p string) (string, error) {
	if accountIDPattern.MatchString(p) {
		return awsPrincipal(p, partition), nil
	}
	m := principalARNPattern.FindStringSubmatch(p)
	if m == nil {
		return "", fmt.Errorf("trust policy: trusted principal %q must be a 12-digit account ID, an account root ARN (arn:%s:iam::123456789012:root), or a user or role ARN", p, partition)
	}
	if m[1] != partition {
		return "", fmt.Errorf("trust policy: trusted principal %q is in partition %q, not %q", p, m[1], partition)
	}
	return p, nil
}
