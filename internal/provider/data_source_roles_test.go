package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// otherAccountID is an account the tests' roles trust; moto's own is acctest.AccountID.
const otherAccountID = "210987654321"

// roleExpect is what one element of data.iamaudit_roles.roles must hold.
type roleExpect struct {
	name, arn, roleID, path, createDate string
	description, boundary, lastUsed     *string
	lastUsedDays                        *int64
	maxSession                          int64
	trustPolicy                         string
	principals, services, federated     []string
	public, crossAccount, thirdParty    bool
	externalID, mfa, oidcUnrestricted   bool
	attached, inline                    []string
	inlinePolicies                      []inlineExpect
	tags                                map[string]string
}

// check is the exact knownvalue of the element.
func (r roleExpect) check() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name":                      knownvalue.StringExact(r.name),
		"arn":                       knownvalue.StringExact(r.arn),
		"role_id":                   knownvalue.StringExact(r.roleID),
		"path":                      knownvalue.StringExact(r.path),
		"description":               acctest.KnownStringOrNull(r.description),
		"create_date":               knownvalue.StringExact(r.createDate),
		"max_session_duration":      knownvalue.Int64Exact(r.maxSession),
		"trust_policy":              knownvalue.StringExact(r.trustPolicy),
		"trusted_aws_principals":    acctest.KnownStrings(r.principals),
		"trusted_services":          acctest.KnownStrings(r.services),
		"trusted_federated":         acctest.KnownStrings(r.federated),
		"public":                    knownvalue.Bool(r.public),
		"cross_account":             knownvalue.Bool(r.crossAccount),
		"third_party_trust":         knownvalue.Bool(r.thirdParty),
		"external_id_required":      knownvalue.Bool(r.externalID),
		"mfa_required":              knownvalue.Bool(r.mfa),
		"oidc_subject_unrestricted": knownvalue.Bool(r.oidcUnrestricted),
		"attached_policy_arns":      acctest.KnownStrings(r.attached),
		"inline_policy_names":       acctest.KnownStrings(r.inline),
		"inline_policies":           knownInlinePolicies(r.inlinePolicies),
		"permissions_boundary_arn":  acctest.KnownStringOrNull(r.boundary),
		"last_used_date":            acctest.KnownStringOrNull(r.lastUsed),
		"last_used_days":            acctest.KnownInt64OrNull(r.lastUsedDays),
		"tags":                      acctest.KnownStringMap(r.tags),
	})
}

