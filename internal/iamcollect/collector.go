package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultMaxConcurrency     = 8
	DefaultReportPollInterval = 2 * time.Second
	DefaultReportTimeout      = 5 * time.Minute
	DefaultPartition          = "aws"
)

// Where Users, AccessKeys and MFADevices take credential facts from
// (Options.CredentialData).
const (
	// CredentialDataReport reads passwords, access key slots and their last
	// use from the credential report, which AWS regenerates at most every 4
	// hours; per-user calls only for the users the report cannot answer for.
	CredentialDataReport = "report"
	// CredentialDataLive reads every user's password, access keys, key last
	// use and MFA devices with per-user calls: the state now, at about 4
	// calls per user. Password last changed and the root user still come
	// from the report, the only source that carries them.
	CredentialDataLive = "live"
)

// CredentialDataModes lists the valid Options.CredentialData values.
var CredentialDataModes = []string{CredentialDataReport, CredentialDataLive}

// Options configure a Collector. Zero values take the defaults above.
type Options struct {
	// MaxConcurrency bounds the per-user IAM calls in flight at once, across
	// all sources of the Collector.
	MaxConcurrency int
	// ReportPollInterval is the wait between credential report polls.
	ReportPollInterval time.Duration
	// ReportTimeout bounds the credential report generation.
	ReportTimeout time.Duration
	// Now is the provider's clock (default time.Now in UTC). The engine
	// itself only collects; callers use it with WholeDays.
	Now func() time.Time
	// AccountID is the caller's account, from STS GetCallerIdentity.
	AccountID string
	// Partition is the caller's partition (aws, aws-cn, aws-us-gov), from the
	// caller ARN; default aws.
	Partition string
	// Organizations reads the account's organization (Organization);
	// without it, Organization fails.
	Organizations OrganizationsAPI
	// CredentialData is CredentialDataReport (default) or CredentialDataLive.
	CredentialData string
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = DefaultMaxConcurrency
	}
	if o.ReportPollInterval <= 0 {
		o.ReportPollInterval = DefaultReportPollInterval
	}
	if o.ReportTimeout <= 0 {
		o.ReportTimeout = DefaultReportTimeout
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
	if o.Partition == "" {
		o.Partition = DefaultPartition
	}
	if o.CredentialData == "" {
		o.CredentialData = CredentialDataReport
	}
	return o
}

// Collector collects IAM state once per source and shares it between all
// callers until Invalidate. It is safe for concurrent use.
//
// Every source (GAAD, the credential report, virtual MFA devices, one user's
// access keys, ...) is memoized on its own, so a caller reading only the
// account summary triggers no GAAD. Concurrent callers of a source wait for
// the first (singleflight); a failed collection is never memoized. A
// collection runs detached from its first caller's cancellation and is
// cancelled only when every caller waiting for it has gone.
//
// Call budget, with E = users + groups + roles + local managed policies,
// U = users, and S = users the credential report cannot answer for (missing
// from it, created at or after its generation, or whose row's
// user_creation_time is not their CreateDate):
//   - Users: ceil(E/1000) GAAD + 1 GenerateCredentialReport (+1 per poll) +
//     1 GetCredentialReport + 1 ListVirtualMFADevices per 1000 devices, plus
//     ListMFADevices for users whose row has mfa_active and who have no
//     virtual device (confirming the device is still there), plus for each
//     of the S users GetLoginProfile, ListAccessKeys, ListMFADevices and
//     GetAccessKeyLastUsed per key, and ceil(U/1000) ListUsers (password
//     last used) when S is not empty.
//     Live mode: the same bulk calls, ceil(U/1000) ListUsers, and the
//     per-user calls for all U users.
//   - Groups, Policies: the same GAAD sequence, nothing else.
//   - Roles: the same GAAD sequence + ceil(roles/1000) ListRoles.
//   - AccessKeys: GAAD + report, plus ListAccessKeys and GetAccessKeyLastUsed
//     per key for users whose report row has a key slot and for the S users.
//     Live mode: ListAccessKeys for all U users and GetAccessKeyLastUsed per key.
//   - MFADevices: GAAD + report + ListVirtualMFADevices, plus ListMFADevices
//     for users with mfa_active and no virtual device and for the S users
//     without a virtual device. Live mode: ListMFADevices for all U users.
//   - Account: ListAccountAliases + GetAccountSummary + ListVirtualMFADevices.
//   - Organization: 1 organizations:DescribeOrganization.
//
// Per-user results are memoized per user, so Users, AccessKeys and
// MFADevices in one plan never repeat a per-user call.
type Collector struct {
	api  IAMAPI
	opts Options
	sem  chan struct{} // bounds per-user calls in flight
	sf   singleflight.Group

	mu      sync.Mutex
	gen     uint64
	memo    map[string]any
	flights map[string]*flight
}

