package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// The bad-input suite: every argument of the provider,
// of every data source and resource, and of provider::iamaudit::days_between
// gets wrong types, empty values, values too long, invalid names, ARNs and
// regular expressions, and out-of-range numbers. Each must fail `terraform
// plan` with a message that says what is wrong or what is allowed.
//
// What "no AWS call" means here, exactly: every case's provider sends IAM
// and STS to its own fault proxy (in front of the shared moto server), and
// every configuration also declares data.iamaudit_caller_identity, so a
// configuration that got past validation would configure the provider
// (sts:GetCallerIdentity) and read. After the failed plan the proxy must have
// received no request at all — not even sts:GetCallerIdentity: Terraform
// validates the whole configuration before it configures any provider, so
// bad input is rejected before the provider holds credentials.
//
// A panic would not go unnoticed either: the provider runs in the test
// process, so a panic in a validator stops the test binary.

// badInput is one invalid configuration and what its error must say.
type badInput struct {
	// hcl is the configuration after the provider block; a case about the
	// provider itself sets provider instead.
	hcl string
	// provider replaces or removes (value "") arguments of the valid provider
	// block, by name, e.g. {"region": `"Mars"`}; blocks are raw HCL under the
	// key "blocks".
	provider map[string]string
	// want is text of the expected error (expectErrorText: any whitespace
	// between words, "|" separates alternatives).
	want string
}

// badProviderBlock is a valid provider block for endpoint with overrides.
func badProviderBlock(endpoint string, overrides map[string]string) string {
	args := map[string]string{
		"region":     fmt.Sprintf("%q", acctest.Region),
		"access_key": fmt.Sprintf("%q", acctest.AccessKey),
		"secret_key": fmt.Sprintf("%q", acctest.SecretKey),
	}
	blocks := fmt.Sprintf("endpoints {\n    iam = %[1]q\n    sts = %[1]q\n    organizations = %[1]q\n  }", endpoint)
	for k, v := range overrides {
		switch {
		case k == "blocks":
			blocks += "\n  " + v
		case k == "endpoints":
			blocks = v
		case v == "":
			delete(args, k)
		default:
			args[k] = v
		}
	}
	var b strings.Builder
	b.WriteString("provider \"iamaudit\" {\n")
	for _, k := range slices.Sorted(maps.Keys(args)) {
		fmt.Fprintf(&b, "  %s = %s\n", k, args[k])
	}
	b.WriteString("  " + blocks + "\n}\n")
	return b.String()
}

// probe makes the provider configure and call AWS if validation lets a
// configuration through.
const probe = `data "iamaudit_caller_identity" "probe" {}` + "\n"

func dataSourceHCL(typ, body string) string {
	return fmt.Sprintf("data %q \"bad\" {\n  %s\n}\n", typ, body)
}

func resourceHCL(typ string, body ...string) string {
	return fmt.Sprintf("resource %q \"bad\" {\n  %s\n}\n", typ, strings.Join(body, "\n  "))
}

// Valid arguments the resource cases keep while they break another one.
const (
	validRoleArgs = `trusted_principal_arns = ["210987654321"]` + "\n  " + `external_id = "bad-input-ext"` + "\n  " + `purpose = "audit"`
)

// blk returns an HCL block with one argument per line.
func blk(name string, lines ...string) string {
	return name + " {\n    " + strings.Join(lines, "\n    ") + "\n  }"
}