func TestAccRoles_trustAnalysis(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	ctx := t.Context()
	f := srv.Fixtures()
	path := acctest.UniquePath(t)
	base := acctest.RandomName("trust")
	account := srv.AccountID()
	host := "oidc-" + acctest.RandomName("gh") + ".example.com"
	oidcARN := createOIDCProvider(t, srv, host)

	roles := []struct {
		suffix, trust string
		expect        roleExpect
	}{
		{
			// Written with unsorted keys and whitespace: trust_policy is normalized.
			suffix: "cross-external-id",
			trust: `{
  "Version": "2012-10-17",
  "Statement": [{
    "Principal": {"AWS": "` + otherAccountID + `"},
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "ext-4711"}}
  }]
}`,
			expect: roleExpect{
				trustPolicy: `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-4711"}},` +
					`"Effect":"Allow","Principal":{"AWS":"` + otherAccountID + `"}}],"Version":"2012-10-17"}`,
				principals:   []string{"arn:aws:iam::" + otherAccountID + ":root"},
				crossAccount: true, thirdParty: true, externalID: true,
			},
		},
		{
			suffix: "cross-no-external-id",
			trust:  trustDoc(`{"AWS":"arn:aws:iam::`+otherAccountID+`:role/auditor"}`, "sts:AssumeRole", ""),
			expect: roleExpect{
				principals:   []string{"arn:aws:iam::" + otherAccountID + ":role/auditor"},
				crossAccount: true, thirdParty: true,
			},
		},
		{
			// IfExists also matches a request without an external ID.
			suffix: "cross-if-exists",
			trust:  trustDoc(`{"AWS":"`+otherAccountID+`"}`, "sts:AssumeRole", `{"StringEqualsIfExists":{"sts:ExternalId":"ext-4711"}}`),
			expect: roleExpect{
				principals:   []string{"arn:aws:iam::" + otherAccountID + ":root"},
				crossAccount: true, thirdParty: true,
			},
		},
		{
			suffix: "cross-mfa",
			trust: trustDoc(`{"AWS":["arn:aws:iam::`+otherAccountID+`:root","`+account+`"]}`, "sts:AssumeRole",
				`{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`),
			expect: roleExpect{
				principals:   []string{"arn:aws:iam::" + account + ":root", "arn:aws:iam::" + otherAccountID + ":root"},
				crossAccount: true, thirdParty: true, mfa: true,
			},
		},
		{
			suffix: "same-account",
			trust:  trustDoc(`{"AWS":"`+account+`"}`, "sts:AssumeRole", ""),
			expect: roleExpect{principals: []string{"arn:aws:iam::" + account + ":root"}},
		},
		{
			suffix: "public",
			trust:  trustDoc(`{"AWS":"*"}`, "sts:AssumeRole", ""),
			expect: roleExpect{principals: []string{"*"}, public: true, crossAccount: true, thirdParty: true},
		},
		{
			// Only the audience is checked: any repository's token works.
			suffix: "oidc-open",
			trust: trustDoc(`{"Federated":"`+oidcARN+`"}`, "sts:AssumeRoleWithWebIdentity",
				`{"StringEquals":{"`+host+`:aud":"sts.amazonaws.com"}}`),
			expect: roleExpect{federated: []string{oidcARN}, oidcUnrestricted: true},
		},
		{
			suffix: "oidc-scoped",
			trust: trustDoc(`{"Federated":"`+oidcARN+`"}`, "sts:AssumeRoleWithWebIdentity",
				`{"StringEquals":{"`+host+`:aud":"sts.amazonaws.com"},"StringLike":{"`+host+`:sub":"repo:acme/infra:*"}}`),
			expect: roleExpect{federated: []string{oidcARN}},
		},
		{
			suffix: "service",
			trust:  trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", ""),
			expect: roleExpect{services: []string{"ec2.amazonaws.com"}},
		},
	}

	var expected []roleExpect
	for _, r := range roles {
		created, err := f.CreateRole(ctx, base+"-"+r.suffix, path, r.trust)
		if err != nil {
			t.Fatal(err)
		}
		e := r.expect
		e.name, e.arn, e.roleID, e.path = aws.ToString(created.RoleName), aws.ToString(created.Arn), aws.ToString(created.RoleId), path
		e.createDate = formatTime(aws.ToTime(created.CreateDate))
		e.maxSession = 3600
		if e.trustPolicy == "" {
			e.trustPolicy = r.trust // trustDoc writes the normalized form
		}
		expected = append(expected, e)
	}
	expected = append(expected, seedDetailedRole(t, srv, base+"-detailed", path))
	slices.SortFunc(expected, func(a, b roleExpect) int { return strings.Compare(a.name, b.name) })
	checks := make([]knownvalue.Check, len(expected))
	for i, e := range expected {
		checks[i] = e.check()
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + testAccRolesConfig(path, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.iamaudit_roles.test", tfjsonpath.New("roles"), knownvalue.ListExact(checks)),
				// moto's account belongs to no organization (AWSOrganizationsNotInUseException).
				statecheck.ExpectKnownValue("data.iamaudit_roles.test", tfjsonpath.New("organization_id"), knownvalue.Null()),
			},
		}},
	})
}

// sendMessagePolicy is the normalized inline policy of the detailed role.
const sendMessagePolicy = `{"Statement":[{"Action":"sqs:SendMessage","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`

