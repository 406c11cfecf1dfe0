package iamcollect

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func samlEntry(arn string, created time.Time, validUntil *time.Time) types.SAMLProviderListEntry {
	return types.SAMLProviderListEntry{Arn: aws.String(arn), CreateDate: aws.Time(created), ValidUntil: validUntil}
}

func TestSAMLProviders(t *testing.T) {
	cest := time.FixedZone("CEST", 2*3600)
	f := newFake()
	f.samlProviders = []types.SAMLProviderListEntry{
		samlEntry("arn:aws:iam::123456789012:saml-provider/okta", t0, aws.Time(time.Date(2027, 3, 1, 12, 0, 0, 0, cest))),
		samlEntry("arn:aws:iam::123456789012:saml-provider/Azure-AD_prod.1", t0.Add(time.Hour), nil),
		samlEntry("arn:aws:iam::123456789012:saml-provider/adfs", t0.Add(2*time.Hour), aws.Time(reportAt)),
	}
	c := testCollector(f, 2)
	got, err := c.SAMLProviders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []SAMLProvider{
		{ARN: "arn:aws:iam::123456789012:saml-provider/Azure-AD_prod.1", Name: "Azure-AD_prod.1", CreateDate: t0.Add(time.Hour)},
		{ARN: "arn:aws:iam::123456789012:saml-provider/adfs", Name: "adfs", CreateDate: t0.Add(2 * time.Hour), ValidUntil: aws.Time(reportAt)},
		{ARN: "arn:aws:iam::123456789012:saml-provider/okta", Name: "okta", CreateDate: t0, ValidUntil: aws.Time(time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC))},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SAMLProviders() = %+v, want %+v", got, want)
	}
	if loc := got[2].ValidUntil.Location(); loc != time.UTC {
		t.Errorf("ValidUntil location = %v, want UTC", loc)
	}

	// Memoized until Invalidate; a caller's copy cannot change the memo.
	got[0].Name = "changed"
	again, err := c.SAMLProviders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Name != "Azure-AD_prod.1" {
		t.Errorf("memoized providers changed through a caller's copy: %q", again[0].Name)
	}
	if n := f.count(opListSAML); n != 1 {
		t.Errorf("ListSAMLProviders calls = %d, want 1 (memoized)", n)
	}
	c.Invalidate()
	if _, err := c.SAMLProviders(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.count(opListSAML); n != 2 {
		t.Errorf("ListSAMLProviders calls after Invalidate = %d, want 2", n)
	}
}

func TestSAMLProviders_none(t *testing.T) {
	got, err := testCollector(newFake(), 1).SAMLProviders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got) != 0 {
		t.Errorf("SAMLProviders() = %#v, want an empty, non-nil list", got)
	}
}

// A denied or failed read names the action and is not memoized.
func TestSAMLProviders_failClosed(t *testing.T) {
	f := newFake()
	f.samlProviders = []types.SAMLProviderListEntry{samlEntry("arn:aws:iam::123456789012:saml-provider/okta", t0, nil)}
	f.failNext(opListSAML, apiError("AccessDenied"))
	c := testCollector(f, 1)
	_, err := c.SAMLProviders(context.Background())
	var apiErr *awserr.ActionError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:ListSAMLProviders" || !awserr.IsAccessDenied(err) {
		t.Fatalf("err = %v, want access denied for iam:ListSAMLProviders", err)
	}
	got, err := c.SAMLProviders(context.Background())
	if err != nil || len(got) != 1 {
		t.Errorf("after a failure: %v, %v; want the provider (errors are not memoized)", got, err)
	}
}

// An entry the engine cannot name fails the whole read: a skipped provider
// would be a silently partial list.
func TestSAMLProviders_unexpectedEntries(t *testing.T) {
	cases := map[string]types.SAMLProviderListEntry{
		"OIDC provider ARN":    samlEntry("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", t0, nil),
		"no name":              samlEntry("arn:aws:iam::123456789012:saml-provider/", t0, nil),
		"path in name":         samlEntry("arn:aws:iam::123456789012:saml-provider/a/b", t0, nil),
		"other service":        samlEntry("arn:aws:sts::123456789012:saml-provider/okta", t0, nil),
		"not an ARN":           samlEntry("okta", t0, nil),
		"no ARN":               {CreateDate: aws.Time(t0)},
		"no creation date":     {Arn: aws.String("arn:aws:iam::123456789012:saml-provider/okta")},
		"prefix of the prefix": samlEntry("arn:aws:iam::123456789012:saml-providerokta", t0, nil),
	}
	for name, entry := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake()
			f.samlProviders = []types.SAMLProviderListEntry{samlEntry("arn:aws:iam::123456789012:saml-provider/good", t0, nil), entry}
			_, err := testCollector(f, 1).SAMLProviders(context.Background())
			var apiErr *awserr.ActionError
			if !errors.As(err, &apiErr) || apiErr.Action != "iam:ListSAMLProviders" {
				t.Fatalf("err = %v, want an error naming iam:ListSAMLProviders", err)
			}
		})
	}
}

func TestSAMLProviderName(t *testing.T) {
	cases := map[string]string{
		"arn:aws:iam::123456789012:saml-provider/okta":                "okta",
		"arn:aws-us-gov:iam::123456789012:saml-provider/ADFS_gov-1.2": "ADFS_gov-1.2",
		"arn:aws-cn:iam::123456789012:saml-provider/AzureAD":          "AzureAD",
	}
	for in, want := range cases {
		got, err := samlProviderName(in)
		if err != nil || got != want {
			t.Errorf("samlProviderName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "arn:aws:iam::123456789012:role/okta", "arn:aws:iam::123456789012:saml-provider"} {
		if got, err := samlProviderName(in); !errors.Is(err, errNotSAMLProviderARN) {
			t.Errorf("samlProviderName(%q) = %q, %v; want errNotSAMLProviderARN", in, got, err)
		}
	}
}
