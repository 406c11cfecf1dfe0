package iamidentity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// testAccount is the account the fake IAM serves.
var testAccount = Account{ID: "123456789012", Partition: "aws"}

// fakeClocks are IAM's clock and the client's, which is two hours off: the
// write side must judge creation times by IAM's clock alone. Each fake call
// advances both by a fifth of a second.
type fakeClocks struct {
	mu     sync.Mutex
	server time.Time
	skew   time.Duration
}

func (c *fakeClocks) tick() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.server = c.server.Add(200 * time.Millisecond)
	return c.server
}

func (c *fakeClocks) serverNow() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.server
}

// local is the client's clock.
func (c *fakeClocks) local() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.server.Add(c.skew)
}

// wire scripts how one call of an operation goes on the wire.
type wire struct {
	// lost attempts reach IAM and take effect, but their answers are lost
	// (the SDK sees a 500 and retries).
	lost int
	// dropped attempts never reach IAM (a reset before the request got
	// there): no effect, no answer.
	dropped int
	// exhausted ends the call after the lost and dropped attempts, as when
	// the SDK runs out of retries: the call fails with the last 500.
	exhausted bool
	// noDate: IAM's answers carry no Date header.
	noDate bool
	// between runs after the first attempt, before the next: someone
	// else acting while the SDK retries.
	between func(f *fakeIAM)
}

// fakeIAM is an in-memory IAM with what the write side needs: users,
// groups, roles, managed policies with versions and tags, access keys and
// the things that block deletes. It records every action called, can refuse
// any call with an error, run a hook before any call (someone else acting
// in the meantime), and script the wire (lost answers, retries, no Date)
// through the SDK middleware the write side installs, so the real
// attempt recorder runs.
type fakeIAM struct {
	t      testing.TB
	clocks *fakeClocks

	mu       sync.Mutex
	nextID   int
	users    map[string]*fakeUser
	groups   map[string]*fakeGroup
	roles    map[string]*fakeRole
	policies map[string]*fakePolicy // by ARN

	calls   []string            // every action, in order ("iam:CreateUser")
	implied map[string]bool     // actions authorized implicitly: tagging on create
	refuse  map[string][]error  // per operation, consumed one per call
	before  map[string][]func() // per operation, consumed one per call
	wires   map[string][]wire   // per operation, consumed one per call
}

type fakeUser struct {
	user                                     types.User
	tags                                     []types.Tag
	keys                                     []types.AccessKeyMetadata
	loginProfile                             bool
	mfa, certs, sshKeys, inline, attachedARN []string
}

type fakeGroup struct {
	group                         types.Group
	members, inline, attachedARNs []string
}

type fakeRole struct {
	role                           types.Role
	tags                           []types.Tag
	inline, profiles, attachedARNs []string
}

type fakePolicy struct {
	policy   types.Policy
	tags     []types.Tag
	versions []types.PolicyVersion
	nextV    int
}

func newFakeIAM(t testing.TB) *fakeIAM {
	return &fakeIAM{
		t:        t,
		clocks:   &fakeClocks{server: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), skew: 2 * time.Hour},
		users:    map[string]*fakeUser{},
		groups:   map[string]*fakeGroup{},
		roles:    map[string]*fakeRole{},
		policies: map[string]*fakePolicy{},
		implied:  map[string]bool{},
		refuse:   map[string][]error{},
		before:   map[string][]func(){},
		wires:    map[string][]wire{},
	}
}

// client is a Client on the fake, on the client's (skewed) clock, with
// tokens "token-1", "token-2", ... and short propagation waits.
func (f *fakeIAM) client() *Client {
	var n int
	var mu sync.Mutex
	return New(f, testAccount, Options{
		Now:         f.clocks.local,
		Propagation: Backoff{Timeout: time.Hour, FirstDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond},
		NewToken: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("token-%d", n)
		},
	})
}

// failOn makes the next call of op fail with err, changing nothing.
func (f *fakeIAM) failOn(op string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refuse[op] = append(f.refuse[op], err)
}

// beforeNext runs fn right before the next call of op.
func (f *fakeIAM) beforeNext(op string, fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.before[op] = append(f.before[op], fn)
}

// script sets how the next call of op goes on the wire.
func (f *fakeIAM) script(op string, w wire) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wires[op] = append(f.wires[op], w)
}