// seedDetailedRole creates a service role with every optional attribute set
// (description, max session duration, boundary, policies, tags) that was
// last used 10 days ago, and returns what the data source must report.
func seedDetailedRole(t *testing.T, srv *acctest.Server, name, path string) roleExpect {
	t.Helper()
	ctx := t.Context()
	f := srv.Fixtures()
	trust := trustDoc(`{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]}`, "sts:AssumeRole", "")
	boundary, err := f.CreatePolicy(ctx, name+"-boundary", path, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	attached, err := f.CreatePolicy(ctx, name+"-attached", path, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var created *iam.CreateRoleOutput
	err = srv.InPast(ctx, 30, func(ctx context.Context) error {
		var err error
		created, err = f.IAM.CreateRole(ctx, &iam.CreateRoleInput{
			RoleName:                 aws.String(name),
			Path:                     aws.String(path),
			AssumeRolePolicyDocument: aws.String(trust),
			Description:              aws.String("Runs the nightly export"),
			MaxSessionDuration:       aws.Int32(7200),
			PermissionsBoundary:      aws.String(boundary),
			Tags: []iamtypes.Tag{
				{Key: aws.String("owner"), Value: aws.String("platform")},
				{Key: aws.String("env"), Value: aws.String("prod")},
			},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"zeta", "alpha"} {
		if err := f.PutRolePolicy(ctx, name, p, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.AttachRolePolicy(ctx, name, attached); err != nil {
		t.Fatal(err)
	}
	roleARN := aws.ToString(created.Role.Arn)
	if err := srv.InPast(ctx, 10, func(ctx context.Context) error { return f.MarkRoleUsed(ctx, roleARN) }); err != nil {
		t.Fatal(err)
	}
	got, err := f.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if got.Role.RoleLastUsed == nil || got.Role.RoleLastUsed.LastUsedDate == nil {
		t.Fatalf("moto did not record the use of %s", name)
	}
	lastUsed := formatTime(*got.Role.RoleLastUsed.LastUsedDate)
	days := int64(10)
	return roleExpect{
		name: name, arn: roleARN, roleID: aws.ToString(created.Role.RoleId), path: path,
		createDate:  formatTime(aws.ToTime(created.Role.CreateDate)),
		description: aws.String("Runs the nightly export"),
		boundary:    aws.String(boundary),
		lastUsed:    &lastUsed, lastUsedDays: &days,
		maxSession:  7200,
		trustPolicy: trust,
		services:    []string{"ec2.amazonaws.com", "lambda.amazonaws.com"},
		attached:    []string{attached},
		inline:      []string{"alpha", "zeta"},
		inlinePolicies: []inlineExpect{
			{name: "alpha", document: sendMessagePolicy},
			{name: "zeta", document: sendMessagePolicy},
		},
		tags: map[string]string{"env": "prod", "owner": "platform"},
	}
}

func TestAccRoles_filters(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	ctx := t.Context()
	f := srv.Fixtures()
	path := acctest.UniquePath(t)
	token := strings.ReplaceAll(acctest.RandomName("flt"), "-", "")
	trust := trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", "")
	for _, n := range []string{token + "-alpha", token + "-beta"} {
		if _, err := f.CreateRole(ctx, n, path, trust); err != nil {
			t.Fatal(err)
		}
	}
	// Elsewhere: matched by name_regex, not by path_prefix.
	if _, err := f.CreateRole(ctx, token+"-gamma", "/", trust); err != nil {
		t.Fatal(err)
	}
	slr, err := f.IAM.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{
		AWSServiceName: aws.String("autoscaling.amazonaws.com"),
		CustomSuffix:   aws.String(token),
	})
	if err != nil {
		t.Fatalf("iam:CreateServiceLinkedRole: %v", err)
	}
	slrName := aws.ToString(slr.Role.RoleName)
	names := func(names ...string) knownvalue.Check {
		slices.Sort(names)
		checks := make([]knownvalue.Check, len(names))
		for i, n := range names {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)})
		}
		return knownvalue.ListExact(checks)
	}
	rolesAre := func(want knownvalue.Check) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue("data.iamaudit_roles.test", tfjsonpath.New("roles"), want)}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Invalid filters fail at plan time (first: the last step's
			// configuration must be valid for the final destroy).
			{
				Config:      srv.ProviderConfig() + testAccRolesConfig("", `name_regex = "(unclosed"`),
				PlanOnly:    true,
				ExpectError: expectErrorText("must be a valid regular expression in Go (RE2) syntax"),
			},
			{
				Config:      srv.ProviderConfig() + testAccRolesConfig("audit/", ""),
				PlanOnly:    true,
				ExpectError: expectErrorText(`must begin with "/"`),
			},
			{
				Config:            srv.ProviderConfig() + testAccRolesConfig("", fmt.Sprintf("name_regex = %q", token)),
				ConfigStateChecks: rolesAre(names(token+"-alpha", token+"-beta", token+"-gamma", slrName)),
			},
			{
				Config:            srv.ProviderConfig() + testAccRolesConfig("", fmt.Sprintf("name_regex = %q\n  exclude_service_linked = true", token)),
				ConfigStateChecks: rolesAre(names(token+"-alpha", token+"-beta", token+"-gamma")),
			},
			{
				Config:            srv.ProviderConfig() + testAccRolesConfig(path, `name_regex = "-beta$"`),
				ConfigStateChecks: rolesAre(names(token + "-beta")),
			},
			{
				Config: srv.ProviderConfig() + testAccRolesConfig("/aws-service-role/autoscaling.amazonaws.com/", fmt.Sprintf("name_regex = %q", token)),
				ConfigStateChecks: rolesAre(knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"name":                   knownvalue.StringExact(slrName),
					"path":                   knownvalue.StringExact("/aws-service-role/autoscaling.amazonaws.com/"),
					"trusted_services":       acctest.KnownStrings([]string{"autoscaling.amazonaws.com"}),
					"trusted_aws_principals": acctest.KnownStrings(nil),
					"cross_account":          knownvalue.Bool(false),
				})})),
			},
			{
				Config:            srv.ProviderConfig() + testAccRolesConfig(path, `name_regex = "nothing-matches-this"`),
				ConfigStateChecks: rolesAre(knownvalue.ListExact([]knownvalue.Check{})),
			},
		},
	})
}

