package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

// pathAccountID is the account_id argument of data sources and resources.
var pathAccountID = path.Root("account_id")

// accountScope is one AWS account data sources and resources act in: the
// provider's own, or one reached through member_role. Each has its own
// clients and its own collection, kept for the whole plan.
type accountScope struct {
	client    *awsclient.Client
	collector *iamcollect.Collector
	// roleARN is the member role the scope acts through; "" for the
	// provider's own account.
	roleARN        string
	maxConcurrency int
	now            func() time.Time
}

// accountID is the scope's account.
func (s *accountScope) accountID() string { return s.client.AccountID }

// callContext prepares ctx for AWS calls: the secret-masking SDK logger.
func (s *accountScope) callContext(ctx context.Context) context.Context {
	return s.client.WithLogging(ctx)
}

// whom is who needs an action denied in this scope.
func (s *accountScope) whom() string {
	if s.roleARN == "" {
		return providerCredentials
	}
	return "the member role " + s.roleARN
}

// addAWSError is addAWSError for this scope: in a member account the detail
// names the account and the role, and a denied action is the member role's
// to be granted.
func (s *accountScope) addAWSError(diags *diag.Diagnostics, summary string, err error, advice ...accessAdvice) {
	detail := awsErrorDetail(err, s.whom(), advice...)
	if s.roleARN != "" {
		detail = fmt.Sprintf("In AWS account %s, through the member role %s: %s", s.accountID(), s.roleARN, detail)
	}
	diags.AddError(summary, detail)
}

// credentialReportTime returns when the credential report was generated, for
// a data source's credential_report_generated_at: the memoized report, so no
// extra AWS call. used says whether the read drew on the report at all; when
// it did not (live mode, for a source that needs no report) the value is null
// and nothing is fetched. ok is false when an error diagnostic was added.
func (s *accountScope) credentialReportTime(ctx context.Context, used bool, diags *diag.Diagnostics) (types.String, bool) {
	if !used {
		return types.StringNull(), true
	}
	report, err := s.collector.CredentialReport(ctx)
	if err != nil {
		s.addAWSError(diags, "Unable to Read IAM Credential Report", err)
		return types.StringNull(), false
	}
	return timeValueOf(report.GeneratedAt), true
}

// identities is the IAM write side in the scope's account.
func (s *accountScope) identities() *iamidentity.Client {
	return iamidentity.New(s.client.IAM, s.account(), iamidentity.Options{Now: s.now})
}

// account is the scope's account as the write side names it.
func (s *accountScope) account() iamidentity.Account {
	return iamidentity.Account{ID: s.client.AccountID, Partition: s.client.Partition}
}

// memberAccounts reaches the accounts named by account_id: one member
// session and one collection per account, made on first use and kept for
// the life of the provider process. Concurrent first uses of an account
// wait for one sts:AssumeRole; a failure is not kept, so the next use tries
// again.
type memberAccounts struct {
	base *awsclient.Client
	role awsclient.MemberRole
	// parallel is max_parallel_accounts.
	parallel int
	// opts are the member collectors' settings; opts.Accounts bounds the
	// accounts collected at once (max_parallel_accounts).
	opts iamcollect.Options
	now  func() time.Time

	mu   sync.Mutex
	byID map[string]*memberEntry
}

// memberEntry is one account's session, or the attempt to make it: done
// is closed once scope or err is set.
type memberEntry struct {
	done  chan struct{}
	scope *accountScope
	err   error
}

