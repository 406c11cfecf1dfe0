package policydoc

import (
	"strings"
)

// Web identity trust: whether a statement that lets an identity provider's
// tokens assume the role (sts:AssumeRoleWithWebIdentity) restricts who the
// token is for. Anyone can get a token from Google, or from GitHub Actions
// in a repository of their own; only a condition on the right claim keeps
// them out.

// builtInWebIdentityKeys are the condition keys of the built-in web identity
// providers that say who a token is for (the app it was issued to, or the
// user): one restricting condition on any of them restricts the statement.
var builtInWebIdentityKeys = map[string][]string{
	"accounts.google.com":            {"accounts.google.com:aud", "accounts.google.com:oaud", "accounts.google.com:sub"},
	"cognito-identity.amazonaws.com": {"cognito-identity.amazonaws.com:aud", "cognito-identity.amazonaws.com:sub"},
	"graph.facebook.com":             {"graph.facebook.com:app_id", "graph.facebook.com:id"},
	"www.amazon.com":                 {"www.amazon.com:app_id", "www.amazon.com:user_id"},
}

// gitHubIssuer is the GitHub Actions OIDC issuer; an enterprise with its
// own issuer uses gitHubIssuer + "/<enterprise slug>".
const gitHubIssuer = "token.actions.githubusercontent.com"

// gitHubPinKeys are the claims of GitHub's token that AWS STS evaluates
// (sub, plus the claims AWS documents for this issuer) and that can pin the
// repository owner, with how each value must look to pin one. AWS also
// documents actor, actor_id, workflow, ref and environment, which pin no
// owner: anyone can name a branch or an environment "prod".
var gitHubPinKeys = map[string]func(string) bool{
	"sub":              pinsGitHubSubject,
	"repository":       pinsGitHubOwnerPath, // "<owner>/<repo>"
	"job_workflow_ref": pinsGitHubOwnerPath, // "<owner>/<repo>/.github/workflows/<file>@<ref>"
	"repository_id":    isDigits,            // a repository's immutable ID
	"enterprise_id":    isDigits,            // the enterprise's ID
}

// webIdentityRestricted reports whether the statement restricts who the
// tokens of the federated principal federated are for. Principals that are
// neither an OIDC provider ARN nor a built-in provider (SAML providers)
// are not web identity and count as restricted here.
func webIdentityRestricted(federated string, conds []condition, vars bool) bool {
	for provider, keys := range builtInWebIdentityKeys {
		if strings.EqualFold(federated, provider) {
			for _, key := range keys {
				if restrictsKey(conds, key, vars, nil) {
					return true
				}
			}
			return false
		}
	}
	issuer, ok := oidcProviderIssuer(federated)
	if !ok {
		return true
	}
	if strings.EqualFold(issuer, gitHubIssuer) || hasPrefixFold(issuer, gitHubIssuer+"/", true) {
		// An enterprise issuer (…/<enterprise slug>) only issues tokens for
		// its enterprise's repositories: the issuer pins the owner, any
		// restricting value then does. Without a slug it is no enterprise's.
		enterprise := len(issuer) > len(gitHubIssuer)+1
		for claim, pins := range gitHubPinKeys {
			accept := pins
			if enterprise {
				accept = nil
			}
			if restrictsKey(conds, issuer+":"+claim, vars, accept) {
				return true
			}
		}
		return false
	}
	return restrictsKey(conds, issuer+":sub", vars, nil)
}

// oidcProviderIssuer returns the issuer (host and path, such as
// oidc.eks.us-east-1.amazonaws.com/id/ABC) of an IAM OIDC provider ARN.
func oidcProviderIssuer(federated string) (string, bool) {
	parts := strings.SplitN(federated, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return "", false
	}
	issuer, ok := strings.CutPrefix(parts[5], "oidc-provider/")
	return issuer, ok && issuer != ""
}

// pinsGitHubSubject reports whether a sub value pins the repository owner:
// "repo:<owner>/…" (the default subject) or, for customized subjects,
// "repository_owner_id:<digits>:…" or "repository_id:<digits>:…". GitHub
// writes the claims in the order the owner configured, so a subject starts
// with one of these only for that owner's repositories. The claim names
// compare ignoring case: under StringEqualsIgnoreCase "REPO:acme/…" pins
// acme (GitHub owner names are unique ignoring case), under a case-sensitive
// operator it matches no token at all.
func pinsGitHubSubject(v string) bool {
	if hasPrefixFold(v, "repo:", true) {
		return pinsGitHubOwnerPath(v[len("repo:"):])
	}
	for _, claim := range []string{"repository_owner_id:", "repository_id:"} {
		if hasPrefixFold(v, claim, true) {
			id, _, found := strings.Cut(v[len(claim):], ":")
			return found && isDigits(id)
		}
	}
	return false
}

// pinsGitHubOwnerPath reports whether v starts "<owner>/" with an owner
// that has no wildcard and no policy variable.
func pinsGitHubOwnerPath(v string) bool {
	owner, _, found := strings.Cut(v, "/")
	return found && owner != "" && !strings.ContainsAny(owner, "*?$")
}

// isDigits reports whether v is a non-empty string of ASCII digits.
func isDigits(v string) bool {
	return v != "" && strings.Trim(v, "0123456789") == ""
}
