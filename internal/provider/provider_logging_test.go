package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// TestAccProvider_secretsNotLogged runs the provider with TF_LOG=TRACE, the
// keys of a real moto user from the environment (the test harness itself logs
// the configuration, so the secret must not be in it) and an assume_role, and
// proves that neither the
// configured secret key nor the session token STS returns reaches the log,
// while the SDK's request/response body logging demonstrably ran.
// Not parallel: the log sink is configured from the environment.
func TestAccProvider_secretsNotLogged(t *testing.T) {
	srv := acctest.Shared(t)
	ctx := t.Context()
	user := acctest.RandomName("logged")
	role := acctest.RandomName("logged-role")
	fx := srv.Fixtures()
	if _, err := fx.CreateUser(ctx, user, "/", nil); err != nil {
		t.Fatal(err)
	}
	keyID, secret, err := fx.CreateAccessKey(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, srv.AccountID())
	if _, err := fx.CreateRole(ctx, role, "/", trust); err != nil {
		t.Fatal(err)
	}

	logPath := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("AWS_ACCESS_KEY_ID", keyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "iamaudit" {
  region = "us-east-1"
  endpoints {
    iam = %[1]q
    sts = %[1]q
    organizations = %[1]q
  }
  assume_role {
    role_arn = "arn:aws:iam::%[2]s:role/%[3]s"
  }
}

data "iamaudit_caller_identity" "current" {}
`, srv.Endpoint(), srv.AccountID(), role),
		}},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	if !strings.Contains(logs, "AssumeRoleResponse") {
		t.Fatalf("the log has no AssumeRole response body: SDK body logging did not run, so the test proves nothing (%d bytes)", len(raw))
	}
	if !strings.Contains(logs, "<SessionToken>***REDACTED***</SessionToken>") {
		t.Errorf("the AssumeRole response's session token was not shown redacted")
	}
	if strings.Contains(logs, secret) {
		t.Errorf("the secret key of the provider's credentials appears in the TRACE log")
	}
	leaked := regexp.MustCompile(`<(SessionToken|SecretAccessKey)>([^<]*)<`)
	for _, m := range leaked.FindAllStringSubmatch(logs, -1) {
		if m[2] != "***REDACTED***" {
			t.Errorf("unredacted %s in the TRACE log: %.12s…", m[1], m[2])
		}
	}
}
