package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

// providerData is what Configure hands to every data source and resource:
// the AWS clients, the one IAM collection shared by a whole plan and the
// one clock everything that depends on the time of day reads.
type providerData struct {
	unknownConfig  bool
	client         *awsclient.Client
	collector      *iamcollect.Collector
	maxConcurrency int
	now            func() time.Time
}

// newProviderData builds the clients' collector; opts carries the
// configuration's engine settings, the account and partition come from
// client, and now is the provider's one clock (the collector's too).
func newProviderData(client *awsclient.Client, opts iamcollect.Options, now func() time.Time) *providerData {
	opts.AccountID = client.AccountID
	opts.Partition = client.Partition
	opts.Organizations = client.Organizations
	opts.Now = now
	return &providerData{
		client:         client,
		collector:      iamcollect.New(client.IAM, opts),
		maxConcurrency: opts.MaxConcurrency,
		now:            now,
	}
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
	return d != nil && !d.unknownConfig && d.client != nil
}

// callContext prepares ctx for AWS calls: the secret-masking SDK logger.
func (d *providerData) callContext(ctx context.Context) context.Context {
	return d.client.WithLogging(ctx)
}

// credentialReportTime returns when the credential report was generated, for
// a data source's credential_report_generated_at: the memoized report, so no
// extra AWS call. used says whether the read drew on the report at all; when
// it did not (live mode, for a source that needs no report) the value is null
// and nothing is fetched. ok is false when an error diagnostic was added.
func (d *providerData) credentialReportTime(ctx context.Context, used bool, diags *diag.Diagnostics) (types.String, bool) {
	if !used {
		return types.StringNull(), true
	}
	report, err := d.collector.CredentialReport(ctx)
	if err != nil {
		addAWSError(diags, "Unable to Read IAM Credential Report", err)
		return types.StringNull(), false
	}
	return timeValueOf(report.GeneratedAt), true
}

// identities is the IAM write side for the provider's account.
func (d *providerData) identities() *iamidentity.Client {
	return iamidentity.New(d.client.IAM, d.account(), iamidentity.Options{Now: d.now})
}

// account is the provider's account.
func (d *providerData) account() iamidentity.Account {
	return iamidentity.Account{ID: d.client.AccountID, Partition: d.client.Partition}
}
