package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

func TestAccCallerIdentity_staticKeys(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + `data "iamaudit_caller_identity" "current" {}`,
			ConfigStateChecks: callerIdentityChecks(
				srv.AccountID(),
				"arn:aws:sts::"+srv.AccountID()+":user/moto", // moto's identity for its default test key
			),
		}},
	})
}

// callerIdentityChecks asserts the exact identity data.iamaudit_caller_identity.current reports.
func callerIdentityChecks(accountID, arn string) []statecheck.StateCheck {
	const addr = "data.iamaudit_caller_identity.current"
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(accountID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("arn"), knownvalue.StringExact(arn)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("partition"), knownvalue.StringExact("aws")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.NotNull()),
	}
}
