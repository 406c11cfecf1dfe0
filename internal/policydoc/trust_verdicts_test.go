package policydoc

import (
	"fmt"
	"strings"
	"testing"
)

// One table per trust definition of the design. Every case that must be
// flagged (a look-alike an attacker could use, or a configuration that
// really is open) sits beside its mirror that must not be flagged, so a
// verdict that leans either way fails a row. Unless a case says otherwise,
// the role is in account 111122223333 of organization o-own1234567, with no
// first-party accounts besides its own.

const (
	ownAccount     = testAccount
	otherAccount   = "444455556666"
	siblingAccount = "555566667777"
	ownOrg         = "o-own1234567"
	otherOrg       = "o-other12345"
	githubProvider = `{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}`
)

// trustDoc is a 2012-10-17 document of the given statements.
func trustDoc(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// allowStmt is an Allow statement; principal and action are JSON values,
// condition is a JSON object or "" for none.
func allowStmt(principal, action, condition string) string {
	return statementJSON("Allow", principal, "Action", action, condition)
}

// denyStmt is a Deny statement, like allowStmt.
func denyStmt(principal, action, condition string) string {
	return statementJSON("Deny", principal, "Action", action, condition)
}

func statementJSON(effect, principal, actionElement, action, condition string) string {
	s := fmt.Sprintf(`{"Effect":%q,"Principal":%s,%q:%s`, effect, principal, actionElement, action)
	if condition != "" {
		s += `,"Condition":` + condition
	}
	return s + "}"
}

// awsPrincipalJSON is {"AWS": <account root>}.
func awsPrincipalJSON(account string) string {
	return fmt.Sprintf(`{"AWS":"arn:aws:iam::%s:root"}`, account)
}

// verdictCase is one row of a definition's table.
type verdictCase struct {
	name string
	doc  string
	// context changes the default TrustContext.
	context func(*TrustContext)
	want    bool
}

// runVerdicts analyzes every case and compares the one verdict flag reads.
func runVerdicts(t *testing.T, flag func(Trust) bool, cases []verdictCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := TrustContext{AccountID: ownAccount, Partition: "aws", OrganizationID: ownOrg}
			if tt.context != nil {
				tt.context(&tc)
			}
			got, err := AnalyzeTrust(tt.doc, tc)
			if err != nil {
				t.Fatalf("AnalyzeTrust() error = %v", err)
			}
			if flag(got) != tt.want {
				t.Fatalf("verdict = %v, want %v\ndocument %s\ntrust %+v", flag(got), tt.want, tt.doc, got)
			}
		})
	}
}

func firstParty(accounts ...string) func(*TrustContext) {
	return func(tc *TrustContext) { tc.FirstPartyAccountIDs = accounts }
}

func noOrganization(tc *TrustContext) { tc.OrganizationID = "" }

// An assume statement admits sts:AssumeRole, AssumeRoleWithWebIdentity or
// AssumeRoleWithSAML; sts:TagSession and sts:SetSourceIdentity admit no
// one. Read through cross_account, which any assume action sets.
func TestAnalyzeTrust_assumeStatements(t *testing.T) {
	t.Parallel()
	other := awsPrincipalJSON(otherAccount)
	runVerdicts(t, func(tr Trust) bool { return tr.CrossAccount }, []verdictCase{
		{"sts:AssumeRole", trustDoc(allowStmt(other, `"sts:AssumeRole"`, "")), nil, true},
		{"mirror: sts:TagSession only", trustDoc(allowStmt(other, `"sts:TagSession"`, "")), nil, false},
		{"*", trustDoc(allowStmt(other, `"*"`, "")), nil, true},
		{"mirror: sts:SetSourceIdentity only", trustDoc(allowStmt(other, `"sts:SetSourceIdentity"`, "")), nil, false},
		{"sts:*", trustDoc(allowStmt(other, `"sts:*"`, "")), nil, true},
		{"mirror: TagSession and SetSourceIdentity", trustDoc(allowStmt(other, `["sts:TagSession","sts:SetSourceIdentity"]`, "")), nil, false},
		{"sts:Assume* expanded", trustDoc(allowStmt(other, `"sts:Assume*"`, "")), nil, true},
		{"mirror: sts:Get* matches no assume action", trustDoc(allowStmt(other, `"sts:Get*"`, "")), nil, false},
		{"action compared ignoring case", trustDoc(allowStmt(other, `"STS:ASSUMEROLE"`, "")), nil, true},
		{"mirror: sts:AssumeRoles is another action", trustDoc(allowStmt(other, `"sts:AssumeRoles"`, "")), nil, false},
		{"NotAction TagSession admits AssumeRole", trustDoc(statementJSON("Allow", other, "NotAction", `"sts:TagSession"`, "")), nil, true},
		{"mirror: NotAction sts:Assume* admits none", trustDoc(statementJSON("Allow", other, "NotAction", `"sts:Assume*"`, "")), nil, false},
		{"NotAction sts:AssumeRole still admits SAML and web identity", trustDoc(statementJSON("Allow", other, "NotAction", `"sts:AssumeRole"`, "")), nil, true},
		{"mirror: NotAction sts:*", trustDoc(statementJSON("Allow", other, "NotAction", `"sts:*"`, "")), nil, false},
		{"TagSession beside AssumeRole in one list", trustDoc(allowStmt(other, `["sts:TagSession","sts:AssumeRole"]`, "")), nil, true},
		{"mirror: Deny statement", trustDoc(denyStmt(other, `"sts:AssumeRole"`, "")), nil, false},
	})
}

