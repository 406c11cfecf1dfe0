package provider

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// TestAccAuditActions_exact proves that the reader policy's audit purpose is
// exactly the set of actions the audit data sources call: every data source
// is read through a counting proxy in front of a dedicated moto, seeded so
// that every code path runs — a user newer than the credential report (the
// per-user fallback), access keys, virtual and hardware MFA devices.
//
// It runs with TF_LOG=DEBUG, so the SDK's body logging wraps the concurrent
// bulk calls: the regression test for the body-swapping bug that made us pin
// aws-sdk-go-base (see internal/awsclient). Not parallel: Setenv.
func TestAccAuditActions_exact(t *testing.T) {
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG_PATH", filepath.Join(t.TempDir(), "tf.log"))
	srv := acctest.Dedicated(t, acctest.Options{})
	proxy, err := faultproxy.Start(srv.Endpoint(), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	member := seedEveryCodePath(t, srv)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: proxiedProviderConfig(proxy.URL()) + everyAuditDataSource("alice", member),
			Check: func(*terraform.State) error {
				called := slices.Sorted(maps.Keys(proxy.Counts()))
				if !slices.Equal(called, policydoc.AuditActions) {
					return fmt.Errorf("the audit data sources called\n  %q\nbut policydoc.AuditActions is\n  %q", called, policydoc.AuditActions)
				}
				return nil
			},
		}},
	})
}

// seedEveryCodePath creates the fixtures that make each engine path run,
// and returns the member account whose root user a root session reads.
func seedEveryCodePath(t *testing.T, srv *acctest.Server) (member string) {
	t.Helper()
	ctx := t.Context()
	fx := srv.Fixtures()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"alice", "bob", "dave"} {
		_, err := fx.CreateUser(ctx, u, "/", nil)
		must(err)
	}
	must(fx.CreateLoginProfile(ctx, "alice"))
	_, _, err := fx.CreateAccessKey(ctx, "alice")
	must(err)
	_, err = fx.EnableHardwareMFA(ctx, "bob")
	must(err)
	_, err = fx.EnableVirtualMFA(ctx, "dave")
	must(err)
	_, _, err = fx.CreateSAMLProvider(ctx, "okta", time.Now().AddDate(1, 0, 0))
	must(err)
	// A user created after the credential report was generated: the engine
	// falls back to per-user calls for it.
	must(srv.InPast(ctx, -1, func(ctx context.Context) error {
		if _, err := fx.CreateUser(ctx, "carol", "/", nil); err != nil {
			return err
		}
		_, _, err := fx.CreateAccessKey(ctx, "carol")
		return err
	}))
	// An organization under centralized root access, with a delegated
	// administrator: organization features, delegated administrators and a
	// member's root login profile in a root session are all read.
	org, err := fx.CreateOrganization(ctx, "member")
	must(err)
	must(fx.EnableCentralizedRootAccess(ctx))
	must(fx.RegisterDelegatedAdministrator(ctx, org.Members["member"], "iam.amazonaws.com"))
	must(fx.SetRootAccount(ctx, acctest.RootAccount{Account: org.Members["member"]}))
	return org.Members["member"]
}

// proxiedProviderConfig configures the provider against a proxy in front of moto.
func proxiedProviderConfig(url string) string {
	return fmt.Sprintf(`
provider "iamaudit" {
  region      = "us-east-1"
  access_key  = "test"
  secret_key  = "test"
  max_retries = 15
  retry_mode  = "standard"
  endpoints {
    iam = %[1]q
    sts = %[1]q
    organizations = %[1]q
  }
}
`, url)
}

// everyAuditDataSource reads every audit data source once; the root login
// profile of member.
func everyAuditDataSource(userName, member string) string {
	return fmt.Sprintf(`
data "iamaudit_caller_identity" "all" {}
data "iamaudit_account" "all" {}
data "iamaudit_password_policy" "all" {}
data "iamaudit_users" "all" {}
data "iamaudit_user" "one" {
  name = %[1]q
}
data "iamaudit_groups" "all" {}
data "iamaudit_access_keys" "all" {}
data "iamaudit_mfa_devices" "all" {}
data "iamaudit_credential_report" "all" {}
data "iamaudit_roles" "all" {}
data "iamaudit_policies" "all" {
  scope = "All"
}
data "iamaudit_server_certificates" "all" {}
data "iamaudit_saml_providers" "all" {}
data "iamaudit_organization_features" "all" {}
data "iamaudit_delegated_administrators" "all" {}
data "iamaudit_root_login_profile" "member" {
  account_id = %[2]q
}
`, userName, member)
}
