package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"golang.org/x/sync/semaphore"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// providerData is what Configure hands to every data source and resource:
// the provider's own account (its AWS clients and the one IAM collection
// shared by a whole plan), the member accounts reached through member_role,
// and the one clock everything that depends on the time of day reads.
type providerData struct {
	unknownConfig bool
	own           *accountScope
	// members is nil without member_role.
	members *memberAccounts
	now     func() time.Time
}

// newProviderData builds the own account's collector; opts carries the
// configuration's engine settings, the account and partition come from
// client, and now is the provider's one clock (the collectors' too).
// role, when not nil, is member_role, with parallel its
// max_parallel_accounts.
func newProviderData(client *awsclient.Client, opts iamcollect.Options, now func() time.Time, role *awsclient.MemberRole, parallel int) *providerData {
	opts.Now = now
	if parallel > 0 {
		opts.Accounts = semaphore.NewWeighted(int64(parallel))
	}
	own := opts
	own.AccountID, own.Partition, own.Organizations = client.AccountID, client.Partition, client.Organizations
	d := &providerData{
		own: &accountScope{
			client:         client,
			collector:      iamcollect.New(client.IAM, own),
			maxConcurrency: opts.MaxConcurrency,
			now:            now,
		},
		now: now,
	}
	if role != nil {
		d.members = &memberAccounts{base: client, role: *role, parallel: parallel, opts: opts, now: now, byID: map[string]*memberEntry{}}
	}
	return d
}

// configuredData converts the ProviderData of a Configure request, tolerating
// the nil Terraform sends before the provider itself is configured.
func configuredData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

// ready reports whether AWS can be called, adding an error that says what to
// do when the provider configuration was still unknown during plan.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("Provider Not Configured",
			"The iamaudit provider was not configured before this read. This is a bug in the provider; please report it.")
		return false
	}
	if d.unknownConfig {
		diags.AddError("Provider Configuration Not Yet Known",
			"The iamaudit provider's configuration depends on values that are only known after apply "+
				"(for example an access key created in this configuration). Apply the resources it depends on "+
				"first (terraform apply -target=...), or configure this provider in a separate configuration.")
		return false
	}
	return true
}

// known reports whether the provider configuration is known, so plans can
// compute what depends on the account.
func (d *providerData) known() bool {
	return d != nil && !d.unknownConfig && d.own != nil
}