// A condition restricts sts:ExternalId only with a positive operator and
// no value made only of wildcards; external_id_required then needs every
// third-party statement to restrict it.
func TestAnalyzeTrust_externalIDRequired(t *testing.T) {
	t.Parallel()
	vendor := func(condition string) string {
		return allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, condition)
	}
	extID := func(op, values string) string {
		return fmt.Sprintf(`{%q:{"sts:ExternalId":%s}}`, op, values)
	}
	runVerdicts(t, func(tr Trust) bool { return tr.ExternalIDRequired }, []verdictCase{
		// Issue: a wildcard external ID admits every customer of the vendor.
		{"StringLike * restricts nothing", trustDoc(vendor(extID("StringLike", `"*"`))), nil, false},
		{"mirror: StringLike tenant-7731-*", trustDoc(vendor(extID("StringLike", `"tenant-7731-*"`))), nil, true},
		{"a list with ?* restricts nothing", trustDoc(vendor(extID("StringLike", `["abc","?*"]`))), nil, false},
		{"mirror: a list of tenant patterns", trustDoc(vendor(extID("StringLike", `["abc","tenant-?"]`))), nil, true},
		{"StringEquals * is wildcard-only too", trustDoc(vendor(extID("StringEquals", `"*"`))), nil, false},
		{"mirror: StringEquals abc", trustDoc(vendor(extID("StringEquals", `"abc"`))), nil, true},
		{"StringEqualsIfExists matches without an external ID", trustDoc(vendor(extID("StringEqualsIfExists", `"abc"`))), nil, false},
		{"mirror: StringEqualsIgnoreCase", trustDoc(vendor(extID("StringEqualsIgnoreCase", `"abc"`))), nil, true},
		{"ForAllValues matches without an external ID", trustDoc(vendor(extID("ForAllValues:StringEquals", `"abc"`))), nil, false},
		{"mirror: ForAnyValue:StringEquals", trustDoc(vendor(extID("ForAnyValue:StringEquals", `"abc"`))), nil, true},
		{"StringNotEquals admits every other value", trustDoc(vendor(extID("StringNotEquals", `"abc"`))), nil, false},
		{"mirror: ForAnyValue:StringLike", trustDoc(vendor(extID("ForAnyValue:StringLike", `"tenant-*"`))), nil, true},
		{"Null false only requires some value", trustDoc(vendor(extID("Null", `"false"`))), nil, false},
		{"mirror: operator and key in other case", trustDoc(vendor(`{"stringequals":{"STS:EXTERNALID":"abc"}}`)), nil, true},
		{"a policy variable is the caller's to choose", trustDoc(vendor(extID("StringEquals", `"${aws:PrincipalAccount}"`))), nil, false},
		{"mirror: 2008-10-17 keeps ${…} as text", strings.Replace(trustDoc(vendor(extID("StringEquals", `"${aws:PrincipalAccount}"`))), "2012-10-17", "2008-10-17", 1), nil, true},
		{"an empty value list", trustDoc(vendor(extID("StringEquals", `[]`))), nil, false},
		{"mirror: escaped ${*} is a literal asterisk", trustDoc(vendor(extID("StringLike", `"${*}"`))), nil, true},
		{"second third-party statement without one", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(awsPrincipalJSON(siblingAccount), `"sts:AssumeRole"`, "")), nil, false},
		// Issue: an own-account statement without an external ID failed X.1.
		{"mirror: own-account statement without one", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(awsPrincipalJSON(ownAccount), `"sts:AssumeRole"`, "")), nil, true},
		{"sibling statement while the sibling is not first-party", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(awsPrincipalJSON(siblingAccount), `"sts:AssumeRole"`, "")), nil, false},
		{"mirror: sibling listed as first party", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(awsPrincipalJSON(siblingAccount), `"sts:AssumeRole"`, "")), firstParty(siblingAccount), true},
		{"statement scoped to another organization", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalOrgID":"`+otherOrg+`"}}`)), nil, false},
		{"mirror: org-scoped statement does not count", trustDoc(vendor(extID("StringEquals", `"abc"`)), allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, true},
		{"no third-party statement: nothing to require", trustDoc(allowStmt(awsPrincipalJSON(ownAccount), `"sts:AssumeRole"`, extID("StringEquals", `"abc"`))), nil, false},
		{"mirror: public statement with an external ID", trustDoc(allowStmt(`{"AWS":"*"}`, `"sts:AssumeRole"`, extID("StringEquals", `"abc"`))), nil, true},
	})
}

