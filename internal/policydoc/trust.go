package policydoc

import (
	"errors"
	"regexp"
	"slices"
	"strings"
)

// Trust is what a role's trust policy (AssumeRolePolicyDocument) allows,
// judged as the design's "Trust analysis" defines it. Only assume
// statements count: Allow statements whose Action (or NotAction) admits
// sts:AssumeRole, sts:AssumeRoleWithWebIdentity or sts:AssumeRoleWithSAML;
// a statement granting only sts:TagSession or sts:SetSourceIdentity admits
// no one. NotPrincipal is ignored: IAM rejects it in role trust policies.
// Deny statements only count in one form (see TrustContext.OrganizationID).
// All slices are sorted, free of duplicates and non-nil.
type Trust struct {
	// AWSPrincipals holds the Principal AWS values of assume statements:
	// 12-digit account IDs rewritten to arn:<partition>:iam::<id>:root (as
	// IAM stores them), ARNs as written, unique IDs (AIDA…/AROA…, left
	// behind by deleted principals) as they are, and "*" for a principal
	// "*" or {"AWS": "*"}.
	AWSPrincipals []string
	// Services holds the Principal Service values of assume statements.
	Services []string
	// Federated holds the Principal Federated values of assume statements.
	Federated []string
	// Public is true when an assume statement admits any AWS account
	// ("*", after aws:PrincipalAccount / aws:PrincipalArn narrowing) and is
	// not org-scoped.
	Public bool
	// CrossAccount is true when an assume statement admits an AWS
	// principal outside the role's account (any account for "*"), or
	// Public is true.
	CrossAccount bool
	// ThirdPartyTrust is true when an sts:AssumeRole statement that is not
	// org-scoped admits an AWS principal whose account is not first-party,
	// or Public is true.
	ThirdPartyTrust bool
	// ExternalIDRequired is true when there is a third-party statement and
	// every one restricts sts:ExternalId. First-party and org-scoped
	// statements do not count.
	ExternalIDRequired bool
	// MFARequired is true when there is an assume statement with an AWS
	// principal and every one has Bool aws:MultiFactorAuthPresent true (not
	// BoolIfExists) or NumericLessThan(Equals) aws:MultiFactorAuthAge.
	MFARequired bool
	// OIDCSubjectUnrestricted is true when some web-identity assume
	// statement does not restrict who the token is for (see
	// webIdentityRestricted).
	OIDCSubjectUnrestricted bool
}

