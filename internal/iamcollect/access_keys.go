package iamcollect

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// AccessKeys returns every access key, sorted by user name then key ID.
// Key IDs are in no bulk source, so it calls ListAccessKeys, and
// GetAccessKeyLastUsed per key, but only for users whose credential report
// row shows a key slot and for users the report cannot answer for;
// concurrently, bounded by MaxConcurrency.
func (c *Collector) AccessKeys(ctx context.Context) ([]AccessKey, error) {
	var (
		core *gaadResult
		rep  *CredentialReport
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { core, err = c.gaadCore(gctx); return err })
	g.Go(func() (err error) { rep, err = c.credentialReport(gctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	targets := keyHolders(core.users, newReportView(rep))
	lists, err := fanOut(ctx, c, "iam:ListAccessKeys,iam:GetAccessKeyLastUsed", targets, c.userKeys)
	if err != nil {
		return nil, err
	}
	out := []AccessKey{}
	for _, keys := range lists {
		out = append(out, keys...)
	}
	slices.SortFunc(out, compareKeysByUser)
	return out, nil
}

// keyHolders returns the users that may have access keys: a report row with
// a key slot, or no usable report row.
func keyHolders(users []types.UserDetail, view reportView) []string {
	var out []string
	for _, u := range users {
		row := view.row(u)
		if row == nil || row.AccessKey1LastRotated != nil || row.AccessKey2LastRotated != nil {
			out = append(out, aws.ToString(u.UserName))
		}
	}
	return out
}
