package iamcollect

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/semaphore"
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
	// Accounts, when set, is shared by the Collectors of several accounts
	// and bounds how many of them collect at once: a Collector holds one
	// unit while any of its sources is being collected.
	Accounts *semaphore.Weighted
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
// the first: one flight per source, whose entry carries a done channel and
// the result and stays as the memo once it succeeded; a failed collection is
// never memoized. A collection runs detached from its first caller's
// cancellation and is cancelled only when every caller waiting for it has
// gone.
//
// Call budget, with E = users + groups + roles + local managed policies,
// U = users, and S = users the credential report cannot answer for (missing
// from it, created at or after its generation, or whose row's
// user_creation_time is not their CreateDate):
//   - Users: ceil(E/1000) GAAD + 1 GenerateCredentialReport (+1 per poll) +
//     1 GetCredentialReport + 1 ListVirtualMFADevices per 1000 devices, plus
//     ListMFADevices for users whose row has mfa_active and who have no
//     virtual device (confirming the device is still there; started from
//     the report before GAAD is in, so also for such rows of users deleted
//     or re-created since the report), plus for each
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

	mu sync.Mutex
	// flights holds one entry per source: in flight, or collected (the
	// memo). Invalidate replaces the map, so a flight that started before
	// it delivers to its callers but is not kept.
	flights map[string]*flight
	// collected remembers every source ever collected, across Invalidate,
	// to count re-collections.
	collected map[string]bool
	stats     Stats

	// active counts the flights running; the first takes a unit of
	// opts.Accounts and the last gives it back. enterMu serializes the
	// wait for that unit.
	enterMu sync.Mutex
	active  int

	// joined, when set (tests), is called after a caller joined the flight
	// of a source that is still in flight.
	joined func(key string)
}

// flight is one collection of a source. done is closed once val and err
// are set; until then cancel stops the collection, which runs on a context
// detached from every caller, when the last of its waiters has gone.
type flight struct {
	done    chan struct{}
	val     any
	err     error
	cancel  context.CancelFunc
	waiters int
}

// finished reports whether done is closed.
func (f *flight) finished() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// Stats counts what a Collector collected.
type Stats struct {
	// Collections is the number of sources collected successfully.
	Collections int
	// Recollections counts the collections of a source this Collector had
	// already collected before; Invalidate (a write) makes them expected,
	// otherwise there are none: each source is collected once per plan.
	Recollections int
	// Invalidations counts the calls of Invalidate.
	Invalidations int
}

// New returns a Collector reading through api.
func New(api IAMAPI, opts Options) *Collector {
	opts = opts.withDefaults()
	return &Collector{
		api:       api,
		opts:      opts,
		sem:       make(chan struct{}, opts.MaxConcurrency),
		flights:   map[string]*flight{},
		collected: map[string]bool{},
	}
}

// Live reports whether credential facts are read live (CredentialDataLive)
// rather than from the credential report.
func (c *Collector) Live() bool {
	return c.opts.CredentialData == CredentialDataLive
}

// AccountID is the account the Collector reads (Options.AccountID).
func (c *Collector) AccountID() string {
	return c.opts.AccountID
}

// Stats returns the collection counters so far.
func (c *Collector) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// Invalidate drops every memoized result; the next read collects again.
// Collections in flight finish for their current callers but are not kept.
func (c *Collector) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flights = map[string]*flight{}
	c.stats.Invalidations++
}

// load returns the memoized value of source key, collecting it with fn once.
func load[T any](ctx context.Context, c *Collector, key string, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	v, err := c.do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("iamcollect: source %q holds %T", key, v)
	}
	return t, nil
}

// do returns the memoized result of key, or joins its flight, starting one
// when there is none, and waits for it or for ctx.
func (c *Collector) do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	f := c.flights[key]
	if f != nil && f.finished() {
		// Only successes stay in the map.
		c.mu.Unlock()
		return f.val, nil
	}
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.flights[key] = f
		go c.run(fctx, key, f, fn)
	}
	f.waiters++
	joined := c.joined
	c.mu.Unlock()
	if joined != nil {
		joined(key)
	}

	select {
	case <-f.done:
		c.leave(key, f)
		return f.val, f.err
	case <-ctx.Done():
		c.leave(key, f)
		return nil, ctx.Err()
	}
}

// run collects the source of f and publishes the result. A failure is
// dropped from the map, so the next caller tries again; a success stays as
// the memo unless Invalidate or the waiters leaving replaced the entry.
func (c *Collector) run(ctx context.Context, key string, f *flight, fn func(context.Context) (any, error)) {
	defer f.cancel()
	v, err := c.collect(ctx, fn)
	c.mu.Lock()
	defer c.mu.Unlock()
	f.val, f.err = v, err
	current := c.flights[key] == f
	switch {
	case err != nil && current:
		delete(c.flights, key)
	case err == nil && current:
		c.count(ctx, key)
	}
	close(f.done)
}

// count records a kept collection of key; c.mu is held.
func (c *Collector) count(ctx context.Context, key string) {
	c.stats.Collections++
	if !c.collected[key] {
		c.collected[key] = true
		return
	}
	c.stats.Recollections++
	fields := map[string]any{"source": key, "account_id": c.opts.AccountID, "invalidations": c.stats.Invalidations}
	if c.stats.Invalidations == 0 {
		// Nothing was written, so nothing should have been collected twice.
		tflog.Warn(ctx, "IAM source collected again without a write in between", fields)
		return
	}
	tflog.Debug(ctx, "IAM source collected again after a write", fields)
}

// leave drops one waiter from f; when none is left before f finished, the
// collection is abandoned: cancelled, and forgotten so the next caller
// starts afresh.
func (c *Collector) leave(key string, f *flight) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.waiters--
	if f.waiters > 0 || f.finished() {
		return
	}
	f.cancel()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
}

// collect runs fn while the Collector holds a unit of Options.Accounts.
func (c *Collector) collect(ctx context.Context, fn func(context.Context) (any, error)) (any, error) {
	if err := c.enter(ctx); err != nil {
		return nil, err
	}
	defer c.exit()
	return fn(ctx)
}

// enter counts one more running flight, taking a unit of Options.Accounts
// for the first.
func (c *Collector) enter(ctx context.Context) error {
	c.enterMu.Lock()
	defer c.enterMu.Unlock()
	if c.active == 0 && c.opts.Accounts != nil {
		if err := c.opts.Accounts.Acquire(ctx, 1); err != nil {
			return err
		}
	}
	c.active++
	return nil
}

// exit counts one running flight less, giving the unit back with the last.
func (c *Collector) exit() {
	c.enterMu.Lock()
	defer c.enterMu.Unlock()
	c.active--
	if c.active == 0 && c.opts.Accounts != nil {
		c.opts.Accounts.Release(1)
	}
}