// TrustContext is what trust verdicts depend on besides the document.
type TrustContext struct {
	// AccountID is the role's account. Empty (unknown) makes every account
	// other than the first-party ones count as another account.
	AccountID string
	// Partition is the role's partition (aws, aws-cn, aws-us-gov), used to
	// rewrite account IDs into root ARNs.
	Partition string
	// OrganizationID is the role's own organization (o-…), or empty when
	// the account belongs to none. A statement is org-scoped when it is
	// confined to this organization: a positive, non-IfExists condition
	// whose every aws:PrincipalOrgID value is this ID or
	// ${aws:ResourceOrgID}, or whose every aws:PrincipalOrgPaths value
	// starts "<id>/"; or a Deny statement with Principal "*" that covers
	// every assume action the Allow admits and carries only a negated
	// string condition on aws:PrincipalOrgID with exactly those values.
	OrganizationID string
	// FirstPartyAccountIDs are accounts, besides AccountID, whose
	// principals are not third parties (typically the organization's).
	FirstPartyAccountIDs []string
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	partitionPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// The assume actions, as a set of bits.
type assumeActions uint8

const (
	assumeRole assumeActions = 1 << iota
	assumeRoleWithWebIdentity
	assumeRoleWithSAML
)

var assumeActionNames = map[assumeActions]string{
	assumeRole:                "sts:AssumeRole",
	assumeRoleWithWebIdentity: "sts:AssumeRoleWithWebIdentity",
	assumeRoleWithSAML:        "sts:AssumeRoleWithSAML",
}

// anyAccount stands for every AWS account in the accounts a statement admits.
const anyAccount = "*"

// AnalyzeTrust analyzes a role trust policy, which may be URL-encoded, in
// the context of the role's account, partition and organization. The
// semantics are documented on Trust and TrustContext.
func AnalyzeTrust(doc string, tc TrustContext) (Trust, error) {
	if !partitionPattern.MatchString(tc.Partition) {
		return Trust{}, errors.New("analyzing trust policy: partition must be a non-empty AWS partition name such as aws")
	}
	d, err := parseDocument(doc)
	if err != nil {
		return Trust{}, err
	}
	a := trustAnalysis{tc: tc, vars: d.variables, denyOrgScoped: orgDenyActions(d, tc)}
	for _, st := range d.statements {
		if isAllow(st) {
			a.statement(st)
		}
	}
	return a.result(), nil
}

// trustAnalysis accumulates the verdicts over a document's statements.
type trustAnalysis struct {
	tc            TrustContext
	vars          bool
	denyOrgScoped assumeActions // assume actions a Deny confines to the organization

	awsPrincipals, services, federated []string

	public, crossAccount, thirdParty   bool
	thirdPartyStatements, withExternal int
	awsStatements, withMFA             int
	oidcUnrestricted                   bool
}

// statement judges one Allow statement.
func (a *trustAnalysis) statement(st map[string]any) {
	actions := admittedAssumeActions(st)
	if actions == 0 {
		return
	}
	aws, svc, fed := principals(st["Principal"], a.tc.Partition)
	a.awsPrincipals = append(a.awsPrincipals, aws...)
	a.services = append(a.services, svc...)
	a.federated = append(a.federated, fed...)

	conds := conditions(st)
	orgScoped := a.orgScoped(conds, actions)
	accounts := narrowAccounts(principalAccounts(aws), conds, a.vars)
	if slices.Contains(accounts, anyAccount) && !orgScoped {
		a.public = true
	}
	if slices.ContainsFunc(accounts, a.otherAccount) {
		a.crossAccount = true
	}
	if actions&assumeRole != 0 && !orgScoped && slices.ContainsFunc(accounts, a.thirdPartyAccount) {
		a.thirdParty = true
		a.thirdPartyStatements++
		if restrictsKey(conds, "sts:ExternalId", a.vars, nil) {
			a.withExternal++
		}
	}
	if len(aws) > 0 {
		a.awsStatements++
		if requiresMFA(conds) {
			a.withMFA++
		}
	}
	if actions&assumeRoleWithWebIdentity != 0 {
		for _, f := range fed {
			if !webIdentityRestricted(f, conds, a.vars) {
				a.oidcUnrestricted = true
			}
		}
	}
}

// result returns the Trust the statements add up to.
func (a *trustAnalysis) result() Trust {
	return Trust{
		AWSPrincipals:           sortedUnique(a.awsPrincipals),
		Services:                sortedUnique(a.services),
		Federated:               sortedUnique(a.federated),
		Public:                  a.public,
		CrossAccount:            a.crossAccount || a.public,
		ThirdPartyTrust:         a.thirdParty || a.public,
		ExternalIDRequired:      a.thirdPartyStatements > 0 && a.withExternal == a.thirdPartyStatements,
		MFARequired:             a.awsStatements > 0 && a.withMFA == a.awsStatements,
		OIDCSubjectUnrestricted: a.oidcUnrestricted,
	}
}

// otherAccount reports whether an admitted account is outside the role's.
func (a *trustAnalysis) otherAccount(account string) bool {
	return account == anyAccount || a.tc.AccountID == "" || account != a.tc.AccountID
}

// thirdPartyAccount reports whether an admitted account is not first-party.
func (a *trustAnalysis) thirdPartyAccount(account string) bool {
	if account == anyAccount {
		return true
	}
	return (a.tc.AccountID == "" || account != a.tc.AccountID) && !slices.Contains(a.tc.FirstPartyAccountIDs, account)
}

// orgScoped reports whether a statement admitting actions is confined to
// the role's own organization, by its own condition or by a Deny.
func (a *trustAnalysis) orgScoped(conds []condition, actions assumeActions) bool {
	if actions&^a.denyOrgScoped == 0 {
		return true
	}
	own := a.tc.OrganizationID
	for _, c := range conds {
		if !c.isPositive() || !c.scalar || len(c.values) == 0 {
			continue
		}
		switch {
		case strings.EqualFold(c.key, "aws:PrincipalOrgID") && allValues(c, func(v string) bool { return isOwnOrgID(v, own, c.base) }):
			return true
		case strings.EqualFold(c.key, "aws:PrincipalOrgPaths") && own != "" && allValues(c, func(v string) bool {
			return hasPrefixFold(v, own+"/", c.base == "stringequalsignorecase")
		}):
			return true
		}
	}
	return false
}

// isOwnOrgID reports whether an aws:PrincipalOrgID value names the own
// organization: its ID (compared as the operator compares) or the variable
// ${aws:ResourceOrgID}, which is the role's organization by definition.
func isOwnOrgID(v, own, base string) bool {
	if strings.EqualFold(v, "${aws:ResourceOrgID}") {
		return true
	}
	if own == "" {
		return false
	}
	if base == "stringequalsignorecase" || base == "stringnotequalsignorecase" {
		return strings.EqualFold(v, own)
	}
	return v == own
}

// hasPrefixFold reports whether s starts with prefix, ignoring case when fold.
func hasPrefixFold(s, prefix string, fold bool) bool {
	if fold {
		return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
	}
	return strings.HasPrefix(s, prefix)
}

// allValues reports whether every value of c satisfies ok.
func allValues(c condition, ok func(string) bool) bool {
	return !slices.ContainsFunc(c.values, func(v string) bool { return !ok(v) })
}

// orgDenyActions returns the assume actions that a Deny statement confines
// to the own organization: Principal "*" (or {"AWS": "*"}), and a Condition
// of exactly one negated string operator (no set operator) on
// aws:PrincipalOrgID whose every value is the own organization. Such a Deny
// refuses every principal outside the organization, and principals in no
// organization too (a negated operator matches an absent key).
//
// An account in no organization has nothing to confine to: there
// ${aws:ResourceOrgID} has no value, a statement whose variable has no
// value does not apply, and such a Deny refuses no one.
func orgDenyActions(d document, tc TrustContext) assumeActions {
	var out assumeActions
	if tc.OrganizationID == "" {
		return out
	}
	for _, st := range d.statements {
		if !isDeny(st) || !denyPrincipalIsEveryone(st) {
			continue
		}
		if _, ok := st["NotPrincipal"]; ok {
			continue
		}
		conds := conditions(st)
		if len(conds) != 1 {
			continue
		}
		c := conds[0]
		if c.set != "" || !negatedStringOperators[c.base] || !c.scalar || len(c.values) == 0 ||
			!strings.EqualFold(c.key, "aws:PrincipalOrgID") ||
			!allValues(c, func(v string) bool { return isOwnOrgID(v, tc.OrganizationID, c.base) }) {
			continue
		}
		out |= admittedAssumeActions(st)
	}
	return out
}

// denyPrincipalIsEveryone reports whether a statement's Principal is "*" or
// {"AWS": "*"} (alone or among other values).
func denyPrincipalIsEveryone(st map[string]any) bool {
	switch p := st["Principal"].(type) {
	case string:
		return p == "*"
	case map[string]any:
		return contains(stringList(p["AWS"]), "*")
	default:
		return false
	}
}

// admittedAssumeActions returns the assume actions the statement's Action
// or NotAction admits; wildcards are expanded, names compare ignoring case.
func admittedAssumeActions(st map[string]any) assumeActions {
	var out assumeActions
	for bit, name := range assumeActionNames {
		if grantsAction(st, name) {
			out |= bit
		}
	}
	return out
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

// principalAccounts returns the accounts of AWS principals: anyAccount for
// "*" or an ARN whose account has a wildcard, the account of an ARN.
// Unique IDs (AIDA…/AROA…) admit no one: IAM leaves them when the principal
// they named is deleted, and a re-created user or role gets a new one.
func principalAccounts(aws []string) []string {
	var out []string
	for _, p := range aws {
		if p == "*" {
			out = append(out, anyAccount)
			continue
		}
		if acct, ok := arnAccount(p); ok {
			out = append(out, accountOrAny(acct))
		}
	}
	return sortedUnique(out)
}

// accountOrAny returns anyAccount for an account pattern with a wildcard.
func accountOrAny(acct string) string {
	if strings.ContainsAny(acct, "*?") {
		return anyAccount
	}
	return acct
}

// narrowAccounts intersects the accounts the principals admit with those
// each restricting aws:PrincipalAccount or aws:PrincipalArn condition
// names (all of a statement's conditions must match). A condition that does
// not restrict (IfExists, negated, a wildcard-only value, a policy
// variable) narrows nothing.
func narrowAccounts(accounts []string, conds []condition, vars bool) []string {
	for _, c := range conds {
		var named []string
		switch {
		case strings.EqualFold(c.key, "aws:PrincipalAccount"):
			if !c.restricts(vars, nil) {
				continue
			}
			for _, v := range c.values {
				named = append(named, accountOrAny(v))
			}
		case strings.EqualFold(c.key, "aws:PrincipalArn"):
			if !c.restricts(vars, nil) {
				continue
			}
			for _, v := range c.values {
				if acct, ok := principalARNAccount(v, c.base); ok {
					named = append(named, acct)
				}
			}
		default:
			continue
		}
		accounts = intersectAccounts(accounts, sortedUnique(named))
	}
	return accounts
}

// principalARNAccount returns the account of the principals an
// aws:PrincipalArn value of operator base can match: anyAccount when a
// wildcard can reach into the account field; ok is false when the value
// matches no principal (no ARN, or an empty account).
//
// The ARN operators match each colon-separated field on its own, so a
// wildcard stays in its field. Under StringLike, * and ? also match colons:
// "*:role/ci" or "arn:aws:iam::*" match roles of every account, so the
// account is fixed only when no wildcard comes before the colon that ends
// it. The other string operators have no wildcards.
func principalARNAccount(v, base string) (account string, ok bool) {
	switch base {
	case "arnequals", "arnlike":
		if strings.Count(v, ":") < 5 && strings.ContainsAny(v, "*?") {
			return anyAccount, true
		}
	case "stringlike":
		if wild := strings.IndexAny(v, "*?"); wild >= 0 && strings.Count(v[:wild], ":") < 5 {
			return anyAccount, true
		}
	}
	acct, ok := arnAccount(v)
	if !ok {
		return "", false
	}
	return accountOrAny(acct), true
}

// intersectAccounts intersects two account sets in which anyAccount stands
// for every account.
func intersectAccounts(a, b []string) []string {
	switch {
	case slices.Contains(a, anyAccount) && slices.Contains(b, anyAccount):
		return sortedUnique(append(slices.Clone(a), b...))
	case slices.Contains(a, anyAccount):
		return b
	case slices.Contains(b, anyAccount):
		return a
	}
	var out []string
	for _, acct := range a {
		if slices.Contains(b, acct) {
			out = append(out, acct)
		}
	}
	return out
}

// arnAccount returns the account field (the fifth) of an ARN; ok is false
// when s is not an ARN or has no account. The "arn" prefix compares
// ignoring case, as a StringEqualsIgnoreCase value does.
func arnAccount(s string) (account string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || !strings.EqualFold(parts[0], "arn") || parts[4] == "" {
		return "", false
	}
	return parts[4], true
}

// requiresMFA reports whether the conditions require MFA: Bool
// aws:MultiFactorAuthPresent true (string "true", any case, or JSON true; a
// list only when every element is true), or NumericLessThan or
// NumericLessThanEquals on aws:MultiFactorAuthAge (false without MFA). The
// IfExists and set-operator forms do not count: they also match long-term
// access keys, which carry no MFA context.
func requiresMFA(conds []condition) bool {
	for _, c := range conds {
		if c.ifExists || c.set != "" || !c.scalar || len(c.values) == 0 {
			continue
		}
		switch {
		case c.base == "bool" && strings.EqualFold(c.key, "aws:MultiFactorAuthPresent") &&
			allValues(c, func(v string) bool { return strings.EqualFold(v, "true") }):
			return true
		case (c.base == "numericlessthan" || c.base == "numericlessthanequals") &&
			strings.EqualFold(c.key, "aws:MultiFactorAuthAge"):
			return true
		}
	}
	return false
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
