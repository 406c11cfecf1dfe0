package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// startMoto starts moto with the AWS managed policies loaded (the demo
// attaches AdministratorAccess, ReadOnlyAccess, AWSSupportAccess,
// SecurityAudit and AWSCloudShellFullAccess).
func startMoto(ctx context.Context) (*acctest.Server, error) {
	srv, err := acctest.Start(ctx, acctest.Options{LoadManagedPolicies: true})
	if err != nil {
		return nil, fmt.Errorf("starting moto: %w", err)
	}
	return srv, nil
}

// Trust and permission policies of the sample account.
const (
	adminPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

	reportsPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],` +
		`"Resource":["arn:aws:s3:::example-reports","arn:aws:s3:::example-reports/*"]}]}`

	deployPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:*","ecs:UpdateService"],"Resource":"*"}]}`

	sameAccountTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`

	vendorTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":"example-vendor-7f3a"}}}]}`

	partnerTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}]}`

	organizationTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}`

	publicTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},` +
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"not-a-secret"}}}]}`

	githubDeployTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity",` +
		`"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}`

	githubPlanTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity",` +
		`"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},` +
		`"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example/infrastructure:*"}}}]}`

	lambdaTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

// awsPolicy is the ARN of an AWS managed policy in moto's partition.
func awsPolicy(name string) string { return "arn:aws:iam::aws:policy/" + name }

// seeder seeds one moto server, remembering the first error so the sample
// account reads as a list of steps.
type seeder struct {
	srv *acctest.Server
	fx  *acctest.Fixtures
	ctx context.Context
	err error

	users, roles, keys int
}

// do runs step unless an earlier step failed.
func (s *seeder) do(step func(ctx context.Context) error) {
	if s.err == nil {
		s.err = step(s.ctx)
	}
}

// past runs step with moto's IAM clock set days ago.
func (s *seeder) past(days int, step func(ctx context.Context) error) {
	if s.err == nil {
		s.err = s.srv.InPast(s.ctx, days, step)
	}
}

// user is one sample IAM user.
type user struct {
	name        string
	createdDays int      // days ago
	groups      []string // group memberships
	console     bool     // has a console password
	passwordAgo int      // password last used, days ago; -1 never
	mfa         string   // "", "virtual" or "hardware"
	keys        []key
	attach      []string // directly attached managed policy ARNs
	inline      bool     // has an inline policy
}

// key is one access key of a sample user.
type key struct {
	createdDays int  // days ago
	usedDays    int  // last used, days ago; -1 never
	inactive    bool // deactivated
}

// seed creates the sample account and returns a one-line summary of it.
func seed(ctx context.Context, srv *acctest.Server) (string, error) {
	s := &seeder{srv: srv, fx: srv.Fixtures(), ctx: ctx}
	s.account()
	s.groupsAndPolicies()
	for _, u := range sampleUsers() {
		s.user(u)
	}
	s.sampleRoles()
	s.do(func(ctx context.Context) error {
		// moto reports every server certificate as expired in 2012.
		_, err := s.fx.UploadServerCertificate(ctx, "legacy-www-2012", "/", time.Now().AddDate(0, 0, -30))
		return err
	})
	if s.err != nil {
		return "", s.err
	}
	return fmt.Sprintf("%d users, %d access keys, 5 groups, %d roles, 2 customer managed policies, 1 server certificate",
		s.users, s.keys, s.roles), nil
}

// account sets the account-wide state: alias, password policy, root user.
func (s *seeder) account() {
	s.do(func(ctx context.Context) error {
		_, err := s.fx.IAM.CreateAccountAlias(ctx, &iam.CreateAccountAliasInput{AccountAlias: aws.String("example-prod")})
		if err != nil {
			return fmt.Errorf("iam:CreateAccountAlias: %w", err)
		}
		return nil
	})
	// Long enough for 1.8, but remembers only 12 passwords (1.9 wants 24).
	s.do(func(ctx context.Context) error {
		return s.fx.SetPasswordPolicy(ctx, iam.UpdateAccountPasswordPolicyInput{
			MinimumPasswordLength:      aws.Int32(14),
			PasswordReusePrevention:    aws.Int32(12),
			RequireSymbols:             true,
			RequireNumbers:             true,
			RequireUppercaseCharacters: true,
			RequireLowercaseCharacters: true,
			AllowUsersToChangePassword: true,
		})
	})
	// Root: no access keys, a virtual (not hardware) MFA device.
	s.do(func(ctx context.Context) error {
		return s.fx.SetRootAccount(ctx, acctest.RootAccount{MFA: "virtual"})
	})
}

