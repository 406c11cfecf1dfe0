// Package awsclient builds the AWS SDK configuration and the IAM, STS and
// Organizations clients the provider uses, on hashicorp/aws-sdk-go-base/v2 so that
// credentials, profiles, assume-role, endpoints and retries behave exactly as
// in the hashicorp/aws provider.
//
// aws-sdk-go-base is pinned to v2.0.0-beta.73: beta.74's request/response body
// logging returns pooled buffers while the bodies still read from them, so
// with TF_LOG=DEBUG concurrent IAM calls send and parse each other's bodies
// (hashicorp/aws-sdk-go-base PRs #1502/#1503). TestAccAuditActions_exact runs
// every data source concurrently with DEBUG logging as the regression test.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	awsbase "github.com/hashicorp/aws-sdk-go-base/v2"
	basediag "github.com/hashicorp/aws-sdk-go-base/v2/diag"
	"github.com/hashicorp/aws-sdk-go-base/v2/logging"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults shared with the provider schema's documentation.
const (
	DefaultRegion     = "us-east-1"
	DefaultMaxRetries = 25
	DefaultRetryMode  = "adaptive"
)

// RetryModes are the accepted values of retry_mode.
var RetryModes = []string{"standard", "adaptive"}

// AssumeRole configures sts:AssumeRole.
type AssumeRole struct {
	RoleARN     string
	ExternalID  string
	SessionName string
	Duration    time.Duration
}

// AssumeRoleWithWebIdentity configures sts:AssumeRoleWithWebIdentity.
type AssumeRoleWithWebIdentity struct {
	RoleARN              string
	WebIdentityToken     string
	WebIdentityTokenFile string
	SessionName          string
	Duration             time.Duration
}

// Config is the provider configuration in plain Go types.
type Config struct {
	Region                    string
	Profile                   string
	SharedConfigFiles         []string
	SharedCredentialsFiles    []string
	AccessKey                 string
	SecretKey                 string
	Token                     string
	AssumeRole                *AssumeRole
	AssumeRoleWithWebIdentity *AssumeRoleWithWebIdentity
	IAMEndpoint               string
	STSEndpoint               string
	OrganizationsEndpoint     string
	MaxRetries                int
	RetryMode                 string
	AllowedAccountIDs         []string
	ForbiddenAccountIDs       []string
	UserAgent                 string
	// Now is the provider's clock; member sessions' expiry is judged by
	// it (default time.Now).
	Now func() time.Time
}

// Client holds the configured AWS clients and the caller's identity.
type Client struct {
	IAM *iam.Client
	STS *sts.Client
	// Organizations reads the account's own organization
	// (organizations:DescribeOrganization), which org-scoped trust needs.
	Organizations *organizations.Client
	AccountID     string
	Partition     string
	CallerARN     string
	UserID        string
	// Warnings are what the base library warned about while it resolved
	// the configuration (a deprecated setting, an ignored profile, ...).
	Warnings []Warning

	logger  logging.Logger
	secrets []string
	// awsConfig and endpoints build the clients of member accounts.
	awsConfig aws.Config
	endpoints endpoints
	accounts  accountLists
	now       func() time.Time
}

// endpoints are the configured service endpoints ("" for the SDK's).
type endpoints struct {
	iam, sts, organizations string
}

// newClients fills c's service clients from cfg.
func (c *Client) newClients(cfg aws.Config) {
	c.awsConfig = cfg
	c.IAM = iam.NewFromConfig(cfg, func(o *iam.Options) {
		if c.endpoints.iam != "" {
			o.BaseEndpoint = aws.String(c.endpoints.iam)
		}
	})
	c.STS = sts.NewFromConfig(cfg, func(o *sts.Options) {
		if c.endpoints.sts != "" {
			o.BaseEndpoint = aws.String(c.endpoints.sts)
		}
	})
	c.Organizations = organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		if c.endpoints.organizations != "" {
			o.BaseEndpoint = aws.String(c.endpoints.organizations)
		}
	})
}

// New resolves credentials, calls sts:GetCallerIdentity once, enforces the
// account allow and deny lists and returns ready clients.
func New(ctx context.Context, cfg Config) (*Client, error) {
	secrets := cfg.secrets()
	ctx = withSecretMasking(ctx, secrets)
	logger := newMaskingLogger(ctx, secrets)
	baseCfg := cfg.toBase(logger)

	ctx, awsCfg, diags := awsbase.GetAwsConfig(ctx, baseCfg)
	if err := diagsError(diags); err != nil {
		return nil, err
	}
	warnings := diagsWarnings(diags)
	awsCfg.APIOptions = append(awsCfg.APIOptions, recordCalls)
	retryTruncatedBodies(&awsCfg)

	client := &Client{
		Warnings:  warnings,
		logger:    logger,
		secrets:   secrets,
		endpoints: endpoints{iam: cfg.IAMEndpoint, sts: cfg.STSEndpoint, organizations: cfg.OrganizationsEndpoint},
		accounts:  accountLists{allowed: cfg.AllowedAccountIDs, forbidden: cfg.ForbiddenAccountIDs},
		now:       cfg.Now,
	}
	if client.now == nil {
		client.now = time.Now
	}
	client.newClients(awsCfg)
	if err := client.identify(client.WithLogging(ctx)); err != nil {
		return nil, err
	}
	if err := client.accounts.check(client.AccountID, "the credentials belong to"); err != nil {
		return nil, err
	}
	return client, nil
}

// accountLists are allowed_account_ids and forbidden_account_ids.
type accountLists struct {
	allowed, forbidden []string
}