// called returns the actions called so far, in order.
func (f *fakeIAM) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// count is how often action was called.
func (f *fakeIAM) count(action string) int {
	n := 0
	for _, c := range f.called() {
		if c == action {
			n++
		}
	}
	return n
}

// apiError is an IAM error as the SDK returns it: operation, HTTP status
// and API error.
func apiError(op string, status int, code, message string) error {
	fault := smithy.FaultClient
	if status >= 500 {
		fault = smithy.FaultServer
	}
	return &smithy.OperationError{ServiceID: "IAM", OperationName: op, Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      &smithy.GenericAPIError{Code: code, Message: message, Fault: fault},
		},
	}}
}

func accessDenied(op string) error {
	return apiError(op, 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:"+op)
}

func noSuchEntity(op, what string) error {
	return apiError(op, 404, "NoSuchEntity", "The "+what+" cannot be found.")
}

func alreadyExists(op, what string) error {
	return apiError(op, 409, "EntityAlreadyExists", what+" already exists.")
}

func serviceFailure(op string) error {
	return apiError(op, 500, "ServiceFailure", "The request processing has failed because of an unknown error.")
}

// statusOf is the HTTP status an answer with err has.
func statusOf(err error) int {
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) {
		return respErr.HTTPStatusCode()
	}
	return 400
}

// do runs one call of op: the recorded action, hooks, refusals, then the
// scripted attempts, each passed through the caller's middleware.
func do[O any](ctx context.Context, f *fakeIAM, op string, optFns []func(*iam.Options), exec func() (O, error)) (O, error) {
	var zero O
	f.mu.Lock()
	f.calls = append(f.calls, "iam:"+op)
	hook := pop(f.before, op)
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	f.mu.Lock()
	refusal := pop(f.refuse, op)
	w := pop(f.wires, op)
	f.mu.Unlock()
	if refusal != nil {
		f.attempt(ctx, optFns, statusOf(refusal), w.noDate)
		return zero, refusal
	}
	for i := range w.dropped + w.lost {
		if i < w.dropped {
			f.attempt(ctx, optFns, 0, w.noDate)
		} else {
			_, _ = run(f, exec)
			f.attempt(ctx, optFns, 500, w.noDate)
		}
		if i == 0 && w.between != nil {
			w.between(f)
		}
	}
	if w.exhausted {
		return zero, serviceFailure(op)
	}
	out, err := run(f, exec)
	status := 200
	if err != nil {
		status = statusOf(err)
	}
	f.attempt(ctx, optFns, status, w.noDate)
	return out, err
}

func pop[V any](m map[string][]V, op string) V {
	var zero V
	q := m[op]
	if len(q) == 0 {
		return zero
	}
	m[op] = q[1:]
	return q[0]
}

// run runs an operation's effect under the lock, on IAM's clock.
func run[O any](f *fakeIAM, fn func() (O, error)) (O, error) {
	f.clocks.tick()
	f.mu.Lock()
	defer f.mu.Unlock()
	return fn()
}

// attempt passes one attempt through the middleware the caller installed
// (the write side's attempt recorder), answering with status (0: no
// answer) and IAM's Date unless noDate.
func (f *fakeIAM) attempt(ctx context.Context, optFns []func(*iam.Options), status int, noDate bool) {
	var o iam.Options
	for _, fn := range optFns {
		fn(&o)
	}
	if len(o.APIOptions) == 0 {
		return
	}
	stack := middleware.NewStack("fake", smithyhttp.NewStackRequest)
	for _, fn := range o.APIOptions {
		if err := fn(stack); err != nil {
			f.t.Fatalf("installing middleware: %v", err)
		}
	}
	date := f.clocks.tick()
	answer := middleware.HandlerFunc(func(context.Context, any) (any, middleware.Metadata, error) {
		if status == 0 {
			return nil, middleware.Metadata{}, errors.New("read: connection reset by peer")
		}
		header := http.Header{}
		if !noDate {
			header.Set("Date", date.Format(http.TimeFormat))
		}
		return &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: header}}, middleware.Metadata{}, nil
	})
	_, _, _ = middleware.DecorateHandler(answer, stack).Handle(ctx, struct{}{})
}

// urlEncode encodes a policy document as IAM returns it.
func urlEncode(doc string) string { return url.QueryEscape(doc) }
