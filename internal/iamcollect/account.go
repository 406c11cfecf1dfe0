package iamcollect

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// Root MFA types.
const (
	RootMFATypeHardware = "hardware"
	RootMFATypeVirtual  = "virtual"
	RootMFATypeNone     = "none"
)

// Account returns account-level state: the account ID from Options, the
// aliases (ListAccountAliases), every GetAccountSummary counter and the root
// user's MFA (a virtual device assigned to root per ListVirtualMFADevices is
// virtual; account MFA on without one is hardware).
func (c *Collector) Account(ctx context.Context) (*Account, error) {
	var (
		aliases []string
		summary map[string]int64
		virtual []types.VirtualMFADevice
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { aliases, err = c.accountAliases(gctx); return err })
	g.Go(func() (err error) { summary, err = c.accountSummary(gctx); return err })
	g.Go(func() (err error) { virtual, err = c.virtualMFADevices(gctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	a := &Account{
		AccountID:                      c.opts.AccountID,
		Aliases:                        slices.Clone(aliases),
		RootMFAEnabled:                 summary[string(types.SummaryKeyTypeAccountMFAEnabled)] > 0,
		RootAccessKeysPresent:          summary[string(types.SummaryKeyTypeAccountAccessKeysPresent)] > 0,
		RootSigningCertificatesPresent: summary[string(types.SummaryKeyTypeAccountSigningCertificatesPresent)] > 0,
		Summary:                        make(map[string]int64, len(summary)),
	}
	for k, v := range summary {
		a.Summary[k] = v
	}
	a.RootMFAType = rootMFAType(a.RootMFAEnabled, hasRootVirtualMFA(virtual))
	return a, nil
}

// rootMFAType applies the design's definition of the root MFA type.
func rootMFAType(accountMFAEnabled, rootVirtual bool) string {
	switch {
	case rootVirtual:
		return RootMFATypeVirtual
	case accountMFAEnabled:
		return RootMFATypeHardware
	default:
		return RootMFATypeNone
	}
}

// accountAliases returns the memoized, sorted account aliases.
func (c *Collector) accountAliases(ctx context.Context) ([]string, error) {
	return load(ctx, c, "account-aliases", func(ctx context.Context) ([]string, error) {
		start := time.Now()
		p := iam.NewListAccountAliasesPaginator(c.api, &iam.ListAccountAliasesInput{MaxItems: aws.Int32(maxItems)})
		aliases := []string{}
		st, err := paginate(ctx, "ListAccountAliases", p, func(out *iam.ListAccountAliasesOutput) pageInfo {
			aliases = append(aliases, out.AccountAliases...)
			return pageInfo{items: len(out.AccountAliases), truncated: out.IsTruncated, marker: out.Marker}
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(aliases)
		logBulk(ctx, "iam:ListAccountAliases", st, start)
		return aliases, nil
	})
}

// accountSummary returns the memoized GetAccountSummary counters.
func (c *Collector) accountSummary(ctx context.Context) (map[string]int64, error) {
	return load(ctx, c, "account-summary", func(ctx context.Context) (map[string]int64, error) {
		start := time.Now()
		out, err := c.api.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
		if err != nil {
			return nil, wrapErr("GetAccountSummary", err)
		}
		m := make(map[string]int64, len(out.SummaryMap))
		for k, v := range out.SummaryMap {
			m[k] = int64(v)
		}
		logBulk(ctx, "iam:GetAccountSummary", pageStats{pages: 1, items: len(m)}, start)
		return m, nil
	})
}
