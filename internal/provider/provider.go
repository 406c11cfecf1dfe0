// Package provider implements the iamaudit Terraform provider: it maps
// Terraform schemas and models to the domain types of internal/iamcollect,
// internal/policydoc and internal/awsclient.
package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var (
	_ provider.Provider              = (*iamauditProvider)(nil)
	_ provider.ProviderWithFunctions = (*iamauditProvider)(nil)
)

// Bounds on assume-role session durations, as STS enforces them.
const (
	minSessionDuration = 15 * time.Minute
	maxSessionDuration = 12 * time.Hour
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &iamauditProvider{version: version, now: systemClock}
	}
}

// systemClock is the provider's clock outside tests.
func systemClock() time.Time { return time.Now().UTC() }

type iamauditProvider struct {
	version string
	// now is the one clock of the provider: ages, rotation, IAM waits.
	now func() time.Time
}

type providerModel struct {
	Region                    types.String      `tfsdk:"region"`
	Profile                   types.String      `tfsdk:"profile"`
	SharedConfigFiles         []types.String    `tfsdk:"shared_config_files"`
	SharedCredentialsFiles    []types.String    `tfsdk:"shared_credentials_files"`
	AccessKey                 types.String      `tfsdk:"access_key"`
	SecretKey                 types.String      `tfsdk:"secret_key"`
	Token                     types.String      `tfsdk:"token"`
	AssumeRole                *assumeRoleModel  `tfsdk:"assume_role"`
	AssumeRoleWithWebIdentity *webIdentityModel `tfsdk:"assume_role_with_web_identity"`
	Endpoints                 *endpointsModel   `tfsdk:"endpoints"`
	MemberRole                *memberRoleModel  `tfsdk:"member_role"`
	MaxRetries                types.Int64       `tfsdk:"max_retries"`
	RetryMode                 types.String      `tfsdk:"retry_mode"`
	AllowedAccountIDs         []types.String    `tfsdk:"allowed_account_ids"`
	ForbiddenAccountIDs       []types.String    `tfsdk:"forbidden_account_ids"`
	MaxConcurrency            types.Int64       `tfsdk:"max_concurrency"`
	CredentialReportTimeout   types.String      `tfsdk:"credential_report_timeout"`
	CredentialData            types.String      `tfsdk:"credential_data"`
}

type assumeRoleModel struct {
	RoleARN     types.String `tfsdk:"role_arn"`
	ExternalID  types.String `tfsdk:"external_id"`
	SessionName types.String `tfsdk:"session_name"`
	Duration    types.String `tfsdk:"duration"`
}

type webIdentityModel struct {
	RoleARN              types.String `tfsdk:"role_arn"`
	WebIdentityToken     types.String `tfsdk:"web_identity_token"`
	WebIdentityTokenFile types.String `tfsdk:"web_identity_token_file"`
	SessionName          types.String `tfsdk:"session_name"`
	Duration             types.String `tfsdk:"duration"`
}

type memberRoleModel struct {
	RoleName            types.String `tfsdk:"role_name"`
	Path                types.String `tfsdk:"path"`
	ExternalID          types.String `tfsdk:"external_id"`
	SessionName         types.String `tfsdk:"session_name"`
	Duration            types.String `tfsdk:"duration"`
	MaxParallelAccounts types.Int64  `tfsdk:"max_parallel_accounts"`
}

// defaultMaxParallelAccounts is member_role.max_parallel_accounts unless set.
const defaultMaxParallelAccounts = 16

type endpointsModel struct {
	IAM           types.String `tfsdk:"iam"`
	STS           types.String `tfsdk:"sts"`
	Organizations types.String `tfsdk:"organizations"`
}

func (p *iamauditProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "iamaudit"
	resp.Version = p.version
}

