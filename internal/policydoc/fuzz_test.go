package policydoc

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
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
	"%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
	"%7B%22a%22%3A1e+5%7D",
	"",
	"{",
	"%ZZ",
	`[]`,
	`"x"`,
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
		a1, e1 := GrantsFullAdmin(doc)
		a2, e2 := GrantsFullAdmin(out)
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
		got, err := AnalyzeTrust(doc, "111122223333", "aws")
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
		if got.Public != slices.Contains(got.AWSPrincipals, "*") || (got.Public && !got.CrossAccount) {
			t.Fatalf("AnalyzeTrust() inconsistent Public/CrossAccount: %+v", got)
		}
		if (got.ExternalIDRequired || got.MFARequired) && len(got.AWSPrincipals) == 0 {
			t.Fatalf("AnalyzeTrust() requires external ID or MFA without AWS principals: %+v", got)
		}
		norm, err := Normalize(doc)
		if err != nil {
			t.Fatalf("Normalize() error = %v for a document AnalyzeTrust accepted", err)
		}
		again, err := AnalyzeTrust(norm, "111122223333", "aws")
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("AnalyzeTrust() differs after Normalize: %+v, %v; want %+v", again, err, got)
		}
	})
}

// FuzzGrantsFullAdmin checks that GrantsFullAdmin never panics and agrees
// with itself on the URL-encoded document.
func FuzzGrantsFullAdmin(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := GrantsFullAdmin(doc)
		if err != nil {
			if got {
				t.Fatalf("GrantsFullAdmin() = true with error %v", err)
			}
			return
		}
		norm, err := Normalize(doc)
		if err != nil {
			t.Fatalf("Normalize() error = %v for a document GrantsFullAdmin accepted", err)
		}
		encoded, err := GrantsFullAdmin(pathEscape(norm))
		if err != nil || encoded != got {
			t.Fatalf("GrantsFullAdmin() of the URL-encoded document = %v, %v; want %v", encoded, err, got)
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
