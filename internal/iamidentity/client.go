package iamidentity

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Account is the AWS account a Client manages identities in; ARNs are
// built from it.
type Account struct {
	ID        string // 123456789012
	Partition string // aws, aws-cn, aws-us-gov
}

// Options configure a Client. Zero values take the defaults.
type Options struct {
	// Now is the clock (default time.Now). Durations of calls are measured
	// with it; creation times are judged by the server's clock only.
	Now func() time.Time
	// Propagation bounds the retries while IAM propagates a change.
	Propagation Backoff
	// NewToken returns a create token: unique per request (default 128
	// random bits in hex).
	NewToken func() string
}

// Backoff bounds retries of one call: the first wait doubles up to
// MaxDelay until Timeout has passed.
type Backoff struct {
	Timeout    time.Duration
	FirstDelay time.Duration
	MaxDelay   time.Duration
}

// DefaultPropagation is how long calls wait for IAM to propagate a change
// before they report it: a few seconds is usual, two minutes generous.
var DefaultPropagation = Backoff{Timeout: 2 * time.Minute, FirstDelay: 250 * time.Millisecond, MaxDelay: 5 * time.Second}

// Client manages connector identities in one account through that
// account's IAM client. It is safe for concurrent use.
type Client struct {
	api      IAM
	account  Account
	now      func() time.Time
	backoff  Backoff
	newToken func() string
}

// New returns a Client managing identities in account through api.
func New(api IAM, account Account, opts Options) *Client {
	c := &Client{api: api, account: account, now: opts.Now, backoff: opts.Propagation, newToken: opts.NewToken}
	if c.now == nil {
		c.now = time.Now
	}
	if c.backoff == (Backoff{}) {
		c.backoff = DefaultPropagation
	}
	if c.newToken == nil {
		c.newToken = randomToken
	}
	return c
}

// randomToken is 128 random bits in hex.
func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// UserARN is the ARN IAM gives the user of that path ("/" or "/a/b/") and name.
func (a Account) UserARN(path, name string) string { return a.arn("user", path, name) }

// RoleARN is the ARN IAM gives the role of that path and name.
func (a Account) RoleARN(path, name string) string { return a.arn("role", path, name) }

// PolicyARN is the ARN IAM gives the customer managed policy of that path and name.
func (a Account) PolicyARN(path, name string) string { return a.arn("policy", path, name) }

func (a Account) arn(kind, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + a.Partition + ":iam::" + a.ID + ":" + kind + path + name
}
