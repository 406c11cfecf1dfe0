package awsclient

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// fakeAssumer answers sts:AssumeRole with numbered credentials that expire
// after lifetime by the test's clock, and records every request.
type fakeAssumer struct {
	mu       sync.Mutex
	clock    *testClock
	lifetime time.Duration
	inputs   []sts.AssumeRoleInput
	gate     chan struct{} // when set, AssumeRole waits for it
}

func (f *fakeAssumer) AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, _ ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inputs = append(f.inputs, *in)
	n := len(f.inputs)
	return &sts.AssumeRoleOutput{
		Credentials: &ststypes.Credentials{
			AccessKeyId:     aws.String(fmt.Sprintf("ASIAMEMBER%d", n)),
			SecretAccessKey: aws.String(fmt.Sprintf("member-secret-%d", n)),
			SessionToken:    aws.String(fmt.Sprintf("member-token-%d", n)),
			Expiration:      aws.Time(f.clock.now().Add(f.lifetime)),
		},
		AssumedRoleUser: &ststypes.AssumedRoleUser{Arn: aws.String("arn:aws:sts::210987654321:assumed-role/Audit/iamaudit")},
	}, nil
}

func (f *fakeAssumer) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.inputs)
}

// testClock is the provider's clock in these tests: years away from the
// real time, so nothing can pass by reading the wrong one.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

var clockStart = time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)

func TestMemberRole_ARN(t *testing.T) {
	for _, tc := range []struct {
		role      MemberRole
		partition string
		want      string
	}{
		{MemberRole{RoleName: "OrganizationAccountAccessRole"}, "aws", "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole"},
		{MemberRole{RoleName: "audit", Path: "/security/"}, "aws-us-gov", "arn:aws-us-gov:iam::210987654321:role/security/audit"},
	} {
		if got := tc.role.ARN(tc.partition, "210987654321"); got != tc.want {
			t.Errorf("ARN = %q, want %q", got, tc.want)
		}
	}
}