func (p *iamauditProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The iamaudit provider reads an AWS account's IAM state as typed data sources, so that " +
			"`terraform plan` runs as an IAM audit and `check` blocks assert compliance, and provisions the " +
			"least-privilege identities that audit and inventory connectors use. Authentication works exactly as in " +
			"the `hashicorp/aws` provider: the usual environment variables, shared config and credentials files, " +
			"profiles, static keys, `assume_role` and `assume_role_with_web_identity`.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("AWS region used to sign requests. IAM is global, so this only selects the STS "+
					"and IAM endpoints of the partition. Defaults to `AWS_REGION`, then the shared config, then `%s`.", awsclient.DefaultRegion),
				Optional:   true,
				Validators: []validator.String{regionValidator()},
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Named profile of the shared config and credentials files. Defaults to `AWS_PROFILE`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"shared_config_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared config files. Defaults to `~/.aws/config`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"shared_credentials_files": schema.ListAttribute{
				MarkdownDescription: "Paths of shared credentials files. Defaults to `~/.aws/credentials`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"access_key": schema.StringAttribute{
				MarkdownDescription: "AWS access key ID. Prefer the credential chain (environment, profile, OIDC) over static keys. " +
					"Must be set together with `secret_key`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("secret_key")),
					stringvalidator.LengthAtLeast(1),
				},
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "AWS secret access key. Sensitive. Must be set together with `access_key`.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("access_key"))},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Session token for temporary credentials. Sensitive.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("access_key"))},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Maximum attempts per AWS request for throttling, 5xx and network errors. Defaults to `%d`, as in `hashicorp/aws`.", awsclient.DefaultMaxRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 100)},
			},
			"retry_mode": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How the SDK retries: %s. `adaptive` also slows down client-side when AWS throttles. Defaults to `%s`.",
					quotedList(awsclient.RetryModes), awsclient.DefaultRetryMode),
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(awsclient.RetryModes...)},
			},
			"allowed_account_ids": schema.SetAttribute{
				MarkdownDescription: "Refuse to run unless the credentials belong to one of these 12-digit account IDs. Conflicts with `forbidden_account_ids`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.ConflictsWith(path.MatchRoot("forbidden_account_ids")),
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(accountIDValidator()),
				},
			},
			"forbidden_account_ids": schema.SetAttribute{
				MarkdownDescription: "Refuse to run if the credentials belong to one of these 12-digit account IDs. Conflicts with `allowed_account_ids`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(accountIDValidator()),
				},
			},
			"max_concurrency": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Upper bound on parallel per-user IAM calls (access key IDs, MFA devices, users newer than the credential report). Defaults to `%d`.", iamcollect.DefaultMaxConcurrency),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 64)},
			},
			"credential_data": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Where passwords, access keys, their last use and MFA come from: %s. Defaults to `%s`.\n\n"+
					"  - `%s`: the credential report, which AWS regenerates at most every 4 hours and otherwise "+
					"returns as it is, so these facts are as of `credential_report_generated_at`, up to 4 hours ago: "+
					"a password or key added, or a key deactivated, since then shows only in the next report. Users "+
					"created since the report, or deleted and re-created under the same name, are read with per-user "+
					"calls, and MFA reported by the report is confirmed with `iam:ListMFADevices` unless a virtual "+
					"device is assigned. Cheapest: the API calls grow with pages, not users.\n"+
					"  - `%s`: every user's password (`iam:GetLoginProfile`, `iam:ListUsers` for its last use), access "+
					"keys (`iam:ListAccessKeys`, `iam:GetAccessKeyLastUsed`) and MFA devices (`iam:ListMFADevices`) "+
					"are read now with per-user calls, about 4 per user, bounded by `max_concurrency`. Use it to "+
					"verify a remediation without waiting for the next report. `password_last_changed`, "+
					"`password_next_rotation` and the root user (`<root_account>`) still come from the credential "+
					"report, the only source that carries them.",
					quotedList(iamcollect.CredentialDataModes), iamcollect.CredentialDataReport,
					iamcollect.CredentialDataReport, iamcollect.CredentialDataLive),
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(iamcollect.CredentialDataModes...)},
			},
			"credential_report_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long to wait for AWS to generate the credential report, as a Go duration (`90s`, `5m`). Defaults to `%s`.", iamcollect.DefaultReportTimeout),
				Optional:            true,
				Validators:          []validator.String{durationBetween(time.Second, time.Hour)},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume an IAM role (sts:AssumeRole) with the resolved credentials, e.g. to audit another account.",
				Attributes: sessionAttributes(map[string]schema.Attribute{
					"external_id": schema.StringAttribute{
						MarkdownDescription: "External ID the role's trust policy requires.",
						Optional:            true,
						Validators:          []validator.String{externalIDValidator()},
					},
				}),
				Validators: []validator.Object{blockArgumentsValidator{required: []string{"role_arn"}}},
			},
			"assume_role_with_web_identity": schema.SingleNestedBlock{
				MarkdownDescription: "Assume an IAM role with an OIDC token (sts:AssumeRoleWithWebIdentity), e.g. from GitHub Actions.",
				Attributes: sessionAttributes(map[string]schema.Attribute{
					"web_identity_token": schema.StringAttribute{
						MarkdownDescription: "The OIDC token. Sensitive. Conflicts with `web_identity_token_file`.",
						Optional:            true,
						Sensitive:           true,
						Validators: []validator.String{
							stringvalidator.ConflictsWith(path.MatchRoot("assume_role_with_web_identity").AtName("web_identity_token_file")),
							stringvalidator.LengthBetween(4, 20000),
						},
					},
					"web_identity_token_file": schema.StringAttribute{
						MarkdownDescription: "Path of a file holding the OIDC token.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}),
				Validators: []validator.Object{blockArgumentsValidator{
					required: []string{"role_arn"},
					oneOf:    []string{"web_identity_token", "web_identity_token_file"},
				}},
			},
			"member_role": schema.SingleNestedBlock{
				MarkdownDescription: "How the provider reaches the accounts that data sources and resources name with " +
					"`account_id`: it assumes `arn:<partition>:iam::<account_id>:role<path><role_name>` with its own " +
					"credentials (`sts:AssumeRole`, then one `sts:GetCallerIdentity` to confirm the account), keeps the " +
					"session per account and renews it before it expires, and collects each account once per plan. So one " +
					"provider configuration audits a whole AWS Organization, instead of a provider alias (and a plugin " +
					"process) per account. Give the central identity `sts:AssumeRole` on the role (`data.iamaudit_reader_policy` " +
					"with purpose `organization-central`) and the role in every member account the `audit` reader policy, " +
					"or IAM write permissions (such as `OrganizationAccountAccessRole`) for the resources.",
				Attributes: map[string]schema.Attribute{
					"role_name": schema.StringAttribute{
						MarkdownDescription: "Name of the role to assume in every account named by `account_id`, such as " +
							"`OrganizationAccountAccessRole` or an audit role created in each account with `iamaudit_cross_account_role`. Required in the block.",
						Optional:   true,
						Validators: []validator.String{userOrRoleNameValidator()},
					},
					"path": schema.StringAttribute{
						MarkdownDescription: "IAM path of the role, `/` (the default) or `/a/b/`.",
						Optional:            true,
						Validators:          []validator.String{iamPathValidator()},
					},
					"external_id": schema.StringAttribute{
						MarkdownDescription: "External ID the role's trust policy requires.",
						Optional:            true,
						Validators:          []validator.String{externalIDValidator()},
					},
					"session_name": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("Session name recorded in each account's CloudTrail. Defaults to `%s`.", awsclient.DefaultMemberSessionName),
						Optional:            true,
						Validators:          []validator.String{sessionNameValidator()},
					},
					"duration": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("Session duration as a Go duration string (`1h`, `90m`), from %s to %s; "+
							"the role's MaxSessionDuration must allow it. Defaults to `%s`. When the provider's own credentials are "+
							"an assumed role, AWS caps the session at %s (role chaining) and the provider asks for no more. "+
							"Sessions are renewed %s before they expire, so a long plan never fails on expired credentials.",
							minSessionDuration, maxSessionDuration, awsclient.DefaultMemberSessionDuration, awsclient.RoleChainingLimit,
							awsclient.CredentialsRefreshWindow),
						Optional:   true,
						Validators: []validator.String{durationBetween(minSessionDuration, maxSessionDuration)},
					},
					"max_parallel_accounts": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("How many accounts are collected at once; `max_concurrency` bounds the "+
							"per-user calls within each (IAM throttles per account). Terraform's own `-parallelism` (default 10) "+
							"bounds how many data sources are read at once: raise both together for large organizations. "+
							"Defaults to `%d`.", defaultMaxParallelAccounts),
						Optional:   true,
						Validators: []validator.Int64{int64validator.Between(1, 256)},
					},
				},
				Validators: []validator.Object{blockArgumentsValidator{required: []string{"role_name"}}},
			},
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Custom service endpoints, e.g. for an emulator. `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_STS`, " +
					"`AWS_ENDPOINT_URL_ORGANIZATIONS` and `AWS_ENDPOINT_URL` work too.",
				Attributes: map[string]schema.Attribute{
					"iam": schema.StringAttribute{
						MarkdownDescription: "IAM endpoint URL.",
						Optional:            true,
						Validators:          []validator.String{endpointURLValidator{}},
					},
					"sts": schema.StringAttribute{
						MarkdownDescription: "STS endpoint URL.",
						Optional:            true,
						Validators:          []validator.String{endpointURLValidator{}},
					},
					"organizations": schema.StringAttribute{
						MarkdownDescription: "AWS Organizations endpoint URL (`organizations:DescribeOrganization` finds " +
							"the account's own organization for `iamaudit_roles`).",
						Optional:   true,
						Validators: []validator.String{endpointURLValidator{}},
					},
				},
			},
		},
	}
}

