package provider

import (
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// TestAccPolicies_scopes runs on its own moto server (with the AWS managed
// policies loaded): iamaudit_policies has no filter, so exact lists need an
// account no other test writes to.
func TestAccPolicies_scopes(t *testing.T) {
	t.Parallel()
	srv := acctest.Dedicated(t, acctest.Options{LoadManagedPolicies: true})
	ctx := t.Context()
	f := srv.Fixtures()
	const adminARN = "arn:aws:iam::aws:policy/AdministratorAccess"

	// Written with unsorted keys and whitespace: document is normalized.
	fullAdmin := createPolicyExpect(t, f, "full-admin", "/", `{
  "Version": "2012-10-17",
  "Statement": [{"Resource": "*", "Action": "*", "Effect": "Allow"}]
}`)
	fullAdmin.document = `{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
	fullAdmin.adminExpect = starOnStar
	fullAdmin.wildcards = []string{`Action "*"`}

	// Everything but IAM on everything: not full admin by definition.
	notAction := createPolicyExpect(t, f, "not-action", "/ops/",
		`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}],"Version":"2012-10-17"}`)
	notAction.wildcards = []string{`NotAction "iam:*"`}

	// Admin written another way (the literal "*:*" test misses them): every
	// action but one IAM write, and "*" split over two statements.
	leak := createPolicyExpect(t, f, "not-action-leak", "/",
		`{"Statement":[{"Effect":"Allow","NotAction":"iam:DeleteAccountAlias","Resource":"*"}],"Version":"2012-10-17"}`)
	leak.adminExpect = notActionLeak
	leak.wildcards = []string{`NotAction "iam:DeleteAccountAlias"`}
	split := createPolicyExpect(t, f, "split-admin", "/",
		`{"Statement":[{"Action":"iam:*","Effect":"Allow","Resource":"*"},{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}],"Version":"2012-10-17"}`)
	split.adminExpect = adminExpect{admin: true, reason: "2 Allow statements on all resources together allow every action"}
	split.wildcards = []string{`Action "iam:*"`, `NotAction "iam:*"`}
	// A permissions boundary attached to nothing (Security Hub IAM.1 and
	// IAM.21 skip it), used by one role; ec2:Describe* is no service wildcard.
	boundary := createPolicyExpect(t, f, "boundary", "/",
		`{"Statement":[{"Action":["ec2:Describe*","s3:*"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`)
	boundary.boundaryUses, boundary.wildcards = 1, []string{`Action "s3:*"`}

	// Version 2, the default, grants "*:*" in a list.
	versioned := createPolicyExpect(t, f, "versioned", "/",
		`{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`)
	v2 := `{"Statement":[{"Action":["s3:GetObject","*:*"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
	if _, err := f.IAM.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
		PolicyArn: aws.String(versioned.arn), PolicyDocument: aws.String(v2), SetAsDefault: true,
	}); err != nil {
		t.Fatalf("iam:CreatePolicyVersion: %v", err)
	}
	versioned.defaultVersion, versioned.document = "v2", v2
	versioned.adminExpect = adminExpect{admin: true, starOnStar: true, reason: `Action ["s3:GetObject","*:*"] on Resource "*" allows every action`}
	versioned.wildcards = []string{`Action "*:*"`}

	// Attachments count, and make AdministratorAccess part of scope All.
	if _, err := f.CreateRole(ctx, "operator", "/", trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateUser(ctx, "oncall", "/", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.IAM.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{
		RoleName: aws.String("operator"), PermissionsBoundary: aws.String(boundary.arn),
	}); err != nil {
		t.Fatalf("iam:PutRolePermissionsBoundary: %v", err)
	}
	for _, arn := range []string{notAction.arn, adminARN} {
		if err := f.AttachRolePolicy(ctx, "operator", arn); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.AttachUserPolicy(ctx, "oncall", notAction.arn); err != nil {
		t.Fatal(err)
	}
	notAction.attachments = 2
	administratorAccess := policyExpect{
		name: "AdministratorAccess", arn: adminARN, path: "/", awsManaged: true, attachments: 1,
		defaultVersion: "v1", adminExpect: starOnStar, wildcards: []string{`Action "*"`},
		document: `{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`,
	}
	local := []knownvalue.Check{boundary.check(), fullAdmin.check(), notAction.check(), leak.check(), split.check(), versioned.check()}
	all := append([]knownvalue.Check{administratorAccess.check()}, local...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      srv.ProviderConfig() + `data "iamaudit_policies" "test" { scope = "Global" }`,
				PlanOnly:    true,
				ExpectError: expectErrorText(`value must be one of: ["Local" "All"]`),
			},
			{
				Config: srv.ProviderConfig() + `data "iamaudit_policies" "test" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_policies.test", tfjsonpath.New("scope"), knownvalue.StringExact("Local")),
					statecheck.ExpectKnownValue("data.iamaudit_policies.test", tfjsonpath.New("policies"), knownvalue.ListExact(local)),
				},
			},
			{
				Config: srv.ProviderConfig() + `data "iamaudit_policies" "test" { scope = "All" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_policies.test", tfjsonpath.New("scope"), knownvalue.StringExact("All")),
					statecheck.ExpectKnownValue("data.iamaudit_policies.test", tfjsonpath.New("policies"), knownvalue.ListExact(all)),
				},
			},
		},
	})
}

// policyExpect is what one element of data.iamaudit_policies.policies must hold.
type policyExpect struct {
	name, arn, path, defaultVersion, document string
	awsManaged                                bool
	attachments, boundaryUses                 int64
	wildcards                                 []string // service_wildcards
	adminExpect
}

// check is the exact knownvalue of the element.
func (p policyExpect) check() knownvalue.Check {
	attrs := p.checks()
	maps.Copy(attrs, map[string]knownvalue.Check{
		"name":               knownvalue.StringExact(p.name),
		"arn":                knownvalue.StringExact(p.arn),
		"path":               knownvalue.StringExact(p.path),
		"aws_managed":        knownvalue.Bool(p.awsManaged),
		"attachment_count":   knownvalue.Int64Exact(p.attachments),
		"default_version_id": knownvalue.StringExact(p.defaultVersion),
		"document":           knownvalue.StringExact(p.document),
		// moto counts roles' boundaries only (the harness wrapper; moto stores no user boundaries).
		"permissions_boundary_usage_count": knownvalue.Int64Exact(p.boundaryUses),
		"service_wildcards":                knownvalue.ListExact(acctest.ExactStrings(p.wildcards)),
	})
	return knownvalue.ObjectExact(attrs)
}

// createPolicyExpect creates a customer managed policy and returns its
// expectation with document = doc (callers override it when doc is not
// already normalized).
func createPolicyExpect(t *testing.T, f *acctest.Fixtures, name, path, doc string) policyExpect {
	t.Helper()
	arn, err := f.CreatePolicy(t.Context(), name, path, doc)
	if err != nil {
		t.Fatal(err)
	}
	return policyExpect{name: name, arn: arn, path: path, defaultVersion: "v1", document: doc}
}
