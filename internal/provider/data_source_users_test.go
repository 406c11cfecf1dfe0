package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// usersAWSManagedPolicyARN is an AWS managed policy the shared moto server loads.
const usersAWSManagedPolicyARN = "arn:aws:iam::aws:policy/SecurityAudit"

// usersTimestampRE matches the provider's timestamp form.
var usersTimestampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// seededKey is an access key the fixture created, as IAM reported it.
type seededKey struct {
	id, secret string
	created    time.Time
	lastUsed   *time.Time // from GetAccessKeyLastUsed
	active     bool
}

// seededUser is a user the fixture created, as IAM reported it.
type seededUser struct {
	name, arn, id string
	created       time.Time
	keys          []seededKey // oldest (credential report slot 1) first
	mfaSerial     string
	mfaEnabled    time.Time
}

// userFixture is what the user data source tests share: three users under
// one unique path of the shared moto server, seeded through the SDK.
//
//   - alice: created 100 days ago with an access key then (slot 1, used 30
//     days ago); a console password last used 40 days ago; a second key
//     created now and deactivated (slot 2); a virtual MFA device; member of
//     the group; a customer managed and an AWS managed policy attached
//     directly; an inline policy; a tag. last_activity_days = 30 (the key).
//   - bob: created now, no password, one active key never used, nothing
//     else. last_activity_days = null (creation dates do not count).
//   - carol: created now, a console password last used 5 days ago, a
//     hardware MFA device, member of the group, no keys.
type userFixture struct {
	path              string
	group             string
	policyARN         string
	alice, bob, carol seededUser
	passwordUsedAlice time.Time
	passwordUsedCarol time.Time
}

// seedUsers seeds a userFixture; every test calls it for its own path.
func seedUsers(t *testing.T, srv *acctest.Server) userFixture {
	t.Helper()
	ctx := t.Context()
	f := srv.Fixtures()
	fx := userFixture{
		path:  acctest.UniquePath(t),
		group: acctest.RandomName("acc-users-group"),
	}
	now := time.Now().UTC().Truncate(time.Second)
	fx.passwordUsedAlice = now.Add(-40 * 24 * time.Hour)
	fx.passwordUsedCarol = now.Add(-5 * 24 * time.Hour)

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding users: %v", err)
		}
	}
	// alice, 100 days ago: the user and her first key.
	must(srv.InPast(ctx, 100, func(ctx context.Context) error {
		var err error
		if fx.alice, err = createSeededUser(ctx, f, "acc-alice", fx.path, map[string]string{"team": "platform"}); err != nil {
			return err
		}
		key, err := createSeededKey(ctx, srv, fx.alice.name)
		fx.alice.keys = append(fx.alice.keys, key)
		return err
	}))
	must(srv.InPast(ctx, 30, func(ctx context.Context) error {
		return f.MarkAccessKeyUsed(ctx, fx.alice.keys[0].id, fx.alice.keys[0].secret)
	}))
	must(f.CreateLoginProfile(ctx, fx.alice.name))
	must(f.MarkPasswordUsed(ctx, fx.alice.name, fx.passwordUsedAlice))
	key, err := createSeededKey(ctx, srv, fx.alice.name)
	must(err)
	must(f.UpdateAccessKeyStatus(ctx, fx.alice.name, key.id, false))
	key.active = false
	fx.alice.keys = append(fx.alice.keys, key)
	fx.alice.mfaSerial, err = f.EnableVirtualMFA(ctx, fx.alice.name)
	must(err)
	fx.alice.mfaEnabled, err = virtualMFAEnableDate(ctx, srv.IAM(), fx.alice.mfaSerial)
	must(err)
	fx.policyARN, err = f.CreatePolicy(ctx, acctest.RandomName("acc-users-policy"), fx.path,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`)
	must(err)
	must(f.AttachUserPolicy(ctx, fx.alice.name, fx.policyARN))
	must(f.AttachUserPolicy(ctx, fx.alice.name, usersAWSManagedPolicyARN))
	must(f.PutUserPolicy(ctx, fx.alice.name, "deny-billing",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"aws-portal:*","Resource":"*"}]}`))
	_, err = f.CreateGroup(ctx, fx.group, fx.path)
	must(err)
	// A group policy must not show among the user's directly attached ones.
	must(f.AttachGroupPolicy(ctx, fx.group, usersAWSManagedPolicyARN))
	must(f.AddUserToGroup(ctx, fx.group, fx.alice.name))

	// bob: one active key, never used.
	fx.bob, err = createSeededUser(ctx, f, "acc-bob", fx.path, nil)
	must(err)
	key, err = createSeededKey(ctx, srv, fx.bob.name)
	must(err)
	fx.bob.keys = append(fx.bob.keys, key)

	// carol: console only, hardware MFA.
	fx.carol, err = createSeededUser(ctx, f, "acc-carol", fx.path, nil)
	must(err)
	must(f.CreateLoginProfile(ctx, fx.carol.name))
	must(f.MarkPasswordUsed(ctx, fx.carol.name, fx.passwordUsedCarol))
	fx.carol.mfaSerial, err = f.EnableHardwareMFA(ctx, fx.carol.name)
	must(err)
	fx.carol.mfaEnabled, err = userMFAEnableDate(ctx, srv.IAM(), fx.carol.name, fx.carol.mfaSerial)
	must(err)
	must(f.AddUserToGroup(ctx, fx.group, fx.carol.name))
	// The server's credential report, like AWS's, stays as first generated
	// for 4 hours: take it again so that it describes the users just seeded.
	_, err = f.RegenerateCredentialReport(ctx)
	must(err)
	return fx
}

