package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// moto ignores the metadata's validUntil and reports this for every provider.
const motoSAMLValidUntil = "2032-05-09T16:27:11Z"

// TestAccSAMLProviders_basic runs on its own moto server, so the account's
// provider list is exactly what the test creates: none, then two.
//
// moto reports the same ValidUntil (2032) for every provider, so only
// expired = false can be seen here; TestSAMLProviderModelOf covers expired
// and unknown validity.
func TestAccSAMLProviders_basic(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	const config = `data "iamaudit_saml_providers" "test" {}`
	const addr = "data.iamaudit_saml_providers.test"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("saml_providers"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})

	fx := srv.Fixtures()
	oktaARN, oktaCreated, err := fx.CreateSAMLProvider(ctx, "okta-prod", time.Now().AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	// Created second so that sorting by name, not creation, is what puts it first.
	adfsARN, adfsCreated, err := fx.CreateSAMLProvider(ctx, "ADFS_legacy.1", time.Now().AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	provider := func(name, arn string, created time.Time) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":        knownvalue.StringExact(name),
			"arn":         knownvalue.StringExact(arn),
			"create_date": knownvalue.StringExact(formatTime(created)),
			"valid_until": knownvalue.StringExact(motoSAMLValidUntil),
			"expired":     knownvalue.Bool(false),
		})
	}
	if want := "arn:aws:iam::" + acctest.AccountID + ":saml-provider/okta-prod"; oktaARN != want {
		t.Fatalf("moto returned ARN %q, want %q", oktaARN, want)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("saml_providers"), knownvalue.ListExact([]knownvalue.Check{
					provider("ADFS_legacy.1", adfsARN, adfsCreated),
					provider("okta-prod", oktaARN, oktaCreated),
				})),
			},
		}},
	})
}

func TestSAMLProviderModelOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	created := time.Date(2024, 6, 15, 9, 30, 0, 123_000_000, time.UTC)
	at := func(t time.Time) *time.Time { return &t }
	cases := map[string]struct {
		validUntil *time.Time
		want       samlProviderModel
	}{
		"valid for a year": {at(now.AddDate(1, 0, 0)), samlProviderModel{
			ValidUntil: types.StringValue("2026-06-15T12:00:00Z"), Expired: types.BoolValue(false)}},
		"expires this instant": {at(now), samlProviderModel{
			ValidUntil: types.StringValue("2025-06-15T12:00:00Z"), Expired: types.BoolValue(false)}},
		"expired a second ago": {at(now.Add(-time.Second)), samlProviderModel{
			ValidUntil: types.StringValue("2025-06-15T11:59:59Z"), Expired: types.BoolValue(true)}},
		"expired in another time zone": {at(time.Date(2025, 6, 15, 13, 59, 59, 0, time.FixedZone("CEST", 2*3600))), samlProviderModel{
			ValidUntil: types.StringValue("2025-06-15T11:59:59Z"), Expired: types.BoolValue(true)}},
		"no validity reported": {nil, samlProviderModel{
			ValidUntil: types.StringNull(), Expired: types.BoolNull()}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := samlProviderModelOf(iamcollect.SAMLProvider{
				ARN: "arn:aws:iam::123456789012:saml-provider/okta", Name: "okta",
				CreateDate: created, ValidUntil: tc.validUntil,
			}, now)
			want := tc.want
			want.Name = types.StringValue("okta")
			want.ARN = types.StringValue("arn:aws:iam::123456789012:saml-provider/okta")
			want.CreateDate = types.StringValue("2024-06-15T09:30:00Z")
			if got != want {
				t.Errorf("samlProviderModelOf() = %+v, want %+v", got, want)
			}
		})
	}
}
