package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// RootSessionAPI opens privileged root sessions in member accounts
// (sts:AssumeRoot), so tests can fake it.
type RootSessionAPI interface {
	AssumeRoot(ctx context.Context, params *sts.AssumeRootInput, optFns ...func(*sts.Options)) (*sts.AssumeRootOutput, error)
}

var _ RootSessionAPI = (*sts.Client)(nil)

// assumeRootAction is the action a root session is opened with.
const assumeRootAction = "sts:AssumeRoot"

// RootAuditTaskPolicy is the AWS managed task policy a root session is
// scoped to: it reads the root user's credentials and changes nothing.
const RootAuditTaskPolicy = "IAMAuditRootUserCredentials"

// rootSessionSeconds is the shortest session AssumeRoot grants; one call
// needs no more.
const rootSessionSeconds = 900

// RootLoginProfile says whether a member account's root user has a console
// password, read in a privileged root session (sts:AssumeRoot with the
// IAMAuditRootUserCredentials task policy, then iam:GetLoginProfile).
type RootLoginProfile struct {
	AccountID string
	// Checked is false when no root session could be opened for the
	// account, and UncheckedReason says why: it is in no organization, it is
	// the management account, centralized root access is off, or the caller
	// may not read the organization's features. Then PasswordEnabled is
	// false and means nothing.
	Checked         bool
	UncheckedReason string
	PasswordEnabled bool
	// CreateDate is when the root password was set; nil without one.
	CreateDate *time.Time
}

// RootLoginProfile reads accountID's root login profile in a root session,
// memoized per account. It opens the session only where AWS allows one:
// a member account of the caller's organization, with centralized root
// access (RootCredentialsManagement) enabled and readable by the caller.
// Elsewhere it answers Checked false with the reason, calling nothing more
// than Organization and OrganizationFeatures. A denied or failing
// AssumeRoot or GetLoginProfile fails the read.
func (c *Collector) RootLoginProfile(ctx context.Context, sessions RootSessionAPI, accountID string) (*RootLoginProfile, error) {
	org, err := c.Organization(ctx)
	if err != nil {
		return nil, err
	}
	unchecked := func(format string, args ...any) (*RootLoginProfile, error) {
		return &RootLoginProfile{AccountID: accountID, UncheckedReason: fmt.Sprintf(format, args...)}, nil
	}
	switch {
	case org.ID == "":
		return unchecked("account %s belongs to no AWS Organization; root sessions (%s) exist only for its member accounts", c.opts.AccountID, assumeRootAction)
	case accountID == org.ManagementAccountID:
		return unchecked("account %s is the management account of organization %s, which %s cannot target", accountID, org.ID, assumeRootAction)
	}
	features, err := c.OrganizationFeatures(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case !features.Readable:
		return unchecked("%s", features.Reason)
	case !features.Has(FeatureRootCredentialsManagement):
		return unchecked("centralized root access (%s) is not enabled in organization %s, so no root session can be opened", FeatureRootCredentialsManagement, org.ID)
	}
	p, err := load(ctx, c, "root-login-profile:"+accountID, func(ctx context.Context) (*RootLoginProfile, error) {
		return c.fetchRootLoginProfile(ctx, sessions, accountID)
	})
	if err != nil {
		return nil, err
	}
	clone := *p
	return &clone, nil
}

// fetchRootLoginProfile opens a root session in accountID and asks for the
// root user's login profile in it.
func (c *Collector) fetchRootLoginProfile(ctx context.Context, sessions RootSessionAPI, accountID string) (*RootLoginProfile, error) {
	if sessions == nil {
		return nil, awserr.WithAction(assumeRootAction, errors.New("no AWS STS client is configured"))
	}
	start := time.Now()
	out, err := sessions.AssumeRoot(ctx, &sts.AssumeRootInput{
		TargetPrincipal: aws.String(accountID),
		TaskPolicyArn:   &ststypes.PolicyDescriptorType{Arn: aws.String(RootAuditTaskPolicyARN(c.opts.Partition))},
		DurationSeconds: aws.Int32(rootSessionSeconds),
	})
	switch {
	case err != nil && accountID == c.opts.AccountID && awserr.Refused(err) && !awserr.IsThrottling(err):
		// AWS documents root sessions into member accounts from the
		// management account or the IAM delegated administrator; whether the
		// delegated administrator may open one into itself it does not say.
		// A refusal there leaves the password unknown rather than failing
		// the audit of that account.
		return &RootLoginProfile{AccountID: accountID, UncheckedReason: fmt.Sprintf(
			"%s into the caller's own account %s was refused (%s): audit it from the organization's management account",
			assumeRootAction, accountID, awserr.Message(err))}, nil
	case err != nil:
		return nil, awserr.WithAction(assumeRootAction, fmt.Errorf("root session in account %s: %w", accountID, err))
	}
	creds := out.Credentials
	if creds == nil || aws.ToString(creds.AccessKeyId) == "" || aws.ToString(creds.SecretAccessKey) == "" {
		return nil, awserr.WithAction(assumeRootAction, fmt.Errorf("root session in account %s: the answer carries no credentials", accountID))
	}
	asRoot := func(o *iam.Options) {
		o.Credentials = credentials.NewStaticCredentialsProvider(
			aws.ToString(creds.AccessKeyId), aws.ToString(creds.SecretAccessKey), aws.ToString(creds.SessionToken))
	}
	// Without a user name, GetLoginProfile in a root session is the root user's.
	profile, err := c.api.GetLoginProfile(ctx, &iam.GetLoginProfileInput{}, asRoot)
	p := &RootLoginProfile{AccountID: accountID, Checked: true}
	switch {
	case awserr.IsNoSuchEntity(err):
	case err != nil:
		return nil, wrapErr("GetLoginProfile", fmt.Errorf("root user of account %s, in a root session: %w", accountID, err))
	case profile.LoginProfile == nil:
		return nil, wrapErr("GetLoginProfile", fmt.Errorf("root user of account %s: the answer carries no login profile", accountID))
	default:
		p.PasswordEnabled = true
		p.CreateDate = utcPtr(profile.LoginProfile.CreateDate)
	}
	logBulk(ctx, assumeRootAction+" + iam:GetLoginProfile", pageStats{pages: 2, items: 1}, start)
	return p, nil
}

// RootAuditTaskPolicyARN is the ARN of the IAMAuditRootUserCredentials task
// policy in partition.
func RootAuditTaskPolicyARN(partition string) string {
	return "arn:" + partition + ":iam::aws:policy/root-task/" + RootAuditTaskPolicy
}
