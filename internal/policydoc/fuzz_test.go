package policydoc

import (
	"errors"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/aws-sdk-go-base/v2/validation"
)

// fuzzSeeds are documents every fuzz target starts from, plain and
// URL-encoded.
var fuzzSeeds = []string{
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	`{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","AROAEXAMPLEID1234567","arn:aws:iam::444455556666:role/R"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"},"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":["sts:AssumeRoleWithWebIdentity"],"Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/r:*"}}}]}`,
	`{"Statement":[null,{"Effect":"Allow","NotAction":"iam:*","Resource":["*"]}]}`,
	`{"a":1e+5,"b":[1.50,-0,true,null,"<&>"]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-own1234567/*"}}},{"Effect":"Deny","Principal":"*","Action":"sts:*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":["o-own1234567","${aws:ResourceOrgID}"]}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*","555566667777"]},"NotAction":"sts:TagSession","Condition":{"StringEquals":{"aws:PrincipalAccount":["444455556666","1111*"],"sts:ExternalId":["${*}","?*"]},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":["accounts.google.com","arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com/ent"]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com/ent:repository":"acme/*","accounts.google.com:oaud":"x"},"StringEquals":{"token.actions.githubusercontent.com:sub":"repository_owner_id:12:x"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:*"},{"Effect":"Allow","NotAction":["iam:*","s3:*"],"NotResource":["arn:aws:s3:::b","*rn:*"]},{"Effect":"Allow","Action":["a*:*","?*:Get*"],"Resource":"arn:aws:*:*:?*:*"}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Principal":{"AWS":"111122223333"},"Condition":{"StringLike":{"aws:PrincipalArn":["*:role/x","ARN:AWS:IAM::444455556666:ROOT"]}}},{"Effect":"Deny","Principal":"*","Action":"sts:*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"${aws:ResourceOrgID}"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:*","*:root"]},"StringEqualsIgnoreCase":{"aws:PrincipalArn":"ARN:AWS:IAM::444455556666:ROOT"}}},{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com/"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEqualsIgnoreCase":{"token.actions.githubusercontent.com/:sub":"REPO:acme/x"}}}]}`,
	`{"a\":b":{"c:\\":1,"c:\\\"":[{"d":"e:f"},{"d":2}]},"\u0061\":b":0}`,
	"%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
	"%7B%22a%22%3A1e+5%7D",
	"",
	"{",
	"%ZZ",
	`[]`,
	`"x"`,
}

// fuzzTrustContext is a role in an organization with a first-party sibling.
var fuzzTrustContext = TrustContext{
	AccountID:            "111122223333",
	Partition:            "aws",
	OrganizationID:       "o-own1234567",
	FirstPartyAccountIDs: []string{"555566667777"},
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
		f.Add(url.QueryEscape(s))
	}
}

// FuzzNormalize checks that Normalize never panics, is idempotent, and
// keeps the document's meaning for the other functions.
func FuzzNormalize(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, doc string) {
		out, err := Normalize(doc)
		if err != nil {
			if out != "" {
				t.Fatalf("Normalize() = %q with error %v", out, err)
			}
			return
		}
		again, err := Normalize(out)
		if err != nil {
			t.Fatalf("Normalize(Normalize()) error = %v for %q", err, out)
		}
		if again != out {
			t.Fatalf("Normalize() not idempotent:\n%q\n%q", out, again)
		}
		// The cheap duplicate-key test agrees with the full walk.
		if text, err := decode(doc); err == nil {
			if v, err := unmarshal(text); err == nil {
				if _, ok := v.(map[string]any); ok && (noDuplicateKeys(text, v) == nil) != (validation.JSONNoDuplicateKeys(text) == nil) {
					t.Fatalf("noDuplicateKeys() = %v, JSONNoDuplicateKeys() = %v for %q", noDuplicateKeys(text, v), validation.JSONNoDuplicateKeys(text), text)
				}
			}
		}
		a1, e1 := AnalyzeAdmin(doc, "aws")
		a2, e2 := AnalyzeAdmin(out, "aws")
		// Normalize keeps the last of duplicate keys; the analysis refuses
		// a document that has them.
		var dup *validation.DuplicateKeyError
		if errors.As(e1, &dup) {
			return
		}
		if a1 != a2 || (e1 == nil) != (e2 == nil) {
			t.Fatalf("GrantsFullAdmin differs after Normalize: %v %v / %v %v", a1, e1, a2, e2)
		}
	})
}