func TestMemberSessionDuration(t *testing.T) {
	user := &Client{CallerARN: "arn:aws:iam::123456789012:user/ci"}
	chained := &Client{CallerARN: "arn:aws:sts::123456789012:assumed-role/central-audit/ci"}
	for _, tc := range []struct {
		name   string
		client *Client
		config time.Duration
		want   time.Duration
	}{
		{"default", user, 0, time.Hour},
		{"configured", user, 3 * time.Hour, 3 * time.Hour},
		{"chained: capped at an hour", chained, 12 * time.Hour, time.Hour},
		{"chained: shorter is kept", chained, 30 * time.Minute, 30 * time.Minute},
		{"chained: default", chained, 0, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.client.MemberSessionDuration(MemberRole{RoleName: "r", Duration: tc.config}); got != tc.want {
				t.Errorf("duration = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestMemberCredentials_refresh proves, with the provider's clock injected,
// that member credentials are assumed once with exactly the configured
// request, kept while more than the refresh window is left, renewed before
// they expire (the chained one-hour session included), and assumed once
// however many requests wait for them.
func TestMemberCredentials_refresh(t *testing.T) {
	ctx := context.Background()
	role := MemberRole{RoleName: "audit", Path: "/security/", ExternalID: "ext-42", SessionName: "ci-audit", Duration: 12 * time.Hour}

	t.Run("assumes once with the exact request and keeps the credentials", func(t *testing.T) {
		clock := &testClock{t: clockStart}
		f := &fakeAssumer{clock: clock, lifetime: 12 * time.Hour}
		c := &Client{Partition: "aws", CallerARN: "arn:aws:iam::123456789012:user/ci", now: clock.now}
		creds := c.MemberCredentials("210987654321", role, f)
		for range 3 {
			got, err := creds.Retrieve(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got.AccessKeyID != "ASIAMEMBER1" || got.SecretAccessKey != "member-secret-1" || got.SessionToken != "member-token-1" {
				t.Fatalf("credentials %s, want the first session's", got.AccessKeyID)
			}
		}
		if f.calls() != 1 {
			t.Fatalf("AssumeRole calls = %d, want 1", f.calls())
		}
		in := f.inputs[0]
		if aws.ToString(in.RoleArn) != "arn:aws:iam::210987654321:role/security/audit" || aws.ToString(in.RoleSessionName) != "ci-audit" ||
			aws.ToString(in.ExternalId) != "ext-42" || aws.ToInt32(in.DurationSeconds) != 12*3600 {
			t.Fatalf("AssumeRole request: RoleArn %q, RoleSessionName %q, ExternalId %q, DurationSeconds %d",
				aws.ToString(in.RoleArn), aws.ToString(in.RoleSessionName), aws.ToString(in.ExternalId), aws.ToInt32(in.DurationSeconds))
		}
	})

	for _, tc := range []struct {
		name      string
		left      time.Duration // by the provider's clock, when stored
		wantCalls int
	}{
		{"6 minutes left: kept", 6 * time.Minute, 1},
		{"exactly the window left: renewed", CredentialsRefreshWindow, 2},
		{"4 minutes left: renewed before they expire", 4 * time.Minute, 2},
		{"expired by the provider's clock: renewed", -time.Minute, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// STS issues hour-long sessions at clockStart; the provider's
			// clock reads left before their end.
			f := &fakeAssumer{clock: &testClock{t: clockStart}, lifetime: time.Hour}
			clock := &testClock{t: clockStart.Add(time.Hour - tc.left)}
			c := &Client{Partition: "aws", CallerARN: "arn:aws:iam::123456789012:user/ci", now: clock.now}
			creds := c.MemberCredentials("210987654321", role, f)
			if _, err := creds.Retrieve(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := creds.Retrieve(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if f.calls() != tc.wantCalls || got.AccessKeyID != fmt.Sprintf("ASIAMEMBER%d", tc.wantCalls) {
				t.Fatalf("AssumeRole calls = %d, credentials %s; want %d calls and the last session's", f.calls(), got.AccessKeyID, tc.wantCalls)
			}
		})
	}

	t.Run("chained: an hour-long session renewed 5 minutes before the end", func(t *testing.T) {
		clock := &testClock{t: clockStart}
		f := &fakeAssumer{clock: clock, lifetime: RoleChainingLimit}
		c := &Client{Partition: "aws", CallerARN: "arn:aws:sts::123456789012:assumed-role/central/ci", now: clock.now}
		creds := c.MemberCredentials("210987654321", role, f)
		before := time.Now()
		got, err := creds.Retrieve(ctx)
		after := time.Now()
		if err != nil {
			t.Fatal(err)
		}
		if d := aws.ToInt32(f.inputs[0].DurationSeconds); d != 3600 {
			t.Fatalf("DurationSeconds = %d, want 3600 (role chaining)", d)
		}
		// The cache keeps them for 55 minutes of its own clock.
		keep := RoleChainingLimit - CredentialsRefreshWindow
		if got.Expires.Before(before.Add(keep)) || got.Expires.After(after.Add(keep)) {
			t.Fatalf("kept until %s, want %s after the assume", got.Expires, keep)
		}
	})

	t.Run("one assume in flight for every waiting request", func(t *testing.T) {
		clock := &testClock{t: clockStart}
		gate := make(chan struct{})
		f := &fakeAssumer{clock: clock, lifetime: time.Hour, gate: gate}
		c := &Client{Partition: "aws", CallerARN: "arn:aws:iam::123456789012:user/ci", now: clock.now}
		creds := c.MemberCredentials("210987654321", role, f)
		const waiters = 16
		started := make(chan struct{}, waiters)
		errs := make(chan error, waiters)
		for range waiters {
			go func() {
				started <- struct{}{}
				_, err := creds.Retrieve(ctx)
				errs <- err
			}()
		}
		for range waiters {
			<-started
		}
		close(gate)
		for range waiters {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if f.calls() != 1 {
			t.Fatalf("AssumeRole calls = %d, want 1", f.calls())
		}
	})
}