// get returns the scope of accountID, assuming the member role on first use.
func (m *memberAccounts) get(ctx context.Context, accountID string) (*accountScope, error) {
	m.mu.Lock()
	e := m.byID[accountID]
	if e == nil {
		e = &memberEntry{done: make(chan struct{})}
		m.byID[accountID] = e
		go m.connect(context.WithoutCancel(ctx), accountID, e)
	}
	m.mu.Unlock()
	select {
	case <-e.done:
		return e.scope, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// connect assumes the member role in accountID and fills e.
func (m *memberAccounts) connect(ctx context.Context, accountID string, e *memberEntry) {
	client, err := m.base.Member(ctx, accountID, m.role)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		e.err = err
		delete(m.byID, accountID)
		close(e.done)
		return
	}
	opts := m.opts
	opts.AccountID, opts.Partition, opts.Organizations, opts.Now = client.AccountID, client.Partition, client.Organizations, m.now
	e.scope = &accountScope{
		client:         client,
		collector:      iamcollect.New(client.IAM, opts),
		roleARN:        m.role.ARN(m.base.Partition, accountID),
		maxConcurrency: opts.MaxConcurrency,
		now:            m.now,
	}
	close(e.done)
	tflog.Info(ctx, "Reached AWS account through the member role", map[string]any{"account_id": accountID, "role_arn": e.scope.roleARN})
}

// isOwn reports whether accountID is unset or the provider's own account,
// which data sources and resources treat alike.
func (d *providerData) isOwn(accountID types.String) bool {
	return accountID.IsNull() || accountID.IsUnknown() || accountID.ValueString() == d.own.accountID()
}

// checkAccountID reports, as an attribute error on account_id, why the
// provider may not act in accountID: allowed_account_ids,
// forbidden_account_ids, or no member_role. The provider's own account
// always passes (Configure checked it).
func (d *providerData) checkAccountID(accountID types.String, diags *diag.Diagnostics) bool {
	if d.isOwn(accountID) {
		return true
	}
	if !d.checkAccountAllowed(accountID, diags) {
		return false
	}
	id := accountID.ValueString()
	if d.members == nil {
		diags.AddAttributeError(pathAccountID, "Missing member_role",
			fmt.Sprintf("account_id = %q names an account other than the provider's own (%s), but the provider configuration "+
				"has no member_role block, so it has no role to assume there. Add, for example, member_role { role_name = "+
				"\"OrganizationAccountAccessRole\" } to the provider configuration, or remove account_id.", id, d.own.accountID()))
		return false
	}
	return true
}

// checkAccountAllowed reports, as an attribute error on account_id, when
// allowed_account_ids or forbidden_account_ids forbid accountID.
func (d *providerData) checkAccountAllowed(accountID types.String, diags *diag.Diagnostics) bool {
	if d.isOwn(accountID) {
		return true
	}
	if err := d.own.client.CheckAccount(accountID.ValueString()); err != nil {
		diags.AddAttributeError(pathAccountID, "Account Not Allowed", capitalize(err.Error())+
			". The lists gate every account the provider acts in, not only its own.")
		return false
	}
	return true
}

// scope returns the account a data source or resource acts in: the
// provider's own when accountID is unset or names it, else the member
// account, reached through member_role on first use. ok is false when an
// error diagnostic was added.
func (d *providerData) scope(ctx context.Context, accountID types.String, diags *diag.Diagnostics) (*accountScope, bool) {
	if !d.ready(diags) || !d.checkAccountID(accountID, diags) {
		return nil, false
	}
	if d.isOwn(accountID) {
		return d.own, true
	}
	s, err := d.members.get(ctx, accountID.ValueString())
	if err != nil {
		addMemberError(diags, err)
		return nil, false
	}
	return s, true
}

// addMemberError reports an account that could not be reached.
func addMemberError(diags *diag.Diagnostics, err error) {
	var me *awsclient.MemberError
	if !errors.As(err, &me) {
		diags.AddError("Unable to Reach AWS Account", err.Error())
		return
	}
	diags.AddError("Unable to Reach AWS Account", memberErrorDetail(me))
}

// memberErrorDetail explains a member session that could not be made.
func memberErrorDetail(me *awsclient.MemberError) string {
	return fmt.Sprintf("The provider could not act in AWS account %s: %s\n\n"+
		"The role must exist in that account and trust the provider's credentials, which need sts:AssumeRole on it "+
		"(data.iamaudit_reader_policy with purpose \"organization-central\" grants it).",
		me.AccountID, me.Reason())
}

// configuredScope reads the account_id argument of a data source and
// returns it with its scope (see scope).
func (d *providerData) configuredScope(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (types.String, *accountScope, bool) {
	var accountID types.String
	if diags.Append(config.GetAttribute(ctx, pathAccountID, &accountID)...); diags.HasError() {
		return accountID, nil, false
	}
	s, ok := d.scope(ctx, accountID, diags)
	return accountID, s, ok
}

// sameAccount reports whether two account_id values name the same account,
// unset being the provider's own. Before the provider is configured only
// equal values are the same.
func (d *providerData) sameAccount(a, b types.String) bool {
	if !d.known() || a.IsUnknown() || b.IsUnknown() {
		return a.Equal(b)
	}
	return d.effectiveAccountID(a) == d.effectiveAccountID(b)
}

// effectiveAccountID is the account accountID names: the provider's own
// when unset.
func (d *providerData) effectiveAccountID(accountID types.String) string {
	if accountID.IsNull() || accountID.IsUnknown() {
		return d.own.accountID()
	}
	return accountID.ValueString()
}

// identityAccount is the account, as the write side names it, of a
// resource whose account_id is accountID; for planning, without reaching it.
func (d *providerData) identityAccount(accountID types.String) iamidentity.Account {
	return iamidentity.Account{ID: d.effectiveAccountID(accountID), Partition: d.own.client.Partition}
}
