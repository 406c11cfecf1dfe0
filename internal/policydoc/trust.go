package policydoc

import (
	"errors"
	"regexp"
	"strings"
)

// Trust is what a role's trust policy (AssumeRolePolicyDocument) allows.
// Only Allow statements count as trust. NotPrincipal is ignored: IAM rejects
// it in role trust policies. Deny statements are ignored too, so a Deny that
// happens to enforce an external ID or MFA does not make ExternalIDRequired or
// MFARequired true; the flags describe the Allow statements alone. All slices
// are sorted, free of duplicates and non-nil.
type Trust struct {
	// AWSPrincipals holds the Principal AWS values: 12-digit account IDs
	// rewritten to arn:<partition>:iam::<id>:root (as IAM stores them), ARNs
	// as written, unique IDs (AIDA…/AROA…, left behind by deleted principals)
	// as they are, and "*" for a public principal.
	AWSPrincipals []string
	// Services holds the Principal Service values.
	Services []string
	// Federated holds the Principal Federated values.
	Federated []string
	// Public is true when a statement trusts "*" or {"AWS": "*"}.
	Public bool
	// CrossAccount is true when some AWS principal lies in another account
	// than the role's, or Public is true.
	CrossAccount bool
	// ExternalIDRequired is true when every Allow statement with an AWS
	// principal has a StringEquals or StringLike condition on sts:ExternalId;
	// false when there is no such statement.
	ExternalIDRequired bool
	// MFARequired is true when every Allow statement with an AWS principal has
	// Bool aws:MultiFactorAuthPresent true or NumericLessThan
	// aws:MultiFactorAuthAge; false when there is no such statement.
	MFARequired bool
	// OIDCSubjectUnrestricted is true when an Allow statement lets an OIDC
	// provider's tokens assume the role (sts:AssumeRoleWithWebIdentity) with
	// no condition on that provider's "<host>:sub" key.
	OIDCSubjectUnrestricted bool
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	partitionPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// webIdentityAction is the action an OIDC-federated principal needs.
const webIdentityAction = "sts:AssumeRoleWithWebIdentity"

// AnalyzeTrust analyzes a role trust policy, which may be URL-encoded, for
// the role in account accountID and partition partition (used to rewrite
// account IDs into root ARNs). The semantics are those of the design's
// "Definitions" and are documented on Trust. An empty accountID (unknown)
// makes every AWS principal with an account count as cross-account.
func AnalyzeTrust(doc, accountID, partition string) (Trust, error) {
	if !partitionPattern.MatchString(partition) {
		return Trust{}, errors.New("analyzing trust policy: partition must be a non-empty AWS partition name such as aws")
	}
	stmts, err := statements(doc)
	if err != nil {
		return Trust{}, err
	}
	var (
		awsPrincipals, services, federated     []string
		awsStatements, withExternalID, withMFA int
		oidcUnrestricted                       bool
	)
	for _, st := range stmts {
		if !isAllow(st) {
			continue
		}
		aws, svc, fed := principals(st["Principal"], partition)
		awsPrincipals = append(awsPrincipals, aws...)
		services = append(services, svc...)
		federated = append(federated, fed...)
		if len(aws) > 0 {
			awsStatements++
			if requiresExternalID(st) {
				withExternalID++
			}
			if requiresMFA(st) {
				withMFA++
			}
		}
		if oidcSubjectUnrestricted(st, fed) {
			oidcUnrestricted = true
		}
	}
	t := Trust{
		AWSPrincipals:           sortedUnique(awsPrincipals),
		Services:                sortedUnique(services),
		Federated:               sortedUnique(federated),
		ExternalIDRequired:      awsStatements > 0 && withExternalID == awsStatements,
		MFARequired:             awsStatements > 0 && withMFA == awsStatements,
		OIDCSubjectUnrestricted: oidcUnrestricted,
	}
	t.Public = contains(t.AWSPrincipals, "*")
	t.CrossAccount = t.Public || anyOtherAccount(t.AWSPrincipals, accountID)
	return t, nil
}

// principals splits a Principal element into AWS (normalized), Service and
// Federated values. A string Principal can only be "*" in IAM; any other
// string is treated as an AWS principal. CanonicalUser principals (S3 only)
// are ignored.
func principals(p any, partition string) (aws, services, federated []string) {
	switch t := p.(type) {
	case string:
		return []string{awsPrincipal(t, partition)}, nil, nil
	case map[string]any:
		for _, v := range stringList(t["AWS"]) {
			aws = append(aws, awsPrincipal(v, partition))
		}
		return aws, stringList(t["Service"]), stringList(t["Federated"])
	default:
		return nil, nil, nil
	}
}

// awsPrincipal rewrites a 12-digit account ID into its root ARN, as IAM does
// when it stores a trust policy; anything else is kept as written.
func awsPrincipal(p, partition string) string {
	if accountIDPattern.MatchString(p) {
		return "arn:" + partition + ":iam::" + p + ":root"
	}
	return p
}

// anyOtherAccount reports whether some principal ARN names an account other
// than accountID. Unique IDs (AIDA…/AROA…) do not count: IAM leaves them when
// the principal they named is deleted, and a unique ID matches no principal
// that exists now (a re-created user or role gets a new one), so it grants
// nobody access; its account is not known either. "*" is handled by Public.
func anyOtherAccount(principals []string, accountID string) bool {
	for _, p := range principals {
		if acct, ok := arnAccount(p); ok && acct != accountID {
			return true
		}
	}
	return false
}

// arnAccount returns the account field (the fifth) of an ARN; ok is false
// when s is not an ARN or has no account.
func arnAccount(s string) (account string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[4] == "" {
		return "", false
	}
	return parts[4], true
}

// requiresExternalID reports whether the statement has a StringEquals or
// StringLike condition on sts:ExternalId. The IfExists variants and the
// ForAnyValue/ForAllValues set operators do not count: they also match a
// request without an external ID.
func requiresExternalID(st map[string]any) bool {
	return hasCondition(st, []string{"StringEquals", "StringLike"}, "sts:ExternalId", nil)
}

// requiresMFA reports whether the statement has Bool
// aws:MultiFactorAuthPresent true (string "true", any case, or JSON true; a
// list only when every element is true) or NumericLessThan
// aws:MultiFactorAuthAge (any value). BoolIfExists does not count: it also
// matches long-term access keys, which carry no MFA context.
func requiresMFA(st map[string]any) bool {
	return hasCondition(st, []string{"Bool"}, "aws:MultiFactorAuthPresent", isTrue) ||
		hasCondition(st, []string{"NumericLessThan"}, "aws:MultiFactorAuthAge", nil)
}

// isTrue reports whether a Bool condition value can only be true.
func isTrue(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		return strings.EqualFold(t, "true")
	case []any:
		if len(t) == 0 {
			return false
		}
		for _, e := range t {
			if !isTrue(e) {
				return false
			}
		}
		return true
	default:
		return false
	}
}

