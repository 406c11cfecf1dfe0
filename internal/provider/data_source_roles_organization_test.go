package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// siblingAccountID is an account of the same organization in
// TestAccRoles_organization (listed in first_party_account_ids).
const siblingAccountID = "555566667777"

// TestAccRoles_organization runs the trust verdicts the look-alikes of the
// design are about against a moto account that is the management account of
// an organization (own server: the organization is account-wide): the own
// organization ID comes from organizations:DescribeOrganization, "*"
// confined to it is not public, a sibling account is first-party once
// listed, a wildcard external ID and an unpinned GitHub subject are caught.
func TestAccRoles_organization(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{})
	ctx := t.Context()
	f := srv.Fixtures()
	out, err := organizations.NewFromConfig(srv.AWSConfig()).CreateOrganization(ctx, &organizations.CreateOrganizationInput{
		FeatureSet: orgtypes.OrganizationFeatureSetAll,
	})
	if err != nil {
		t.Fatalf("organizations:CreateOrganization: %v", err)
	}
	orgID := aws.ToString(out.Organization.Id)
	github := createOIDCProvider(t, srv, "token.actions.githubusercontent.com")
	const vendorAccountID = "444455556666"

	orgCondition := func(org string) string { return `{"StringEquals":{"aws:PrincipalOrgID":"` + org + `"}}` }
	anyoneDeniedOutsideOrg := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":"*"},` +
		`{"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"` + orgID + `"}},"Effect":"Deny","Principal":"*"}],` +
		`"Version":"2012-10-17"}`
	vendorAndOwn := `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"tenant-7731"}},` +
		`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + vendorAccountID + `:root"}},` +
		`{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + srv.AccountID() + `:root"}}],"Version":"2012-10-17"}`
	githubSub := func(sub string) string {
		return trustDoc(`{"Federated":"`+github+`"}`, "sts:AssumeRoleWithWebIdentity",
			`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"`+sub+`"}}`)
	}
	type verdict struct{ public, cross, third, externalID, oidc bool }
	type roleCase struct {
		name, trust string
		// without and with first_party_account_ids = [sibling]
		want, wantFirstParty verdict
	}
	roles := []roleCase{
		{"org-star", trustDoc(`"*"`, "sts:AssumeRole", orgCondition(orgID)), verdict{cross: true}, verdict{cross: true}},
		{"org-deny", anyoneDeniedOutsideOrg, verdict{cross: true}, verdict{cross: true}},
		{"other-org", trustDoc(`"*"`, "sts:AssumeRole", orgCondition("o-someoneelse")),
			verdict{public: true, cross: true, third: true}, verdict{public: true, cross: true, third: true}},
		{"sibling", trustDoc(`{"AWS":"arn:aws:iam::`+siblingAccountID+`:root"}`, "sts:AssumeRole", ""),
			verdict{cross: true, third: true}, verdict{cross: true}},
		{"vendor-and-own", vendorAndOwn, verdict{cross: true, third: true, externalID: true}, verdict{cross: true, third: true, externalID: true}},
		{"vendor-wildcard-external-id", trustDoc(`{"AWS":"arn:aws:iam::`+vendorAccountID+`:root"}`, "sts:AssumeRole",
			`{"StringLike":{"sts:ExternalId":"*"}}`), verdict{cross: true, third: true}, verdict{cross: true, third: true}},
		{"google-any-user", trustDoc(`{"Federated":"accounts.google.com"}`, "sts:AssumeRoleWithWebIdentity", ""),
			verdict{oidc: true}, verdict{oidc: true}},
		{"github-any-repo", githubSub("repo:*"), verdict{oidc: true}, verdict{oidc: true}},
		{"github-acme", githubSub("repo:acme/*"), verdict{}, verdict{}},
	}
	// The data source sorts roles by name.
	slices.SortFunc(roles, func(a, b roleCase) int { return strings.Compare(a.name, b.name) })
	checks := map[bool][]knownvalue.Check{}
	for _, r := range roles {
		if _, err := f.CreateRole(ctx, r.name, "/", r.trust); err != nil {
			t.Fatal(err)
		}
		for firstParty, v := range map[bool]verdict{false: r.want, true: r.wantFirstParty} {
			checks[firstParty] = append(checks[firstParty], knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"name":                      knownvalue.StringExact(r.name),
				"public":                    knownvalue.Bool(v.public),
				"cross_account":             knownvalue.Bool(v.cross),
				"third_party_trust":         knownvalue.Bool(v.third),
				"external_id_required":      knownvalue.Bool(v.externalID),
				"oidc_subject_unrestricted": knownvalue.Bool(v.oidc),
			}))
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.ProviderConfig() + fmt.Sprintf(`
data "iamaudit_roles" "plain" {}

data "iamaudit_roles" "first_party" {
  first_party_account_ids = [%q]
}
`, siblingAccountID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.iamaudit_roles.plain", tfjsonpath.New("organization_id"), knownvalue.StringExact(orgID)),
				statecheck.ExpectKnownValue("data.iamaudit_roles.plain", tfjsonpath.New("roles"), knownvalue.ListExact(checks[false])),
				statecheck.ExpectKnownValue("data.iamaudit_roles.first_party", tfjsonpath.New("roles"), knownvalue.ListExact(checks[true])),
			},
		}},
	})
}
