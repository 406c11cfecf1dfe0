package iamidentity

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// createdDateMargin widens a call's window by the server's clock: Date
// headers and IAM creation times have whole seconds, and the front end
// that answered and the store that stamped the entity are separate clocks.
const createdDateMargin = 5 * time.Second

// callRecord is how one SDK call went on the wire: how many attempts the
// SDK made (a retry may follow an attempt whose write took effect although
// its answer was lost) and the window the call spans by the server's clock,
// from the Date of IAM's answers. It knows nothing of the local clock's
// time of day: only the durations between the call's start and each answer.
type callRecord struct {
	mu       sync.Mutex
	now      func() time.Time
	start    time.Time // local, when the call began
	attempts int
	// uncertain counts attempts whose outcome is unknown: no answer, a
	// server error, or a success whose body was cut off. Only an attempt
	// answered with a client error (4xx) certainly changed nothing.
	uncertain int
	// serverFrom and serverTo bound the call by the server's clock; zero
	// when no answer carried a Date.
	serverFrom, serverTo time.Time
}

// record starts a record of the call made with the returned option.
func (c *Client) record(r *callRecord) func(*iam.Options) {
	r.now, r.start = c.now, c.now()
	return func(o *iam.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			// Deserialize runs once per attempt, inside the retry loop; added
			// last, this sits next to the transport and sees the raw answer.
			return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("IAMAuditRecordAttempt", r.attempt), middleware.After)
		})
	}
}

// attempt counts one attempt and reads the Date of its answer.
func (r *callRecord) attempt(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, metadata, err := next.HandleDeserialize(ctx, in)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	answered := ok && resp != nil && resp.Response != nil
	if !answered || resp.StatusCode < 400 || resp.StatusCode >= 500 {
		r.uncertain++
	}
	if answered {
		if date, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
			// The call began, by the server's clock, as long before this
			// answer as the local clock has run since.
			from := date.Add(-r.now().Sub(r.start))
			if r.serverFrom.IsZero() || from.Before(r.serverFrom) {
				r.serverFrom = from
			}
			if date.After(r.serverTo) {
				r.serverTo = date
			}
		}
	}
	return out, metadata, err
}

// sent reports how many attempts reached the wire (0: none was sent).
func (r *callRecord) sent() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts
}

// changedNothing reports whether the call certainly changed nothing: no
// attempt was sent, or IAM refused every attempt with a client error.
func (r *callRecord) changedNothing() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.uncertain == 0
}

// hasServerTime reports whether an answer told the server's clock.
func (r *callRecord) hasServerTime() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.serverFrom.IsZero()
}

// madeDuring reports whether an entity created at created (by IAM's clock)
// was created while the call ran. Without a server Date it never is: a
// local-clock guess could claim someone else's entity.
func (r *callRecord) madeDuring(created *time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if created == nil || r.serverFrom.IsZero() {
		return false
	}
	return !created.Before(r.serverFrom.Add(-createdDateMargin)) && !created.After(r.serverTo.Add(createdDateMargin))
}