// sessionAttributes adds the arguments both assume-role blocks share
// (role_arn, session_name, duration) to the block-specific ones.
func sessionAttributes(specific map[string]schema.Attribute) map[string]schema.Attribute {
	specific["role_arn"] = schema.StringAttribute{
		MarkdownDescription: "ARN of the role to assume.",
		Optional:            true,
		Validators:          []validator.String{roleARNValidator()},
	}
	specific["session_name"] = schema.StringAttribute{
		MarkdownDescription: "Session name recorded in CloudTrail.",
		Optional:            true,
		Validators:          []validator.String{sessionNameValidator()},
	}
	specific["duration"] = schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("Session duration as a Go duration string (`1h`, `90m`), from %s to %s.",
			minSessionDuration, maxSessionDuration),
		Optional:   true,
		Validators: []validator.String{durationBetween(minSessionDuration, maxSessionDuration)},
	}
	return specific
}

func (p *iamauditProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	if !req.Config.Raw.IsFullyKnown() {
		// A provider configured from a resource of the same configuration (an
		// access key created in this apply) is unknown during plan. Reads
		// then explain what to do instead of failing configuration itself.
		tflog.Info(ctx, "Provider configuration is not yet known; deferring AWS set-up")
		data := &providerData{unknownConfig: true}
		resp.DataSourceData, resp.ResourceData = data, data
		return
	}

	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg := model.awsConfig(p.version, p.now)
	start := time.Now()
	client, err := awsclient.New(ctx, cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Configure the iamaudit Provider",
			"Could not resolve AWS credentials or identify the caller: "+err.Error()+
				"\n\nCheck the provider's credentials (environment, profile, access_key/secret_key, assume_role) and endpoints.")
		return
	}
	tflog.Debug(ctx, "Configured AWS clients", map[string]any{
		"account_id":  client.AccountID,
		"partition":   client.Partition,
		"duration_ms": time.Since(start).Milliseconds(),
	})
	for _, w := range client.Warnings {
		resp.Diagnostics.AddWarning(w.Summary, w.Detail)
	}
	role, parallel := model.memberRole()
	data := newProviderData(client, model.collectorOptions(), p.now, role, parallel)
	resp.DataSourceData, resp.ResourceData = data, data
}

