package provider

import (
	"context"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/faultproxy"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

const readerUserAddr = "iamaudit_reader_user.test"

// timestampRE matches the provider's timestamp form.
var timestampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// wrappedRE matches text in Terraform's error output, which wraps lines:
// every space may be any run of whitespace.
func wrappedRE(text string) *regexp.Regexp {
	parts := strings.Fields(text)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `\s+`))
}

// readerPolicyJSON is the document of a purpose in moto's account.
func readerPolicyJSON(t *testing.T, purpose string, extra []string) string {
	t.Helper()
	doc, _, err := policydoc.ReaderPolicy(purpose, "aws", acctest.AccountID, extra)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func readerUserPolicyARN(iamPath, name string) string {
	return testAccount.PolicyARN(iamPath, iamidentity.ReaderPolicyName(name))
}

// readerUserConfig is a provider block and one iamaudit_reader_user "test".
func readerUserConfig(providerHCL, name, iamPath string, body ...string) string {
	return identityResourceConfig(providerHCL, "iamaudit_reader_user", name, iamPath, body...)
}

// callerARNWithKey signs sts:GetCallerIdentity with a key and returns the caller.
func callerARNWithKey(ctx context.Context, srv *acctest.Server, keyID, secret string) (string, error) {
	cfg := aws.Config{
		Region:       acctest.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint: aws.String(srv.Endpoint()),
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Arn), nil
}

func TestAccReaderUser_lifecycle(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-reader"), acctest.UniquePath(t)
	policyARN := readerUserPolicyARN(iamPath, name)
	userARN := "arn:aws:iam::" + acctest.AccountID + ":user" + iamPath + name
	audit := readerPolicyJSON(t, "audit", nil)
	inventory := readerPolicyJSON(t, "iam-inventory", []string{"s3:ListAllMyBuckets"})
	entity, pgpKey := acctest.PGPKey(t)
	fingerprint := hex.EncodeToString(entity.PrimaryKey.Fingerprint)
	sameKey := statecheck.CompareValue(compare.ValuesSame())
	keyChanges := statecheck.CompareValue(compare.ValuesDiffer())
	inventoryBody := []string{`purpose = "iam-inventory"`, `extra_actions = ["s3:ListAllMyBuckets"]`, `tags = { team = "platform", env = "prod" }`}
	attr := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

	// keyInAWS checks that the user's only key is the one in state.
	keyInAWS := acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
		id, err := acctest.StateString(state, readerUserAddr, "access_key_id")
		if err != nil {
			return err
		}
		ids, err := acctest.AccessKeyIDs(ctx, api, name)
		if err != nil {
			return err
		}
		if !slices.Equal(ids, []string{id}) {
			return fmt.Errorf("keys of %s are %v, want only %s", name, ids, id)
		}
		return nil
	})
	// wiringInAWS checks membership, attachment and the policy document.
	wiringInAWS := func(doc string) acctest.SDKCheck {
		return func(ctx context.Context, _ *tfjson.State) error {
			groups, err := acctest.GroupsOf(ctx, api, name)
			if err != nil {
				return err
			}
			if !slices.Equal(groups, []string{name}) {
				return fmt.Errorf("groups of %s are %v, want [%s]", name, groups, name)
			}
			attached, err := acctest.AttachedGroupPolicies(ctx, api, name)
			if err != nil || !slices.Equal(attached, []string{policyARN}) {
				return fmt.Errorf("policies attached to group %s: %v, %v; want %s", name, attached, err, policyARN)
			}
			direct, err := api.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(name)})
			if err != nil || len(direct.AttachedPolicies) != 0 {
				return fmt.Errorf("user %s has directly attached policies: %v, %v", name, direct, err)
			}
			return acctest.ExpectEquivalentPolicy(ctx, api, policyARN, doc)
		}
	}
	tagsInAWS := func(want map[string]string) acctest.SDKCheck {
		return func(ctx context.Context, _ *tfjson.State) error {
			got, err := acctest.UserTags(ctx, api, name)
			if err != nil {
				return err
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("tags of %s are %v, want %v", name, got, want)
			}
			return nil
		}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(api, []string{name}, []string{name}, nil, []string{policyARN}),
		Steps: []resource.TestStep{
			{
				// Create: user, group, policy, attachment, membership, key.
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, `tags = { team = "security" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(readerUserAddr, attr("arn"), knownvalue.StringExact(userARN)),
					plancheck.ExpectKnownValue(readerUserAddr, attr("policy_arn"), knownvalue.StringExact(policyARN)),
					plancheck.ExpectKnownValue(readerUserAddr, attr("policy_document"), knownvalue.StringExact(audit)),
					plancheck.ExpectKnownValue(readerUserAddr, attr("purpose"), knownvalue.StringExact("audit")),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("access_key_id")),
					plancheck.ExpectSensitiveValue(readerUserAddr, attr("secret_access_key")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("arn"), knownvalue.StringExact(userARN)),
					statecheck.ExpectKnownValue(readerUserAddr, attr("unique_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(readerUserAddr, attr("group_name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(readerUserAddr, attr("policy_arn"), knownvalue.StringExact(policyARN)),
					statecheck.ExpectKnownValue(readerUserAddr, attr("policy_document"), knownvalue.StringExact(audit)),
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_status"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_create_date"), knownvalue.StringRegexp(timestampRE)),
					statecheck.ExpectKnownValue(readerUserAddr, attr("secret_access_key"), knownvalue.StringRegexp(regexp.MustCompile(`^\S{20,}$`))),
					statecheck.ExpectKnownValue(readerUserAddr, attr("encrypted_secret_access_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(readerUserAddr, attr("key_fingerprint"), knownvalue.Null()),
					statecheck.ExpectSensitiveValue(readerUserAddr, attr("secret_access_key")),
					sameKey.AddStateValue(readerUserAddr, attr("access_key_id")),
					keyInAWS, wiringInAWS(audit), tagsInAWS(map[string]string{"team": "security"}),
					// The secret works: it signs requests as the new user.
					acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
						id, _ := acctest.StateString(state, readerUserAddr, "access_key_id")
						secret, _ := acctest.StateString(state, readerUserAddr, "secret_access_key")
						arn, err := callerARNWithKey(ctx, srv, id, secret)
						if err != nil || arn != userARN {
							return fmt.Errorf("caller with the new key = %q, %v; want %s", arn, err, userARN)
						}
						return nil
					}),
				},
			},
			{
				// Update in place: purpose, extra actions and tags; the key stays.
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, inventoryBody...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(readerUserAddr, attr("policy_document"), knownvalue.StringExact(inventory)),
					plancheck.ExpectKnownValue(readerUserAddr, attr("unique_id"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("policy_document"), knownvalue.StringExact(inventory)),
					sameKey.AddStateValue(readerUserAddr, attr("access_key_id")),
					keyChanges.AddStateValue(readerUserAddr, attr("access_key_id")),
					keyInAWS, wiringInAWS(inventory), tagsInAWS(map[string]string{"team": "platform", "env": "prod"}),
				},
			},
			{
				// Import by user name; the secret is not recoverable.
				ResourceName:                         readerUserAddr,
				ImportState:                          true,
				ImportStateId:                        name,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
				ImportStateVerifyIgnore:              []string{"secret_access_key"},
			},
			{
				// Drift: policy edited, membership removed, key deleted outside
				// Terraform. The plan shows the repair, apply makes a new key.
				PreConfig: func() {
					ctx := context.Background()
					mustSDK(t)(api.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
						PolicyArn:      aws.String(policyARN),
						PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`),
						SetAsDefault:   true,
					}))
					mustSDK(t)(api.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(name), UserName: aws.String(name)}))
					ids, err := acctest.AccessKeyIDs(ctx, api, name)
					if err != nil || len(ids) != 1 {
						t.Fatalf("keys of %s: %v, %v", name, ids, err)
					}
					mustSDK(t)(api.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(name), AccessKeyId: aws.String(ids[0])}))
				},
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, inventoryBody...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(readerUserAddr, attr("group_name"), knownvalue.StringExact(name)),
					plancheck.ExpectKnownValue(readerUserAddr, attr("policy_document"), knownvalue.StringExact(inventory)),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("access_key_id")),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("secret_access_key")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("group_name"), knownvalue.StringExact(name)),
					keyChanges.AddStateValue(readerUserAddr, attr("access_key_id")),
					keyInAWS, wiringInAWS(inventory),
				},
			},
			{
				// Drift: the key deactivated outside Terraform is activated again.
				PreConfig: func() {
					ctx := context.Background()
					ids, err := acctest.AccessKeyIDs(ctx, api, name)
					if err != nil || len(ids) != 1 {
						t.Fatalf("keys of %s: %v, %v", name, ids, err)
					}
					mustSDK(t)(api.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
						UserName: aws.String(name), AccessKeyId: aws.String(ids[0]), Status: iamtypes.StatusTypeInactive,
					}))
				},
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, inventoryBody...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(readerUserAddr, attr("access_key_status"), knownvalue.StringExact("Active")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_status"), knownvalue.StringExact("Active")),
					keyInAWS,
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						out, err := api.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(name)})
						if err != nil || len(out.AccessKeyMetadata) != 1 || out.AccessKeyMetadata[0].Status != iamtypes.StatusTypeActive {
							return fmt.Errorf("keys of %s: %+v, %v; want one active key", name, out, err)
						}
						return nil
					}),
				},
			},
			{
				// pgp_key: a new key whose secret is only stored encrypted.
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, append(slices.Clone(inventoryBody), fmt.Sprintf("pgp_key = %q", pgpKey))...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("access_key_id")),
					plancheck.ExpectKnownValue(readerUserAddr, attr("secret_access_key"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("secret_access_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(readerUserAddr, attr("key_fingerprint"), knownvalue.StringExact(fingerprint)),
					keyChanges.AddStateValue(readerUserAddr, attr("access_key_id")),
					keyInAWS,
					acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
						id, _ := acctest.StateString(state, readerUserAddr, "access_key_id")
						encrypted, err := acctest.StateString(state, readerUserAddr, "encrypted_secret_access_key")
						if err != nil {
							return err
						}
						secret, err := acctest.PGPDecrypt(entity, encrypted)
						if err != nil {
							return fmt.Errorf("decrypting encrypted_secret_access_key: %w", err)
						}
						if arn, err := callerARNWithKey(ctx, srv, id, secret); err != nil || arn != userARN {
							return fmt.Errorf("caller with the decrypted secret = %q, %v; want %s", arn, err, userARN)
						}
						return nil
					}),
				},
			},
			{
				// create_access_key = false deletes the key.
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, append(slices.Clone(inventoryBody), "create_access_key = false")...),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(readerUserAddr, attr("encrypted_secret_access_key"), knownvalue.Null()),
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						ids, err := acctest.AccessKeyIDs(ctx, api, name)
						if err != nil || len(ids) != 0 {
							return fmt.Errorf("keys of %s are %v, %v; want none", name, ids, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

// mustSDK returns a function that fails the test on an SDK error:
// mustSDK(t)(api.Call(...)).
func mustSDK(t *testing.T) func(any, error) {
	return func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestAccReaderUser_rotation rotates a key that is really old in moto: the
// user, group, policy and key are seeded 100 days in the past (moto's clock
// shifted per request), imported, and rotate_after_days decides.
func TestAccReaderUser_rotation(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-rotate"), acctest.UniquePath(t)
	policyARN := readerUserPolicyARN(iamPath, name)
	var oldKey string
	err := srv.InPast(t.Context(), 100, func(ctx context.Context) error {
		f := srv.Fixtures()
		if _, err := f.CreateUser(ctx, name, iamPath, nil); err != nil {
			return err
		}
		if _, err := f.CreateGroup(ctx, name, iamPath); err != nil {
			return err
		}
		if _, err := f.CreatePolicy(ctx, iamidentity.ReaderPolicyName(name), iamPath, readerPolicyJSON(t, "audit", nil)); err != nil {
			return err
		}
		if err := f.AttachGroupPolicy(ctx, name, policyARN); err != nil {
			return err
		}
		if err := f.AddUserToGroup(ctx, name, name); err != nil {
			return err
		}
		var err error
		oldKey, _, err = f.CreateAccessKey(ctx, name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	attr := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	config := func(days int) string {
		return readerUserConfig(srv.ProviderConfig(), name, iamPath, fmt.Sprintf("rotate_after_days = %d", days))
	}
	today := time.Now().UTC().Format("2006-01-02")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(api, []string{name}, []string{name}, nil, []string{policyARN}),
		Steps: []resource.TestStep{
			{
				Config:             config(200),
				ResourceName:       readerUserAddr,
				ImportState:        true,
				ImportStateId:      name,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if a["access_key_id"] != oldKey || a["purpose"] != "audit" || a["create_access_key"] != "true" || a["secret_access_key"] != "" {
						return fmt.Errorf("imported %v; want the old key %s adopted without secret, purpose audit", a, oldKey)
					}
					created, err := time.Parse(time.RFC3339, a["access_key_create_date"])
					if err != nil || time.Since(created) < 99*24*time.Hour {
						return fmt.Errorf("access_key_create_date = %q, want about 100 days ago", a["access_key_create_date"])
					}
					return nil
				},
			},
			{
				// 100 days < 200: no rotation, only the new argument.
				Config: config(200),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(readerUserAddr, attr("access_key_id"), knownvalue.StringExact(oldKey)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_id"), knownvalue.StringExact(oldKey)),
				},
			},
			{
				// 100 days >= 90: the plan shows the key attributes unknown;
				// apply creates the new key, then deletes the old one.
				Config: config(90),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("access_key_id")),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("secret_access_key")),
					plancheck.ExpectUnknownValue(readerUserAddr, attr("access_key_create_date")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, attr("access_key_create_date"), knownvalue.StringRegexp(regexp.MustCompile("^"+today))),
					statecheck.ExpectKnownValue(readerUserAddr, attr("secret_access_key"), knownvalue.NotNull()),
					acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
						id, err := acctest.StateString(state, readerUserAddr, "access_key_id")
						if err != nil {
							return err
						}
						ids, err := acctest.AccessKeyIDs(ctx, api, name)
						if err != nil || id == oldKey || !slices.Equal(ids, []string{id}) {
							return fmt.Errorf("keys of %s after rotation are %v (%v), state has %s; want only a new key, %s deleted", name, ids, err, id, oldKey)
						}
						return nil
					}),
				},
			},
			{
				// A fresh key is not rotated again.
				Config: config(90),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestAccReaderUser_rotationBlockedByTwoKeys: rotation needs a free key
// slot; with a key the resource does not manage, apply explains.
func TestAccReaderUser_rotationBlockedByTwoKeys(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	name, iamPath := acctest.RandomName("acc-twokeys"), acctest.UniquePath(t)
	policyARN := readerUserPolicyARN(iamPath, name)
	clock := func() time.Time { return time.Now().Add(48 * time.Hour) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithClock(clock),
		CheckDestroy:             acctest.CheckDestroyed(api, []string{name}, []string{name}, nil, []string{policyARN}),
		Steps: []resource.TestStep{
			{
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, "force_destroy = true"),
			},
			{
				// Two days later (the resource's clock) the key is due, but the
				// user has a second key it does not manage.
				PreConfig: func() {
					if _, _, err := srv.Fixtures().CreateAccessKey(context.Background(), name); err != nil {
						t.Fatal(err)
					}
				},
				Config:      readerUserConfig(srv.ProviderConfig(), name, iamPath, "force_destroy = true", "rotate_after_days = 2"),
				ExpectError: wrappedRE("already has two access keys, the most IAM allows"),
			},
		},
	})
}

func TestAccReaderUser_createFailureRollsBack(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	tests := []struct {
		name     string
		conflict func(ctx context.Context, name, iamPath string) error
		errRE    string
		left     func(name, iamPath string) (users, groups, policies []string)
		kept     func(ctx context.Context, name, iamPath string) error
	}{
		{
			// CreatePolicy fails after the user and group exist: both are removed.
			name: "policy",
			conflict: func(ctx context.Context, name, iamPath string) error {
				_, err := srv.Fixtures().CreatePolicy(ctx, iamidentity.ReaderPolicyName(name), iamPath, readerPolicyJSON(t, "audit", nil))
				return err
			},
			errRE: "iam:CreatePolicy failed",
			left: func(name, iamPath string) ([]string, []string, []string) {
				return []string{name}, []string{name}, nil
			},
			kept: func(ctx context.Context, name, iamPath string) error {
				_, err := api.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(readerUserPolicyARN(iamPath, name))})
				return err
			},
		},
		{
			// CreateGroup fails after the user exists: the user is removed.
			name: "group",
			conflict: func(ctx context.Context, name, iamPath string) error {
				_, err := srv.Fixtures().CreateGroup(ctx, name, "/other/")
				return err
			},
			errRE: "iam:CreateGroup failed",
			left: func(name, iamPath string) ([]string, []string, []string) {
				return []string{name}, nil, []string{readerUserPolicyARN(iamPath, name)}
			},
			kept: func(ctx context.Context, name, _ string) error {
				_, err := api.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(name)})
				return err
			},
		},
		{
			// CreateUser fails: nothing was created, and the existing user is
			// not touched.
			name: "user",
			conflict: func(ctx context.Context, name, _ string) error {
				_, err := srv.Fixtures().CreateUser(ctx, name, "/other/", nil)
				return err
			},
			errRE: "iam:CreateUser failed",
			left: func(name, iamPath string) ([]string, []string, []string) {
				return nil, []string{name}, []string{readerUserPolicyARN(iamPath, name)}
			},
			kept: func(ctx context.Context, name, _ string) error {
				_, err := api.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			name, iamPath := acctest.RandomName("acc-rollback"), acctest.UniquePath(t)
			if err := tt.conflict(t.Context(), name, iamPath); err != nil {
				t.Fatal(err)
			}
			pattern := regexp.QuoteMeta(tt.errRE) + `[\s\S]*EntityAlreadyExists`
			if tt.name != "user" {
				pattern += `[\s\S]*Unable to Create IAM Reader User: Rolled Back[\s\S]*Nothing is\s+left in\s+AWS`
			}
			errRE := regexp.MustCompile(pattern)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      readerUserConfig(srv.ProviderConfig(), name, iamPath),
					ExpectError: errRE,
				}},
			})
			users, groups, policies := tt.left(name, iamPath)
			if err := acctest.ExpectGone(t.Context(), api, users, groups, nil, policies); err != nil {
				t.Errorf("after the failed create: %v", err)
			}
			if err := tt.kept(t.Context(), name, iamPath); err != nil {
				t.Errorf("the conflicting entity was not kept: %v", err)
			}
		})
	}
}

