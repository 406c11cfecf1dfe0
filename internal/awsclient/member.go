package awsclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// Member role defaults and limits.
const (
	// DefaultMemberRolePath is the member role's path unless configured.
	DefaultMemberRolePath = "/"
	// DefaultMemberSessionName is the member sessions' name in CloudTrail
	// unless configured.
	DefaultMemberSessionName = "iamaudit"
	// DefaultMemberSessionDuration is a member session's lifetime unless
	// configured: the longest a chained session may have, and what a role
	// allows unless its MaxSessionDuration was raised.
	DefaultMemberSessionDuration = time.Hour
	// RoleChainingLimit is the longest session AWS grants when the
	// credentials that assume the role are themselves an assumed role.
	RoleChainingLimit = time.Hour
	// CredentialsRefreshWindow is how long before they expire member
	// credentials are renewed: a request is never signed with credentials
	// that could expire while it or its retries run.
	CredentialsRefreshWindow = 5 * time.Minute
)

// MemberRole is how the provider reaches other accounts of the
// organization: sts:AssumeRole into arn:<partition>:iam::<account>:role<Path><RoleName>
// with the provider's own credentials.
type MemberRole struct {
	RoleName    string
	Path        string // default "/"
	ExternalID  string // "" for none
	SessionName string // default DefaultMemberSessionName
	Duration    time.Duration
}

// ARN returns the member role's ARN in accountID.
func (r MemberRole) ARN(partition, accountID string) string {
	p := r.Path
	if p == "" {
		p = DefaultMemberRolePath
	}
	return "arn:" + partition + ":iam::" + accountID + ":role" + p + r.RoleName
}

// sessionName is the configured session name or the default.
func (r MemberRole) sessionName() string {
	if r.SessionName == "" {
		return DefaultMemberSessionName
	}
	return r.SessionName
}

// MemberError is a failure to reach an account through the member role.
type MemberError struct {
	AccountID string
	RoleARN   string
	Err       error
}

func (e *MemberError) Error() string {
	return fmt.Sprintf("account %s through role %s: %v", e.AccountID, e.RoleARN, e.Err)
}

func (e *MemberError) Unwrap() error { return e.Err }

// Reason says what failed, without the account: the action, the role, and
// AWS's error code and message (or the error, secrets redacted).
func (e *MemberError) Reason() string {
	action := awserr.Action(e.Err)
	if code := awserr.Code(e.Err); code != "" {
		return fmt.Sprintf("%s of %s failed: %s: %s", action, e.RoleARN, code, awserr.Message(e.Err))
	}
	return fmt.Sprintf("%s of %s failed: %s", action, e.RoleARN, Redact(awserr.WithoutAction(e.Err).Error()))
}

// AssumedRole reports whether the client's own credentials are an assumed
// role session (its caller ARN is arn:<partition>:sts::<account>:assumed-role/…):
// a role assumed with them is chained, and AWS caps its session at an hour.
func (c *Client) AssumedRole() bool {
	a, err := arn.Parse(c.CallerARN)
	return err == nil && a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/")
}

// MemberSessionDuration is the lifetime member sessions ask for: the
// configured duration (default an hour), at most RoleChainingLimit when
// the client's own credentials are an assumed role.
func (c *Client) MemberSessionDuration(role MemberRole) time.Duration {
	d := role.Duration
	if d <= 0 {
		d = DefaultMemberSessionDuration
	}
	if c.AssumedRole() && d > RoleChainingLimit {
		d = RoleChainingLimit
	}
	return d
}

