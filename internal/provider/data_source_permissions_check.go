package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

var _ datasource.DataSourceWithConfigure = (*permissionsCheckDataSource)(nil)

// Names the permission probes use where an entity must be named but need
// not exist: IAM authorizes the call first, then answers NoSuchEntity.
const (
	absentEntityName = "iamaudit-permissions-check-absent"
	absentAccessKey  = "AKIAIAMAUDITABSENT00"
)

// NewPermissionsCheckDataSource returns the iamaudit_permissions_check data source.
func NewPermissionsCheckDataSource() datasource.DataSource {
	return &permissionsCheckDataSource{}
}

type permissionsCheckDataSource struct {
	data *providerData
}

type permissionsCheckModel struct {
	Purpose          types.String `tfsdk:"purpose"`
	AllowedActions   types.List   `tfsdk:"allowed_actions"`
	MissingActions   types.List   `tfsdk:"missing_actions"`
	UncheckedActions types.List   `tfsdk:"unchecked_actions"`
	OK               types.Bool   `tfsdk:"ok"`
}

// probeTarget is what the probes call actions on: the caller's own user
// when the caller is an IAM user (so actions granted only on the own user,
// as in key-rotation-self, are checked where they apply), else absent names.
type probeTarget struct {
	iam           *iam.Client
	sts           *sts.Client
	organizations *organizations.Client
	user          string
	accessKeyID   string
}

// permissionProbe calls one action in its cheapest form: one-item pages,
// absent names, absent access key IDs. None changes anything.
type permissionProbe func(ctx context.Context, t probeTarget) error

func discard[T any](_ T, err error) error { return err }

// one is MaxItems 1, the cheapest page.
var one = aws.Int32(1)

// permissionProbes has a probe for every action of every purpose except
// the ones in uncheckedActions.
var permissionProbes = map[string]permissionProbe{
	"iam:GenerateCredentialReport": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{}))
	},
	"iam:GetAccessKeyLastUsed": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(t.accessKeyID)}))
	},
	"iam:GetAccountAuthorizationDetails": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{
			MaxItems: one, Filter: []iamtypes.EntityType{iamtypes.EntityTypeUser},
		}))
	},
	"iam:GetAccountPasswordPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}))
	},
	"iam:GetAccountSummary": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}))
	},
	"iam:GetCredentialReport": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}))
	},
	"iam:GetGroup": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:GetGroupPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: aws.String(absentEntityName), PolicyName: aws.String(absentEntityName)}))
	},
	"iam:GetLoginProfile": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String(t.user)}))
	},
	"iam:GetUser": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(t.user)}))
	},
	"iam:GetUserPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(t.user), PolicyName: aws.String(absentEntityName)}))
	},
	"iam:ListAccessKeys": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListAccountAliases": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{MaxItems: one}))
	},
	"iam:ListAttachedGroupPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:ListAttachedUserPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListGroupPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:ListGroups": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroups(ctx, &iam.ListGroupsInput{MaxItems: one}))
	},
	"iam:ListGroupsForUser": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListMFADevices": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListRoles": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListRoles(ctx, &iam.ListRolesInput{MaxItems: one}))
	},
	"iam:ListSAMLProviders": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{}))
	},
	"iam:ListSSHPublicKeys": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSSHPublicKeys(ctx, &iam.ListSSHPublicKeysInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListServerCertificates": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{MaxItems: one}))
	},
	"iam:ListServiceSpecificCredentials": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{UserName: aws.String(t.user)}))
	},
	"iam:ListSigningCertificates": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSigningCertificates(ctx, &iam.ListSigningCertificatesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUserPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUserTags": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUsers": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUsers(ctx, &iam.ListUsersInput{MaxItems: one}))
	},
	"iam:ListVirtualMFADevices": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{MaxItems: one}))
	},
	"iam:UpdateAccessKey": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
			UserName: aws.String(t.user), AccessKeyId: aws.String(absentAccessKey), Status: iamtypes.StatusTypeActive,
		}))
	},
	"iam:DeleteAccessKey": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(t.user), AccessKeyId: aws.String(absentAccessKey)}))
	},
	"organizations:DescribeOrganization": func(ctx context.Context, t probeTarget) error {
		return discard(t.organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}))
	},
	"sts:GetCallerIdentity": func(ctx context.Context, t probeTarget) error {
		return discard(t.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	},
}

// uncheckedActions cannot be called without changing something:
// CreateAccessKey would create a key. They are reported, not called.
var uncheckedActions = []string{"iam:CreateAccessKey"}

// answeredCodes are errors IAM (and Organizations) return only after they
// authorized a call, so they prove the action is allowed.
var answeredCodes = map[string]bool{
	"AWSOrganizationsNotInUseException": true, // the account is in no organization
	"NoSuchEntity":                      true,
	"ReportNotPresent":                  true,
	"ReportInProgress":                  true,
	"ReportExpired":                     true,
	"LimitExceeded":                     true,
	"ReportNotReady":                    true,
	"ConcurrentModification":            true,
}

func (d *permissionsCheckDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permissions_check"
}