func TestAccReaderUser_forceDestroy(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	f := srv.Fixtures()
	name, iamPath := acctest.RandomName("acc-force"), acctest.UniquePath(t)
	policyARN := readerUserPolicyARN(iamPath, name)
	var mfaSerial string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := acctest.CheckDestroyed(api, []string{name}, []string{name}, nil, []string{policyARN})(s); err != nil {
				return err
			}
			out, err := api.ListVirtualMFADevices(context.Background(), &iam.ListVirtualMFADevicesInput{})
			if err != nil {
				return err
			}
			for _, d := range out.VirtualMFADevices {
				if aws.ToString(d.SerialNumber) == mfaSerial {
					return fmt.Errorf("virtual MFA device %s left", mfaSerial)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: readerUserConfig(srv.ProviderConfig(), name, iamPath)},
			{
				// Things someone else added block the destroy, which lists them.
				PreConfig: func() {
					ctx := context.Background()
					if _, _, err := f.CreateAccessKey(ctx, name); err != nil {
						t.Fatal(err)
					}
					if err := f.CreateLoginProfile(ctx, name); err != nil {
						t.Fatal(err)
					}
					var err error
					if mfaSerial, err = f.EnableVirtualMFA(ctx, name); err != nil {
						t.Fatal(err)
					}
					if err := f.PutUserPolicy(ctx, name, "extra", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`); err != nil {
						t.Fatal(err)
					}
				},
				Config:      readerUserConfig(srv.ProviderConfig(), name, iamPath),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Cannot Delete IAM Reader User.*access key .*console password \(login\s+profile\).*MFA\s+device.*inline user\s+policy extra.*force_destroy = true`),
			},
			{
				// Nothing was deleted; force_destroy is applied in place.
				Config: readerUserConfig(srv.ProviderConfig(), name, iamPath, "force_destroy = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						ids, err := acctest.AccessKeyIDs(ctx, api, name)
						if err != nil || len(ids) != 2 {
							return fmt.Errorf("keys of %s are %v, %v; want both still there", name, ids, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccReaderUser_validation(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	name := acctest.RandomName("acc-invalid")
	tests := []struct {
		name  string
		body  []string
		user  string
		path  string
		errRE string
	}{
		{"name characters", nil, "bad name!", "/", "must be 1 to 64 characters of letters, digits and +=,.@-_"},
		{"name length", nil, strings.Repeat("a", 65), "/", "must be 1 to 64 characters"},
		{"path", nil, name, "audit", `must be "/" or begin and end with "/"`},
		{"unknown purpose", []string{`purpose = "admin"`}, name, "/", `value must be one of: ["audit" "iam-inventory" "key-rotation-self"]`},
		{"malformed policy_json", []string{`policy_json = "{\"Statement\": ["`}, name, "/", "Invalid Policy Document"},
		{"policy_json without statements", []string{`policy_json = jsonencode({Version = "2012-10-17"})`}, name, "/", "the policy document needs a Statement"},
		{"purpose and policy_json", []string{`purpose = "audit"`, `policy_json = jsonencode({Statement = [{Effect = "Allow", Action = "s3:*", Resource = "*"}]})`}, name, "/", "cannot be configured together"},
		{"wildcard without opt-in", []string{`extra_actions = ["s3:Get*"]`}, name, "/", "Wildcard Action Not Allowed"},
		{"bad action", []string{`extra_actions = ["ListUsers"]`}, name, "/", `Invalid action name "ListUsers"`},
		{"rotate_after_days 0", []string{"rotate_after_days = 0"}, name, "/", "value must be at least 1"},
		{"rotation without key", []string{"create_access_key = false", "rotate_after_days = 30"}, name, "/", "create_access_key is false"},
		{"pgp key", []string{`pgp_key = "bm90IGEga2V5"`}, name, "/", "Invalid PGP Key"},
		{"boundary", []string{`permissions_boundary = "SecurityAudit"`}, name, "/", "must be a managed policy ARN"},
		{"tag key", []string{`tags = { "" = "x" }`}, name, "/", "length must be between 1 and 128"},
	}
	steps := make([]resource.TestStep, 0, len(tests))
	for _, tt := range tests {
		steps = append(steps, invalidConfigStep(readerUserConfig(srv.ProviderConfig(), tt.user, tt.path, tt.body...), tt.errRE))
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// TestAccReaderUser_eventualConsistency: right after create IAM may not
// show the new user yet; the resource retries NoSuchEntity instead of
// failing or dropping it.
func TestAccReaderUser_eventualConsistency(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	proxy := startIAMStub(t, srv.Endpoint(), faultproxy.StubOptions{Errors: []faultproxy.StubError{
		{Action: "GetUser", After: "CreateAccessKey", Status: 404, Code: "NoSuchEntity", Message: "The user cannot be found.", Count: 2},
		{Action: "AddUserToGroup", Status: 404, Code: "NoSuchEntity", Message: "The group cannot be found.", Count: 1},
	}})
	name, iamPath := acctest.RandomName("acc-eventual"), acctest.UniquePath(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(srv.IAM(), []string{name}, []string{name}, nil, []string{readerUserPolicyARN(iamPath, name)}),
		Steps: []resource.TestStep{{
			Config: readerUserConfig(proxyProviderConfig(proxy.URL()), name, iamPath),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(readerUserAddr, tfjsonpath.New("group_name"), knownvalue.StringExact(name)),
				acctest.SDKCheck(func(context.Context, *tfjson.State) error {
					if proxy.Injected("GetUser") != 2 || proxy.Injected("AddUserToGroup") != 1 {
						return fmt.Errorf("injected %d GetUser and %d AddUserToGroup faults, want 2 and 1",
							proxy.Injected("GetUser"), proxy.Injected("AddUserToGroup"))
					}
					return nil
				}),
			},
		}},
	})
}

// TestReaderUserPlanAccessKey covers the plan-time key decisions with an
// injected clock.
func TestReaderUserPlanAccessKey(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	state := func() *readerUserModel {
		return &readerUserModel{
			CreateAccessKey:     types.BoolValue(true),
			AccessKeyID:         types.StringValue("AKIAOLD"),
			AccessKeyStatus:     types.StringValue("Active"),
			AccessKeyCreateDate: types.StringValue(created.Format(time.RFC3339)),
			SecretAccessKey:     types.StringValue("secret"),
			PGPKey:              types.StringNull(),
		}
	}
	tests := []struct {
		name    string
		now     time.Time
		plan    func(m *readerUserModel)
		noState bool
		// want is "keep", "new" or "none".
		want string
	}{
		{"no rotation configured", created.Add(1000 * 24 * time.Hour), func(*readerUserModel) {}, false, "keep"},
		{"one second short of 30 days", created.Add(30*24*time.Hour - time.Second), func(m *readerUserModel) { m.RotateAfterDays = types.Int64Value(30) }, false, "keep"},
		{"exactly 30 days", created.Add(30 * 24 * time.Hour), func(m *readerUserModel) { m.RotateAfterDays = types.Int64Value(30) }, false, "new"},
		{"older than rotate_after_days", created.Add(90 * 24 * time.Hour), func(m *readerUserModel) { m.RotateAfterDays = types.Int64Value(1) }, false, "new"},
		{"pgp_key changed", created, func(m *readerUserModel) { m.PGPKey = types.StringValue("key") }, false, "new"},
		{"create", created, func(*readerUserModel) {}, true, "new"},
		{"no key wanted", created, func(m *readerUserModel) { m.CreateAccessKey = types.BoolValue(false) }, false, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &readerUserResource{data: &providerData{now: func() time.Time { return tt.now }}}
			plan := state()
			plan.RotateAfterDays = types.Int64Null()
			tt.plan(plan)
			var prior *readerUserModel
			if !tt.noState {
				prior = state()
			}
			r.planAccessKey(t.Context(), plan, prior)
			var got string
			switch {
			case plan.AccessKeyID.IsUnknown():
				got = "new"
			case plan.AccessKeyID.IsNull():
				got = "none"
			case plan.AccessKeyID.ValueString() == "AKIAOLD" && plan.SecretAccessKey.ValueString() == "secret":
				got = "keep"
			}
			if got != tt.want {
				t.Fatalf("planAccessKey() planned %q (%+v), want %q", got, plan, tt.want)
			}
			if got == "new" && plan.PGPKey.IsNull() != plan.EncryptedSecretAccessKey.IsNull() {
				t.Fatalf("encrypted_secret_access_key = %v with pgp_key %v", plan.EncryptedSecretAccessKey, plan.PGPKey)
			}
		})
	}
}

// providerFactoriesWithClock is the provider on another clock, so
// rotate_after_days can be tested without waiting days.
func providerFactoriesWithClock(now func() time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"iamaudit": withoutError(protocolServerFor(&iamauditProvider{version: "test", now: now})),
	}
}

// centralDataSources need the organization-central reader policy, not
// audit (TestAccOrganization_audit proves that policy exact).
var centralDataSources = []string{"iamaudit_organization_accounts"}

// everyDataSourceHCL declares every data source the provider has (from the
// registry, so one added later is covered too) but centralDataSources for
// the given provider alias; required arguments are filled in ("name" =
// userName).
func everyDataSourceHCL(t *testing.T, alias, userName string) (hcl string, addresses []string) {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, newDataSource := range providerDataSources {
		ds := newDataSource()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "iamaudit"}, &meta)
		if slices.Contains(centralDataSources, meta.TypeName) {
			continue
		}
		var sch datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sch)
		fmt.Fprintf(&b, "data %q \"every\" {\n  provider = iamaudit.%s\n", meta.TypeName, alias)
		for _, attrName := range slices.Sorted(maps.Keys(sch.Schema.Attributes)) {
			if !sch.Schema.Attributes[attrName].IsRequired() {
				continue
			}
			if attrName != "name" {
				t.Fatalf("data source %s requires %q: teach everyDataSourceHCL a value for it", meta.TypeName, attrName)
			}
			fmt.Fprintf(&b, "  name = %q\n", userName)
		}
		b.WriteString("}\n")
		addresses = append(addresses, "data."+meta.TypeName+".every")
	}
	return b.String(), addresses
}

// iamWithKey is an IAM client for the server signed with a key.
func iamWithKey(srv *acctest.Server, keyID, secret string) *iam.Client {
	return iam.NewFromConfig(aws.Config{
		Region:       acctest.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint: aws.String(srv.Endpoint()),
		// One attempt: moto answers 500 for actions it does not implement.
		RetryMaxAttempts: 1,
	})
}

// keyFromState returns the access key a reader user resource holds.
func keyFromState(state *tfjson.State, address string) (id, secret string, err error) {
	if id, err = acctest.StateString(state, address, "access_key_id"); err != nil {
		return "", "", err
	}
	secret, err = acctest.StateString(state, address, "secret_access_key")
	return id, secret, err
}

// expectProbes calls the permission probe of each IAM action with client
// as the user: every one must be authorized (a NoSuchEntity answer counts).
func expectProbes(ctx context.Context, client *iam.Client, user string, actions []string) error {
	var iamActions []string
	for _, a := range actions {
		if strings.HasPrefix(a, "iam:") {
			iamActions = append(iamActions, a)
		}
	}
	caller := iamidentity.Caller{IAM: client, ARN: testAccount.UserARN("/", user)}
	got, err := iamidentity.CheckPermissions(ctx, caller, iamActions, 1)
	if err != nil {
		return err
	}
	if len(got.Missing) > 0 {
		return fmt.Errorf("denied: %v", got.Missing)
	}
	return nil
}

// TestAccReaderUser_leastPrivilege proves the reader policies by real
// calls on a moto server that enforces IAM identity policies: an
// administrator creates reader users; in a later step a second provider
// configured with the audit reader's new key reads every data source, and
// the same key is denied writes. The iam-inventory reader's key calls each
// inventory action through the SDK. (moto matches IAM resources only
// against "*", so the resource-scoped key-rotation-self document is
// asserted exactly in TestAccReaderPolicy_purposes instead.)
func TestAccReaderUser_leastPrivilege(t *testing.T) {
	t.Parallel()
	// moto authorizes nothing for the first three actions, which create the
	// administrator; every later call is checked against identity policies.
	srv := acctest.Dedicated(t, acctest.Options{InitialNoAuthActionCount: 3})
	ctx := t.Context()
	bootstrap := srv.IAM()
	mustSDK(t)(bootstrap.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("admin")}))
	mustSDK(t)(bootstrap.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String("admin"), PolicyName: aws.String("administrator"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`),
	}))
	adminKey, err := bootstrap.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("admin")})
	if err != nil {
		t.Fatal(err)
	}
	adminID, adminSecret := aws.ToString(adminKey.AccessKey.AccessKeyId), aws.ToString(adminKey.AccessKey.SecretAccessKey)
	admin := iamWithKey(srv, adminID, adminSecret)
	if _, err := bootstrap.ListUsers(ctx, &iam.ListUsersInput{}); err == nil {
		t.Fatal("moto does not enforce policies: the unknown test key may still list users")
	}

	const auditUser, inventoryUser, auditPath = "reader-audit", "reader-inventory", "/connectors/"
	auditARN := "arn:aws:iam::" + acctest.AccountID + ":user" + auditPath + auditUser
	resources := providerBlock("", srv.Endpoint(), fmt.Sprintf("%q", adminID), fmt.Sprintf("%q", adminSecret)) + fmt.Sprintf(`
resource "iamaudit_reader_user" "audit" {
  name = %[1]q
  path = %[3]q
}
resource "iamaudit_reader_user" "inventory" {
  name    = %[2]q
  purpose = "iam-inventory"
}
`, auditUser, inventoryUser, auditPath)
	reader := providerBlock("reader", srv.Endpoint(), "iamaudit_reader_user.audit.access_key_id", "iamaudit_reader_user.audit.secret_access_key")
	dataSources, addresses := everyDataSourceHCL(t, "reader", auditUser)
	dataSources += `
data "iamaudit_permissions_check" "inventory" {
  provider = iamaudit.reader
  purpose  = "iam-inventory"
}
`
	readChecks := []statecheck.StateCheck{acctest.SDKCheck(func(_ context.Context, state *tfjson.State) error {
		read := map[string]bool{}
		for _, r := range state.Values.RootModule.Resources {
			read[r.Address] = true
		}
		for _, addr := range addresses {
			if !read[addr] {
				return fmt.Errorf("%s was not read", addr)
			}
		}
		return nil
	})}
	auditAllows := func(a string) bool { return slices.Contains(policydoc.AuditActions, a) }
	inventoryAllowed := slices.DeleteFunc(slices.Clone(inventoryActions), func(a string) bool { return !auditAllows(a) })
	inventoryMissing := slices.DeleteFunc(slices.Clone(inventoryActions), auditAllows)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return acctest.ExpectGone(context.Background(), admin, []string{auditUser, inventoryUser}, []string{auditUser, inventoryUser}, nil,
				[]string{readerUserPolicyARN(auditPath, auditUser), readerUserPolicyARN("/", inventoryUser)})
		},
		Steps: []resource.TestStep{
			{
				// The administrator creates the readers.
				Config: resources,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("iamaudit_reader_user.audit", tfjsonpath.New("policy_document"),
						knownvalue.StringExact(auditPolicyJSON(policydoc.AuditActions))),
					statecheck.ExpectKnownValue("iamaudit_reader_user.inventory", tfjsonpath.New("policy_document"),
						knownvalue.StringExact(readStatementJSON("IAMInventoryRead", inventoryActions))),
				},
			},
			{
				// The audit reader's key reads every data source.
				Config: resources + reader + dataSources,
				ConfigStateChecks: append(append(readChecks,
					statecheck.ExpectKnownValue("data.iamaudit_caller_identity.every", tfjsonpath.New("arn"), knownvalue.StringExact(auditARN)),
					statecheck.ExpectKnownValue("data.iamaudit_user.every", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(auditUser)})),
				),
					append(append(permissionsCheckChecks("every", slices.DeleteFunc(slices.Clone(policydoc.AuditActions),
						func(a string) bool { return a == "sts:AssumeRoot" }), nil, []string{"sts:AssumeRoot"}),
						permissionsCheckChecks("inventory", inventoryAllowed, inventoryMissing, nil)...),
						// The audit key calls every audit action through the SDK, and is denied writes.
						acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
							id, secret, err := keyFromState(state, "iamaudit_reader_user.audit")
							if err != nil {
								return err
							}
							client := iamWithKey(srv, id, secret)
							if err := expectProbes(ctx, client, auditUser, policydoc.AuditActions); err != nil {
								return fmt.Errorf("audit reader: %w", err)
							}
							if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("intruder")}); !awserr.IsAccessDenied(err) {
								return fmt.Errorf("audit reader iam:CreateUser: %v, want AccessDenied", err)
							}
							if _, err := client.ListGroups(ctx, &iam.ListGroupsInput{}); !awserr.IsAccessDenied(err) {
								return fmt.Errorf("audit reader iam:ListGroups (not an audit action): %v, want AccessDenied", err)
							}
							return nil
						}),
						// The inventory key calls each inventory action moto implements
						// (all but ListServiceSpecificCredentials), and is denied the rest.
						acctest.SDKCheck(func(ctx context.Context, state *tfjson.State) error {
							id, secret, err := keyFromState(state, "iamaudit_reader_user.inventory")
							if err != nil {
								return err
							}
							client := iamWithKey(srv, id, secret)
							implemented := slices.DeleteFunc(slices.Clone(inventoryActions), func(a string) bool { return a == "iam:ListServiceSpecificCredentials" })
							if err := expectProbes(ctx, client, inventoryUser, implemented); err != nil {
								return fmt.Errorf("inventory reader: %w", err)
							}
							for name, call := range map[string]func() error{
								"iam:CreateUser": func() error {
									return discard(client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("intruder")}))
								},
								"iam:AttachUserPolicy": func() error {
									return discard(client.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{
										UserName: aws.String(inventoryUser), PolicyArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess"),
									}))
								},
								"iam:GetAccountAuthorizationDetails": func() error {
									return discard(client.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{}))
								},
							} {
								if err := call(); !awserr.IsAccessDenied(err) {
									return fmt.Errorf("inventory reader %s: %v, want AccessDenied", name, err)
								}
							}
							return nil
						}),
					)...),
			},
			{
				// The same key is denied a write through the provider.
				Config: resources + reader + fmt.Sprintf(`
resource "iamaudit_cross_account_role" "denied" {
  provider               = iamaudit.reader
  name                   = "denied"
  trusted_principal_arns = [%q]
  external_id            = "denied-1234"
  purpose                = "audit"
}
`, acctest.AccountID),
				ExpectError: regexp.MustCompile(`iam:CreateRole was denied`),
			},
		},
	})
}

// TestAccReaderUser_replaceAndRecreate: a new name replaces everything; a
// user deleted outside Terraform leaves state and the next apply creates it
// again.
func TestAccReaderUser_replaceAndRecreate(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	api := srv.IAM()
	first, second, iamPath := acctest.RandomName("acc-first"), acctest.RandomName("acc-second"), acctest.UniquePath(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: acctest.CheckDestroyed(api, []string{first, second}, []string{first, second}, nil,
			[]string{readerUserPolicyARN(iamPath, first), readerUserPolicyARN(iamPath, second)}),
		Steps: []resource.TestStep{
			{Config: readerUserConfig(srv.ProviderConfig(), first, iamPath)},
			{
				Config: readerUserConfig(srv.ProviderConfig(), second, iamPath),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(readerUserAddr, tfjsonpath.New("group_name"), knownvalue.StringExact(second)),
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						return acctest.ExpectGone(ctx, api, []string{first}, []string{first}, nil, []string{readerUserPolicyARN(iamPath, first)})
					}),
				},
			},
			{
				// Everything deleted outside Terraform: the plan creates it again.
				PreConfig: func() {
					ctx := context.Background()
					ids, err := acctest.AccessKeyIDs(ctx, api, second)
					if err != nil {
						t.Fatal(err)
					}
					ref := iamidentity.ReaderUserRef{Name: second, Path: iamPath, AccessKeyID: ids[0]}
					if err := iamidentity.New(api, testAccount, iamidentity.Options{}).DeleteReaderUser(ctx, ref, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: readerUserConfig(srv.ProviderConfig(), second, iamPath),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(readerUserAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.SDKCheck(func(ctx context.Context, _ *tfjson.State) error {
						groups, err := acctest.GroupsOf(ctx, api, second)
						if err != nil || !slices.Equal(groups, []string{second}) {
							return fmt.Errorf("groups of %s: %v, %v", second, groups, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

// discard keeps only the error of an SDK call.
func discard[T any](_ T, err error) error { return err }
