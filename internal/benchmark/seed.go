package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// The seeded account. Sizes grow with N; every entity's attributes derive
// from its index and a fixed seed, so seeding 100 users and later growing
// to 1000 gives the same account as seeding 1000 at once.

// Population ratios of the seeded users (see seedUser).
const (
	ratioLoginProfile  = 0.60 // console password
	ratioPasswordUsed  = 0.70 // of those, password used at some point
	ratioOneKey        = 0.70 // exactly one access key
	ratioTwoKeys       = 0.15 // two access keys
	ratioInactiveKey   = 0.10 // of the keys, deactivated
	ratioKeyUsed       = 0.60 // of the keys, used at some point
	ratioVirtualMFA    = 0.40 // virtual MFA device assigned
	ratioHardwareMFA   = 0.03 // hardware MFA (only ListMFADevices shows it)
	ratioInGroup       = 0.85 // member of a group
	ratioSecondGroup   = 0.20 // of the members, also in a second group
	ratioDirectPolicy  = 0.04 // managed policy attached to the user (CIS 1.15)
	ratioInlinePolicy  = 0.03 // inline user policy (CIS 1.15)
	ratioTagged        = 0.30 // tagged
	maxUserAgeDays     = 1000
	seedStream         = 0x62656e6368 // "bench"
	benchPasswordValue = acctest.TestPassword
)

// groupCount, roleCount and policyCount size the account for n users.
func groupCount(n int) int  { return 5 + n/50 }
func roleCount(n int) int   { return 10 + n/20 }
func policyCount(n int) int { return 5 + n/100 }

// Inventory is what has been seeded so far.
type Inventory struct {
	Users, Groups, Roles, Policies                  int
	LoginProfiles, UsersWithKeys, Keys, Inactive    int
	UsedKeys, VirtualMFA, HardwareMFA, Memberships  int
	DirectPolicies, InlineUserPolicies, TaggedUsers int
}

// add adds o's counts to inv.
func (inv *Inventory) add(o Inventory) {
	inv.Users += o.Users
	inv.LoginProfiles += o.LoginProfiles
	inv.UsersWithKeys += o.UsersWithKeys
	inv.Keys += o.Keys
	inv.Inactive += o.Inactive
	inv.UsedKeys += o.UsedKeys
	inv.VirtualMFA += o.VirtualMFA
	inv.HardwareMFA += o.HardwareMFA
	inv.Memberships += o.Memberships
	inv.DirectPolicies += o.DirectPolicies
	inv.InlineUserPolicies += o.InlineUserPolicies
	inv.TaggedUsers += o.TaggedUsers
}

// String summarizes the inventory.
func (inv Inventory) String() string {
	return fmt.Sprintf("%d users (%d with a console password, %d with keys, %d keys of which %d inactive, "+
		"%d virtual + %d hardware MFA), %d groups, %d roles, %d customer managed policies",
		inv.Users, inv.LoginProfiles, inv.UsersWithKeys, inv.Keys, inv.Inactive,
		inv.VirtualMFA, inv.HardwareMFA, inv.Groups, inv.Roles, inv.Policies)
}

// seeder seeds one moto server directly (not through the proxy).
type seeder struct {
	srv         *acctest.Server
	iam         *iam.Client
	cfg         aws.Config
	concurrency int
	inv         Inventory
	policyARNs  []string
	accountDone bool
}

// newSeeder returns a seeder with an IAM client whose HTTP connection pool
// fits its concurrency.
func newSeeder(srv *acctest.Server, concurrency int) *seeder {
	cfg := srv.AWSConfig()
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{
		MaxIdleConns:        4 * concurrency,
		MaxIdleConnsPerHost: 4 * concurrency,
		IdleConnTimeout:     90 * time.Second,
	}}
	cfg.RetryMaxAttempts = 10
	return &seeder{srv: srv, iam: iam.NewFromConfig(cfg), cfg: cfg, concurrency: concurrency}
}

// growTo seeds the account up to n users (and the groups, roles and
// policies that go with n) and pre-generates the credential report.
func (s *seeder) growTo(ctx context.Context, n int) error {
	if !s.accountDone {
		if err := s.account(ctx); err != nil {
			return err
		}
		s.accountDone = true
	}
	if err := s.policies(ctx, policyCount(n)); err != nil {
		return err
	}
	if err := s.groups(ctx, groupCount(n)); err != nil {
		return err
	}
	if err := s.roles(ctx, roleCount(n)); err != nil {
		return err
	}
	if err := s.users(ctx, n); err != nil {
		return err
	}
	return s.generateReport(ctx)
}