// Org-scoped statements are confined to the role's own organization; read
// through public, which an org-scoped "*" is not.
func TestAnalyzeTrust_orgScopedPublic(t *testing.T) {
	t.Parallel()
	anyone := func(condition string) string { return allowStmt(`"*"`, `"sts:AssumeRole"`, condition) }
	orgID := func(op, values string) string { return fmt.Sprintf(`{%q:{"aws:PrincipalOrgID":%s}}`, op, values) }
	orgPaths := func(op, values string) string { return fmt.Sprintf(`{%q:{"aws:PrincipalOrgPaths":%s}}`, op, values) }
	outsideOrg := func(op, values string) string {
		return denyStmt(`"*"`, `"sts:AssumeRole"`, fmt.Sprintf(`{%q:{"aws:PrincipalOrgID":%s}}`, op, values))
	}
	runVerdicts(t, func(tr Trust) bool { return tr.Public }, []verdictCase{
		{"* without condition", trustDoc(anyone("")), nil, true},
		// Issue: "*" limited to the own organization was reported public.
		{"mirror: * with the own aws:PrincipalOrgID", trustDoc(anyone(orgID("StringEquals", `"`+ownOrg+`"`))), nil, false},
		{"another organization", trustDoc(anyone(orgID("StringEquals", `"`+otherOrg+`"`))), nil, true},
		{"mirror: ${aws:ResourceOrgID}", trustDoc(anyone(orgID("StringEquals", `"${aws:ResourceOrgID}"`))), nil, false},
		{"own and another organization", trustDoc(anyone(orgID("StringEquals", `["`+ownOrg+`","`+otherOrg+`"]`))), nil, true},
		{"mirror: ForAnyValue:StringEquals", trustDoc(anyone(orgID("ForAnyValue:StringEquals", `"`+ownOrg+`"`))), nil, false},
		{"IfExists admits principals in no organization", trustDoc(anyone(orgID("StringEqualsIfExists", `"`+ownOrg+`"`))), nil, true},
		{"mirror: StringEqualsIgnoreCase in upper case", trustDoc(anyone(orgID("StringEqualsIgnoreCase", `"`+strings.ToUpper(ownOrg)+`"`))), nil, false},
		{"ForAllValues admits principals in no organization", trustDoc(anyone(orgID("ForAllValues:StringEquals", `"`+ownOrg+`"`))), nil, true},
		{"mirror: StringLike with the own ID", trustDoc(anyone(orgID("StringLike", `"`+ownOrg+`"`))), nil, false},
		{"StringLike o-* is any organization", trustDoc(anyone(orgID("StringLike", `"o-*"`))), nil, true},
		{"mirror: own ID while the account's organization is unknown, by variable", trustDoc(anyone(orgID("StringEquals", `"${aws:ResourceOrgID}"`))), noOrganization, false},
		{"own ID value while the account is in no organization", trustDoc(anyone(orgID("StringEquals", `"`+ownOrg+`"`))), noOrganization, true},
		{"mirror: org paths under the own organization", trustDoc(anyone(orgPaths("ForAnyValue:StringLike", `"`+ownOrg+`/r-ab12/*"`))), nil, false},
		{"org paths under another organization", trustDoc(anyone(orgPaths("ForAnyValue:StringLike", `"`+otherOrg+`/*"`))), nil, true},
		{"mirror: org paths own/*", trustDoc(anyone(orgPaths("ForAnyValue:StringLike", `"`+ownOrg+`/*"`))), nil, false},
		{"org path prefix without the slash (o-own1234567evil)", trustDoc(anyone(orgPaths("ForAnyValue:StringLike", `"`+ownOrg+`*"`))), nil, true},
		{"mirror: Deny StringNotEquals aws:PrincipalOrgID own", trustDoc(anyone(""), outsideOrg("StringNotEquals", `"`+ownOrg+`"`)), nil, false},
		{"Deny naming another organization", trustDoc(anyone(""), outsideOrg("StringNotEquals", `"`+otherOrg+`"`)), nil, true},
		{"mirror: Deny with StringNotEqualsIfExists", trustDoc(anyone(""), outsideOrg("StringNotEqualsIfExists", `"`+ownOrg+`"`)), nil, false},
		{"Deny naming own and another organization", trustDoc(anyone(""), outsideOrg("StringNotEquals", `["`+ownOrg+`","`+otherOrg+`"]`)), nil, true},
		{"mirror: Deny for ${aws:ResourceOrgID}", trustDoc(anyone(""), outsideOrg("StringNotEquals", `"${aws:ResourceOrgID}"`)), nil, false},
		// Outside an organization ${aws:ResourceOrgID} has no value: the
		// Deny refuses no one.
		{"Deny for ${aws:ResourceOrgID} while the account is in no organization", trustDoc(anyone(""), outsideOrg("StringNotEquals", `"${aws:ResourceOrgID}"`)), noOrganization, true},
		{"mirror: Allow for ${aws:ResourceOrgID} while the account is in no organization admits no one", trustDoc(anyone(orgID("StringEquals", `"${aws:ResourceOrgID}"`))), noOrganization, false},
		{"Deny whose Effect is missing", trustDoc(anyone(""), strings.Replace(outsideOrg("StringNotEquals", `"`+ownOrg+`"`), `"Effect":"Deny",`, "", 1)), nil, true},
		{"mirror: Deny spelled as IAM spells it", trustDoc(anyone(""), outsideOrg("StringNotEquals", `"`+ownOrg+`"`)), nil, false},
		{"Deny with ForAnyValue misses principals in no organization", trustDoc(anyone(""), outsideOrg("ForAnyValue:StringNotEquals", `"`+ownOrg+`"`)), nil, true},
		{"mirror: Deny with {AWS: *}", trustDoc(anyone(""), denyStmt(`{"AWS":"*"}`, `"sts:AssumeRole"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, false},
		{"Deny with another condition too", trustDoc(anyone(""), denyStmt(`"*"`, `"sts:AssumeRole"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"},"Bool":{"aws:SecureTransport":"true"}}`)), nil, true},
		{"mirror: Deny covering sts:* for an Allow of sts:*", trustDoc(allowStmt(`"*"`, `"sts:*"`, ""), denyStmt(`"*"`, `"sts:*"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, false},
		{"Deny covering fewer actions than the Allow admits", trustDoc(allowStmt(`"*"`, `"sts:*"`, ""), outsideOrg("StringNotEquals", `"`+ownOrg+`"`)), nil, true},
		{"Deny for one account only", trustDoc(anyone(""), denyStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, true},
		{"Allow with StringNotEquals on the own organization", trustDoc(anyone(orgID("StringNotEquals", `"`+ownOrg+`"`))), nil, true},
		{"an external ID does not make * private", trustDoc(anyone(`{"StringEquals":{"sts:ExternalId":"abc"}}`)), nil, true},
		{"mirror: own account only", trustDoc(allowStmt(awsPrincipalJSON(ownAccount), `"sts:AssumeRole"`, "")), nil, false},
	})
}

// aws:PrincipalAccount and aws:PrincipalArn narrow the principals to the
// accounts they name; a wildcard account is every account.
func TestAnalyzeTrust_principalNarrowing(t *testing.T) {
	t.Parallel()
	anyone := func(condition string) string { return allowStmt(`"*"`, `"sts:AssumeRole"`, condition) }
	account := func(op, values string) string { return fmt.Sprintf(`{%q:{"aws:PrincipalAccount":%s}}`, op, values) }
	principalARN := func(op, values string) string { return fmt.Sprintf(`{%q:{"aws:PrincipalArn":%s}}`, op, values) }
	t.Run("public", func(t *testing.T) {
		t.Parallel()
		runVerdicts(t, func(tr Trust) bool { return tr.Public }, []verdictCase{
			{"PrincipalAccount *", trustDoc(anyone(account("StringLike", `"*"`))), nil, true},
			{"mirror: PrincipalAccount own", trustDoc(anyone(account("StringEquals", `"`+ownAccount+`"`))), nil, false},
			{"PrincipalAccount 1111* is many accounts", trustDoc(anyone(account("StringLike", `"1111*"`))), nil, true},
			{"mirror: PrincipalAccount another account", trustDoc(anyone(account("StringEquals", `"`+otherAccount+`"`))), nil, false},
			{"IfExists narrows nothing", trustDoc(anyone(account("StringEqualsIfExists", `"`+ownAccount+`"`))), nil, true},
			{"mirror: ForAnyValue:StringEquals", trustDoc(anyone(account("ForAnyValue:StringEquals", `"`+ownAccount+`"`))), nil, false},
			{"negated operator narrows nothing", trustDoc(anyone(account("StringNotEquals", `"`+otherAccount+`"`))), nil, true},
			{"mirror: PrincipalArn in one account", trustDoc(anyone(principalARN("ArnEquals", `"arn:aws:iam::`+ownAccount+`:role/ci"`))), nil, false},
			{"PrincipalArn in any account", trustDoc(anyone(principalARN("ArnLike", `"arn:aws:iam::*:role/ci"`))), nil, true},
			{"mirror: ArnLike on one account's roles", trustDoc(anyone(principalARN("ArnLike", `"arn:aws:iam::`+ownAccount+`:role/*"`))), nil, false},
			{"only ${aws:ResourceOrgID} is a variable that restricts", trustDoc(anyone(account("StringEquals", `"${aws:ResourceAccount}"`))), nil, true},
			{"mirror: PrincipalAccount narrows beside an any-account PrincipalArn", trustDoc(anyone(`{"StringEquals":{"aws:PrincipalAccount":"` + ownAccount + `"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}`)), nil, false},
			// Under StringLike a * or ? also matches colons: a wildcard
			// before the account field ends reaches every account.
			{"StringLike PrincipalArn *:role/ci", trustDoc(anyone(principalARN("StringLike", `"*:role/ci"`))), nil, true},
			{"mirror: StringLike PrincipalArn with the own account before the wildcard", trustDoc(anyone(principalARN("StringLike", `"arn:aws:iam::`+ownAccount+`:*"`))), nil, false},
			{"StringLike PrincipalArn arn:aws:iam::*", trustDoc(anyone(principalARN("StringLike", `"arn:aws:iam::*"`))), nil, true},
			{"mirror: StringLike PrincipalArn naming the own role", trustDoc(anyone(principalARN("StringLike", `"arn:aws:iam::`+ownAccount+`:role/ci"`))), nil, false},
			{"StringLike PrincipalArn with a wildcard service spanning into the account", trustDoc(anyone(principalARN("StringLike", `"arn:aws:*:`+ownAccount+`:role/x"`))), nil, true},
			{"mirror: ArnLike keeps a wildcard inside its field", trustDoc(anyone(principalARN("ArnLike", `"arn:aws:*::`+ownAccount+`:role/x"`))), nil, false},
			{"ArnLike PrincipalArn with too few fields and a wildcard", trustDoc(anyone(principalARN("ArnLike", `"arn:aws:iam::*"`))), nil, true},
			{"mirror: ArnEquals PrincipalArn that is no ARN matches no one", trustDoc(anyone(principalARN("ArnEquals", `"arn:aws:iam::role/x"`))), nil, false},
			{"StringLike PrincipalArn ar?:aws:iam::*:role/x", trustDoc(anyone(principalARN("StringLike", `"ar?:aws:iam::*:role/x"`))), nil, true},
		})
	})
	t.Run("third party", func(t *testing.T) {
		t.Parallel()
		runVerdicts(t, func(tr Trust) bool { return tr.ThirdPartyTrust }, []verdictCase{
			{"* narrowed to another account", trustDoc(anyone(account("StringEquals", `"`+otherAccount+`"`))), nil, true},
			{"mirror: * narrowed to a first-party sibling", trustDoc(anyone(account("StringEquals", `"`+siblingAccount+`"`))), firstParty(siblingAccount), false},
			{"another account's principal narrowed to itself", trustDoc(allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, account("StringEquals", `"`+otherAccount+`"`))), nil, true},
			{"mirror: another account's principal narrowed to the own account admits no one", trustDoc(allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, account("StringEquals", `"`+ownAccount+`"`))), nil, false},
			{"PrincipalArn value that is no ARN matches no one, the other value does", trustDoc(anyone(principalARN("ArnLike", `["not-an-arn","arn:aws:iam::`+otherAccount+`:role/x"]`))), nil, true},
			{"mirror: PrincipalArn value that is no ARN alone", trustDoc(anyone(principalARN("ArnLike", `"not-an-arn"`))), nil, false},
			// StringEqualsIgnoreCase matches an upper-case ARN too.
			{"StringEqualsIgnoreCase PrincipalArn of a vendor in upper case", trustDoc(anyone(principalARN("StringEqualsIgnoreCase", `"ARN:AWS:IAM::`+otherAccount+`:ROOT"`))), nil, true},
			{"mirror: StringEqualsIgnoreCase PrincipalArn of the own account in upper case", trustDoc(anyone(principalARN("StringEqualsIgnoreCase", `"ARN:AWS:IAM::`+ownAccount+`:ROOT"`))), nil, false},
			{"StringLike PrincipalArn *:root", trustDoc(anyone(principalARN("StringLike", `"*:root"`))), nil, true},
			{"mirror: StringLike PrincipalArn of a first-party sibling's roles", trustDoc(anyone(principalARN("StringLike", `"arn:aws:iam::`+siblingAccount+`:role/*"`))), firstParty(siblingAccount), false},
		})
	})
}

// third_party_trust: an sts:AssumeRole statement admits an account that is
// neither the role's nor first-party, or the role is public.
func TestAnalyzeTrust_thirdPartyTrust(t *testing.T) {
	t.Parallel()
	assume := func(principal string) string { return allowStmt(principal, `"sts:AssumeRole"`, "") }
	runVerdicts(t, func(tr Trust) bool { return tr.ThirdPartyTrust }, []verdictCase{
		// Issue: OrganizationAccountAccessRole, Control Tower and StackSet
		// roles trusting a sibling account were third-party.
		{"management account not known as first party", trustDoc(assume(awsPrincipalJSON(siblingAccount))), nil, true},
		{"mirror: management account listed as first party", trustDoc(assume(awsPrincipalJSON(siblingAccount))), firstParty(siblingAccount), false},
		{"role in a sibling account not listed", trustDoc(assume(`{"AWS":"arn:aws:iam::` + siblingAccount + `:role/AWSControlTowerExecution"}`)), firstParty(otherAccount), true},
		{"mirror: role in a listed sibling account", trustDoc(assume(`{"AWS":"arn:aws:iam::` + siblingAccount + `:role/AWSControlTowerExecution"}`)), firstParty(otherAccount, siblingAccount), false},
		{"one listed, one vendor account", trustDoc(assume(`{"AWS":["arn:aws:iam::` + siblingAccount + `:root","arn:aws:iam::` + otherAccount + `:root"]}`)), firstParty(siblingAccount), true},
		{"mirror: own account", trustDoc(assume(awsPrincipalJSON(ownAccount))), nil, false},
		{"public", trustDoc(assume(`"*"`)), nil, true},
		{"mirror: org-scoped *", trustDoc(allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, false},
		{"NotAction TagSession admits AssumeRole", trustDoc(statementJSON("Allow", awsPrincipalJSON(otherAccount), "NotAction", `"sts:TagSession"`, "")), nil, true},
		{"mirror: another account with sts:TagSession only", trustDoc(allowStmt(awsPrincipalJSON(otherAccount), `"sts:TagSession"`, "")), nil, false},
		{"vendor beside a service", trustDoc(assume(`{"Service":"ec2.amazonaws.com","AWS":"` + otherAccount + `"}`)), nil, true},
		{"mirror: service principal only", trustDoc(assume(`{"Service":"ec2.amazonaws.com"}`)), nil, false},
		{"own account while the role's account is unknown", trustDoc(assume(awsPrincipalJSON(ownAccount))), func(tc *TrustContext) { tc.AccountID = "" }, true},
		{"mirror: unique ID of a deleted principal admits no one", trustDoc(assume(`{"AWS":"AROAEXAMPLEID1234567"}`)), nil, false},
	})
}

// cross_account: an assume statement admits a principal outside the role's
// account (first-party or not), or the role is public.
func TestAnalyzeTrust_crossAccount(t *testing.T) {
	t.Parallel()
	runVerdicts(t, func(tr Trust) bool { return tr.CrossAccount }, []verdictCase{
		{"another account", trustDoc(allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, "")), nil, true},
		{"mirror: own account", trustDoc(allowStmt(awsPrincipalJSON(ownAccount), `"sts:AssumeRole"`, "")), nil, false},
		{"a first-party sibling is still another account", trustDoc(allowStmt(awsPrincipalJSON(siblingAccount), `"sts:AssumeRole"`, "")), firstParty(siblingAccount), true},
		{"mirror: own user", trustDoc(allowStmt(`{"AWS":"arn:aws:iam::`+ownAccount+`:user/alice"}`, `"sts:AssumeRole"`, "")), nil, false},
		{"org-scoped * admits the organization's other accounts", trustDoc(allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`)), nil, true},
		{"mirror: * narrowed to the own account", trustDoc(allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalAccount":"`+ownAccount+`"}}`)), nil, false},
		{"another account by web identity action", trustDoc(allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRoleWithWebIdentity"`, "")), nil, true},
		{"mirror: unique ID of a deleted principal", trustDoc(allowStmt(`{"AWS":"AIDAEXAMPLEID1234567"}`, `"sts:AssumeRole"`, "")), nil, false},
	})
}

// mfa_required: every assume statement with an AWS principal requires MFA.
func TestAnalyzeTrust_mfaRequired(t *testing.T) {
	t.Parallel()
	own := func(condition string) string {
		return allowStmt(awsPrincipalJSON(ownAccount), `"sts:AssumeRole"`, condition)
	}
	runVerdicts(t, func(tr Trust) bool { return tr.MFARequired }, []verdictCase{
		{"BoolIfExists matches long-term keys", trustDoc(own(`{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`)), nil, false},
		{"mirror: Bool true", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`)), nil, true},
		{"Bool false", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`)), nil, false},
		{"mirror: JSON true", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":true}}`)), nil, true},
		{"a list allowing false", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}`)), nil, false},
		{"mirror: a list of true", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":["true"]}}`)), nil, true},
		{"NumericGreaterThan on the MFA age", trustDoc(own(`{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600"}}`)), nil, false},
		{"mirror: NumericLessThan on the MFA age", trustDoc(own(`{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}`)), nil, true},
		{"NumericLessThanIfExists", trustDoc(own(`{"NumericLessThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}`)), nil, false},
		{"mirror: NumericLessThanEquals", trustDoc(own(`{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}}`)), nil, true},
		{"one of two AWS statements without MFA", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, "")), nil, false},
		{"mirror: a service statement needs no MFA", trustDoc(own(`{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), allowStmt(`{"Service":"ec2.amazonaws.com"}`, `"sts:AssumeRole"`, "")), nil, true},
		{"no statement with an AWS principal", trustDoc(allowStmt(`{"Service":"ec2.amazonaws.com"}`, `"sts:AssumeRole"`, `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`)), nil, false},
		{"mirror: key and operator in other case", trustDoc(own(`{"bool":{"AWS:MULTIFACTORAUTHPRESENT":"TRUE"}}`)), nil, true},
	})
}

// oidc_subject_unrestricted: a web-identity assume statement does not
// restrict who the token is for, per provider.
func TestAnalyzeTrust_oidcSubjectUnrestricted(t *testing.T) {
	t.Parallel()
	web := func(principal, condition string) string {
		return allowStmt(principal, `"sts:AssumeRoleWithWebIdentity"`, condition)
	}
	github := func(condition string) string { return trustDoc(web(githubProvider, condition)) }
	// claim adds a condition beside the audience one, in the same
	// operator object when the operator is the same (a key twice in one
	// object is refused as ambiguous).
	claim := func(op, key, values string) string {
		const aud = `"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"`
		if op == "StringEquals" {
			return fmt.Sprintf(`{"StringEquals":{%s,%q:%s}}`, aud, key, values)
		}
		return fmt.Sprintf(`{"StringEquals":{%s},%q:{%q:%s}}`, aud, op, key, values)
	}
	sub := func(op, values string) string { return claim(op, "token.actions.githubusercontent.com:sub", values) }
	enterprise := `{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/acme-corp"}`
	eks := `{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"}`
	builtIn := func(provider, condition string) string {
		return trustDoc(web(fmt.Sprintf(`{"Federated":%q}`, provider), condition))
	}
	runVerdicts(t, func(tr Trust) bool { return tr.OIDCSubjectUnrestricted }, []verdictCase{
		{"GitHub without a sub condition", github(`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`), nil, true},
		{"mirror: repo:acme/*", github(sub("StringLike", `"repo:acme/*"`)), nil, false},
		// Issue: these pin nobody.
		{"repo:*", github(sub("StringLike", `"repo:*"`)), nil, true},
		{"mirror: repo:acme/app:ref:refs/heads/main", github(sub("StringEquals", `"repo:acme/app:ref:refs/heads/main"`)), nil, false},
		{"repo:acme* also matches acme-evil", github(sub("StringLike", `"repo:acme*"`)), nil, true},
		{"mirror: two owners", github(sub("StringLike", `["repo:acme/*","repo:acme-tools/*"]`)), nil, false},
		{"StringNotEquals", github(sub("StringNotEquals", `"repo:evil/app:*"`)), nil, true},
		{"mirror: ForAnyValue:StringLike", github(sub("ForAnyValue:StringLike", `"repo:acme/*"`)), nil, false},
		{"Null false", github(sub("Null", `"false"`)), nil, true},
		{"mirror: sub key in other case", github(`{"StringLike":{"Token.Actions.GitHubUserContent.com:SUB":"repo:acme/*"}}`), nil, false},
		{"StringLikeIfExists", github(sub("StringLikeIfExists", `"repo:acme/*"`)), nil, true},
		{"mirror: customized subject repository_owner_id", github(sub("StringLike", `"repository_owner_id:123456:*"`)), nil, false},
		{"customized subject with a wildcard owner ID", github(sub("StringLike", `"repository_owner_id:12*:*"`)), nil, true},
		{"mirror: customized subject repository_id", github(sub("StringLike", `"repository_id:987654:*"`)), nil, false},
		{"one owner-pinning value beside one that pins nobody", github(sub("StringLike", `["repo:acme/*","repo:*"]`)), nil, true},
		{"mirror: repository claim pins the owner", github(claim("StringLike", "token.actions.githubusercontent.com:repository", `"acme/*"`)), nil, false},
		{"repository claim with a wildcard owner", github(claim("StringLike", "token.actions.githubusercontent.com:repository", `"*/app"`)), nil, true},
		{"mirror: job_workflow_ref of the owner's workflow", github(claim("StringLike", "token.actions.githubusercontent.com:job_workflow_ref", `"acme/shared/.github/workflows/deploy.yml@refs/heads/main"`)), nil, false},
		{"environment pins no owner", github(claim("StringEquals", "token.actions.githubusercontent.com:environment", `"prod"`)), nil, true},
		{"mirror: repository_id", github(claim("StringEquals", "token.actions.githubusercontent.com:repository_id", `"123456789"`)), nil, false},
		{"actor pins no owner", github(claim("StringEquals", "token.actions.githubusercontent.com:actor", `"octocat"`)), nil, true},
		{"mirror: enterprise_id", github(claim("StringEquals", "token.actions.githubusercontent.com:enterprise_id", `"4321"`)), nil, false},
		{"repository_owner is no key AWS evaluates", github(claim("StringEquals", "token.actions.githubusercontent.com:repository_owner", `"acme"`)), nil, true},
		{"mirror: enterprise issuer pins its enterprise", trustDoc(web(enterprise, `{"StringLike":{"token.actions.githubusercontent.com/acme-corp:sub":"repo:*"}}`)), nil, false},
		{"enterprise issuer with a wildcard-only sub", trustDoc(web(enterprise, `{"StringLike":{"token.actions.githubusercontent.com/acme-corp:sub":"*"}}`)), nil, true},
		{"mirror: EKS service account", trustDoc(web(eks, `{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub":"system:serviceaccount:default:app"}}`)), nil, false},
		{"EKS sub key without the issuer path", trustDoc(web(eks, `{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com:sub":"system:serviceaccount:default:app"}}`)), nil, true},
		{"mirror: EKS namespace wildcard", trustDoc(web(eks, `{"StringLike":{"oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub":"system:serviceaccount:ci:*"}}`)), nil, false},
		// Issue: built-in providers were never examined.
		{"Google without aud: any Google user", builtIn("accounts.google.com", ""), nil, true},
		{"mirror: Google aud", builtIn("accounts.google.com", `{"StringEquals":{"accounts.google.com:aud":"1234.apps.googleusercontent.com"}}`), nil, false},
		{"Google aud *", builtIn("accounts.google.com", `{"StringLike":{"accounts.google.com:aud":"*"}}`), nil, true},
		{"mirror: Google oaud", builtIn("accounts.google.com", `{"StringEquals":{"accounts.google.com:oaud":"1234.apps.googleusercontent.com"}}`), nil, false},
		{"Cognito with only an amr condition", builtIn("cognito-identity.amazonaws.com", `{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`), nil, true},
		{"mirror: Cognito identity pool aud", builtIn("cognito-identity.amazonaws.com", `{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd"}}`), nil, false},
		{"Facebook without app_id", builtIn("graph.facebook.com", ""), nil, true},
		{"mirror: Facebook app_id", builtIn("graph.facebook.com", `{"StringEquals":{"graph.facebook.com:app_id":"1234567890"}}`), nil, false},
		{"Login with Amazon without app_id", builtIn("www.amazon.com", `{"StringEquals":{"www.amazon.com:app_id":"*"}}`), nil, true},
		{"mirror: Login with Amazon user_id", builtIn("www.amazon.com", `{"StringEquals":{"www.amazon.com:user_id":"amzn1.account.ABC"}}`), nil, false},
		{"second web identity statement unrestricted", trustDoc(web(githubProvider, sub("StringLike", `"repo:acme/*"`)), web(`{"Federated":"accounts.google.com"}`, "")), nil, true},
		{"mirror: SAML provider is not web identity", trustDoc(allowStmt(`{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"}`, `"sts:AssumeRoleWithSAML"`, "")), nil, false},
		{"GitHub with a wildcard action", trustDoc(allowStmt(githubProvider, `"sts:AssumeRole*"`, "")), nil, true},
		{"mirror: GitHub with only sts:TagSession", trustDoc(allowStmt(githubProvider, `"sts:TagSession"`, "")), nil, false},
		{"owner from a policy variable", github(sub("StringLike", `"repo:${aws:PrincipalTag/owner}/*"`)), nil, true},
		{"mirror: StringEqualsIgnoreCase REPO:acme/… pins acme", github(sub("StringEqualsIgnoreCase", `"REPO:acme/app:ref:refs/heads/main"`)), nil, false},
		{"Repo:* in another case pins nobody", github(sub("StringEqualsIgnoreCase", `"Repo:*"`)), nil, true},
		{"mirror: Repository_Owner_Id:<digits>: in another case", github(sub("StringLike", `"Repository_Owner_Id:123456:*"`)), nil, false},
		{"issuer with a trailing slash is no enterprise", trustDoc(web(`{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/"}`, `{"StringLike":{"token.actions.githubusercontent.com/:sub":"repo:*"}}`)), nil, true},
		{"mirror: issuer with a trailing slash and an owner pin", trustDoc(web(`{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/"}`, `{"StringLike":{"token.actions.githubusercontent.com/:sub":"repo:acme/*"}}`)), nil, false},
	})
}