// MemberCredentials returns the credentials of member sessions in accountID:
// the SDK's stscreds.AssumeRoleProvider with the client's own STS client,
// inside the SDK's aws.CredentialsCache, which keeps them until
// CredentialsRefreshWindow before they expire, then assumes the role again,
// one assume at a time however many requests wait (so a long plan never
// signs with expired credentials). Expiry is judged by the provider's clock.
func (c *Client) MemberCredentials(accountID string, role MemberRole, api stscreds.AssumeRoleAPIClient) *aws.CredentialsCache {
	assume := stscreds.NewAssumeRoleProvider(api, role.ARN(c.Partition, accountID), func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = role.sessionName()
		o.Duration = c.MemberSessionDuration(role)
		if role.ExternalID != "" {
			o.ExternalID = aws.String(role.ExternalID)
		}
	})
	return aws.NewCredentialsCache(clockedCredentials{CredentialsProvider: assume, now: c.now}, func(o *aws.CredentialsCacheOptions) {
		o.ExpiryWindow = CredentialsRefreshWindow
	})
}

// clockedCredentials lets the provider's clock decide how long credentials
// live: aws.CredentialsCache compares expiry times with the SDK's internal
// clock, which cannot be injected, so the expiry the cache keeps is moved
// by the difference between the two clocks (none outside tests), and by
// the refresh window as the cache would.
type clockedCredentials struct {
	aws.CredentialsProvider
	now func() time.Time
}

var _ aws.AdjustExpiresByCredentialsCacheStrategy = clockedCredentials{}

// AdjustExpiresBy implements aws.AdjustExpiresByCredentialsCacheStrategy:
// the cache calls it with -ExpiryWindow when it stores new credentials.
func (p clockedCredentials) AdjustExpiresBy(creds aws.Credentials, by time.Duration) (aws.Credentials, error) {
	if !creds.CanExpire {
		return creds, nil
	}
	left := creds.Expires.Sub(p.now()) + by
	creds.Expires = time.Now().Add(left)
	return creds, nil
}

// Member returns clients acting in accountID through role: the member
// credentials (MemberCredentials), assumed once now (sts:AssumeRole) and
// checked with sts:GetCallerIdentity, which must name accountID. Errors are
// *MemberError naming the account and the role ARN. The returned Client
// logs through the same secret-masking logger: the member sessions' secret
// keys and tokens are redacted wherever the SDK logs them.
func (c *Client) Member(ctx context.Context, accountID string, role MemberRole) (*Client, error) {
	roleARN := role.ARN(c.Partition, accountID)
	fail := func(err error) (*Client, error) {
		return nil, &MemberError{AccountID: accountID, RoleARN: roleARN, Err: err}
	}
	creds := c.MemberCredentials(accountID, role, c.STS)
	ctx = c.WithLogging(ctx)
	start := time.Now()
	if _, err := creds.Retrieve(ctx); err != nil {
		return fail(awserr.WithAction("sts:AssumeRole", unwrapRetrieve(err)))
	}
	cfg := c.awsConfig.Copy()
	cfg.Credentials = creds
	m := &Client{
		logger:    c.logger,
		secrets:   c.secrets,
		endpoints: c.endpoints,
		accounts:  c.accounts,
		now:       c.now,
	}
	m.newClients(cfg)
	if err := m.identify(ctx); err != nil {
		return fail(awserr.WithAction("sts:GetCallerIdentity", errors.Unwrap(err)))
	}
	if m.AccountID != accountID {
		return fail(awserr.WithAction("sts:GetCallerIdentity", fmt.Errorf("the session belongs to account %s, not %s", m.AccountID, accountID)))
	}
	tflog.Debug(ctx, "Assumed the member role", map[string]any{
		"account_id":  accountID,
		"role_arn":    roleARN,
		"duration_ms": time.Since(start).Milliseconds(),
	})
	return m, nil
}

// unwrapRetrieve drops the cache's "failed to refresh cached credentials"
// wrapper, keeping STS's own error.
func unwrapRetrieve(err error) error {
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && strings.HasPrefix(err.Error(), "failed to refresh cached credentials") {
		if inner := u.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// CheckAccount enforces allowed_account_ids and forbidden_account_ids for
// an account the provider is asked to act in.
func (c *Client) CheckAccount(accountID string) error {
	return c.accounts.check(accountID, "account_id names")
}
