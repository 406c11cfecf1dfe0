package provider

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

func TestAccGroups_basic(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	ctx := t.Context()
	f := srv.Fixtures()
	path := acctest.UniquePath(t)
	base := acctest.RandomName("groups")
	admins, developers, empty := base+"-admins", base+"-developers", base+"-empty"

	policyARN, err := f.CreatePolicy(ctx, base+"-read", path,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	expected := map[string]groupExpect{}
	for _, name := range []string{admins, developers, empty} {
		g, err := f.CreateGroup(ctx, name, path)
		if err != nil {
			t.Fatal(err)
		}
		expected[name] = groupExpect{
			name: name, arn: aws.ToString(g.Arn), groupID: aws.ToString(g.GroupId), path: path,
			createDate: formatTime(aws.ToTime(g.CreateDate)),
		}
	}
	// A group under another path with a matching name: path_prefix leaves it out.
	if _, err := f.CreateGroup(ctx, base+"-admins-elsewhere", "/"); err != nil {
		t.Fatal(err)
	}
	// Users are added out of order: members are sorted.
	userZed, userAnn := base+"-zed", base+"-ann"
	for _, u := range []string{userZed, userAnn} {
		if _, err := f.CreateUser(ctx, u, path, nil); err != nil {
			t.Fatal(err)
		}
		if err := f.AddUserToGroup(ctx, admins, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.AddUserToGroup(ctx, developers, userAnn); err != nil {
		t.Fatal(err)
	}
	if err := f.AttachGroupPolicy(ctx, admins, "arn:aws:iam::aws:policy/AdministratorAccess"); err != nil {
		t.Fatal(err)
	}
	if err := f.AttachGroupPolicy(ctx, admins, policyARN); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"deny-billing", "allow-support"} {
		if err := f.PutGroupPolicy(ctx, developers, p,
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"support:*","Resource":"*"}]}`); err != nil {
			t.Fatal(err)
		}
	}
	// Full admin written another way, inline: only inline_policies shows it.
	if err := f.PutGroupPolicy(ctx, developers, "break-glass",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:DeleteAccountAlias","Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	a := expected[admins]
	a.members = []string{userAnn, userZed}
	a.attached = []string{policyARN, "arn:aws:iam::aws:policy/AdministratorAccess"} // sorted: digits before "aws"
	d := expected[developers]
	d.members = []string{userAnn}
	d.inline = []string{"allow-support", "break-glass", "deny-billing"}
	supportPolicy := `{"Statement":[{"Action":"support:*","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
	d.inlinePolicies = []inlineExpect{
		{name: "allow-support", document: supportPolicy},
		{name: "break-glass", document: `{"Statement":[{"Effect":"Allow","NotAction":"iam:DeleteAccountAlias","Resource":"*"}],"Version":"2012-10-17"}`,
			adminExpect: notActionLeak},
		{name: "deny-billing", document: supportPolicy},
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.ProviderConfig() + testAccGroupsConfig(path, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_groups.test", tfjsonpath.New("groups"),
						knownvalue.ListExact([]knownvalue.Check{a.check(), d.check(), expected[empty].check()})),
				},
			},
			{
				Config: srv.ProviderConfig() + testAccGroupsConfig(path, `name_regex = "-(admins|empty)$"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_groups.test", tfjsonpath.New("groups"),
						knownvalue.ListExact([]knownvalue.Check{a.check(), expected[empty].check()})),
				},
			},
			{
				// Without path_prefix the group elsewhere matches too.
				Config: srv.ProviderConfig() + testAccGroupsConfig("", fmt.Sprintf("name_regex = %q", "^"+base+"-admins")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.iamaudit_groups.test", tfjsonpath.New("groups"),
						knownvalue.ListExact([]knownvalue.Check{
							a.check(),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"name":    knownvalue.StringExact(base + "-admins-elsewhere"),
								"path":    knownvalue.StringExact("/"),
								"members": acctest.KnownStrings(nil),
							}),
						})),
				},
			},
		},
	})
}

// groupExpect is what one element of data.iamaudit_groups.groups must hold.
type groupExpect struct {
	name, arn, groupID, path, createDate string
	members, attached, inline            []string
	inlinePolicies                       []inlineExpect
}

// check is the exact knownvalue of the element.
func (g groupExpect) check() knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name":                 knownvalue.StringExact(g.name),
		"arn":                  knownvalue.StringExact(g.arn),
		"group_id":             knownvalue.StringExact(g.groupID),
		"path":                 knownvalue.StringExact(g.path),
		"create_date":          knownvalue.StringExact(g.createDate),
		"members":              acctest.KnownStrings(g.members),
		"attached_policy_arns": acctest.KnownStrings(g.attached),
		"inline_policy_names":  acctest.KnownStrings(g.inline),
		"inline_policies":      knownInlinePolicies(g.inlinePolicies),
	})
}

// testAccGroupsConfig reads the groups under pathPrefix ("" = no filter)
// with extra arguments.
func testAccGroupsConfig(pathPrefix, extra string) string {
	return filteredListConfig("iamaudit_groups", pathPrefix, extra)
}