// manyTags returns an HCL map of n distinct tags.
func manyTags(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("k%d = \"v\"", i)
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// typeErr is Terraform's message for a value of the wrong type.
func typeErr(attribute, required string) string {
	return fmt.Sprintf("Inappropriate value for attribute %q: %s", attribute, required)
}

// Messages shared by many cases.
const (
	wantUnexpected  = `An argument named "bogus" is not expected here`
	wantUserName    = "must be 1 to 64 characters of letters, digits and +=,.@-_"
	wantIAMPath     = `must be "/" or begin and end with "/"`
	wantPathPrefix  = `must begin with "/"`
	wantRegex       = "must be a valid regular expression in Go (RE2) syntax"
	wantOneOf       = "value must be one of"
	wantPolicyARN   = `must be a managed policy ARN such as "arn:aws:iam::aws:policy/SecurityAudit"`
	wantActionName  = `must be an IAM action "service:Action"|must be "service:Action"`
	wantPrincipal   = "must be a 12-digit account ID, an account root ARN"
	wantExternalID  = "must be 2 to 1224 characters of letters, digits and +=,.@:/-_|length must be between 2 and 1224"
	wantAccountID   = "must be a 12-digit AWS account ID"
	wantRoleARN     = "must be an IAM role ARN"
	wantSessionName = "must be 2 to 64 characters of letters, digits and +=,.@-_"
	wantDuration    = "must be a Go duration string"
	wantComputed    = "Invalid Configuration for Read-Only Attribute|Value for unconfigurable attribute"
	wantTimestamp   = "is not an RFC 3339 timestamp"
)

// badInputCases lists every case, keyed "<subject>/<argument>/<what>".
func badInputCases() map[string]badInput {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := map[string]badInput{
		// Provider arguments.
		"provider/region/wrong type":                                           {provider: map[string]string{"region": `["us-east-1"]`}, want: typeErr("region", "string required")},
		"provider/region/empty":                                                {provider: map[string]string{"region": `""`}, want: "must be an AWS region name"},
		"provider/region/invalid":                                              {provider: map[string]string{"region": `"Mars"`}, want: "must be an AWS region name"},
		"provider/profile/empty":                                               {provider: map[string]string{"profile": `""`}, want: "string length must be at least 1"},
		"provider/profile/wrong type":                                          {provider: map[string]string{"profile": `{ name = "x" }`}, want: typeErr("profile", "string required")},
		"provider/shared_config_files/type":                                    {provider: map[string]string{"shared_config_files": `"~/.aws/config"`}, want: typeErr("shared_config_files", "list of string required")},
		"provider/shared_credentials_files/t":                                  {provider: map[string]string{"shared_credentials_files": `{ a = "b" }`}, want: typeErr("shared_credentials_files", "list of string required")},
		"provider/access_key/empty":                                            {provider: map[string]string{"access_key": `""`}, want: "string length must be at least 1"},
		"provider/access_key/without secret":                                   {provider: map[string]string{"secret_key": ""}, want: `Attribute "secret_key" must be specified when "access_key" is specified`},
		"provider/secret_key/without access":                                   {provider: map[string]string{"access_key": ""}, want: `Attribute "access_key" must be specified when "secret_key" is specified`},
		"provider/secret_key/wrong type":                                       {provider: map[string]string{"secret_key": `["x"]`}, want: typeErr("secret_key", "string required")},
		"provider/token/without access":                                        {provider: map[string]string{"access_key": "", "secret_key": "", "token": `"session-token"`}, want: `Attribute "access_key" must be specified when "token" is specified`},
		"provider/max_retries/wrong type":                                      {provider: map[string]string{"max_retries": `"many"`}, want: typeErr("max_retries", "a number is required")},
		"provider/max_retries/zero":                                            {provider: map[string]string{"max_retries": `0`}, want: "must be between 1 and 100"},
		"provider/max_retries/too many":                                        {provider: map[string]string{"max_retries": `101`}, want: "must be between 1 and 100"},
		"provider/max_retries/fraction":                                        {provider: map[string]string{"max_retries": `2.5`}, want: "is not an integer"},
		"provider/retry_mode/invalid":                                          {provider: map[string]string{"retry_mode": `"sometimes"`}, want: wantOneOf + `: ["standard" "adaptive"]`},
		"provider/retry_mode/empty":                                            {provider: map[string]string{"retry_mode": `""`}, want: wantOneOf},
		"provider/allowed_account_ids/short":                                   {provider: map[string]string{"allowed_account_ids": `["12345"]`}, want: wantAccountID},
		"provider/allowed_account_ids/empty":                                   {provider: map[string]string{"allowed_account_ids": `[]`}, want: "set must contain at least 1 elements"},
		"provider/allowed_account_ids/type":                                    {provider: map[string]string{"allowed_account_ids": `"123456789012"`}, want: typeErr("allowed_account_ids", "set of string required")},
		"provider/forbidden_account_ids/abc":                                   {provider: map[string]string{"forbidden_account_ids": `["abcdefghijkl"]`}, want: wantAccountID},
		"provider/account_ids/both":                                            {provider: map[string]string{"allowed_account_ids": `["123456789012"]`, "forbidden_account_ids": `["111122223333"]`}, want: "cannot be specified when"},
		"provider/max_concurrency/zero":                                        {provider: map[string]string{"max_concurrency": `0`}, want: "must be between 1 and 64"},
		"provider/max_concurrency/too many":                                    {provider: map[string]string{"max_concurrency": `65`}, want: "must be between 1 and 64"},
		"provider/max_concurrency/wrong type":                                  {provider: map[string]string{"max_concurrency": `"eight"`}, want: typeErr("max_concurrency", "a number is required")},
		"provider/credential_data/unknown mode":                                {provider: map[string]string{"credential_data": `"fresh"`}, want: wantOneOf + `: ["report" "live"]`},
		"provider/credential_data/wrong case":                                  {provider: map[string]string{"credential_data": `"Live"`}, want: wantOneOf + `: ["report" "live"]`},
		"provider/credential_data/wrong type":                                  {provider: map[string]string{"credential_data": `["live"]`}, want: typeErr("credential_data", "string required")},
		"provider/credential_report_timeout/not a duration":                    {provider: map[string]string{"credential_report_timeout": `"forever"`}, want: wantDuration + ` (such as "1h" or "90m") from 1s to 1h0m0s`},
		"provider/credential_report_timeout/zero":                              {provider: map[string]string{"credential_report_timeout": `"0s"`}, want: "from 1s to 1h0m0s"},
		"provider/credential_report_timeout/too long":                          {provider: map[string]string{"credential_report_timeout": `"2h"`}, want: "from 1s to 1h0m0s"},
		"provider/bogus/unknown argument":                                      {provider: map[string]string{"bogus": `1`}, want: wantUnexpected},
		"provider/assume_role/not a block":                                     {provider: map[string]string{"assume_role": `{ role_arn = "arn:aws:iam::123456789012:role/r" }`}, want: `An argument named "assume_role" is not expected here|Did you mean to define a block of type "assume_role"`},
		"provider/assume_role.role_arn/user ARN":                               {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:user/x"`)}, want: wantRoleARN},
		"provider/assume_role.role_arn/missing":                                {provider: map[string]string{"blocks": blk("assume_role", `session_name = "audit"`)}, want: "The assume_role block requires role_arn"},
		"provider/assume_role.role_arn/empty":                                  {provider: map[string]string{"blocks": blk("assume_role", `role_arn = ""`)}, want: wantRoleARN},
		"provider/assume_role.external_id/too short":                           {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, `external_id = "x"`)}, want: wantExternalID},
		"provider/assume_role.external_id/too long":                            {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, fmt.Sprintf("external_id = %q", long(1225)))}, want: wantExternalID},
		"provider/assume_role.session_name/space":                              {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, `session_name = "my session"`)}, want: wantSessionName},
		"provider/assume_role.session_name/too long":                           {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, fmt.Sprintf("session_name = %q", long(65)))}, want: wantSessionName},
		"provider/assume_role.duration/too short":                              {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, `duration = "5m"`)}, want: "from 15m0s to 12h0m0s"},
		"provider/assume_role.duration/too long":                               {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, `duration = "13h"`)}, want: "from 15m0s to 12h0m0s"},
		"provider/assume_role.duration/not a duration":                         {provider: map[string]string{"blocks": blk("assume_role", `role_arn = "arn:aws:iam::123456789012:role/r"`, `duration = "an hour"`)}, want: wantDuration},
		"provider/assume_role_with_web_identity.role_arn/invalid":              {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "role/r"`, `web_identity_token = "token-value"`)}, want: wantRoleARN},
		"provider/assume_role_with_web_identity/no token":                      {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`)}, want: "requires one of [web_identity_token web_identity_token_file]"},
		"provider/assume_role_with_web_identity/both tokens":                   {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`, `web_identity_token = "token-value"`, `web_identity_token_file = "/tmp/token"`)}, want: "cannot be specified when"},
		"provider/assume_role_with_web_identity.web_identity_token/too short":  {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`, `web_identity_token = "abc"`)}, want: "string length must be between 4 and 20000"},
		"provider/assume_role_with_web_identity.web_identity_token_file/empty": {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`, `web_identity_token_file = ""`)}, want: "string length must be at least 1"},
		"provider/assume_role_with_web_identity.session_name/invalid":          {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`, `web_identity_token = "token-value"`, `session_name = "a"`)}, want: wantSessionName},
		"provider/assume_role_with_web_identity.duration/too long":             {provider: map[string]string{"blocks": blk("assume_role_with_web_identity", `role_arn = "arn:aws:iam::123456789012:role/r"`, `web_identity_token = "token-value"`, `duration = "24h"`)}, want: "from 15m0s to 12h0m0s"},
		"provider/endpoints.iam/not a URL":                                     {provider: map[string]string{"endpoints": blk("endpoints", `iam = "iam.local"`, `sts = "http://127.0.0.1:1"`)}, want: "must be an absolute http or https URL"},
		"provider/endpoints.sts/ftp":                                           {provider: map[string]string{"endpoints": blk("endpoints", `iam = "http://127.0.0.1:1"`, `sts = "ftp://127.0.0.1"`)}, want: "must be an absolute http or https URL"},
		"provider/endpoints.organizations/no scheme":                           {provider: map[string]string{"endpoints": blk("endpoints", `iam = "http://127.0.0.1:1"`, `organizations = "127.0.0.1:1"`)}, want: "must be an absolute http or https URL"},
		"provider/endpoints/not a block":                                       {provider: map[string]string{"endpoints": `endpoints = { iam = "http://127.0.0.1:1" }`}, want: `An argument named "endpoints" is not expected here|Did you mean to define a block of type "endpoints"`},
		"provider/endpoints.iam/wrong type":                                    {provider: map[string]string{"endpoints": blk("endpoints", `iam = ["http://127.0.0.1:1"]`, `sts = "http://127.0.0.1:1"`)}, want: typeErr("iam", "string required")},

		// Data sources with arguments.
		"iamaudit_users/path_prefix/no leading slash":           {hcl: dataSourceHCL("iamaudit_users", `path_prefix = "audit/"`), want: wantPathPrefix},
		"iamaudit_users/path_prefix/empty":                      {hcl: dataSourceHCL("iamaudit_users", `path_prefix = ""`), want: "string length must be between 1 and 512|" + wantPathPrefix},
		"iamaudit_users/path_prefix/too long":                   {hcl: dataSourceHCL("iamaudit_users", fmt.Sprintf("path_prefix = %q", "/"+long(512))), want: "string length must be between 1 and 512"},
		"iamaudit_users/path_prefix/wrong type":                 {hcl: dataSourceHCL("iamaudit_users", `path_prefix = ["/"]`), want: typeErr("path_prefix", "string required")},
		"iamaudit_users/name_regex/invalid":                     {hcl: dataSourceHCL("iamaudit_users", `name_regex = "("`), want: wantRegex},
		"iamaudit_users/name_regex/perl lookahead":              {hcl: dataSourceHCL("iamaudit_users", `name_regex = "^(?!admin)"`), want: wantRegex},
		"iamaudit_user/name/missing":                            {hcl: dataSourceHCL("iamaudit_user", ""), want: `The argument "name" is required`},
		"iamaudit_user/name/empty":                              {hcl: dataSourceHCL("iamaudit_user", `name = ""`), want: wantUserName},
		"iamaudit_user/name/invalid":                            {hcl: dataSourceHCL("iamaudit_user", `name = "bob smith"`), want: wantUserName},
		"iamaudit_user/name/too long":                           {hcl: dataSourceHCL("iamaudit_user", fmt.Sprintf("name = %q", long(65))), want: wantUserName},
		"iamaudit_user/arn/computed":                            {hcl: dataSourceHCL("iamaudit_user", "name = \"bob\"\n  arn = \"arn:aws:iam::123456789012:user/bob\""), want: wantComputed},
		"iamaudit_groups/path_prefix/relative":                  {hcl: dataSourceHCL("iamaudit_groups", `path_prefix = "admins"`), want: wantPathPrefix},
		"iamaudit_groups/name_regex/invalid":                    {hcl: dataSourceHCL("iamaudit_groups", `name_regex = "[a-"`), want: wantRegex},
		"iamaudit_roles/path_prefix/non-ASCII":                  {hcl: dataSourceHCL("iamaudit_roles", `path_prefix = "/rôles/"`), want: wantPathPrefix},
		"iamaudit_roles/name_regex/invalid":                     {hcl: dataSourceHCL("iamaudit_roles", `name_regex = "*admin"`), want: wantRegex},
		"iamaudit_roles/exclude_service_linked/type":            {hcl: dataSourceHCL("iamaudit_roles", `exclude_service_linked = "maybe"`), want: typeErr("exclude_service_linked", "a bool is required")},
		"iamaudit_roles/first_party_account_ids/not an account": {hcl: dataSourceHCL("iamaudit_roles", `first_party_account_ids = ["12345"]`), want: "must be a 12-digit AWS account ID"},
		"iamaudit_roles/first_party_account_ids/an ARN":         {hcl: dataSourceHCL("iamaudit_roles", `first_party_account_ids = ["arn:aws:iam::111122223333:root"]`), want: "must be a 12-digit AWS account ID"},
		"iamaudit_roles/first_party_account_ids/type":           {hcl: dataSourceHCL("iamaudit_roles", `first_party_account_ids = "111122223333"`), want: typeErr("first_party_account_ids", "set of string required")},
		"iamaudit_policies/scope/invalid":                       {hcl: dataSourceHCL("iamaudit_policies", `scope = "Global"`), want: wantOneOf + `: ["Local" "All"]`},
		"iamaudit_policies/scope/case":                          {hcl: dataSourceHCL("iamaudit_policies", `scope = "local"`), want: wantOneOf},
		"iamaudit_policies/scope/empty":                         {hcl: dataSourceHCL("iamaudit_policies", `scope = ""`), want: wantOneOf},
		"iamaudit_access_keys/user_name/invalid":                {hcl: dataSourceHCL("iamaudit_access_keys", `user_name = "a/b"`), want: wantUserName},
		"iamaudit_access_keys/user_name/too long":               {hcl: dataSourceHCL("iamaudit_access_keys", fmt.Sprintf("user_name = %q", long(65))), want: wantUserName},
		"iamaudit_access_keys/status/invalid":                   {hcl: dataSourceHCL("iamaudit_access_keys", `status = "Disabled"`), want: wantOneOf + `: ["Active" "Inactive"]`},
		"iamaudit_access_keys/status/case":                      {hcl: dataSourceHCL("iamaudit_access_keys", `status = "active"`), want: wantOneOf},
		"iamaudit_reader_policy/purpose/invalid":                {hcl: dataSourceHCL("iamaudit_reader_policy", `purpose = "admin"`), want: wantOneOf + `: ["audit" "iam-inventory" "key-rotation-self" "organization-central"]`},
		"iamaudit_reader_policy/member_role_name/ARN":           {hcl: dataSourceHCL("iamaudit_reader_policy", "purpose = \"organization-central\"\n  member_role_name = \"arn:aws:iam::123456789012:role/audit\""), want: wantUserName},
		"iamaudit_reader_policy/member_role_name/wrong purpose": {hcl: dataSourceHCL("iamaudit_reader_policy", `member_role_name = "OrganizationAccountAccessRole"`), want: `member_role_name applies only to purpose "organization-central"`},
		"iamaudit_reader_policy/member_role_path/no slash":      {hcl: dataSourceHCL("iamaudit_reader_policy", "purpose = \"organization-central\"\n  member_role_name = \"audit\"\n  member_role_path = \"audit\""), want: wantIAMPath},
		"iamaudit_reader_policy/member_role_path/wrong purpose": {hcl: dataSourceHCL("iamaudit_reader_policy", "purpose = \"iam-inventory\"\n  member_role_path = \"/audit/\""), want: `member_role_path applies only to purpose "organization-central"`},
		"iamaudit_reader_policy/purpose/empty":                  {hcl: dataSourceHCL("iamaudit_reader_policy", `purpose = ""`), want: wantOneOf},
		"iamaudit_reader_policy/extra_actions/no service":       {hcl: dataSourceHCL("iamaudit_reader_policy", `extra_actions = ["ListBuckets"]`), want: wantActionName},
		"iamaudit_reader_policy/extra_actions/wildcard":         {hcl: dataSourceHCL("iamaudit_reader_policy", `extra_actions = ["s3:Get*"]`), want: "allow_wildcard_actions"},
		"iamaudit_reader_policy/extra_actions/wrong type":       {hcl: dataSourceHCL("iamaudit_reader_policy", `extra_actions = "s3:ListAllMyBuckets"`), want: typeErr("extra_actions", "list of string required")},
		"iamaudit_reader_policy/allow_wildcard_actions/type":    {hcl: dataSourceHCL("iamaudit_reader_policy", `allow_wildcard_actions = "yes"`), want: typeErr("allow_wildcard_actions", "a bool is required")},
		"iamaudit_permissions_check/purpose/invalid":            {hcl: dataSourceHCL("iamaudit_permissions_check", `purpose = "everything"`), want: wantOneOf},

		// Data sources without arguments.
		"iamaudit_caller_identity/bogus/unknown argument":                     {hcl: dataSourceHCL("iamaudit_caller_identity", `bogus = true`), want: wantUnexpected},
		"iamaudit_account/bogus/unknown argument":                             {hcl: dataSourceHCL("iamaudit_account", `bogus = true`), want: wantUnexpected},
		"iamaudit_account/summary/computed":                                   {hcl: dataSourceHCL("iamaudit_account", `summary = { Users = 1 }`), want: wantComputed},
		"iamaudit_password_policy/bogus/unknown argument":                     {hcl: dataSourceHCL("iamaudit_password_policy", `bogus = true`), want: wantUnexpected},
		"iamaudit_mfa_devices/bogus/unknown argument":                         {hcl: dataSourceHCL("iamaudit_mfa_devices", `bogus = true`), want: wantUnexpected},
		"iamaudit_credential_report/bogus/unknown argument":                   {hcl: dataSourceHCL("iamaudit_credential_report", `bogus = true`), want: wantUnexpected},
		"iamaudit_credential_report/users/empty":                              {hcl: dataSourceHCL("iamaudit_credential_report", `users = []`), want: "must contain at least 1 elements"},
		"iamaudit_credential_report/users/invalid name":                       {hcl: dataSourceHCL("iamaudit_credential_report", `users = ["not a user!"]`), want: "1 to 64 characters of letters, digits"},
		"iamaudit_server_certificates/bogus/unknown argument":                 {hcl: dataSourceHCL("iamaudit_server_certificates", `bogus = true`), want: wantUnexpected},
		"iamaudit_saml_providers/bogus/unknown argument":                      {hcl: dataSourceHCL("iamaudit_saml_providers", `bogus = true`), want: wantUnexpected},
		"iamaudit_saml_providers/saml_providers/computed":                     {hcl: dataSourceHCL("iamaudit_saml_providers", `saml_providers = []`), want: wantComputed},
		"iamaudit_organization_features/bogus/unknown argument":               {hcl: dataSourceHCL("iamaudit_organization_features", `bogus = true`), want: wantUnexpected},
		"iamaudit_organization_features/enabled_features/computed":            {hcl: dataSourceHCL("iamaudit_organization_features", `enabled_features = []`), want: wantComputed},
		"iamaudit_root_login_profile/account_id/not an account":               {hcl: dataSourceHCL("iamaudit_root_login_profile", `account_id = "12345"`), want: "must be a 12-digit AWS account ID"},
		"iamaudit_root_login_profile/account_id/an ARN":                       {hcl: dataSourceHCL("iamaudit_root_login_profile", `account_id = "arn:aws:iam::111122223333:root"`), want: "must be a 12-digit AWS account ID"},
		"iamaudit_root_login_profile/password_enabled/computed":               {hcl: dataSourceHCL("iamaudit_root_login_profile", `password_enabled = false`), want: wantComputed},
		"iamaudit_delegated_administrators/service_principal/not a principal": {hcl: dataSourceHCL("iamaudit_delegated_administrators", `service_principal = "Security Hub"`), want: "must be a service principal such as securityhub.amazonaws.com"},
		"iamaudit_delegated_administrators/service_principal/an ARN":          {hcl: dataSourceHCL("iamaudit_delegated_administrators", `service_principal = "arn:aws:iam::aws:policy/x"`), want: "must be a service principal"},
		"iamaudit_delegated_administrators/readable/computed":                 {hcl: dataSourceHCL("iamaudit_delegated_administrators", `readable = true`), want: wantComputed},

		// iamaudit_reader_user.
		"iamaudit_reader_user/name/missing":                {hcl: resourceHCL("iamaudit_reader_user", `path = "/"`), want: `The argument "name" is required`},
		"iamaudit_reader_user/name/empty":                  {hcl: resourceHCL("iamaudit_reader_user", `name = ""`), want: wantUserName},
		"iamaudit_reader_user/name/invalid":                {hcl: resourceHCL("iamaudit_reader_user", `name = "audit:reader"`), want: wantUserName},
		"iamaudit_reader_user/name/too long":               {hcl: resourceHCL("iamaudit_reader_user", fmt.Sprintf("name = %q", long(65))), want: wantUserName},
		"iamaudit_reader_user/name/wrong type":             {hcl: resourceHCL("iamaudit_reader_user", `name = ["reader"]`), want: typeErr("name", "string required")},
		"iamaudit_reader_user/path/relative":               {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `path = "audit"`), want: wantIAMPath},
		"iamaudit_reader_user/path/no trailing slash":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `path = "/audit"`), want: wantIAMPath},
		"iamaudit_reader_user/path/empty":                  {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `path = ""`), want: "string length must be between 1 and 512|" + wantIAMPath},
		"iamaudit_reader_user/path/too long":               {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, fmt.Sprintf("path = %q", "/"+long(511)+"/")), want: "string length must be between 1 and 512"},
		"iamaudit_reader_user/purpose/invalid":             {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `purpose = "admin"`), want: wantOneOf},
		"iamaudit_reader_user/policy_json/not JSON":        {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `policy_json = "allow everything"`), want: "Invalid Policy Document"},
		"iamaudit_reader_user/policy_json/no statement":    {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `policy_json = jsonencode({ Version = "2012-10-17" })`), want: "Invalid Policy Document"},
		"iamaudit_reader_user/policy_json/with purpose":    {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `purpose = "audit"`, `policy_json = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:GetUser", Resource = "*" }] })`), want: "cannot be specified when|Invalid Attribute Combination"},
		"iamaudit_reader_user/extra_actions/invalid":       {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `extra_actions = ["iam"]`), want: wantActionName},
		"iamaudit_reader_user/extra_actions/empty":         {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `extra_actions = []`), want: "set must contain at least 1 elements"},
		"iamaudit_reader_user/extra_actions/wildcard":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `extra_actions = ["iam:*"]`), want: "allow_wildcard_actions"},
		"iamaudit_reader_user/allow_wildcard_actions/type": {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `allow_wildcard_actions = "sometimes"`), want: typeErr("allow_wildcard_actions", "a bool is required")},
		"iamaudit_reader_user/create_access_key/type":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `create_access_key = "please"`), want: typeErr("create_access_key", "a bool is required")},
		"iamaudit_reader_user/rotate_after_days/zero":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `rotate_after_days = 0`), want: "must be at least 1"},
		"iamaudit_reader_user/rotate_after_days/negative":  {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `rotate_after_days = -30`), want: "must be at least 1"},
		"iamaudit_reader_user/rotate_after_days/fraction":  {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `rotate_after_days = 1.5`), want: "is not an integer"},
		"iamaudit_reader_user/rotate_after_days/type":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `rotate_after_days = "monthly"`), want: typeErr("rotate_after_days", "a number is required")},
		"iamaudit_reader_user/rotate_after_days/no key":    {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `create_access_key = false`, `rotate_after_days = 90`), want: "create_access_key is false"},
		"iamaudit_reader_user/pgp_key/invalid":             {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `pgp_key = "not a key"`), want: "Invalid PGP Key"},
		"iamaudit_reader_user/pgp_key/empty":               {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `pgp_key = ""`), want: "Invalid PGP Key"},
		"iamaudit_reader_user/permissions_boundary/role":   {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `permissions_boundary = "arn:aws:iam::123456789012:role/boundary"`), want: wantPolicyARN},
		"iamaudit_reader_user/permissions_boundary/name":   {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `permissions_boundary = "SecurityAudit"`), want: wantPolicyARN},
		"iamaudit_reader_user/tags/too many":               {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, "tags = "+manyTags(50)), want: "map must contain at most 49 elements"},
		"iamaudit_reader_user/tags/reserved key":           {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `tags = { "IAMAudit:Create-Token" = "x" }`), want: "The tag key iamaudit:create-token is reserved"},
		"iamaudit_reader_user/tags/key too long":           {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, fmt.Sprintf("tags = { %s = \"v\" }", long(129))), want: "string length must be between 1 and 128"},
		"iamaudit_reader_user/tags/empty key":              {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `tags = { "" = "v" }`), want: "string length must be between 1 and 128"},
		"iamaudit_reader_user/tags/value too long":         {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, fmt.Sprintf("tags = { k = %q }", long(257))), want: "string length must be at most 256"},
		"iamaudit_reader_user/tags/wrong type":             {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `tags = ["a", "b"]`), want: typeErr("tags", "map of string required")},
		"iamaudit_reader_user/force_destroy/type":          {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `force_destroy = "always"`), want: typeErr("force_destroy", "a bool is required")},
		"iamaudit_reader_user/secret_access_key/computed":  {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `secret_access_key = "x"`), want: wantComputed},
		"iamaudit_reader_user/bogus/unknown argument":      {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `bogus = 1`), want: wantUnexpected},

		// iamaudit_cross_account_role.
		"iamaudit_cross_account_role/name/missing":                    {hcl: resourceHCL("iamaudit_cross_account_role", validRoleArgs), want: `The argument "name" is required`},
		"iamaudit_cross_account_role/name/invalid":                    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor role"`, validRoleArgs), want: wantUserName},
		"iamaudit_cross_account_role/name/too long":                   {hcl: resourceHCL("iamaudit_cross_account_role", fmt.Sprintf("name = %q", long(65)), validRoleArgs), want: wantUserName},
		"iamaudit_cross_account_role/path/invalid":                    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `path = "//"`, validRoleArgs), want: wantIAMPath},
		"iamaudit_cross_account_role/description/too long":            {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, fmt.Sprintf("description = %q", long(1001)), validRoleArgs), want: "string length must be at most 1000|must be at most 1000 printable Latin-1 characters"},
		"iamaudit_cross_account_role/description/emoji":               {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, "description = \"audit \U0001F50D\"", validRoleArgs), want: "must be at most 1000 printable Latin-1 characters"},
		"iamaudit_cross_account_role/trusted_principal_arns/missing":  {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: `The argument "trusted_principal_arns" is required`},
		"iamaudit_cross_account_role/trusted_principal_arns/empty":    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = []`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: "set must contain at least 1 elements"},
		"iamaudit_cross_account_role/trusted_principal_arns/short ID": {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["1234"]`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: wantPrincipal},
		"iamaudit_cross_account_role/trusted_principal_arns/group":    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["arn:aws:iam::123456789012:group/auditors"]`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: wantPrincipal},
		"iamaudit_cross_account_role/trusted_principal_arns/wildcard": {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["*"]`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: wantPrincipal},
		"iamaudit_cross_account_role/trusted_principal_arns/type":     {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = "210987654321"`, `external_id = "bad-input-ext"`, `purpose = "audit"`), want: typeErr("trusted_principal_arns", "set of string required")},
		"iamaudit_cross_account_role/external_id/missing":             {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `purpose = "audit"`), want: `The argument "external_id" is required`},
		"iamaudit_cross_account_role/external_id/too short":           {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "x"`, `purpose = "audit"`), want: wantExternalID},
		"iamaudit_cross_account_role/external_id/too long":            {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, fmt.Sprintf("external_id = %q", long(1225)), `purpose = "audit"`), want: wantExternalID},
		"iamaudit_cross_account_role/external_id/space":               {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "acme corp"`, `purpose = "audit"`), want: wantExternalID},
		"iamaudit_cross_account_role/require_mfa/type":                {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `require_mfa = "maybe"`), want: typeErr("require_mfa", "a bool is required")},
		"iamaudit_cross_account_role/max_session_duration/too short":  {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `max_session_duration = 3599`), want: "must be between 3600 and 43200"},
		"iamaudit_cross_account_role/max_session_duration/too long":   {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `max_session_duration = 43201`), want: "must be between 3600 and 43200"},
		"iamaudit_cross_account_role/max_session_duration/type":       {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `max_session_duration = "1h"`), want: typeErr("max_session_duration", "a number is required")},
		"iamaudit_cross_account_role/purpose/invalid":                 {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "bad-input-ext"`, `purpose = "admin"`), want: wantOneOf},
		"iamaudit_cross_account_role/policy_json/not JSON":            {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "bad-input-ext"`, `policy_json = "{"`), want: "Invalid Policy Document"},
		"iamaudit_cross_account_role/permissions/none":                {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "bad-input-ext"`), want: "At least one of these attributes must be configured: [purpose,policy_json,managed_policy_arns]"},
		"iamaudit_cross_account_role/extra_actions/with policy_json":  {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, `trusted_principal_arns = ["210987654321"]`, `external_id = "bad-input-ext"`, `policy_json = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:GetUser", Resource = "*" }] })`, `extra_actions = ["iam:GetRole"]`), want: "cannot be specified when|Invalid Attribute Combination"},
		"iamaudit_cross_account_role/extra_actions/invalid":           {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `extra_actions = ["iam:Get User"]`), want: wantActionName},
		"iamaudit_cross_account_role/allow_wildcard_actions/type":     {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `allow_wildcard_actions = "yes"`), want: typeErr("allow_wildcard_actions", "a bool is required")},
		"iamaudit_cross_account_role/managed_policy_arns/name":        {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `managed_policy_arns = ["SecurityAudit"]`), want: wantPolicyARN},
		"iamaudit_cross_account_role/managed_policy_arns/empty":       {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `managed_policy_arns = []`), want: "set must contain at least 1 elements"},
		"iamaudit_cross_account_role/permissions_boundary/invalid":    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `permissions_boundary = "arn:aws:iam::aws:user/x"`), want: wantPolicyARN},
		"iamaudit_cross_account_role/tags/too many":                   {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, "tags = "+manyTags(50)), want: "map must contain at most 49 elements"},
		"iamaudit_cross_account_role/tags/reserved key":               {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `tags = { "iamaudit:create-token" = "x" }`), want: "The tag key iamaudit:create-token is reserved"},
		"iamaudit_cross_account_role/arn/computed":                    {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `arn = "arn:aws:iam::123456789012:role/auditor"`), want: wantComputed},

		// account_id and member_role.
		"iamaudit_access_keys/account_id/short":                    {hcl: dataSourceHCL("iamaudit_access_keys", `account_id = "12345"`), want: wantAccountID},
		"iamaudit_account/account_id/letters":                      {hcl: dataSourceHCL("iamaudit_account", `account_id = "12345678901a"`), want: wantAccountID},
		"iamaudit_caller_identity/account_id/thirteen digits":      {hcl: dataSourceHCL("iamaudit_caller_identity", `account_id = "1234567890123"`), want: wantAccountID},
		"iamaudit_credential_report/account_id/number":             {hcl: dataSourceHCL("iamaudit_credential_report", `account_id = 12345`), want: wantAccountID},
		"iamaudit_groups/account_id/list":                          {hcl: dataSourceHCL("iamaudit_groups", `account_id = ["123456789012"]`), want: typeErr("account_id", "string required")},
		"iamaudit_mfa_devices/account_id/short":                    {hcl: dataSourceHCL("iamaudit_mfa_devices", `account_id = "12345"`), want: wantAccountID},
		"iamaudit_password_policy/account_id/letters":              {hcl: dataSourceHCL("iamaudit_password_policy", `account_id = "12345678901a"`), want: wantAccountID},
		"iamaudit_permissions_check/account_id/thirteen digits":    {hcl: dataSourceHCL("iamaudit_permissions_check", `account_id = "1234567890123"`), want: wantAccountID},
		"iamaudit_policies/account_id/number":                      {hcl: dataSourceHCL("iamaudit_policies", `account_id = 1234567890123`), want: wantAccountID},
		"iamaudit_roles/account_id/list":                           {hcl: dataSourceHCL("iamaudit_roles", `account_id = ["123456789012"]`), want: typeErr("account_id", "string required")},
		"iamaudit_saml_providers/account_id/short":                 {hcl: dataSourceHCL("iamaudit_saml_providers", `account_id = "12345"`), want: wantAccountID},
		"iamaudit_server_certificates/account_id/letters":          {hcl: dataSourceHCL("iamaudit_server_certificates", `account_id = "12345678901a"`), want: wantAccountID},
		"iamaudit_users/account_id/thirteen digits":                {hcl: dataSourceHCL("iamaudit_users", `account_id = "1234567890123"`), want: wantAccountID},
		"iamaudit_user/account_id/empty":                           {hcl: dataSourceHCL("iamaudit_user", "name = \"bob\"\n  account_id = \"\""), want: wantAccountID},
		"iamaudit_reader_user/account_id/short":                    {hcl: resourceHCL("iamaudit_reader_user", `name = "reader"`, `account_id = "12345"`), want: wantAccountID},
		"iamaudit_cross_account_role/account_id/ARN":               {hcl: resourceHCL("iamaudit_cross_account_role", `name = "auditor"`, validRoleArgs, `account_id = "arn:aws:iam::123456789012:root"`), want: wantAccountID},
		"iamaudit_organization_features/account_id/short":          {hcl: dataSourceHCL("iamaudit_organization_features", `account_id = "12345"`), want: wantAccountID},
		"iamaudit_delegated_administrators/account_id/letters":     {hcl: dataSourceHCL("iamaudit_delegated_administrators", `account_id = "12345678901a"`), want: wantAccountID},
		"iamaudit_organization_accounts/parent_ids/account ID":     {hcl: dataSourceHCL("iamaudit_organization_accounts", `parent_ids = ["123456789012"]`), want: `must be an organization root ID ("r-…") or OU ID ("ou-…-…")`},
		"iamaudit_organization_accounts/parent_ids/empty set":      {hcl: dataSourceHCL("iamaudit_organization_accounts", `parent_ids = []`), want: "set must contain at least 1 elements"},
		"iamaudit_organization_accounts/statuses/lower case":       {hcl: dataSourceHCL("iamaudit_organization_accounts", `statuses = ["active"]`), want: wantOneOf},
		"iamaudit_organization_accounts/statuses/empty set":        {hcl: dataSourceHCL("iamaudit_organization_accounts", `statuses = []`), want: "set must contain at least 1 elements"},
		"iamaudit_organization_accounts/exclude_account_ids/short": {hcl: dataSourceHCL("iamaudit_organization_accounts", `exclude_account_ids = ["12345"]`), want: wantAccountID},
		"iamaudit_organization_accounts/check_access/not a bool":   {hcl: dataSourceHCL("iamaudit_organization_accounts", `check_access = "maybe"`), want: "a bool is required"},
		"iamaudit_organization_accounts/accounts/computed":         {hcl: dataSourceHCL("iamaudit_organization_accounts", `accounts = []`), want: wantComputed},
		"provider/member_role/not a block":                         {provider: map[string]string{"member_role": `{ role_name = "audit" }`}, want: `An argument named "member_role" is not expected here|Did you mean to define a block of type "member_role"`},
		"provider/member_role.role_name/missing":                   {provider: map[string]string{"blocks": blk("member_role", `path = "/audit/"`)}, want: "The member_role block requires role_name"},
		"provider/member_role.role_name/ARN":                       {provider: map[string]string{"blocks": blk("member_role", `role_name = "arn:aws:iam::123456789012:role/audit"`)}, want: wantUserName},
		"provider/member_role.path/no trailing slash":              {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `path = "/audit"`)}, want: wantIAMPath},
		"provider/member_role.external_id/too short":               {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `external_id = "x"`)}, want: wantExternalID},
		"provider/member_role.session_name/space":                  {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `session_name = "org audit"`)}, want: wantSessionName},
		"provider/member_role.duration/too short":                  {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `duration = "10m"`)}, want: "from 15m0s to 12h0m0s"},
		"provider/member_role.duration/not a duration":             {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `duration = "1 hour"`)}, want: wantDuration},
		"provider/member_role.max_parallel_accounts/zero":          {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `max_parallel_accounts = 0`)}, want: "must be between 1 and 256"},
		"provider/member_role.max_parallel_accounts/too many":      {provider: map[string]string{"blocks": blk("member_role", `role_name = "audit"`, `max_parallel_accounts = 257`)}, want: "must be between 1 and 256"},

		// provider::iamaudit::days_between.
		"days_between/start/not a timestamp": {hcl: `output "bad" { value = provider::iamaudit::days_between("yesterday", "2024-01-31T00:00:00Z") }`, want: "Invalid start timestamp: \"yesterday\" " + wantTimestamp},
		"days_between/end/invalid month":     {hcl: `output "bad" { value = provider::iamaudit::days_between("2024-01-31T00:00:00Z", "2024-13-01T00:00:00Z") }`, want: "Invalid end timestamp: \"2024-13-01T00:00:00Z\" " + wantTimestamp},
		"days_between/start/date only":       {hcl: `output "bad" { value = provider::iamaudit::days_between("2024-01-31", "2024-02-01T00:00:00Z") }`, want: wantTimestamp},
		"days_between/end/empty":             {hcl: `output "bad" { value = provider::iamaudit::days_between("2024-01-31T00:00:00Z", "") }`, want: "Invalid end timestamp"},
		"days_between/start/wrong type":      {hcl: `output "bad" { value = provider::iamaudit::days_between(["2024-01-31T00:00:00Z"], "2024-02-01T00:00:00Z") }`, want: "Invalid function argument"},
		"days_between/start/null":            {hcl: `output "bad" { value = provider::iamaudit::days_between(null, "2024-02-01T00:00:00Z") }`, want: "Invalid function argument"},
		"days_between/end/missing":           {hcl: `output "bad" { value = provider::iamaudit::days_between("2024-01-31T00:00:00Z") }`, want: "Not enough function arguments"},
		"days_between/arguments/too many":    {hcl: `output "bad" { value = provider::iamaudit::days_between("2024-01-31T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z") }`, want: "Too many function arguments"},
	}
	return cases
}

