package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// randomAccountID is a 12-digit account ID no other test uses (moto's
// AssumeRole acts in any account).
func randomAccountID() string { return fmt.Sprintf("3%011d", rand.Int64N(1e11)) }

// TestAccMemberAccount_resources manages an iamaudit_cross_account_role in
// a member account through member_role: created there (and not in the
// provider's account), updated in place, imported as <account_id>:<name>,
// replaced when account_id names another account, moved back to the
// provider's account (unset account_id), where setting account_id to the
// provider's own account is no replacement; destroyed everywhere.
func TestAccMemberAccount_resources(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	first, second := randomAccountID(), randomAccountID()
	apis := map[string]*iam.Client{first: memberIAM(t, srv, first), second: memberIAM(t, srv, second), acctest.AccountID: srv.IAM()}
	name, iamPath := acctest.RandomName("acc-member-xrole"), acctest.UniquePath(t)
	providerHCL := srv.ProviderConfig(fmt.Sprintf("  member_role {\n    role_name = %q\n  }", orgMemberRole))
	config := func(accountID, description string) string {
		body := []string{
			fmt.Sprintf("trusted_principal_arns = [%q]", "arn:aws:iam::"+acctest.AccountID+":root"),
			`external_id            = "acme-7f3c9e"`,
			`purpose                = "audit"`,
			fmt.Sprintf("description            = %q", description),
		}
		if accountID != "" {
			body = append(body, fmt.Sprintf("account_id             = %q", accountID))
		}
		return roleConfig(providerHCL, name, iamPath, body...)
	}
	arnIn := func(account string) string { return "arn:aws:iam::" + account + ":role" + iamPath + name }
	// onlyIn checks that the role exists, with description, in account
	// and in no other of the test's accounts.
	onlyIn := func(account, description string) acctest.SDKCheck {
		return func(ctx context.Context, _ *tfjson.State) error {
			for id, api := range apis {
				out, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
				var missing *iamtypes.NoSuchEntityException
				switch {
				case id == account && err != nil:
					return fmt.Errorf("role %s in account %s: %w", name, id, err)
				case id == account && aws.ToString(out.Role.Description) != description:
					return fmt.Errorf("role %s in account %s has description %q, want %q", name, id, aws.ToString(out.Role.Description), description)
				case id != account && !errors.As(err, &missing):
					return fmt.Errorf("role %s exists in account %s too (or: %v)", name, id, err)
				}
			}
			return nil
		}
	}
	arn := tfjsonpath.New("arn")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return onlyIn("none", "")(context.Background(), nil)
		},
		Steps: []resource.TestStep{
			{
				Config: config(first, "v1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(roleAddr, arn, knownvalue.StringExact(arnIn(first))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, arn, knownvalue.StringExact(arnIn(first))),
					statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(first)),
					onlyIn(first, "v1"),
				},
			},
			{
				Config: config(first, "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{onlyIn(first, "v2")},
			},
			{
				ResourceName:                         roleAddr,
				ImportState:                          true,
				ImportStateId:                        first + ":" + name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				Config: config(second, "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(roleAddr, arn, knownvalue.StringExact(arnIn(second))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{onlyIn(second, "v2")},
			},
			{
				Config: config("", "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, arn, knownvalue.StringExact(arnIn(acctest.AccountID))),
					onlyIn(acctest.AccountID, "v2"),
				},
			},
			{
				// The provider's own account named explicitly is the same
				// account: the argument changes, the role stays.
				Config: config(acctest.AccountID, "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{onlyIn(acctest.AccountID, "v2")},
			},
		},
	})
}