func (m providerModel) awsConfig(version string, now func() time.Time) awsclient.Config {
	cfg := awsclient.Config{
		Region:                 m.Region.ValueString(),
		Profile:                m.Profile.ValueString(),
		SharedConfigFiles:      stringValues(m.SharedConfigFiles),
		SharedCredentialsFiles: stringValues(m.SharedCredentialsFiles),
		AccessKey:              m.AccessKey.ValueString(),
		SecretKey:              m.SecretKey.ValueString(),
		Token:                  m.Token.ValueString(),
		MaxRetries:             awsclient.DefaultMaxRetries,
		RetryMode:              m.RetryMode.ValueString(),
		AllowedAccountIDs:      stringValues(m.AllowedAccountIDs),
		ForbiddenAccountIDs:    stringValues(m.ForbiddenAccountIDs),
		UserAgent:              version,
		Now:                    now,
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if e := m.Endpoints; e != nil {
		cfg.IAMEndpoint = e.IAM.ValueString()
		cfg.STSEndpoint = e.STS.ValueString()
		cfg.OrganizationsEndpoint = e.Organizations.ValueString()
	}
	if ar := m.AssumeRole; ar != nil && !ar.RoleARN.IsNull() {
		cfg.AssumeRole = &awsclient.AssumeRole{
			RoleARN:     ar.RoleARN.ValueString(),
			ExternalID:  ar.ExternalID.ValueString(),
			SessionName: ar.SessionName.ValueString(),
			Duration:    parsedDuration(ar.Duration),
		}
	}
	if wi := m.AssumeRoleWithWebIdentity; wi != nil && !wi.RoleARN.IsNull() {
		cfg.AssumeRoleWithWebIdentity = &awsclient.AssumeRoleWithWebIdentity{
			RoleARN:              wi.RoleARN.ValueString(),
			WebIdentityToken:     wi.WebIdentityToken.ValueString(),
			WebIdentityTokenFile: wi.WebIdentityTokenFile.ValueString(),
			SessionName:          wi.SessionName.ValueString(),
			Duration:             parsedDuration(wi.Duration),
		}
	}
	return cfg
}

// memberRole returns member_role, nil when not configured, and
// max_parallel_accounts.
func (m providerModel) memberRole() (*awsclient.MemberRole, int) {
	mr := m.MemberRole
	if mr == nil || mr.RoleName.IsNull() {
		return nil, defaultMaxParallelAccounts
	}
	parallel := defaultMaxParallelAccounts
	if !mr.MaxParallelAccounts.IsNull() {
		parallel = int(mr.MaxParallelAccounts.ValueInt64())
	}
	return &awsclient.MemberRole{
		RoleName:    mr.RoleName.ValueString(),
		Path:        mr.Path.ValueString(),
		ExternalID:  mr.ExternalID.ValueString(),
		SessionName: mr.SessionName.ValueString(),
		Duration:    parsedDuration(mr.Duration),
	}, parallel
}

// collectorOptions returns the IAM engine settings of the configuration.
func (m providerModel) collectorOptions() iamcollect.Options {
	return iamcollect.Options{
		MaxConcurrency: m.maxConcurrency(),
		ReportTimeout:  m.credentialReportTimeout(),
		CredentialData: m.CredentialData.ValueString(),
	}
}

func (m providerModel) maxConcurrency() int {
	if m.MaxConcurrency.IsNull() {
		return iamcollect.DefaultMaxConcurrency
	}
	return int(m.MaxConcurrency.ValueInt64())
}

func (m providerModel) credentialReportTimeout() time.Duration {
	if d := parsedDuration(m.CredentialReportTimeout); d > 0 {
		return d
	}
	return iamcollect.DefaultReportTimeout
}

// parsedDuration reads a duration the schema's validator already accepted;
// null reads as zero (the SDK's default).
func parsedDuration(v types.String) time.Duration {
	d, err := time.ParseDuration(v.ValueString())
	if err != nil {
		return 0
	}
	return d
}

func stringValues(in []types.String) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, v.ValueString())
	}
	return out
}

func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}

func (p *iamauditProvider) Resources(_ context.Context) []func() resource.Resource {
	return providerResources
}

func (p *iamauditProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return providerDataSources
}

func (p *iamauditProvider) Functions(_ context.Context) []func() function.Function {
	return providerFunctions
}