// TestAccBadInput runs every bad-input case as its own plan through its own
// fault proxy: the plan must fail with the case's message, and the proxy
// must have received no request (see the comment at the top of this file).
func TestAccBadInput(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	cases := badInputCases()
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			proxy := startProxy(t, srv.Endpoint())
			config := badProviderBlock(proxy.URL(), tc.provider) + probe + tc.hcl
			tfresource.Test(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config:      config,
					PlanOnly:    true,
					ExpectError: expectErrorText(tc.want),
				}},
			})
			if n := proxy.Total(); n != 0 {
				t.Errorf("the invalid configuration reached AWS: %d requests %v (want none: validation must fail before the provider is configured)",
					n, proxy.Counts())
			}
		})
	}
}

// TestBadInputCasesCoverEveryArgument proves the table has at least one case
// per configurable argument of the provider, of every registered data
// source and resource, and of days_between, so a new argument cannot be
// added without a bad-input case.
func TestBadInputCasesCoverEveryArgument(t *testing.T) {
	covered := map[string]bool{}
	for name := range badInputCases() {
		parts := strings.SplitN(name, "/", 3)
		covered[parts[0]] = true
		covered[parts[0]+"/"+parts[1]] = true
	}
	for _, want := range configurableArguments(t.Context()) {
		if !covered[want] {
			t.Errorf("no bad-input case for %s", want)
		}
	}
}