// check enforces the lists for accountID; subject says how the account
// came up ("the credentials belong to").
func (l accountLists) check(accountID, subject string) error {
	if slices.Contains(l.forbidden, accountID) {
		return fmt.Errorf("%s AWS account %s, which is listed in forbidden_account_ids", subject, accountID)
	}
	if len(l.allowed) > 0 && !slices.Contains(l.allowed, accountID) {
		return fmt.Errorf("%s AWS account %s, which is not in allowed_account_ids (%s)",
			subject, accountID, strings.Join(l.allowed, ", "))
	}
	return nil
}

func (c *Client) identify(ctx context.Context) error {
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("sts:GetCallerIdentity: %w", err)
	}
	callerARN := aws.ToString(out.Arn)
	parsed, err := arn.Parse(callerARN)
	if err != nil {
		return fmt.Errorf("sts:GetCallerIdentity returned an unparsable ARN %q: %w", callerARN, err)
	}
	c.AccountID = aws.ToString(out.Account)
	c.Partition = parsed.Partition
	c.CallerARN = callerARN
	c.UserID = aws.ToString(out.UserId)
	tflog.Debug(ctx, "Identified AWS caller", map[string]any{
		"account_id": c.AccountID,
		"partition":  c.Partition,
		"arn":        c.CallerARN,
	})
	return nil
}

// debugLogsShown reports whether anyone may see the provider's debug log
// lines. Terraform reads a provider's log lines with the level of
// TF_LOG_PROVIDER, else TF_LOG, and drops them all when both are unset; it
// starts the provider with its own environment, so the provider sees the
// same variables. Any TF_LOG* variable (TF_LOG_PROVIDER_*, TF_LOG_SDK*,
// TF_LOG_PATH…) or TF_ACC_LOG* variable (the acceptance test harness) that
// is set counts as asking for logs: a needless log costs time, a missing
// one costs a debugging session.
func debugLogsShown(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value != "" && (strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_ACC_LOG")) {
			return true
		}
	}
	return false
}

func (cfg Config) toBase(logger logging.Logger) *awsbase.Config {
	region := cfg.Region
	if region == "" {
		region = DefaultRegion
	}
	base := &awsbase.Config{
		AccessKey:              cfg.AccessKey,
		SecretKey:              cfg.SecretKey,
		Token:                  cfg.Token,
		Profile:                cfg.Profile,
		Region:                 region,
		SharedConfigFiles:      cfg.SharedConfigFiles,
		SharedCredentialsFiles: cfg.SharedCredentialsFiles,
		IamEndpoint:            cfg.IAMEndpoint,
		StsEndpoint:            cfg.STSEndpoint,
		MaxRetries:             cfg.MaxRetries,
		RetryMode:              retryMode(cfg.RetryMode),
		CallerName:             "the iamaudit provider",
		CallerDocumentationURL: "https://registry.terraform.io/providers/iamaudit/iamaudit/latest/docs",
		Logger:                 logger,
		// The SDK's request and response logging reads and logs every body
		// (the largest GetAccountAuthorizationDetails pages are megabytes),
		// which Terraform throws away unless a log is asked for.
		SuppressDebugLog: !debugLogsShown(os.Environ()),
		// Configure makes exactly one sts:GetCallerIdentity call itself (it
		// needs the caller ARN too), so the base library must not add more.
		SkipCredsValidation:     true,
		SkipRequestingAccountId: true,
	}
	if cfg.UserAgent != "" {
		base.UserAgent = awsbase.UserAgentProducts{{Name: "terraform-provider-iamaudit", Version: cfg.UserAgent}}
	}
	if ar := cfg.AssumeRole; ar != nil {
		base.AssumeRole = []awsbase.AssumeRole{{
			RoleARN:     ar.RoleARN,
			ExternalID:  ar.ExternalID,
			SessionName: ar.SessionName,
			Duration:    ar.Duration,
		}}
	}
	if wi := cfg.AssumeRoleWithWebIdentity; wi != nil {
		base.AssumeRoleWithWebIdentity = &awsbase.AssumeRoleWithWebIdentity{
			RoleARN:              wi.RoleARN,
			WebIdentityToken:     wi.WebIdentityToken,
			WebIdentityTokenFile: wi.WebIdentityTokenFile,
			SessionName:          wi.SessionName,
			Duration:             wi.Duration,
		}
	}
	return base
}

// secrets lists the configured secret values, masked wherever they could be logged.
func (cfg Config) secrets() []string {
	var out []string
	for _, s := range []string{cfg.SecretKey, cfg.Token} {
		if s != "" {
			out = append(out, s)
		}
	}
	if wi := cfg.AssumeRoleWithWebIdentity; wi != nil && wi.WebIdentityToken != "" {
		out = append(out, wi.WebIdentityToken)
	}
	return out
}

func retryMode(s string) aws.RetryMode {
	if s == "" {
		s = DefaultRetryMode
	}
	mode, err := aws.ParseRetryMode(s)
	if err != nil {
		return aws.RetryModeAdaptive
	}
	return mode
}

// Warning is a warning of the base library, for the provider to pass on.
type Warning struct {
	Summary, Detail string
}

// diagsWarnings returns the base library's warnings, secrets redacted.
func diagsWarnings(diags basediag.Diagnostics) []Warning {
	var out []Warning
	for _, d := range diags.Warnings() {
		out = append(out, Warning{Summary: Redact(d.Summary()), Detail: Redact(d.Detail())})
	}
	return out
}

// diagsError folds the base library's error diagnostics into one error.
func diagsError(diags basediag.Diagnostics) error {
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, strings.TrimSpace(d.Summary()+": "+d.Detail()))
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}