func (d *permissionsCheckDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The connector \"test connection\": calls each action of a reader policy purpose once with " +
			"the provider's credentials and reports which are allowed and which are missing, so every missing " +
			"permission shows at once instead of one failure per plan. Each call is the cheapest form that proves " +
			"authorization and changes nothing: one-item pages, and names that do not exist (IAM authorizes before " +
			"it answers `NoSuchEntity`). Actions on a user are called on the caller's own user when the caller is an " +
			"IAM user, so `key-rotation-self` is checked where it applies. `iam:CreateAccessKey` cannot be called " +
			"without creating a key: it is listed in `unchecked_actions`.\n\n" +
			"AccessDenied never fails the read; it fails only when it cannot tell (throttling or network errors " +
			"after retries, unexpected errors). Assert on `ok` in a `check` block or an output precondition.",
		Attributes: map[string]schema.Attribute{
			"purpose": schema.StringAttribute{
				MarkdownDescription: "The purpose whose actions to check; `" + defaultPurpose + "` when unset. One of " + quotedList(policydoc.Purposes) + ".",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{purposeValidator()},
			},
			"allowed_actions":   schema.ListAttribute{MarkdownDescription: "Actions the credentials may call, sorted.", Computed: true, ElementType: types.StringType},
			"missing_actions":   schema.ListAttribute{MarkdownDescription: "Actions denied to the credentials, sorted.", Computed: true, ElementType: types.StringType},
			"unchecked_actions": schema.ListAttribute{MarkdownDescription: "Actions of the purpose that cannot be checked without a change (creating a key), sorted.", Computed: true, ElementType: types.StringType},
			"ok": schema.BoolAttribute{
				MarkdownDescription: "True when no checked action is missing.",
				Computed:            true,
			},
		},
	}
}

func (d *permissionsCheckDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *permissionsCheckDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model permissionsCheckModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &model)...); resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	if model.Purpose.IsNull() {
		model.Purpose = types.StringValue(defaultPurpose)
	}
	c := d.data.client
	_, actions, err := policydoc.ReaderPolicy(model.Purpose.ValueString(), c.Partition, c.AccountID, nil)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Check Permissions", capitalize(err.Error())+".")
		return
	}
	ctx = d.data.callContext(ctx)
	target := probeTarget{iam: c.IAM, sts: c.STS, organizations: c.Organizations, user: callerUserName(c.CallerARN), accessKeyID: d.callerAccessKeyID(ctx)}
	result, err := runProbes(ctx, target, actions, max(1, d.data.maxConcurrency))
	if err != nil {
		addAWSError(&resp.Diagnostics, "Unable to Check Permissions", err)
		return
	}
	tflog.Debug(ctx, "Checked permissions", map[string]any{
		"purpose": model.Purpose.ValueString(), "allowed": len(result.allowed), "missing": len(result.missing),
	})
	model.AllowedActions = stringList(ctx, result.allowed, &resp.Diagnostics)
	model.MissingActions = stringList(ctx, result.missing, &resp.Diagnostics)
	model.UncheckedActions = stringList(ctx, result.unchecked, &resp.Diagnostics)
	model.OK = types.BoolValue(len(result.missing) == 0)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// callerAccessKeyID is the long-term access key the provider signs with,
// for GetAccessKeyLastUsed, or an absent key ID (temporary credentials).
func (d *permissionsCheckDataSource) callerAccessKeyID(ctx context.Context) string {
	creds, err := d.data.client.IAM.Options().Credentials.Retrieve(ctx)
	if err == nil && strings.HasPrefix(creds.AccessKeyID, "AKIA") {
		return creds.AccessKeyID
	}
	return absentAccessKey
}

// callerUserName is the user name of an IAM user caller
// (arn:aws:iam::123456789012:user/path/name), else an absent name.
func callerUserName(callerARN string) string {
	_, resource, ok := strings.Cut(callerARN, ":user/")
	if !ok || !strings.HasPrefix(callerARN, "arn:") {
		return absentEntityName
	}
	return resource[strings.LastIndex(resource, "/")+1:]
}

type probeResult struct {
	allowed, missing, unchecked []string
}

// runProbes calls the probe of every action concurrently (at most limit at
// once) and sorts the actions by outcome. It fails on the first outcome
// that says nothing about authorization.
func runProbes(ctx context.Context, target probeTarget, actions []string, limit int) (probeResult, error) {
	var (
		mu  sync.Mutex
		res probeResult
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, action := range actions {
		probe, ok := permissionProbes[action]
		if !ok {
			if !slices.Contains(uncheckedActions, action) {
				return probeResult{}, fmt.Errorf("no permission probe for %s: this is a bug in the provider; please report it", action)
			}
			res.unchecked = append(res.unchecked, action)
			continue
		}
		g.Go(func() error {
			allowed, err := probeOutcome(probe(gctx, target))
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if allowed {
				res.allowed = append(res.allowed, action)
			} else {
				res.missing = append(res.missing, action)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return probeResult{}, err
	}
	slices.Sort(res.allowed)
	slices.Sort(res.missing)
	slices.Sort(res.unchecked)
	return res, nil
}

// probeOutcome interprets a probe's error: nil or an answer IAM gives only
// after authorizing means allowed, AccessDenied means missing, anything else
// is returned because it does not tell.
func probeOutcome(err error) (allowed bool, _ error) {
	switch {
	case err == nil, answeredCodes[errorCode(err)]:
		return true, nil
	case isAccessDenied(err):
		return false, nil
	default:
		return false, err
	}
}
