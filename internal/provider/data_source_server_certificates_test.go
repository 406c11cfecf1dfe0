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

// moto ignores a certificate's own dates and reports these for every one.
const (
	motoCertificateUploadDate = "2010-05-08T01:02:03Z"
	motoCertificateExpiration = "2012-05-08T01:02:03Z"
)

// TestAccServerCertificates_basic runs on its own moto server: the data source
// lists every certificate of the account.
//
// moto reports the same fixed upload date and expiration (2012) for every
// certificate, whatever its validity, so only expired = true can be seen
// here; TestServerCertificateModelOf covers certificates still valid.
func TestAccServerCertificates_basic(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	const config = `data "iamaudit_server_certificates" "test" {}`
	upload := func() {
		if _, err := srv.Fixtures().UploadServerCertificate(ctx, "web-2024", "/", time.Now().AddDate(1, 0, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Fixtures().UploadServerCertificate(ctx, "cdn-legacy", "/cloudfront/", time.Now().AddDate(0, 0, -30)); err != nil {
			t.Fatal(err)
		}
	}
	certificate := func(name, arn, path string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name":        knownvalue.StringExact(name),
			"arn":         knownvalue.StringExact(arn),
			"path":        knownvalue.StringExact(path),
			"upload_date": knownvalue.StringExact(motoCertificateUploadDate),
			"expiration":  knownvalue.StringExact(motoCertificateExpiration),
			"expired":     knownvalue.Bool(true),
		})
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.ProviderConfig() + config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_server_certificates.test", tfjsonpath.New("server_certificates"),
						knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				PreConfig: upload,
				Config:    srv.ProviderConfig() + config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_server_certificates.test", tfjsonpath.New("server_certificates"),
						knownvalue.ListExact([]knownvalue.Check{
							certificate("cdn-legacy", "arn:aws:iam::123456789012:server-certificate/cloudfront/cdn-legacy", "/cloudfront/"),
							certificate("web-2024", "arn:aws:iam::123456789012:server-certificate/web-2024", "/"),
						})),
				},
			},
		},
	})
}

func TestServerCertificateModelOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	upload := time.Date(2024, 6, 15, 9, 30, 0, 123_000_000, time.UTC)
	cases := map[string]struct {
		expiration time.Time
		want       bool
	}{
		"valid for a year":      {now.AddDate(1, 0, 0), false},
		"expires this instant":  {now, false},
		"expired a second ago":  {now.Add(-time.Second), true},
		"expired in another tz": {time.Date(2025, 6, 15, 13, 59, 59, 0, time.FixedZone("CEST", 2*3600)), true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := serverCertificateModelOf(iamcollect.ServerCertificate{
				Name: "web", ARN: "arn:aws:iam::123456789012:server-certificate/web", Path: "/",
				UploadDate: upload, Expiration: tc.expiration,
			}, now)
			want := serverCertificateModel{
				Name:       types.StringValue("web"),
				ARN:        types.StringValue("arn:aws:iam::123456789012:server-certificate/web"),
				Path:       types.StringValue("/"),
				UploadDate: types.StringValue("2024-06-15T09:30:00Z"),
				Expiration: types.StringValue(tc.expiration.UTC().Format(time.RFC3339)),
				Expired:    types.BoolValue(tc.want),
			}
			if got != want {
				t.Errorf("serverCertificateModelOf() = %+v, want %+v", got, want)
			}
		})
	}
}
