package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

var _ datasource.DataSourceWithConfigure = (*organizationAccountsDataSource)(nil)

// parentIDPattern is an organization root ("r-…") or OU ("ou-…-…") ID.
var parentIDPattern = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)

// defaultAccountStatuses is statuses unless set.
var defaultAccountStatuses = []string{"ACTIVE"}

// NewOrganizationAccountsDataSource returns the
// iamaudit_organization_accounts data source.
func NewOrganizationAccountsDataSource() datasource.DataSource {
	return &organizationAccountsDataSource{}
}

type organizationAccountsDataSource struct {
	data *providerData
}

type organizationAccountsModel struct {
	ParentIDs         types.Set                  `tfsdk:"parent_ids"`
	Statuses          types.Set                  `tfsdk:"statuses"`
	ExcludeAccountIDs types.Set                  `tfsdk:"exclude_account_ids"`
	CheckAccess       types.Bool                 `tfsdk:"check_access"`
	OrganizationID    types.String               `tfsdk:"organization_id"`
	RootID            types.String               `tfsdk:"root_id"`
	Accounts          []organizationAccountModel `tfsdk:"accounts"`
}

// organizationAccountModel is one element of accounts.
type organizationAccountModel struct {
	ID          types.String `tfsdk:"id"`
	ARN         types.String `tfsdk:"arn"`
	Name        types.String `tfsdk:"name"`
	Email       types.String `tfsdk:"email"`
	Status      types.String `tfsdk:"status"`
	JoinedAt    types.String `tfsdk:"joined_at"`
	ParentID    types.String `tfsdk:"parent_id"`
	Accessible  types.Bool   `tfsdk:"accessible"`
	AccessError types.String `tfsdk:"access_error"`
}

func (d *organizationAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_accounts"
}

func (d *organizationAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The accounts of the AWS Organization the provider's credentials belong to, to audit them all " +
			"in one plan: pass each `id` as the `account_id` of the audit data sources (or of the CIS module), which the " +
			"provider reaches through `member_role`. Read from the management account or a delegated administrator.\n\n" +
			"Needs `organizations:DescribeOrganization` (the `audit` reader policy), `organizations:ListRoots` and " +
			"`organizations:ListAccounts`, or, with `parent_ids`, `organizations:ListAccountsForParent` and " +
			"`organizations:ListOrganizationalUnitsForParent` (all four are in the `organization-central` reader " +
			"policy). With `check_access`, `sts:AssumeRole` on the member role of every account too. The list is " +
			"complete or the read fails: an account is never silently missing.",
		Attributes: map[string]schema.Attribute{
			"parent_ids": schema.SetAttribute{
				MarkdownDescription: "Only the accounts in these roots (`r-…`) or organizational units (`ou-…`) and in every OU " +
					"below them, walking the OU tree once; each account's `parent_id` is then known. Unset: every account " +
					"of the organization, from `organizations:ListAccounts`.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(parentIDPattern, `must be an organization root ID ("r-…") or OU ID ("ou-…-…")`))},
			},
			"statuses": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("Only accounts in these states: %s. Defaults to `[\"ACTIVE\"]`: suspended, "+
					"closing and closed accounts cannot be audited.", quotedList(iamcollect.AccountStates)),
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(iamcollect.AccountStates...))},
			},
			"exclude_account_ids": schema.SetAttribute{
				MarkdownDescription: "Accounts to leave out, by 12-digit ID.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Set{setvalidator.ValueStringsAre(accountIDValidator())},
			},
			"check_access": schema.BoolAttribute{
				MarkdownDescription: "Also find out, for each account, whether the provider can act in it through `member_role`: " +
					"one `sts:AssumeRole` and one `sts:GetCallerIdentity` per account, at most `member_role.max_parallel_accounts` " +
					"at once. The session is kept for the data sources that read the account next, so checking costs no " +
					"extra call for the accounts that are audited. Audit the accessible accounts and report the others, " +
					"instead of failing the plan on the first. Needs `member_role`. Defaults to `false`.",
				Optional: true,
			},
			"organization_id": computedStringAttribute("The organization's ID (`o-…`), from `organizations:DescribeOrganization`."),
			"root_id":         computedStringAttribute("The organization's root (`r-…`), from `organizations:ListRoots`."),
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The accounts that pass the filters, sorted by ID.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":    computedStringAttribute("The 12-digit account ID."),
					"arn":   computedStringAttribute("The account's ARN in the organization."),
					"name":  computedStringAttribute("The account's name."),
					"email": computedStringAttribute("The account's root user email address."),
					"status": computedStringAttribute(fmt.Sprintf("The account's state: %s (Organizations' `State`; its "+
						"`Status`, retired in September 2026, where AWS gives no `State`).", quotedList(iamcollect.AccountStates))),
					"joined_at": computedStringAttribute("When the account joined the organization (RFC 3339, UTC)."),
					"parent_id": computedStringAttribute("The root or OU the account is directly in; null unless `parent_ids` is set."),
					"accessible": schema.BoolAttribute{
						MarkdownDescription: "Whether the provider can act in the account: its own account, or `member_role` " +
							"assumed there. Null without `check_access`.",
						Computed: true,
					},
					"access_error": computedStringAttribute("Why the account is not accessible (the role ARN and the error " +
						"of `sts:AssumeRole` or `sts:GetCallerIdentity`, or the account list that forbids it); null when " +
						"accessible or without `check_access`."),
				}},
			},
		},
	}
}

