package iamcollect

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// AccessKeys returns every access key, sorted by user name then key ID.
// Key IDs are in no bulk source, so it calls ListAccessKeys, concurrently and
// bounded by MaxConcurrency:
//   - Report mode: only for users whose credential report row shows a key
//     slot and for users the report cannot answer for. Last use comes from
//     the report slot created in the same second as the key;
//     GetAccessKeyLastUsed only for the keys the report cannot answer for
//     (see reportKeys.lastUsed).
//   - Live mode: for every user, with GetAccessKeyLastUsed for every key;
//     the report is not read.
func (c *Collector) AccessKeys(ctx context.Context) ([]AccessKey, error) {
	var (
		targets []string
		rows    map[string]*CredentialReportRow
		view    reportView
	)
	if c.Live() {
		core, err := c.gaadCore(ctx)
		if err != nil {
			return nil, err
		}
		targets = userNames(core.users)
	} else {
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
		view = newReportView(rep)
		targets, rows = keyHolders(core.users, view)
	}
	lists, err := fanOut(ctx, c, "iam:ListAccessKeys,iam:GetAccessKeyLastUsed", targets, func(ctx context.Context, name string) ([]AccessKey, error) {
		return c.userKeys(ctx, name, newReportKeys(rows[name], view.generatedAt))
	})
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
// a key slot, or no usable report row; and their usable rows by name (absent
// for the users the report cannot answer for).
func keyHolders(users []types.UserDetail, view reportView) ([]string, map[string]*CredentialReportRow) {
	var out []string
	rows := map[string]*CredentialReportRow{}
	for _, u := range users {
		row := view.row(u)
		if row == nil || row.AccessKey1LastRotated != nil || row.AccessKey2LastRotated != nil {
			name := aws.ToString(u.UserName)
			out = append(out, name)
			if row != nil {
				rows[name] = row
			}
		}
	}
	return out, rows
}

// userNames returns the names of users, in their order.
func userNames(users []types.UserDetail) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, aws.ToString(u.UserName))
	}
	return out
}