// groupsAndPolicies creates the groups and their policies.
func (s *seeder) groupsAndPolicies() {
	var legacyAdmin, reports string
	s.do(func(ctx context.Context) (err error) {
		legacyAdmin, err = s.fx.CreatePolicy(ctx, "legacy-admin", "/", adminPolicy)
		return err
	})
	s.do(func(ctx context.Context) (err error) {
		reports, err = s.fx.CreatePolicy(ctx, "s3-read-reports", "/", reportsPolicy)
		return err
	})
	groups := []struct {
		name   string
		attach []string
		inline string
	}{
		{name: "admins", attach: []string{awsPolicy("AdministratorAccess")}},
		{name: "developers", attach: []string{awsPolicy("ReadOnlyAccess"), awsPolicy("AWSCloudShellFullAccess")}},
		{name: "ops", attach: []string{legacyAdmin}},
		{name: "analysts", attach: []string{reports}},
		{name: "ci", inline: deployPolicy},
	}
	for _, g := range groups {
		s.past(400, func(ctx context.Context) error {
			_, err := s.fx.CreateGroup(ctx, g.name, "/")
			return err
		})
		for _, arn := range g.attach {
			s.do(func(ctx context.Context) error { return s.fx.AttachGroupPolicy(ctx, g.name, arn) })
		}
		if g.inline != "" {
			s.do(func(ctx context.Context) error { return s.fx.PutGroupPolicy(ctx, g.name, "deploy", g.inline) })
		}
	}
}

// sampleUsers is the sample account's users: compliant ones and one
// violator per user control.
func sampleUsers() []user {
	return []user{
		// Compliant console users: MFA, permissions from groups, recent use.
		{name: "alice", createdDays: 300, groups: []string{"developers"}, console: true, passwordAgo: 2, mfa: "virtual"},
		{name: "bob", createdDays: 500, groups: []string{"admins"}, console: true, passwordAgo: 1, mfa: "hardware"},
		{name: "priya", createdDays: 120, groups: []string{"analysts"}, console: true, passwordAgo: 0, mfa: "virtual"},
		// Compliant machine user: one key, 30 days old, used yesterday.
		{name: "ci-deployer", createdDays: 30, groups: []string{"ci"}, passwordAgo: -1, keys: []key{{createdDays: 30, usedDays: 1}}},
		// Break-glass admin without MFA: excluded by the demo's exclude_users.
		{name: "break-glass", createdDays: 700, groups: []string{"admins"}, console: true, passwordAgo: -1},
		// 1.10: console password, no MFA.
		{name: "carol", createdDays: 60, groups: []string{"developers"}, console: true, passwordAgo: 5},
		// 1.11: console user with an access key created at set-up, never used.
		{name: "dave", createdDays: 3, groups: []string{"developers"}, console: true, passwordAgo: 0, mfa: "virtual",
			keys: []key{{createdDays: 3, usedDays: -1}}},
		// 1.12 and 1.14: password unused for 120 days, key 200 days old unused for 100.
		{name: "erin", createdDays: 200, groups: []string{"analysts"}, console: true, passwordAgo: 120, mfa: "virtual",
			keys: []key{{createdDays: 200, usedDays: 100}}},
		// 1.13: two active keys (a rotation never finished).
		{name: "frank", createdDays: 90, groups: []string{"ci"}, passwordAgo: -1,
			keys: []key{{createdDays: 80, usedDays: 1}, {createdDays: 10, usedDays: 0}}},
		// 1.15: a managed policy attached to the user and an inline policy.
		{name: "grace", createdDays: 45, groups: []string{"analysts"}, console: true, passwordAgo: 3, mfa: "hardware",
			attach: []string{awsPolicy("ReadOnlyAccess")}, inline: true},
		// 1.12: console password set 90 days ago and never used; an old inactive key.
		{name: "henry", createdDays: 90, groups: []string{"developers"}, console: true, passwordAgo: -1, mfa: "virtual",
			keys: []key{{createdDays: 89, usedDays: 80, inactive: true}}},
		// 1.14: a machine key created 400 days ago, used every day.
		{name: "legacy-app", createdDays: 400, groups: []string{"ci"}, passwordAgo: -1, keys: []key{{createdDays: 400, usedDays: 0}}},
	}
}