func (d *organizationAccountsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *organizationAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model organizationAccountsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &model)...); resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	checkAccess := model.CheckAccess.ValueBool()
	if checkAccess && d.data.members == nil {
		resp.Diagnostics.AddAttributeError(path.Root("check_access"), "Missing member_role",
			"check_access finds out whether the provider can assume its member_role in each account, but the provider "+
				"configuration has no member_role block. Add one, for example member_role { role_name = "+
				"\"OrganizationAccountAccessRole\" }, or remove check_access.")
		return
	}
	own := d.data.own
	ctx = own.callContext(ctx)
	parents := setStrings(ctx, model.ParentIDs, &resp.Diagnostics)
	var (
		org  *iamcollect.Organization
		list *iamcollect.OrganizationAccounts
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { org, err = own.collector.Organization(gctx); return err })
	g.Go(func() (err error) { list, err = own.collector.OrganizationAccounts(gctx, parents); return err })
	if err := g.Wait(); err != nil {
		own.addAWSError(&resp.Diagnostics, "Unable to Read the Organization's Accounts", err, organizationAccess)
		return
	}
	statuses := defaultAccountStatuses
	if !model.Statuses.IsNull() {
		statuses = setStrings(ctx, model.Statuses, &resp.Diagnostics)
	}
	excluded := setStrings(ctx, model.ExcludeAccountIDs, &resp.Diagnostics)
	model.OrganizationID, model.RootID = optionalString(org.ID), types.StringValue(list.RootID)
	model.Accounts = make([]organizationAccountModel, 0, len(list.Accounts))
	for _, a := range list.Accounts {
		if !slices.Contains(statuses, a.Status) || slices.Contains(excluded, a.ID) {
			continue
		}
		model.Accounts = append(model.Accounts, organizationAccountModel{
			ID: types.StringValue(a.ID), ARN: types.StringValue(a.ARN), Name: types.StringValue(a.Name),
			Email: types.StringValue(a.Email), Status: types.StringValue(a.Status), JoinedAt: timeValueOrNull(a.JoinedAt),
			ParentID: optionalString(a.ParentID), Accessible: types.BoolNull(), AccessError: types.StringNull(),
		})
	}
	if checkAccess {
		d.checkAccess(ctx, model.Accounts)
	}
	tflog.Debug(ctx, "Read the organization's accounts", map[string]any{
		"accounts": len(list.Accounts), "selected": len(model.Accounts), "check_access": checkAccess,
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// checkAccess sets accessible and access_error of every account, reaching
// at most max_parallel_accounts at once.
func (d *organizationAccountsDataSource) checkAccess(ctx context.Context, accounts []organizationAccountModel) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(d.data.members.parallel)
	for i := range accounts {
		a := &accounts[i]
		g.Go(func() error {
			reason := d.data.accessError(gctx, a.ID.ValueString())
			a.Accessible, a.AccessError = types.BoolValue(reason == ""), optionalString(reason)
			return nil
		})
	}
	_ = g.Wait() // the goroutines never fail: each records its own outcome
}

// accessError says why the provider cannot act in accountID, "" when it
// can: the account lists forbid it, or the member session cannot be made.
func (d *providerData) accessError(ctx context.Context, accountID string) string {
	if accountID == d.own.accountID() {
		return ""
	}
	if err := d.own.client.CheckAccount(accountID); err != nil {
		return capitalize(err.Error()) + "."
	}
	if _, err := d.members.get(ctx, accountID); err != nil {
		return memberAccessError(err)
	}
	return ""
}

// memberAccessError is an access_error: the role and what failed.
func memberAccessError(err error) string {
	msg := awsclient.Redact(err.Error())
	var me *awsclient.MemberError
	if errors.As(err, &me) {
		msg = me.Reason()
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// organizationAccess is the advice when listing the organization was denied.
func organizationAccess(action, whom string) string {
	return fmt.Sprintf("Grant %s to %s, for example with the policy from data.iamaudit_reader_policy (purpose "+
		"\"organization-central\"; organizations:DescribeOrganization is in \"audit\"). Only the management account "+
		"and delegated administrators of AWS Organizations can list the accounts.", action, whom)
}