// testAccRolesConfig reads the roles under pathPrefix ("" = no filter) with
// extra arguments.
func testAccRolesConfig(pathPrefix, extra string) string {
	return filteredListConfig("iamaudit_roles", pathPrefix, extra)
}

// trustDoc returns a one-statement trust policy in normalized form (keys
// sorted, compact); condition is a JSON object or "".
func trustDoc(principal, action, condition string) string {
	cond := ""
	if condition != "" {
		cond = `"Condition":` + condition + ","
	}
	return `{"Statement":[{"Action":"` + action + `",` + cond + `"Effect":"Allow","Principal":` + principal +
		`}],"Version":"2012-10-17"}`
}

// createOIDCProvider registers an OIDC identity provider for https://host and
// returns its ARN.
func createOIDCProvider(t *testing.T, srv *acctest.Server, host string) string {
	t.Helper()
	out, err := srv.IAM().CreateOpenIDConnectProvider(t.Context(), &iam.CreateOpenIDConnectProviderInput{
		Url:            aws.String("https://" + host),
		ClientIDList:   []string{"sts.amazonaws.com"},
		ThumbprintList: []string{strings.Repeat("a", 40)},
	})
	if err != nil {
		t.Fatalf("iam:CreateOpenIDConnectProvider: %v", err)
	}
	return aws.ToString(out.OpenIDConnectProviderArn)
}
