package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// SAMLProvider is one IAM SAML identity provider, as ListSAMLProviders
// returns it.
type SAMLProvider struct {
	ARN        string
	Name       string // the ARN's resource name, after "saml-provider/"
	CreateDate time.Time
	// ValidUntil is when the provider's SAML metadata (its signing
	// certificates) expires; nil when IAM returned none.
	ValidUntil *time.Time
}

// SAMLProviders returns every SAML provider of the account
// (ListSAMLProviders, one unpaginated call), sorted by name.
func (c *Collector) SAMLProviders(ctx context.Context) ([]SAMLProvider, error) {
	providers, err := load(ctx, c, "saml-providers", c.fetchSAMLProviders)
	if err != nil {
		return nil, err
	}
	return slices.Clone(providers), nil
}

// fetchSAMLProviders calls ListSAMLProviders. IAM returns every provider in
// one response (the API has no Marker); an entry whose ARN is not a SAML
// provider ARN fails the read instead of being skipped or misnamed.
func (c *Collector) fetchSAMLProviders(ctx context.Context) ([]SAMLProvider, error) {
	start := time.Now()
	out, err := c.api.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil {
		return nil, wrapErr("ListSAMLProviders", err)
	}
	providers := make([]SAMLProvider, 0, len(out.SAMLProviderList))
	for _, e := range out.SAMLProviderList {
		p, err := samlProviderOf(e)
		if err != nil {
			return nil, wrapErr("ListSAMLProviders", err)
		}
		providers = append(providers, p)
	}
	slices.SortFunc(providers, func(a, b SAMLProvider) int { return strings.Compare(a.Name, b.Name) })
	logBulk(ctx, "iam:ListSAMLProviders", pageStats{pages: 1, items: len(providers)}, start)
	return providers, nil
}

// samlProviderOf maps one list entry; its name comes from its ARN, the only
// place ListSAMLProviders carries it.
func samlProviderOf(e types.SAMLProviderListEntry) (SAMLProvider, error) {
	a := aws.ToString(e.Arn)
	name, err := samlProviderName(a)
	if err != nil {
		return SAMLProvider{}, err
	}
	if e.CreateDate == nil {
		return SAMLProvider{}, fmt.Errorf("SAML provider %s has no CreateDate", a)
	}
	return SAMLProvider{ARN: a, Name: name, CreateDate: utc(e.CreateDate), ValidUntil: utcPtr(e.ValidUntil)}, nil
}

// errNotSAMLProviderARN reports an ARN that does not name a SAML provider.
var errNotSAMLProviderARN = errors.New("not an IAM SAML provider ARN")

// samlProviderName returns the name in
// arn:<partition>:iam::<account>:saml-provider/<name>. SAML provider names
// have no path, so a further "/" is as wrong as a missing name.
func samlProviderName(s string) (string, error) {
	a, err := arn.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", errNotSAMLProviderARN, s, err)
	}
	name, ok := strings.CutPrefix(a.Resource, "saml-provider/")
	if a.Service != "iam" || !ok || name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("%w: %q", errNotSAMLProviderARN, s)
	}
	return name, nil
}