// configurableArguments lists "<subject>/<argument>" for every argument a
// configuration can set: "provider/region", "provider/assume_role.role_arn",
// "iamaudit_users/path_prefix", "days_between/start"; a data source without
// arguments is listed as just its type name.
func configurableArguments(ctx context.Context) []string {
	var out []string
	var ps provider.SchemaResponse
	(&iamauditProvider{}).Schema(ctx, provider.SchemaRequest{}, &ps)
	for name, a := range ps.Schema.Attributes {
		if a.IsOptional() || a.IsRequired() {
			out = append(out, "provider/"+name)
		}
	}
	for block, b := range ps.Schema.Blocks {
		out = append(out, "provider/"+block)
		for name := range b.GetNestedObject().GetAttributes() {
			out = append(out, "provider/"+block+"."+name)
		}
	}
	for _, f := range providerDataSources {
		ds := f()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "iamaudit"}, &meta)
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		args := 0
		for name, a := range sr.Schema.Attributes {
			if a.IsOptional() || a.IsRequired() {
				out = append(out, meta.TypeName+"/"+name)
				args++
			}
		}
		if args == 0 {
			out = append(out, meta.TypeName)
		}
	}
	for _, f := range providerResources {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "iamaudit"}, &meta)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		for name, a := range sr.Schema.Attributes {
			if a.IsOptional() || a.IsRequired() {
				out = append(out, meta.TypeName+"/"+name)
			}
		}
	}
	for _, f := range providerFunctions {
		fn := f()
		var meta function.MetadataResponse
		fn.Metadata(ctx, function.MetadataRequest{}, &meta)
		var def function.DefinitionResponse
		fn.Definition(ctx, function.DefinitionRequest{}, &def)
		for _, p := range def.Definition.Parameters {
			out = append(out, meta.Name+"/"+p.GetName())
		}
	}
	slices.Sort(out)
	return out
}
