package iamcollect

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

func TestCollector_singleflight(t *testing.T) {
	f := newFake()
	names := f.addUsers(1500)
	rows := make([]rowSpec, 0, len(names))
	for _, n := range names {
		rows = append(rows, rowSpec{name: n})
	}
	f.setReport(rows...)
	gate := make(chan struct{})
	f.gaadGate = gate
	c := testCollector(f, 8)
	joined := joins(c, "gaad")

	const callers = 20
	var wg sync.WaitGroup
	results := make([][]User, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.Users(context.Background())
		}()
	}
	for range callers {
		<-joined // every caller waits for the one GAAD flight
	}
	close(gate)
	wg.Wait()
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if len(results[i]) != 1500 || !reflect.DeepEqual(results[i], results[0]) {
			t.Fatalf("caller %d got %d users, different from caller 0", i, len(results[i]))
		}
	}
	want := map[string]int{opGAAD: 2, opGenerate: 1, opGetReport: 1, opListVirtual: 1}
	if got := f.counts(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v (one GAAD sequence of 2 pages, one report)", got, want)
	}
	if got := c.Stats(); got != (Stats{Collections: 4}) {
		t.Errorf("stats = %+v, want 4 collections (GAAD, the report, virtual MFA devices, the MFA confirmations started beside GAAD) and no re-collection", got)
	}
}

// joins returns a channel that receives once for every caller joining a
// flight of source key that is still in flight.
func joins(c *Collector, key string) <-chan struct{} {
	ch := make(chan struct{}, 1024)
	c.joined = func(k string) {
		if k == key {
			ch <- struct{}{}
		}
	}
	return ch
}

func TestCollector_errorsNotCached(t *testing.T) {
	f := newFake()
	f.addUsers(3)
	f.failNext(opGAAD, apiError("AccessDenied"))
	c := testCollector(f, 2)
	ctx := context.Background()

	_, err := c.Groups(ctx)
	var apiErr *awserr.ActionError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:GetAccountAuthorizationDetails" || !awserr.IsAccessDenied(err) {
		t.Fatalf("first call: err = %v, want access denied for iam:GetAccountAuthorizationDetails", err)
	}
	if got, want := err.Error(), "iam:GetAccountAuthorizationDetails: api error AccessDenied: AccessDenied (fake)"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if _, err := c.Groups(ctx); err != nil {
		t.Fatalf("second call: %v", err)
	}
	if _, err := c.Groups(ctx); err != nil {
		t.Fatalf("third call: %v", err)
	}
	if got := f.count(opGAAD); got != 2 {
		t.Errorf("GAAD calls = %d, want 2 (failed, then memoized success)", got)
	}
}