// createSeededUser creates a user named prefix-<random>.
func createSeededUser(ctx context.Context, f *acctest.Fixtures, prefix, path string, tags map[string]string) (seededUser, error) {
	u, err := f.CreateUser(ctx, acctest.RandomName(prefix), path, tags)
	if err != nil {
		return seededUser{}, err
	}
	return seededUser{
		name:    aws.ToString(u.UserName),
		arn:     aws.ToString(u.Arn),
		id:      aws.ToString(u.UserId),
		created: aws.ToTime(u.CreateDate),
	}, nil
}

// createSeededKey creates an active key and records what CreateAccessKey returned.
func createSeededKey(ctx context.Context, srv *acctest.Server, user string) (seededKey, error) {
	out, err := srv.IAM().CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		return seededKey{}, fmt.Errorf("iam:CreateAccessKey %s: %w", user, err)
	}
	k := out.AccessKey
	return seededKey{
		id:      aws.ToString(k.AccessKeyId),
		secret:  aws.ToString(k.SecretAccessKey),
		created: aws.ToTime(k.CreateDate),
		active:  true,
	}, nil
}

// usersKeyLastUsed returns what GetAccessKeyLastUsed says about the key.
func usersKeyLastUsed(ctx context.Context, client *iam.Client, keyID string) (*time.Time, error) {
	out, err := client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(keyID)})
	if err != nil {
		return nil, fmt.Errorf("iam:GetAccessKeyLastUsed %s: %w", keyID, err)
	}
	if out.AccessKeyLastUsed == nil {
		return nil, nil
	}
	return out.AccessKeyLastUsed.LastUsedDate, nil
}

// virtualMFAEnableDate returns the EnableDate ListVirtualMFADevices reports.
func virtualMFAEnableDate(ctx context.Context, client *iam.Client, serial string) (time.Time, error) {
	p := iam.NewListVirtualMFADevicesPaginator(client, &iam.ListVirtualMFADevicesInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return time.Time{}, fmt.Errorf("iam:ListVirtualMFADevices: %w", err)
		}
		for _, d := range out.VirtualMFADevices {
			if aws.ToString(d.SerialNumber) == serial {
				return aws.ToTime(d.EnableDate), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("virtual MFA device %s not listed", serial)
}

// userMFAEnableDate returns the EnableDate ListMFADevices reports.
func userMFAEnableDate(ctx context.Context, client *iam.Client, user, serial string) (time.Time, error) {
	out, err := client.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(user)})
	if err != nil {
		return time.Time{}, fmt.Errorf("iam:ListMFADevices %s: %w", user, err)
	}
	for _, d := range out.MFADevices {
		if aws.ToString(d.SerialNumber) == serial {
			return aws.ToTime(d.EnableDate), nil
		}
	}
	return time.Time{}, fmt.Errorf("MFA device %s of %s not listed", serial, user)
}

// withLastUse fills the keys' last use from GetAccessKeyLastUsed; called
// after seeding so that it sees every use.
func (fx *userFixture) withLastUse(t *testing.T, client *iam.Client) {
	t.Helper()
	for _, u := range []*seededUser{&fx.alice, &fx.bob, &fx.carol} {
		for i := range u.keys {
			used, err := usersKeyLastUsed(t.Context(), client, u.keys[i].id)
			if err != nil {
				t.Fatal(err)
			}
			u.keys[i].lastUsed = used
		}
	}
}

