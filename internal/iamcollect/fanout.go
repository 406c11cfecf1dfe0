package iamcollect

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"
)

// limited runs one per-user IAM call while holding a slot of the
// collector-wide semaphore, so that at most MaxConcurrency such calls are in
// flight across every source at once.
func (c *Collector) limited(ctx context.Context, call func() error) error {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.sem }()
	return call()
}

// limitedPager makes every page of a per-user paginated call a limited call.
type limitedPager[T any] struct {
	c *Collector
	p pager[T]
}

func (l limitedPager[T]) HasMorePages() bool {
	return l.p.HasMorePages()
}

func (l limitedPager[T]) NextPage(ctx context.Context, optFns ...func(*iam.Options)) (T, error) {
	var out T
	err := l.c.limited(ctx, func() error {
		var err error
		out, err = l.p.NextPage(ctx, optFns...)
		return err
	})
	return out, err
}

// fanOut runs fn for every name, at most MaxConcurrency at once, and returns
// the results in the order of names. The first error cancels the rest.
func fanOut[T any](ctx context.Context, c *Collector, op string, names []string, fn func(context.Context, string) (T, error)) ([]T, error) {
	out := make([]T, len(names))
	if len(names) == 0 {
		return out, nil
	}
	start := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.opts.MaxConcurrency)
	for i, name := range names {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			v, err := fn(gctx, name)
			out[i] = v
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "IAM per-user collection finished", map[string]any{
		"operation":   op,
		"users":       len(names),
		"duration_ms": time.Since(start).Milliseconds(),
	})
	return out, nil
}

// logBulk logs one finished bulk source.
func logBulk(ctx context.Context, op string, st pageStats, start time.Time) {
	tflog.Debug(ctx, "IAM bulk collection finished", map[string]any{
		"operation":   op,
		"pages":       st.pages,
		"items":       st.items,
		"duration_ms": time.Since(start).Milliseconds(),
	})
}