// flight is one in-progress collection of a source. It runs on a context
// detached from any single caller and is cancelled only when every caller
// waiting for it has gone.
type flight struct {
	ctx     context.Context
	cancel  context.CancelFunc
	waiters int
}

// New returns a Collector reading through api.
func New(api IAMAPI, opts Options) *Collector {
	opts = opts.withDefaults()
	return &Collector{
		api:     api,
		opts:    opts,
		sem:     make(chan struct{}, opts.MaxConcurrency),
		memo:    map[string]any{},
		flights: map[string]*flight{},
	}
}

// Live reports whether credential facts are read live (CredentialDataLive)
// rather than from the credential report.
func (c *Collector) Live() bool {
	return c.opts.CredentialData == CredentialDataLive
}

// Invalidate drops every memoized result; the next read collects again.
// Collections in flight finish for their current callers but are not kept.
func (c *Collector) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.memo = map[string]any{}
}

// maxFlightRetries bounds how often a caller joins a fresh flight after the
// one it joined was cancelled by its other callers leaving.
const maxFlightRetries = 3

// load returns the memoized value of source key, collecting it with fn once.
func load[T any](ctx context.Context, c *Collector, key string, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	run := func(ctx context.Context) (any, error) { return fn(ctx) }
	var (
		v   any
		err error
	)
	for range maxFlightRetries {
		v, err = c.loadOnce(ctx, key, run)
		// A flight abandoned by its other callers fails with Canceled while
		// this caller is still alive: join a fresh one.
		if !errors.Is(err, context.Canceled) || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("iamcollect: source %q holds %T", key, v)
	}
	return t, nil
}

// loadOnce joins or starts the flight for key and waits for it or for ctx.
func (c *Collector) loadOnce(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	if v, ok := c.memo[key]; ok {
		c.mu.Unlock()
		return v, nil
	}
	gen := c.gen
	sfKey := key + "@" + strconv.FormatUint(gen, 10)
	f := c.flights[sfKey]
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{ctx: fctx, cancel: cancel}
		c.flights[sfKey] = f
	}
	f.waiters++
	c.mu.Unlock()

	ch := c.sf.DoChan(sfKey, func() (any, error) {
		// A caller that found the flight just before it finished reaches
		// DoChan after singleflight forgot it, and so starts a new run:
		// answer it from the memo instead of collecting again.
		if v, ok := c.memoized(key, gen); ok {
			return v, nil
		}
		v, err := fn(f.ctx)
		c.finish(key, sfKey, gen, f, v, err)
		return v, err
	})
	select {
	case r := <-ch:
		c.leave(sfKey, f)
		return r.Val, r.Err
	case <-ctx.Done():
		c.leave(sfKey, f)
		return nil, ctx.Err()
	}
}

// memoized returns the result for key collected in generation gen, if any.
func (c *Collector) memoized(key string, gen uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	v, ok := c.memo[key]
	return v, ok
}

// finish memoizes a successful result unless Invalidate ran meanwhile.
func (c *Collector) finish(key, sfKey string, gen uint64, f *flight, v any, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && c.gen == gen {
		c.memo[key] = v
	}
	if c.flights[sfKey] == f {
		delete(c.flights, sfKey)
	}
}

// leave drops one waiter from f and cancels it when none is left.
func (c *Collector) leave(sfKey string, f *flight) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.waiters--
	if f.waiters > 0 {
		return
	}
	if c.flights[sfKey] == f {
		delete(c.flights, sfKey)
	}
	f.cancel()
}