// user creates one sample user with its password, MFA, keys and policies.
func (s *seeder) user(u user) {
	s.users++
	s.past(u.createdDays, func(ctx context.Context) error {
		if _, err := s.fx.CreateUser(ctx, u.name, "/", map[string]string{"team": "example"}); err != nil {
			return err
		}
		if u.console {
			return s.fx.CreateLoginProfile(ctx, u.name)
		}
		return nil
	})
	for _, g := range u.groups {
		s.do(func(ctx context.Context) error { return s.fx.AddUserToGroup(ctx, g, u.name) })
	}
	if u.passwordAgo >= 0 {
		s.do(func(ctx context.Context) error {
			return s.fx.MarkPasswordUsed(ctx, u.name, time.Now().Add(-time.Duration(u.passwordAgo)*24*time.Hour-time.Hour))
		})
	}
	switch u.mfa {
	case "virtual":
		s.do(func(ctx context.Context) error { _, err := s.fx.EnableVirtualMFA(ctx, u.name); return err })
	case "hardware":
		s.do(func(ctx context.Context) error { _, err := s.fx.EnableHardwareMFA(ctx, u.name); return err })
	}
	for _, k := range u.keys {
		s.accessKey(u.name, k)
	}
	for _, arn := range u.attach {
		s.do(func(ctx context.Context) error { return s.fx.AttachUserPolicy(ctx, u.name, arn) })
	}
	if u.inline {
		s.do(func(ctx context.Context) error { return s.fx.PutUserPolicy(ctx, u.name, "reports-read", reportsPolicy) })
	}
}

// accessKey creates a key in the past, uses it in the past and deactivates it.
func (s *seeder) accessKey(userName string, k key) {
	s.keys++
	var id, secret string
	s.past(k.createdDays, func(ctx context.Context) (err error) {
		id, secret, err = s.fx.CreateAccessKey(ctx, userName)
		return err
	})
	if k.usedDays >= 0 {
		s.past(k.usedDays, func(ctx context.Context) error { return s.fx.MarkAccessKeyUsed(ctx, id, secret) })
	}
	if k.inactive {
		s.do(func(ctx context.Context) error { return s.fx.UpdateAccessKeyStatus(ctx, userName, id, false) })
	}
}

// sampleRoles creates the roles: a support role (1.17), a vendor role with
// an external ID, and one violator per X control.
func (s *seeder) sampleRoles() {
	roles := []struct {
		name, trust string
		attach      []string
	}{
		{name: "support", trust: sameAccountTrust, attach: []string{awsPolicy("AWSSupportAccess")}},
		{name: "vendor-audit", trust: vendorTrust, attach: []string{awsPolicy("SecurityAudit")}},
		{name: "github-plan", trust: githubPlanTrust, attach: []string{awsPolicy("ReadOnlyAccess")}},
		{name: "order-processor", trust: lambdaTrust},
		// Excluded by the demo's exclude_roles: trusts the management account.
		{name: "OrganizationAccountAccessRole", trust: organizationTrust, attach: []string{awsPolicy("AdministratorAccess")}},
		// X.1: another account, no external ID.
		{name: "partner-readonly", trust: partnerTrust, attach: []string{awsPolicy("ReadOnlyAccess")}},
		// X.2: any GitHub repository's workflow can assume it.
		{name: "github-deploy", trust: githubDeployTrust},
		// X.3: Principal "*" (an external ID is no protection: it is not a secret).
		{name: "public-assume", trust: publicTrust},
	}
	for _, r := range roles {
		s.roles++
		s.past(200, func(ctx context.Context) error {
			_, err := s.fx.CreateRole(ctx, r.name, "/", r.trust)
			return err
		})
		for _, arn := range r.attach {
			s.do(func(ctx context.Context) error { return s.fx.AttachRolePolicy(ctx, r.name, arn) })
		}
	}
	s.do(func(ctx context.Context) error {
		return s.fx.PutRolePolicy(ctx, "github-deploy", "deploy", deployPolicy)
	})
}