func TestCollector_invalidate(t *testing.T) {
	f := newFake()
	f.addUsers(3)
	f.setReport()
	c := testCollector(f, 2)
	ctx := context.Background()
	read := func() {
		t.Helper()
		if _, err := c.Users(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Account(ctx); err != nil {
			t.Fatal(err)
		}
	}
	read()
	read()
	c.Invalidate()
	read()
	want := map[string]int{
		opGAAD: 2, opGenerate: 2, opGetReport: 2, opListVirtual: 2, opSummary: 2, opAliases: 2,
		opLoginProfile: 6, opListKeys: 6, opListMFA: 6, // the 3 users are not in the (empty) report
		opListUsers: 2, // their password's last use
	}
	if got := f.counts(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
	// GAAD, report, virtual MFA, the MFA confirmations started beside GAAD,
	// ListUsers, aliases, summary and 3 × 3 per-user sources, twice; the
	// second time after the write.
	if got, want := c.Stats(), (Stats{Collections: 32, Recollections: 16, Invalidations: 1}); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

// TestCollector_accountsBound: Collectors sharing Options.Accounts of 1
// collect one at a time; a Collector holds its unit across all its
// flights, nested ones included, and gives it back with the last.
func TestCollector_accountsBound(t *testing.T) {
	accounts := semaphore.NewWeighted(1)
	newCollector := func(f *fakeIAM) *Collector {
		return New(f, Options{MaxConcurrency: 2, AccountID: testAccount, Accounts: accounts, Now: func() time.Time { return readAt }})
	}
	fa, fb := newFake(), newFake()
	fa.addUsers(2)
	fb.addUsers(3)
	enteredA, gateA := make(chan struct{}, 1), make(chan struct{})
	fa.gaadEntered, fa.gaadGate = enteredA, gateA
	enteredB := make(chan struct{}, 1)
	fb.gaadEntered = enteredB
	a, b := newCollector(fa), newCollector(fb)
	ctx := context.Background()

	errA, errB := make(chan error), make(chan error)
	go func() { _, err := a.Groups(ctx); errA <- err }()
	<-enteredA
	joinedB := joins(b, "gaad")
	go func() { _, err := b.Groups(ctx); errB <- err }()
	<-joinedB
	if accounts.TryAcquire(1) {
		t.Fatal("the unit is free while account A collects")
	}
	select {
	case <-enteredB:
		t.Fatal("account B collected while account A held the only unit")
	default:
	}
	close(gateA)
	if err := <-errA; err != nil {
		t.Fatal(err)
	}
	if err := <-errB; err != nil {
		t.Fatal(err)
	}
	if !accounts.TryAcquire(1) {
		t.Fatal("the unit was not given back")
	}
	accounts.Release(1)
}

func TestCollector_enterExit(t *testing.T) {
	accounts := semaphore.NewWeighted(1)
	a := New(newFake(), Options{Accounts: accounts})
	b := New(newFake(), Options{Accounts: accounts})
	ctx := context.Background()
	if err := a.enter(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.enter(ctx); err != nil { // a nested flight takes no second unit
		t.Fatal(err)
	}
	bIn := make(chan error)
	go func() { bIn <- b.enter(ctx) }()
	a.exit()
	if accounts.TryAcquire(1) {
		t.Fatal("the unit was given back while a flight of A still runs")
	}
	a.exit()
	if err := <-bIn; err != nil {
		t.Fatal(err)
	}
	b.exit()
	cctx, cancel := context.WithCancel(ctx)
	if err := a.enter(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := b.enter(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("enter with a cancelled context and no free unit: err = %v, want context.Canceled", err)
	}
	a.exit()
}

func TestCollector_invalidateDuringFlightIsNotMemoized(t *testing.T) {
	f := newFake()
	f.addUsers(1)
	entered := make(chan struct{})
	gate := make(chan struct{})
	f.gaadEntered, f.gaadGate = entered, gate
	c := testCollector(f, 2)
	ctx := context.Background()
	done := make(chan error)
	go func() {
		_, err := c.Groups(ctx)
		done <- err
	}()
	<-entered
	c.Invalidate() // a write happened while GAAD was being read
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	go func() { <-entered }()
	if _, err := c.Groups(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.count(opGAAD); got != 2 {
		t.Errorf("GAAD calls = %d, want 2: the result read across Invalidate must not be kept", got)
	}
}

func TestCollector_callerCancellation(t *testing.T) {
	f := newFake()
	f.addUsers(1)
	gate := make(chan struct{})
	f.gaadGate = gate
	c := testCollector(f, 2)
	joined := joins(c, "gaad")

	// Caller A gives up; caller B still waits: the flight goes on for B.
	ctxA, cancelA := context.WithCancel(context.Background())
	errA := make(chan error)
	errB := make(chan error)
	go func() { _, err := c.Groups(ctxA); errA <- err }()
	<-joined
	go func() { _, err := c.Groups(context.Background()); errB <- err }()
	<-joined
	cancelA()
	if err := <-errA; !errors.Is(err, context.Canceled) {
		t.Fatalf("caller A: err = %v, want context.Canceled", err)
	}
	close(gate)
	if err := <-errB; err != nil {
		t.Fatalf("caller B: %v", err)
	}
	if got := f.count(opGAAD); got != 1 {
		t.Errorf("GAAD calls = %d, want 1", got)
	}
}

func TestCollector_abandonedFlightIsCancelled(t *testing.T) {
	f := newFake()
	f.addUsers(1)
	entered := make(chan struct{}, 10)
	f.gaadEntered = entered
	f.gaadGate = make(chan struct{}) // never opened: only cancellation ends the call
	c := testCollector(f, 2)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.Groups(ctx); done <- err }()
	<-entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The abandoned GAAD call must end (its context is cancelled) and not be
	// memoized: a new caller starts again and succeeds.
	f.gaadGate = nil
	if _, err := c.Groups(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.count(opGAAD); got != 1 {
		t.Errorf("completed GAAD calls = %d, want 1 (the abandoned one never completed)", got)
	}
}

func TestCollector_maxConcurrency(t *testing.T) {
	for _, limit := range []int{1, 4} {
		f := newFake()
		names := f.addUsers(60)
		var rows []rowSpec
		for i, n := range names {
			if i < 30 {
				rows = append(rows, rowSpec{name: n, keys: 2, mfa: true}) // per-user calls in AccessKeys and MFADevices
				f.addKey(n, n+"-a", t0, true)
				f.addKey(n, n+"-b", t0, true)
			}
			// users 30..59 are stale: per-user calls in all three sources
		}
		f.setReport(rows...)
		f.holdPerUser(limit)
		c := testCollector(f, limit)
		readUserSourcesAtOnce(t, c)
		if got := f.maxInFlight.Load(); got != int32(limit) {
			t.Errorf("MaxConcurrency %d: max per-user calls in flight = %d, want exactly %d", limit, got, limit)
		}
		want := map[string]int{
			opGAAD: 1, opGenerate: 1, opGetReport: 1, opListVirtual: 1,
			opLoginProfile: 30, // stale users
			opListKeys:     60, // 30 with key slots + 30 stale
			opKeyLastUsed:  60, // 2 keys each for the first 30
			opListMFA:      60, // 30 mfa_active without virtual device + 30 stale
			opListUsers:    1,  // password last used of the stale users
		}
		if got := f.counts(); !reflect.DeepEqual(got, want) {
			t.Errorf("MaxConcurrency %d: calls = %v, want %v", limit, got, want)
		}
	}
}
