package iamidentity

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// pager is what the SDK's generated paginators have in common.
type pager[O any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*iam.Options)) (O, error)
}

// collect returns the items of every page of p.
func collect[O, T any](ctx context.Context, p pager[O], items func(O) []T) ([]T, error) {
	var out []T
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}
