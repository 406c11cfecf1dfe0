package iamidentity

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// TestCallRecord runs the attempt recorder inside the real SDK against a
// local query endpoint: attempts, which of them may have taken effect, and
// the window by the server's Date.
func TestCallRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		answers        []queryAnswer // by attempt; the last repeats
		wantAttempts   int
		wantUnchanged  bool
		wantServerTime bool
	}{
		{"answered at once", []queryAnswer{ok("CreateGroup")}, 1, false, true},
		{"refused", []queryAnswer{fail(403, "AccessDenied")}, 1, true, true},
		{"throttled until the SDK gave up", []queryAnswer{fail(400, "Throttling")}, 3, true, true},
		{"a server error, then refused as existing", []queryAnswer{fail(500, "ServiceFailure"), fail(409, "EntityAlreadyExists")}, 2, false, true},
		{"server errors only", []queryAnswer{fail(503, "ServiceUnavailable")}, 3, false, true},
		{"no Date header", []queryAnswer{{status: 500, body: fail(500, "ServiceFailure").body, noDate: true}, {status: 200, body: ok("CreateGroup").body, noDate: true}}, 2, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newQueryServer(t, func(_ string, attempt int) queryAnswer {
				return tt.answers[min(attempt, len(tt.answers))-1]
			})
			c := New(srv.iam(3), testAccount, Options{})
			var call callRecord
			_, _ = c.api.CreateGroup(t.Context(), &iam.CreateGroupInput{GroupName: aws.String("g")}, c.record(&call))
			if call.sent() != tt.wantAttempts || call.changedNothing() != tt.wantUnchanged || call.hasServerTime() != tt.wantServerTime {
				t.Fatalf("record: %d attempts, changed nothing %v, server time %v; want %d, %v, %v",
					call.sent(), call.changedNothing(), call.hasServerTime(), tt.wantAttempts, tt.wantUnchanged, tt.wantServerTime)
			}
			now := time.Now()
			if call.madeDuring(&now) != tt.wantServerTime {
				t.Errorf("madeDuring(now) = %v, want %v", !tt.wantServerTime, tt.wantServerTime)
			}
			for _, outside := range []time.Duration{-time.Minute, time.Minute} {
				at := now.Add(outside)
				if call.madeDuring(&at) {
					t.Errorf("madeDuring(now%+v) = true", outside)
				}
			}
			if call.madeDuring(nil) {
				t.Error("madeDuring(nil) = true")
			}
		})
	}
}

// TestCreateUserThroughTheSDK: a CreateUser whose answer is lost is retried
// by the SDK, gets EntityAlreadyExists, and adopts the user because it
// carries the request's token; another token is someone else's user.
func TestCreateUserThroughTheSDK(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		tagValue string
		wantErr  string
	}{
		{"token-1", ""},
		{"another-request", "user reader already exists and was not created by this resource"},
	} {
		srv := newQueryServer(t, func(action string, attempt int) queryAnswer {
			switch {
			case action == "CreateUser" && attempt == 1:
				return fail(500, "ServiceFailure")
			case action == "CreateUser":
				return fail(409, "EntityAlreadyExists")
			case action == "GetUser":
				return queryAnswer{status: 200, body: `<GetUserResponse><GetUserResult><User><UserName>reader</UserName><Path>/</Path>` +
					`<UserId>AIDATEST</UserId><Arn>arn:aws:iam::123456789012:user/reader</Arn><CreateDate>2026-03-01T12:00:00Z</CreateDate>` +
					`</User></GetUserResult></GetUserResponse>`}
			case action == "ListUserTags":
				return queryAnswer{status: 200, body: fmt.Sprintf(`<ListUserTagsResponse><ListUserTagsResult><IsTruncated>false</IsTruncated>`+
					`<Tags><member><Key>%s</Key><Value>%s</Value></member></Tags></ListUserTagsResult></ListUserTagsResponse>`, CreateTokenTagKey, tt.tagValue)}
			default:
				return ok(action)
			}
		})
		c := New(srv.iam(3), testAccount, Options{NewToken: func() string { return "token-1" }})
		user, made, err := c.createUser(t.Context(), userSpec{name: "reader", path: "/"})
		switch {
		case tt.wantErr == "" && (err != nil || !made || aws.ToString(user.UserId) != "AIDATEST"):
			t.Errorf("tag %s: createUser = %v, %v, %v; want the user adopted", tt.tagValue, user, made, err)
		case tt.wantErr != "" && (made || err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("tag %s: createUser = %v, %v; want %q", tt.tagValue, made, err, tt.wantErr)
		}
		untags := srv.attempts["UntagUser"]
		if (tt.wantErr == "") != (untags == 1) {
			t.Errorf("tag %s: UntagUser called %d times", tt.tagValue, untags)
		}
	}
}