// oidcSubjectUnrestricted reports whether the statement lets one of its
// federated OIDC providers (arn:…:oidc-provider/<host>) assume the role by
// web identity with no condition, under any operator, on "<host>:sub".
func oidcSubjectUnrestricted(st map[string]any, federated []string) bool {
	if !grantsAction(st, webIdentityAction) {
		return false
	}
	for _, f := range federated {
		host, ok := oidcProviderHost(f)
		if ok && !hasCondition(st, nil, host+":sub", nil) {
			return true
		}
	}
	return false
}

// oidcProviderHost returns the issuer host (with path, e.g.
// oidc.eks.us-east-1.amazonaws.com/id/ABC) of an IAM OIDC provider ARN.
func oidcProviderHost(federated string) (string, bool) {
	parts := strings.SplitN(federated, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return "", false
	}
	return strings.CutPrefix(parts[5], "oidc-provider/")
}

// grantsAction reports whether the statement's Action (or NotAction) covers
// action. Patterns may use the * and ? wildcards; action names compare
// case-insensitively, as IAM does.
func grantsAction(st map[string]any, action string) bool {
	if a, ok := st["Action"]; ok {
		return matchesAny(stringList(a), action)
	}
	if na, ok := st["NotAction"]; ok {
		return !matchesAny(stringList(na), action)
	}
	return false
}

// matchesAny reports whether one of the patterns matches s.
func matchesAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if wildcardMatch(strings.ToLower(p), strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against pattern, where * matches any run of
// characters and ? any single character. It runs in O(len(pattern)*len(s)).
func wildcardMatch(pattern, s string) bool {
	p, q := []rune(pattern), []rune(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(q) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == q[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