// expectedUsers returns the exact users[] elements (or iamaudit_user
// attributes) the fixture's users must read as.
//
// moto deviations, asserted as moto behaves (the provider passes the report
// through; on AWS the values in brackets are expected):
//   - password_last_changed is the user's creation time for every user
//     [AWS: when the password was set; null without a password];
//   - access_keys[].last_used_service is null: moto writes not_supported in
//     the report's last_used_service column [AWS: "sts"];
//   - permissions_boundary_arn is null: moto cannot set user permissions
//     boundaries.
func (fx userFixture) expectedUsers() map[string]map[string]knownvalue.Check {
	alicePolicies := []string{fx.policyARN, usersAWSManagedPolicyARN}
	slices.Sort(alicePolicies)
	return map[string]map[string]knownvalue.Check{
		"alice": userChecks(fx.alice, userExpect{
			path:     fx.path,
			ageDays:  100,
			tags:     map[string]string{"team": "platform"},
			groups:   []string{fx.group},
			attached: alicePolicies,
			inline:   []string{"deny-billing"},
			inlinePolicies: []inlineExpect{{name: "deny-billing",
				document: `{"Statement":[{"Action":"aws-portal:*","Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}`}},
			passwordEnabled:   true,
			passwordUsed:      &fx.passwordUsedAlice,
			passwordUsedDays:  40,
			mfa:               true,
			keyAgeDays:        []int64{100, 0},
			keyLastUsedDays:   []int64{30, -1},
			activeKeys:        1,
			lastActivityDays:  30,
			hasActivity:       true,
			passwordChangedAt: fx.alice.created,
		}),
		"bob": userChecks(fx.bob, userExpect{
			path:              fx.path,
			ageDays:           0,
			keyAgeDays:        []int64{0},
			keyLastUsedDays:   []int64{-1},
			activeKeys:        1,
			passwordChangedAt: fx.bob.created,
		}),
		"carol": userChecks(fx.carol, userExpect{
			path:              fx.path,
			ageDays:           0,
			groups:            []string{fx.group},
			passwordEnabled:   true,
			passwordUsed:      &fx.passwordUsedCarol,
			passwordUsedDays:  5,
			mfa:               true,
			lastActivityDays:  5,
			hasActivity:       true,
			passwordChangedAt: fx.carol.created,
		}),
	}
}

// userExpect holds the expected values userChecks cannot take from IAM's
// own answers.
type userExpect struct {
	path              string
	ageDays           int64
	tags              map[string]string
	groups, attached  []string
	inline            []string
	inlinePolicies    []inlineExpect
	passwordEnabled   bool
	passwordUsed      *time.Time
	passwordUsedDays  int64
	passwordChangedAt time.Time
	mfa               bool
	keyAgeDays        []int64
	keyLastUsedDays   []int64 // -1: never used
	activeKeys        int64
	lastActivityDays  int64
	hasActivity       bool
}

// userChecks returns the exact check of every user attribute.
func userChecks(u seededUser, e userExpect) map[string]knownvalue.Check {
	keys := make([]knownvalue.Check, 0, len(u.keys))
	for i, k := range u.keys {
		keys = append(keys, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"slot":              knownvalue.Int64Exact(int64(i + 1)),
			"active":            knownvalue.Bool(k.active),
			"create_date":       knownvalue.StringExact(formatTime(k.created)),
			"age_days":          knownvalue.Int64Exact(e.keyAgeDays[i]),
			"last_used_date":    usersTimeCheck(k.lastUsed),
			"last_used_days":    usersDaysCheck(e.keyLastUsedDays[i]),
			"last_used_service": knownvalue.Null(), // moto: not_supported
		}))
	}
	passwordUsedDays := usersDaysCheck(-1)
	if e.passwordUsed != nil {
		passwordUsedDays = knownvalue.Int64Exact(e.passwordUsedDays)
	}
	lastActivity := usersDaysCheck(-1)
	if e.hasActivity {
		lastActivity = knownvalue.Int64Exact(e.lastActivityDays)
	}
	return map[string]knownvalue.Check{
		"name":                     knownvalue.StringExact(u.name),
		"arn":                      knownvalue.StringExact(u.arn),
		"user_id":                  knownvalue.StringExact(u.id),
		"path":                     knownvalue.StringExact(e.path),
		"create_date":              knownvalue.StringExact(formatTime(u.created)),
		"age_days":                 knownvalue.Int64Exact(e.ageDays),
		"tags":                     acctest.KnownStringMap(e.tags),
		"permissions_boundary_arn": knownvalue.Null(),
		"groups":                   acctest.KnownStrings(e.groups),
		"attached_policy_arns":     acctest.KnownStrings(e.attached),
		"inline_policy_names":      acctest.KnownStrings(e.inline),
		"inline_policies":          knownInlinePolicies(e.inlinePolicies),
		"password_enabled":         knownvalue.Bool(e.passwordEnabled),
		"password_last_used":       usersTimeCheck(e.passwordUsed),
		"password_last_used_days":  passwordUsedDays,
		"password_last_changed":    knownvalue.StringExact(formatTime(e.passwordChangedAt)), // moto: creation time
		"password_next_rotation":   knownvalue.Null(),
		"mfa_enabled":              knownvalue.Bool(e.mfa),
		"access_keys":              knownvalue.ListExact(keys),
		"active_access_key_count":  knownvalue.Int64Exact(e.activeKeys),
		"last_activity_days":       lastActivity,
		// From the report: credential_report_generated_at (compared by
		// reportBackedUser, as the value is another attribute's).
		"credentials_as_of": knownvalue.StringRegexp(usersTimestampRE),
	}
}