// account sets the account alias, password policy and root MFA.
func (s *seeder) account(ctx context.Context) error {
	if _, err := s.iam.CreateAccountAlias(ctx, &iam.CreateAccountAliasInput{AccountAlias: aws.String("bench-account")}); err != nil {
		return fmt.Errorf("iam:CreateAccountAlias: %w", err)
	}
	if _, err := s.iam.UpdateAccountPasswordPolicy(ctx, &iam.UpdateAccountPasswordPolicyInput{
		MinimumPasswordLength:      aws.Int32(14),
		PasswordReusePrevention:    aws.Int32(24),
		RequireSymbols:             true,
		RequireNumbers:             true,
		RequireUppercaseCharacters: true,
		RequireLowercaseCharacters: true,
		AllowUsersToChangePassword: true,
	}); err != nil {
		return fmt.Errorf("iam:UpdateAccountPasswordPolicy: %w", err)
	}
	return s.srv.Fixtures().SetRootAccount(ctx, acctest.RootAccount{MFA: "virtual"})
}

// policyDocument is the document of customer managed policy i; policy 0
// grants full admin.
func policyDocument(i int) string {
	if i == 0 {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	}
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Action":["s3:GetObject","s3:ListBucket","dynamodb:Query"],`+
		`"Resource":["arn:aws:s3:::bench-bucket-%[1]d","arn:aws:s3:::bench-bucket-%[1]d/*",`+
		`"arn:aws:dynamodb:us-east-1:123456789012:table/bench-%[1]d"]}]}`, i)
}

// policies creates customer managed policies up to n.
func (s *seeder) policies(ctx context.Context, n int) error {
	for i := s.inv.Policies; i < n; i++ {
		out, err := s.iam.CreatePolicy(ctx, &iam.CreatePolicyInput{
			PolicyName:     aws.String(fmt.Sprintf("bench-policy-%04d", i)),
			PolicyDocument: aws.String(policyDocument(i)),
		})
		if err != nil {
			return fmt.Errorf("iam:CreatePolicy: %w", err)
		}
		s.policyARNs = append(s.policyARNs, aws.ToString(out.Policy.Arn))
	}
	s.inv.Policies = max(s.inv.Policies, n)
	return nil
}

// groupName is the name of group i.
func groupName(i int) string { return fmt.Sprintf("bench-group-%04d", i) }

