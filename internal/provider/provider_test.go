package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// TestMain starts nothing by itself: acctest.Main makes acceptance tests run
// (never skip), points terraform-plugin-testing at the local terraform, and
// stops the moto servers the tests started.
func TestMain(m *testing.M) {
	acctest.Main(m)
}

// testAccProtoV6ProviderFactories runs the provider in-process for acceptance tests.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"iamaudit": providerserver.NewProtocol6WithError(New("test")()),
}
