package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
)

// leakedElement finds XML or form values of the secret-bearing fields; every
// one in a log must be redacted.
var leakedElement = regexp.MustCompile(`<(SecretAccessKey|SessionToken)>([^<]*)<|(SecretAccessKey|SessionToken)=([^&\s"]+)`)

// The member account and role of TestAccSecrets_connectorResources (moto's
// AssumeRole acts in any account).
const (
	secretsMemberAccountID = "999988887777"
	secretsMemberRole      = "iamaudit-secrets-member"
)

// TestAccSecrets_connectorResources plans and applies an iamaudit_reader_user
// with an access key and an iamaudit_cross_account_role with TF_LOG=TRACE
// and TF_ACC_LOG_PATH, the provider configured with a moto user's keys from
// the environment and an assume_role (so an STS session token is in play
// too), and with a member_role through which a data source reads another
// account (a third, chained session). Steps: create; a plan that changes both resources (its human-readable
// output is written to the log at TRACE by the test harness); the update; a
// refresh that fails with AccessDenied from the fault proxy. Then:
//   - the new key's secret access key, read from state after create, appears
//     nowhere in the log (Terraform's, the harness's and the provider's SDK
//     request/response body logging, which must demonstrably have run: the
//     CreateAccessKey and AssumeRole response bodies are in the log), nor
//     in any step's error;
//   - neither does the provider's own secret key;
//   - the member session was made (its sts:AssumeRole request is in the
//     log), and its secret key and token are redacted like every other;
//   - every SecretAccessKey / SessionToken value in the log is redacted.
//
// The test harness logs the configuration, so no secret is ever put in it.
// Not parallel: TF_LOG and the log path are process-wide.
func TestAccSecrets_connectorResources(t *testing.T) {
	srv := acctest.Shared(t)
	ctx := t.Context()
	fx := srv.Fixtures()
	caller := acctest.RandomName("secrets-caller")
	if _, err := fx.CreateUser(ctx, caller, "/", nil); err != nil {
		t.Fatal(err)
	}
	callerKey, callerSecret, err := fx.CreateAccessKey(ctx, caller)
	if err != nil {
		t.Fatal(err)
	}
	adminRole := acctest.RandomName("secrets-admin")
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:user/%s"},"Action":"sts:AssumeRole"}]}`,
		srv.AccountID(), caller)
	if _, err := fx.CreateRole(ctx, adminRole, "/", trust); err != nil {
		t.Fatal(err)
	}

	logPath := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("AWS_ACCESS_KEY_ID", callerKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", callerSecret)

	proxy := startProxy(t, srv.Endpoint())
	iamPath := acctest.UniquePath(t)
	user, role := acctest.RandomName("secrets-reader"), acctest.RandomName("secrets-xacct")
	providerHCL := fmt.Sprintf(`
provider "iamaudit" {
  region     = "us-east-1"
  retry_mode = "standard"
  endpoints {
    iam = %[1]q
    sts = %[1]q
    organizations = %[1]q
  }
  assume_role {
    role_arn = "arn:aws:iam::%[2]s:role/%[3]s"
  }
  member_role {
    role_name = %[4]q
  }
}
`, proxy.URL(), srv.AccountID(), adminRole, secretsMemberRole)
	config := func(tag string) string {
		// A member session too: its secret key and token must be as
		// invisible as the provider's own.
		return connectorResourcesConfig(providerHCL, user, role, iamPath, tag) +
			fmt.Sprintf("data \"iamaudit_account\" \"member\" {\n  account_id = %q\n}\n", secretsMemberAccountID)
	}

	var secret, keyID string
	var stepErrors []string
	denyAll := false
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		ErrorCheck: func(err error) error {
			stepErrors = append(stepErrors, err.Error())
			if denyAll && strings.Contains(err.Error(), "was denied") {
				return nil // the expected failure of the last step, checked below
			}
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: config("first"),
				Check: func(s *terraform.State) error {
					attrs, err := acctest.FlatAttributes(s, "iamaudit_reader_user.connector")
					if err != nil {
						return err
					}
					secret, keyID = attrs["secret_access_key"], attrs["access_key_id"]
					if len(secret) < 20 || keyID == "" {
						return fmt.Errorf("no access key in state (id %q, secret of %d characters)", keyID, len(secret))
					}
					return nil
				},
			},
			{Config: config("second"), PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: config("second")},
			{
				PreConfig: func() {
					denyAll = true
					if err := proxy.SetFaults([]faultproxy.Fault{{Action: "iam:*", Kind: faultproxy.AccessDenied, Rate: 1}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("second"),
			},
			{
				// Destroy works again.
				PreConfig: func() {
					if err := proxy.SetFaults(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("second"),
			},
		},
	})
	if t.Failed() {
		return
	}

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	memberRoleInRequest := url.QueryEscape("arn:aws:iam::" + secretsMemberAccountID + ":role/" + secretsMemberRole)
	for _, evidence := range []string{"CreateAccessKeyResponse", "AssumeRoleResponse", "Created plan with changes", "secret_access_key", memberRoleInRequest} {
		if !strings.Contains(logs, evidence) {
			t.Errorf("the TRACE log (%d bytes) does not contain %q: the logging this test relies on did not run, so it proves nothing", len(raw), evidence)
		}
	}
	if !strings.Contains(strings.Join(stepErrors, "\n"), "was denied") {
		t.Errorf("the AccessDenied step did not fail as planned; errors: %q", stepErrors)
	}
	secrets := map[string]string{
		"the reader user's secret access key":  secret,
		"the provider's own secret access key": callerSecret,
	}
	for what, value := range secrets {
		if strings.Contains(logs, value) {
			t.Errorf("%s appears in the TRACE log", what)
		}
		for i, e := range stepErrors {
			if strings.Contains(e, value) {
				t.Errorf("%s appears in the error of a step (%d)", what, i)
			}
		}
	}
	for _, m := range leakedElement.FindAllStringSubmatch(logs, -1) {
		name, value := m[1]+m[3], m[2]+m[4]
		if value != "***REDACTED***" && value != "" {
			t.Errorf("unredacted %s in the TRACE log (%d characters, not shown)", name, len(value))
		}
	}
	// aws-sdk-go-base masks access key IDs in logs as AKIA************WXYZ.
	if masked := keyID[:4] + strings.Repeat("*", len(keyID)-8) + keyID[len(keyID)-4:]; !strings.Contains(logs, masked) {
		t.Errorf("the access key ID %s (masked %s) is not in the log: the log does not cover the key's creation", keyID, masked)
	}
	if err := leftoversErr(ctx, srv, iamPath, user, role); err != nil {
		t.Error(err)
	}
}

// leftoversErr reports what the test's destroy left behind.
func leftoversErr(ctx context.Context, srv *acctest.Server, iamPath string, names ...string) error {
	left, err := acctest.LeftoversUnder(ctx, srv.IAM(), iamPath, names...)
	if err != nil {
		return err
	}
	if len(left) > 0 {
		return fmt.Errorf("left behind: %s", strings.Join(left, ", "))
	}
	return nil
}