// groups creates groups up to n, each with an attached policy and half of
// them with an inline policy.
func (s *seeder) groups(ctx context.Context, n int) error {
	start := s.inv.Groups
	err := s.parallel(ctx, start, n, func(ctx context.Context, i int) error {
		name := groupName(i)
		if _, err := s.iam.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String(name)}); err != nil {
			return fmt.Errorf("iam:CreateGroup: %w", err)
		}
		arn := s.policyARNs[i%len(s.policyARNs)]
		if _, err := s.iam.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String(name), PolicyArn: aws.String(arn)}); err != nil {
			return fmt.Errorf("iam:AttachGroupPolicy: %w", err)
		}
		if i%2 == 1 {
			if _, err := s.iam.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{
				GroupName: aws.String(name), PolicyName: aws.String("inline"), PolicyDocument: aws.String(policyDocument(i + 1)),
			}); err != nil {
				return fmt.Errorf("iam:PutGroupPolicy: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.inv.Groups = max(start, n)
	return nil
}

// trustPolicy is the trust policy of role i: mostly services, some
// same-account, some cross-account with an external ID.
func trustPolicy(i int) string {
	switch i % 10 {
	case 0, 1, 2:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	case 3:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},` +
			`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"bench-external-id"}}}]}`
	case 4, 5, 6:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	default:
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	}
}

// roles creates roles up to n with an attached and some an inline policy.
func (s *seeder) roles(ctx context.Context, n int) error {
	start := s.inv.Roles
	err := s.parallel(ctx, start, n, func(ctx context.Context, i int) error {
		name := fmt.Sprintf("bench-role-%05d", i)
		if _, err := s.iam.CreateRole(ctx, &iam.CreateRoleInput{
			RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustPolicy(i)),
		}); err != nil {
			return fmt.Errorf("iam:CreateRole: %w", err)
		}
		arn := s.policyARNs[1+i%(len(s.policyARNs)-1)]
		if _, err := s.iam.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(arn)}); err != nil {
			return fmt.Errorf("iam:AttachRolePolicy: %w", err)
		}
		if i%3 == 0 {
			if _, err := s.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
				RoleName: aws.String(name), PolicyName: aws.String("inline"), PolicyDocument: aws.String(policyDocument(i + 1)),
			}); err != nil {
				return fmt.Errorf("iam:PutRolePolicy: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.inv.Roles = max(start, n)
	return nil
}

// users creates users up to n.
func (s *seeder) users(ctx context.Context, n int) error {
	var mu sync.Mutex
	groups := s.inv.Groups
	err := s.parallel(ctx, s.inv.Users, n, func(ctx context.Context, i int) error {
		got, err := s.seedUser(ctx, i, groups)
		if err != nil {
			return err
		}
		mu.Lock()
		s.inv.add(got)
		mu.Unlock()
		return nil
	})
	return err
}

// userName is the name of user i.
func userName(i int) string { return fmt.Sprintf("bench-user-%05d", i) }

// daysAgo returns a context that makes moto's IAM clock read d days ago.
func daysAgo(ctx context.Context, d int) context.Context {
	return acctest.WithTimeOffset(ctx, -time.Duration(d)*24*time.Hour)
}

// seedUser creates user i with the population mix and returns what it
// created.
func (s *seeder) seedUser(ctx context.Context, i, groups int) (Inventory, error) {
	rng := rand.New(rand.NewPCG(uint64(i), seedStream))
	name := userName(i)
	inv := Inventory{Users: 1}
	age := 1 + rng.IntN(maxUserAgeDays)
	in := &iam.CreateUserInput{UserName: aws.String(name)}
	if rng.Float64() < 0.1 {
		in.Path = aws.String("/engineering/")
	}
	if rng.Float64() < ratioTagged {
		in.Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String(fmt.Sprintf("team-%d", i%7))}}
		inv.TaggedUsers++
	}
	if _, err := s.iam.CreateUser(daysAgo(ctx, age), in); err != nil {
		return inv, fmt.Errorf("iam:CreateUser %s: %w", name, err)
	}
	if err := s.userPassword(ctx, rng, name, age, &inv); err != nil {
		return inv, err
	}
	if err := s.userKeys(ctx, rng, name, age, &inv); err != nil {
		return inv, err
	}
	if err := s.userMFA(ctx, rng, name, i, age, &inv); err != nil {
		return inv, err
	}
	if err := s.userGroupsAndPolicies(ctx, rng, name, i, groups, &inv); err != nil {
		return inv, err
	}
	return inv, nil
}

// userPassword gives ~60% of users a console password, most of them used.
func (s *seeder) userPassword(ctx context.Context, rng *rand.Rand, name string, age int, inv *Inventory) error {
	if rng.Float64() >= ratioLoginProfile {
		return nil
	}
	if _, err := s.iam.CreateLoginProfile(daysAgo(ctx, rng.IntN(age+1)), &iam.CreateLoginProfileInput{
		UserName: aws.String(name), Password: aws.String(benchPasswordValue),
	}); err != nil {
		return fmt.Errorf("iam:CreateLoginProfile %s: %w", name, err)
	}
	inv.LoginProfiles++
	if rng.Float64() < ratioPasswordUsed {
		at := time.Now().UTC().AddDate(0, 0, -rng.IntN(age+1))
		if err := s.srv.Fixtures().MarkPasswordUsed(ctx, name, at); err != nil {
			return err
		}
	}
	return nil
}

// userKeys gives ~70% of users one key and ~15% two; some inactive, most used.
func (s *seeder) userKeys(ctx context.Context, rng *rand.Rand, name string, age int, inv *Inventory) error {
	n := 0
	switch r := rng.Float64(); {
	case r < ratioOneKey:
		n = 1
	case r < ratioOneKey+ratioTwoKeys:
		n = 2
	}
	if n > 0 {
		inv.UsersWithKeys++
	}
	keyAge := age
	for range n {
		keyAge = rng.IntN(keyAge + 1)
		out, err := s.iam.CreateAccessKey(daysAgo(ctx, keyAge), &iam.CreateAccessKeyInput{UserName: aws.String(name)})
		if err != nil {
			return fmt.Errorf("iam:CreateAccessKey %s: %w", name, err)
		}
		inv.Keys++
		id, secret := aws.ToString(out.AccessKey.AccessKeyId), aws.ToString(out.AccessKey.SecretAccessKey)
		if rng.Float64() < ratioKeyUsed {
			if err := s.useKey(daysAgo(ctx, rng.IntN(keyAge+1)), id, secret); err != nil {
				return err
			}
			inv.UsedKeys++
		}
		if rng.Float64() < ratioInactiveKey {
			if _, err := s.iam.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
				UserName: aws.String(name), AccessKeyId: aws.String(id), Status: types.StatusTypeInactive,
			}); err != nil {
				return fmt.Errorf("iam:UpdateAccessKey %s: %w", id, err)
			}
			inv.Inactive++
		}
	}
	return nil
}

// useKey signs one STS call with the key, which moto records as its last use.
func (s *seeder) useKey(ctx context.Context, id, secret string) error {
	cfg := s.cfg.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(id, secret, "")
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		return fmt.Errorf("sts:GetCallerIdentity with %s: %w", id, err)
	}
	return nil
}

// userMFA assigns ~40% of users a virtual device and ~3% a hardware one.
func (s *seeder) userMFA(ctx context.Context, rng *rand.Rand, name string, i, age int, inv *Inventory) error {
	var serial string
	switch r := rng.Float64(); {
	case r < ratioVirtualMFA:
		out, err := s.iam.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: aws.String(name)})
		if err != nil {
			return fmt.Errorf("iam:CreateVirtualMFADevice %s: %w", name, err)
		}
		serial = aws.ToString(out.VirtualMFADevice.SerialNumber)
		inv.VirtualMFA++
	case r < ratioVirtualMFA+ratioHardwareMFA:
		serial = fmt.Sprintf("GAHT%08d", i)
		inv.HardwareMFA++
	default:
		return nil
	}
	if _, err := s.iam.EnableMFADevice(daysAgo(ctx, rng.IntN(age+1)), &iam.EnableMFADeviceInput{
		UserName: aws.String(name), SerialNumber: aws.String(serial),
		AuthenticationCode1: aws.String("123456"), AuthenticationCode2: aws.String("654321"),
	}); err != nil {
		return fmt.Errorf("iam:EnableMFADevice %s: %w", name, err)
	}
	return nil
}

// userGroupsAndPolicies adds the user to groups and gives a few users
// direct policies.
func (s *seeder) userGroupsAndPolicies(ctx context.Context, rng *rand.Rand, name string, i, groups int, inv *Inventory) error {
	if rng.Float64() < ratioInGroup {
		first := i % groups
		members := []int{first}
		if rng.Float64() < ratioSecondGroup {
			members = append(members, (first+1+rng.IntN(groups-1))%groups)
		}
		for _, g := range members {
			if _, err := s.iam.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(groupName(g)), UserName: aws.String(name)}); err != nil {
				return fmt.Errorf("iam:AddUserToGroup %s: %w", name, err)
			}
			inv.Memberships++
		}
	}
	if rng.Float64() < ratioDirectPolicy {
		arn := s.policyARNs[1+rng.IntN(len(s.policyARNs)-1)]
		if _, err := s.iam.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String(name), PolicyArn: aws.String(arn)}); err != nil {
			return fmt.Errorf("iam:AttachUserPolicy %s: %w", name, err)
		}
		inv.DirectPolicies++
	}
	if rng.Float64() < ratioInlinePolicy {
		if _, err := s.iam.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
			UserName: aws.String(name), PolicyName: aws.String("inline"), PolicyDocument: aws.String(policyDocument(1 + i%7)),
		}); err != nil {
			return fmt.Errorf("iam:PutUserPolicy %s: %w", name, err)
		}
		inv.InlineUserPolicies++
	}
	return nil
}

// generateReport makes the credential report describe the account as
// seeded: like AWS, the moto wrapper keeps serving a report for 4 hours, so
// growing to the next N regenerates it rather than asking for one.
func (s *seeder) generateReport(ctx context.Context) error {
	_, err := s.srv.Fixtures().RegenerateCredentialReport(ctx)
	return err
}

// parallel runs fn for indexes [from, to) on s.concurrency goroutines.
func (s *seeder) parallel(ctx context.Context, from, to int, fn func(context.Context, int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.concurrency)
	for i := from; i < to; i++ {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return fn(gctx, i) })
	}
	return g.Wait()
}