// FuzzAnalyzeTrust checks that AnalyzeTrust never panics, returns sorted,
// unique, non-nil lists, keeps its invariants, and does not depend on the
// document's formatting.
func FuzzAnalyzeTrust(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := AnalyzeTrust(doc, fuzzTrustContext)
		if err != nil {
			if !reflect.DeepEqual(got, Trust{}) {
				t.Fatalf("AnalyzeTrust() = %+v with error %v", got, err)
			}
			return
		}
		for _, list := range [][]string{got.AWSPrincipals, got.Services, got.Federated} {
			if list == nil || !slices.IsSorted(list) || len(slices.Compact(slices.Clone(list))) != len(list) {
				t.Fatalf("AnalyzeTrust() list not sorted, unique and non-nil: %q", list)
			}
		}
		if got.Public && (!got.CrossAccount || !got.ThirdPartyTrust || len(got.AWSPrincipals) == 0) {
			t.Fatalf("AnalyzeTrust() public without cross-account, third-party trust or an AWS principal: %+v", got)
		}
		if got.ThirdPartyTrust && !got.CrossAccount {
			t.Fatalf("AnalyzeTrust() third-party trust without cross-account trust: %+v", got)
		}
		if got.ExternalIDRequired && !got.ThirdPartyTrust {
			t.Fatalf("AnalyzeTrust() requires an external ID without third-party trust: %+v", got)
		}
		if (got.ExternalIDRequired || got.MFARequired) && len(got.AWSPrincipals) == 0 {
			t.Fatalf("AnalyzeTrust() requires external ID or MFA without AWS principals: %+v", got)
		}
		if got.OIDCSubjectUnrestricted && len(got.Federated) == 0 {
			t.Fatalf("AnalyzeTrust() unrestricted web identity without a federated principal: %+v", got)
		}
		norm, err := Normalize(doc)
		if err != nil {
			t.Fatalf("Normalize() error = %v for a document AnalyzeTrust accepted", err)
		}
		again, err := AnalyzeTrust(norm, fuzzTrustContext)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("AnalyzeTrust() differs after Normalize: %+v, %v; want %+v", again, err, got)
		}
	})
}

// FuzzGrantsFullAdmin checks that AnalyzeAdmin never panics, keeps its
// invariants and agrees with itself on the URL-encoded document.
func FuzzGrantsFullAdmin(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := AnalyzeAdmin(doc, "aws")
		if err != nil {
			if got != (Admin{}) {
				t.Fatalf("AnalyzeAdmin() = %+v with error %v", got, err)
			}
			return
		}
		if got.Literal && !got.FullAdmin || got.FullAdmin != (got.Reason != "") {
			t.Fatalf("AnalyzeAdmin() inconsistent: %+v", got)
		}
		norm, err := Normalize(doc)
		if err != nil {
			t.Fatalf("Normalize() error = %v for a document GrantsFullAdmin accepted", err)
		}
		encoded, err := AnalyzeAdmin(pathEscape(norm), "aws")
		if err != nil || encoded != got {
			t.Fatalf("AnalyzeAdmin() of the URL-encoded document = %+v, %v; want %+v", encoded, err, got)
		}
	})
}

// FuzzEquivalent checks that Equivalent never panics (awspolicyequivalence
// can, on malformed statements) and that a document equals its normalized
// and URL-encoded forms.
func FuzzEquivalent(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, doc string) {
		norm, err := Normalize(doc)
		eq, eqErr := Equivalent(doc, doc)
		if err != nil {
			if eqErr == nil {
				t.Fatalf("Equivalent() accepted a document Normalize rejects: %v", err)
			}
			return
		}
		if eqErr != nil {
			return // valid JSON that is not a policy the library can read
		}
		if !eq {
			t.Fatalf("Equivalent(doc, doc) = false for %q", doc)
		}
		if got, err := Equivalent(doc, pathEscape(norm)); err != nil || !got {
			t.Fatalf("Equivalent(doc, URL-encoded normalized doc) = %v, %v", got, err)
		}
	})
}
