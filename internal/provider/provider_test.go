package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

// TestMain starts nothing by itself: acctest.Main makes acceptance tests run
// (never skip), points terraform-plugin-testing at the local terraform, and
// stops the moto servers the tests started.
func TestMain(m *testing.M) {
	acctest.Main(m)
}

// testAccount is the account of every moto server.
var testAccount = iamidentity.Account{ID: acctest.AccountID, Partition: "aws"}

// testAccProtoV6ProviderFactories runs the provider in-process for
// acceptance tests, with the protocol server Terraform talks to in use.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"iamaudit": withoutError(protocolServerFor(New("test")())),
}

// withoutError adapts a server constructor to terraform-plugin-testing's
// factories.
func withoutError(server func() tfprotov6.ProviderServer) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return server(), nil }
}

func TestAccProvider_sharedCredentialsProfile(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	ctx := t.Context()
	user := acctest.RandomName("profile")
	if _, err := srv.Fixtures().CreateUser(ctx, user, "/", nil); err != nil {
		t.Fatal(err)
	}
	keyID, secret, err := srv.Fixtures().CreateAccessKey(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	credentials := filepath.Join(t.TempDir(), "credentials")
	content := fmt.Sprintf("[default]\naws_access_key_id = WRONGWRONGWRONG1\naws_secret_access_key = wrong\n\n"+
		"[auditor]\naws_access_key_id = %s\naws_secret_access_key = %s\n", keyID, secret)
	if err := os.WriteFile(credentials, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "iamaudit" {
  region                   = "us-east-1"
  profile                  = "auditor"
  shared_config_files      = [%[1]q]
  shared_credentials_files = [%[2]q]
  endpoints {
    iam = %[3]q
    sts = %[3]q
    organizations = %[3]q
  }
}

data "iamaudit_caller_identity" "current" {}
`, filepath.Join(t.TempDir(), "config"), credentials, srv.Endpoint()),
			ConfigStateChecks: callerIdentityChecks(srv.AccountID(), "arn:aws:iam::"+srv.AccountID()+":user/"+user),
		}},
	})
}

func TestAccProvider_assumeRole(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	role := acctest.RandomName("assumed")
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-123"}}}]}`, srv.AccountID())
	if _, err := srv.Fixtures().CreateRole(t.Context(), role, "/", trust); err != nil {
		t.Fatal(err)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig(fmt.Sprintf(`
  assume_role {
    role_arn     = "arn:aws:iam::%[1]s:role/%[2]s"
    external_id  = "ext-123"
    session_name = "audit-session"
    duration     = "1h"
  }`, srv.AccountID(), role)) + `data "iamaudit_caller_identity" "current" {}`,
			ConfigStateChecks: callerIdentityChecks(srv.AccountID(),
				fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/audit-session", srv.AccountID(), role)),
		}},
	})
}

func TestAccProvider_accountIDLists(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	config := func(extra string) string {
		return srv.ProviderConfig(extra) + `data "iamaudit_caller_identity" "current" {}`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The last step passes: the post-test destroy runs with its configuration.
		Steps: []resource.TestStep{
			{
				Config:            config(fmt.Sprintf(`allowed_account_ids = [%q, "111122223333"]`, srv.AccountID())),
				ConfigStateChecks: callerIdentityChecks(srv.AccountID(), "arn:aws:sts::"+srv.AccountID()+":user/moto"),
			},
			{
				Config:      config(`allowed_account_ids = ["111122223333"]`),
				ExpectError: expectErrorText("AWS account " + srv.AccountID() + ", which is not in allowed_account_ids"),
			},
			{
				Config:      config(fmt.Sprintf(`forbidden_account_ids = [%q]`, srv.AccountID())),
				ExpectError: expectErrorText("AWS account " + srv.AccountID() + ", which is listed in forbidden_account_ids"),
			},
			{
				Config:            config(`forbidden_account_ids = ["111122223333"]`),
				ConfigStateChecks: callerIdentityChecks(srv.AccountID(), "arn:aws:sts::"+srv.AccountID()+":user/moto"),
			},
		},
	})
}

// TestAccProvider_invalidArguments proves bad provider arguments fail at plan
// time with a message that says what is allowed.
func TestAccProvider_invalidArguments(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	cases := map[string]struct {
		extra string
		want  string
	}{
		"role ARN":              {`assume_role { role_arn = "arn:aws:iam::123:user/x" }`, `must be an IAM role ARN`},
		"duration too short":    {multiline("assume_role {", `role_arn = "arn:aws:iam::123456789012:role/r"`, `duration = "5m"`, "}"), `from 15m0s to 12h0m0s`},
		"duration not parsable": {multiline("assume_role {", `role_arn = "arn:aws:iam::123456789012:role/r"`, `duration = "an hour"`, "}"), `must be a Go duration`},
		"both account lists":    {multiline(`allowed_account_ids = ["123456789012"]`, `forbidden_account_ids = ["111122223333"]`), `cannot be specified when`},
		"account id":            {`allowed_account_ids = ["12345"]`, `must be a 12-digit AWS account ID`},
		"region":                {`region = "Mars"`, `must be an AWS region name`},
		"retry mode":            {`retry_mode = "sometimes"`, `value must be one of`},
		"external id":           {multiline("assume_role {", `role_arn = "arn:aws:iam::123456789012:role/r"`, `external_id = "x"`, "}"), `length must be between 2 and 1224`},
		"max concurrency":       {`max_concurrency = 0`, `must be between 1 and 64`},
		"web identity token":    {`assume_role_with_web_identity { role_arn = "arn:aws:iam::123456789012:role/r" }`, `requires one of [web_identity_token web_identity_token_file]`},
		"assume role ARN":       {`assume_role { session_name = "s1" }`, `The assume_role block requires role_arn`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: strings.Replace(srv.ProviderConfig(tc.extra), `region     = "us-east-1"`,
						regionUnlessSet(tc.extra), 1) + `data "iamaudit_caller_identity" "current" {}`,
					PlanOnly:    true,
					ExpectError: expectErrorText(tc.want),
				}},
			})
		})
	}
}

// regionUnlessSet keeps the harness's region line unless the case sets its own.
func regionUnlessSet(extra string) string {
	if strings.Contains(extra, "region") {
		return ""
	}
	return `region     = "us-east-1"`
}

// expectErrorText matches text in a Terraform error, which Terraform may have
// wrapped across lines at any space. Text may contain "|" alternatives.
func expectErrorText(text string) *regexp.Regexp {
	alternatives := strings.Split(text, "|")
	for i, alt := range alternatives {
		words := strings.Fields(alt)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		alternatives[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(strings.Join(alternatives, "|"))
}

func multiline(lines ...string) string { return strings.Join(lines, "\n") }