// reportBackedUser checks that the credential facts of element i of addr's
// users (or of addr itself when i < 0: iamaudit_user) are the credential
// report's: credentials_as_of is credential_report_generated_at.
func reportBackedUser(addr string, i int) statecheck.StateCheck {
	path := tfjsonpath.New("credentials_as_of")
	if i >= 0 {
		path = tfjsonpath.New("users").AtSliceIndex(i).AtMapKey("credentials_as_of")
	}
	return statecheck.CompareValuePairs(addr, path, addr, tfjsonpath.New("credential_report_generated_at"), compare.ValuesSame())
}

func usersTimeCheck(t *time.Time) knownvalue.Check {
	if t == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(formatTime(*t))
}

func usersDaysCheck(days int64) knownvalue.Check {
	if days < 0 {
		return knownvalue.Null()
	}
	return knownvalue.Int64Exact(days)
}

func TestAccUsers_pathPrefix(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)
	fx := seedUsers(t, srv)
	fx.withLastUse(t, srv.IAM())
	want := fx.expectedUsers()
	const addr = "data.iamaudit_users.test"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.ProviderConfig() + usersConfig(fx.path),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("path_prefix"), knownvalue.StringExact(fx.path)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name_regex"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(want["alice"]),
						knownvalue.ObjectExact(want["bob"]),
						knownvalue.ObjectExact(want["carol"]),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("credential_report_generated_at"), knownvalue.StringRegexp(usersTimestampRE)),
					reportBackedUser(addr, 0), reportBackedUser(addr, 1), reportBackedUser(addr, 2),
				},
			},
			{
				// name_regex narrows within the prefix; the regex is unanchored.
				Config: srv.ProviderConfig() + usersNameRegexConfig(fx.path, "alice|carol"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(want["alice"]),
						knownvalue.ObjectExact(want["carol"]),
					})),
				},
			},
			{
				Config: srv.ProviderConfig() + usersNameRegexConfig(fx.path, "^no-such-user$"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}

func TestAccUsers_invalidFilters(t *testing.T) {
	t.Parallel()
	srv := acctest.Shared(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      srv.ProviderConfig() + usersConfig("audit/"),
				ExpectError: regexp.MustCompile(`must begin with "/"`),
			},
			{
				Config:      srv.ProviderConfig() + usersNameRegexConfig("/", "(unclosed"),
				ExpectError: regexp.MustCompile(`Invalid Regular Expression`),
			},
		},
	})
}

func usersConfig(pathPrefix string) string {
	return fmt.Sprintf(`
data "iamaudit_users" "test" {
  path_prefix = %[1]q
}
`, pathPrefix)
}

func usersNameRegexConfig(pathPrefix, nameRegex string) string {
	return fmt.Sprintf(`
data "iamaudit_users" "test" {
  path_prefix = %[1]q
  name_regex  = %[2]q
}
`, pathPrefix, nameRegex)
}

func TestUnitUsers_filter(t *testing.T) {
	t.Parallel()
	users := []iamcollect.User{
		{Name: "alice", Path: "/staff/"},
		{Name: "bob", Path: "/"},
		{Name: "carol", Path: "/staff/contractors/"},
		{Name: "dave", Path: "/staffing/"},
	}
	tests := map[string]struct {
		pathPrefix, nameRegex string
		want                  []string
	}{
		"no filter":             {want: []string{"alice", "bob", "carol", "dave"}},
		"root prefix":           {pathPrefix: "/", want: []string{"alice", "bob", "carol", "dave"}},
		"prefix with slash":     {pathPrefix: "/staff/", want: []string{"alice", "carol"}},
		"prefix without slash":  {pathPrefix: "/staff", want: []string{"alice", "carol", "dave"}},
		"unanchored regex":      {nameRegex: "a", want: []string{"alice", "carol", "dave"}},
		"anchored regex":        {nameRegex: "^(bob|carol)$", want: []string{"bob", "carol"}},
		"prefix and regex":      {pathPrefix: "/staff/", nameRegex: "^c", want: []string{"carol"}},
		"nothing matches":       {pathPrefix: "/none/", want: []string{}},
		"regex matches nothing": {nameRegex: "^z", want: []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pathPrefix, nameRegex := usersNullableString(tc.pathPrefix), usersNullableString(tc.nameRegex)
			f, err := newNameFilter(pathPrefix, nameRegex)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, u := range filterUsers(users, f) {
				got = append(got, u.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("filterUsers = %q, want %q", got, tc.want)
			}
		})
	}
}

// usersNullableString is a configured string: "" reads as null.
func usersNullableString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
