package iamidentity

import (
	"context"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// tagChanges returns the tags to set (sorted by key) and the keys to
// remove (sorted) so that before becomes after.
func tagChanges(before, after map[string]string) (set []iamtypes.Tag, remove []string) {
	for _, k := range slices.Sorted(maps.Keys(after)) {
		if v, ok := before[k]; !ok || v != after[k] {
			set = append(set, iamtypes.Tag{Key: aws.String(k), Value: aws.String(after[k])})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			remove = append(remove, k)
		}
	}
	return set, remove
}

// updateTags removes and sets tags so that before becomes after.
func updateTags(ctx context.Context, before, after map[string]string,
	untag func(ctx context.Context, keys []string) error, tag func(ctx context.Context, tags []iamtypes.Tag) error,
) error {
	set, remove := tagChanges(before, after)
	if len(remove) > 0 {
		if err := untag(ctx, remove); err != nil {
			return err
		}
	}
	if len(set) > 0 {
		return tag(ctx, set)
	}
	return nil
}

// updateBoundary sets, changes or removes a permissions boundary ("" is
// none) with put and remove; a boundary already gone counts as removed.
func updateBoundary(ctx context.Context, before, after string,
	put func(ctx context.Context, boundaryARN *string) error, remove func(ctx context.Context) error,
) error {
	switch {
	case before == after:
		return nil
	case after == "":
		if err := remove(ctx); err != nil && !awserr.IsNoSuchEntity(err) {
			return err
		}
		return nil
	default:
		return put(ctx, aws.String(after))
	}
}

// boundaryARN is the ARN of a permissions boundary, "" for none.
func boundaryARN(b *iamtypes.AttachedPermissionsBoundary) string {
	if b == nil {
		return ""
	}
	return aws.ToString(b.PermissionsBoundaryArn)
}
