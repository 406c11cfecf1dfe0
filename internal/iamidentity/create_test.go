package iamidentity

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// foreignUser, foreignGroup and foreignPolicy put an entity under the
// reader user's names that someone else made: at another path, without a
// create token (or with another request's), created now by IAM's clock.
func foreignUser(f *fakeIAM) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users["reader"] = &fakeUser{
		user: types.User{UserName: aws.String("reader"), Path: aws.String("/other/"), UserId: aws.String("AIDAFOREIGN"), CreateDate: f.created(),
			Arn: aws.String(testAccount.UserARN("/other/", "reader"))},
		tags: []types.Tag{{Key: aws.String(CreateTokenTagKey), Value: aws.String("someone-elses-token")}},
	}
}

func foreignGroup(path string) func(f *fakeIAM) {
	return func(f *fakeIAM) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.groups["reader"] = &fakeGroup{group: types.Group{GroupName: aws.String("reader"), Path: aws.String(path), GroupId: aws.String("AGPAFOREIGN"), CreateDate: f.created()}}
	}
}

func foreignPolicy(f *fakeIAM) {
	f.mu.Lock()
	defer f.mu.Unlock()
	arn := testAccount.PolicyARN("/connectors/", "reader-reader")
	p := &fakePolicy{policy: types.Policy{PolicyName: aws.String("reader-reader"), Path: aws.String("/connectors/"), Arn: aws.String(arn), CreateDate: f.created()}}
	p.addVersion(`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, f.created())
	f.policies[arn] = p
}

// createCase is one row of the adoption matrix: how the create goes on the
// wire at one step, what the create returns and what it leaves in IAM.
type createCase struct {
	name  string
	setup func(f *fakeIAM)
	// wantErr is "" for success, else text the error must contain.
	wantErr string
	// wantKind is the error the failed step's error must be (errors.As).
	wantKind func(error) bool
	// wantOutcome is text CreateError.Outcome must contain.
	wantOutcome string
	// wantLeft is the inventory afterwards; nil means the whole reader user.
	wantLeft []string
	check    func(t *testing.T, f *fakeIAM, got ReaderUserCreated)
}

func isForeign(err error) bool {
	var e *ForeignEntityError
	return errors.As(err, &e)
}

func isMaybeLeft(err error) bool {
	var e *MaybeLeftError
	return errors.As(err, &e)
}

var (
	userLeft    = []string{"user reader"}
	nothingLeft = []string{}
	policyARN   = testAccount.PolicyARN("/connectors/", "reader-reader")
)

// TestCreateReaderUser_adoption is the adoption matrix for every create
// step of a reader user (the cross-account role's steps reuse the same
// code paths; see TestCreateCrossAccountRole_adoption).
func TestCreateReaderUser_adoption(t *testing.T) {
	t.Parallel()
	tests := []createCase{
		// iam:CreateUser.
		{name: "user/refused", setup: func(f *fakeIAM) { f.failOn("CreateUser", accessDenied("CreateUser")) },
			wantErr: "AccessDenied", wantLeft: nothingLeft},
		{name: "user/answer lost, retry says it exists: adopted by token", setup: func(f *fakeIAM) { f.script("CreateUser", wire{lost: 1}) },
			check: expectCount("iam:CreateUser", 1, "iam:ListUserTags", 1)},
		{name: "user/answer lost, retries exhausted: adopted by token", setup: func(f *fakeIAM) { f.script("CreateUser", wire{lost: 1, exhausted: true}) }},
		{name: "user/answer lost without Date: the token needs no clock", setup: func(f *fakeIAM) { f.script("CreateUser", wire{lost: 1, noDate: true}) }},
		{name: "user/exists before: foreign, left alone", setup: func(f *fakeIAM) { foreignUser(f) },
			wantErr: "user reader already exists and was not created by this resource", wantKind: isForeign,
			wantLeft: []string{"user reader"}, check: expectForeignUserKept},
		{name: "user/appears while the SDK retries: foreign (another token), left alone",
			setup:   func(f *fakeIAM) { f.script("CreateUser", wire{dropped: 1, between: foreignUser}) },
			wantErr: "user reader already exists and was not created by this resource", wantKind: isForeign,
			wantLeft: []string{"user reader"}, check: expectForeignUserKept},
		{name: "user/answer lost and the lookup denied: may be left, named with its token",
			setup: func(f *fakeIAM) {
				f.script("CreateUser", wire{lost: 1, exhausted: true})
				f.failOn("GetUser", accessDenied("GetUser"))
			},
			wantErr: "ServiceFailure", wantKind: isMaybeLeft,
			wantOutcome: "user reader may exist in AWS although the create failed (looking it up failed: iam:GetUser: AccessDenied). " +
				"If it does, it carries the tag iamaudit:create-token = token-1",
			wantLeft: userLeft},
		{name: "user/confirming fails: the user is ours and rolled back", setup: func(f *fakeIAM) { f.failOn("UntagUser", accessDenied("UntagUser")) },
			wantErr: "removing the iamaudit:create-token tag from user reader", wantOutcome: "", wantLeft: nothingLeft},

		// iam:CreateGroup.
		{name: "group/refused: the user is rolled back", setup: func(f *fakeIAM) { f.failOn("CreateGroup", accessDenied("CreateGroup")) },
			wantErr: "AccessDenied", wantOutcome: "deleted again: user reader. Nothing is left in AWS", wantLeft: nothingLeft},
		{name: "group/answer lost, retry says it exists: adopted by IAM's clock", setup: func(f *fakeIAM) { f.script("CreateGroup", wire{lost: 1}) }},
		{name: "group/answer lost, retries exhausted: adopted by IAM's clock", setup: func(f *fakeIAM) { f.script("CreateGroup", wire{lost: 1, exhausted: true}) }},
		{name: "group/answer lost without Date: nothing adopted, the group named",
			setup:   func(f *fakeIAM) { f.script("CreateGroup", wire{lost: 1, noDate: true}) },
			wantErr: "EntityAlreadyExists", wantKind: isMaybeLeft,
			wantOutcome: "deleted again: user reader. The request creating group reader failed without a definite answer, so group reader may exist",
			wantLeft:    []string{"group reader"}},
		{name: "group/exists before: foreign, left alone, the user rolled back",
			setup:   func(f *fakeIAM) { f.beforeNext("CreateGroup", func() { foreignGroup("/connectors/")(f) }) },
			wantErr: "group reader already exists and was not created by this resource", wantKind: isForeign,
			wantOutcome: "deleted again: user reader.", wantLeft: []string{"group reader"}},
		{name: "group/appears elsewhere while the SDK retries: foreign, left alone",
			setup:   func(f *fakeIAM) { f.script("CreateGroup", wire{dropped: 1, between: foreignGroup("/other/")}) },
			wantErr: "group reader already exists and was not created by this resource", wantKind: isForeign,
			wantLeft: []string{"group reader"}},

		// iam:CreatePolicy.
		{name: "policy/refused: user and group rolled back", setup: func(f *fakeIAM) { f.failOn("CreatePolicy", accessDenied("CreatePolicy")) },
			wantErr: "AccessDenied", wantOutcome: "deleted again: user reader, group reader. Nothing is left", wantLeft: nothingLeft},
		{name: "policy/answer lost, retry says it exists: adopted by token", setup: func(f *fakeIAM) { f.script("CreatePolicy", wire{lost: 1}) }},
		{name: "policy/answer lost, retries exhausted: adopted by token", setup: func(f *fakeIAM) { f.script("CreatePolicy", wire{lost: 1, exhausted: true}) }},
		{name: "policy/exists before: foreign, left alone",
			setup:   func(f *fakeIAM) { f.beforeNext("CreatePolicy", func() { foreignPolicy(f) }) },
			wantErr: "policy reader-reader already exists and was not created by this resource", wantKind: isForeign,
			wantOutcome: "deleted again: user reader, group reader.", wantLeft: []string{"policy " + policyARN},
			check: expectForeignPolicyKept},
		{name: "policy/appears while the SDK retries: foreign, left alone",
			setup:   func(f *fakeIAM) { f.script("CreatePolicy", wire{dropped: 1, between: foreignPolicy}) },
			wantErr: "policy reader-reader already exists and was not created by this resource", wantKind: isForeign,
			wantLeft: []string{"policy " + policyARN}, check: expectForeignPolicyKept},
		{name: "policy/answer lost, not visible yet: may be left, named with its token",
			setup: func(f *fakeIAM) {
				f.script("CreatePolicy", wire{lost: 1, exhausted: true})
				f.failOn("GetPolicy", noSuchEntity("GetPolicy", "policy"))
			},
			wantErr: "ServiceFailure", wantKind: isMaybeLeft,
			wantOutcome: "deleted again: user reader, group reader. The request creating policy reader-reader failed without a definite answer",
			wantLeft:    []string{"policy " + policyARN}},

		// Attachment and membership.
		{name: "attachment/refused: policy, group and user rolled back", setup: func(f *fakeIAM) { f.failOn("AttachGroupPolicy", accessDenied("AttachGroupPolicy")) },
			wantErr: "AccessDenied", wantOutcome: "deleted again: user reader, group reader, policy " + policyARN + ". Nothing is left", wantLeft: nothingLeft},
		{name: "attachment/not visible yet: retried", setup: func(f *fakeIAM) {
			f.failOn("AttachGroupPolicy", noSuchEntity("AttachGroupPolicy", "policy"))
			f.failOn("AttachGroupPolicy", noSuchEntity("AttachGroupPolicy", "policy"))
		}, check: expectCount("iam:AttachGroupPolicy", 3)},
		{name: "membership/refused: everything rolled back", setup: func(f *fakeIAM) { f.failOn("AddUserToGroup", accessDenied("AddUserToGroup")) },
			wantErr: "AccessDenied", wantOutcome: "attachment of " + policyARN + " to group reader. Nothing is left", wantLeft: nothingLeft},
		{name: "membership/not visible yet: retried", setup: func(f *fakeIAM) { f.failOn("AddUserToGroup", noSuchEntity("AddUserToGroup", "user")) },
			check: expectCount("iam:AddUserToGroup", 2)},

		// iam:CreateAccessKey.
		{name: "key/refused: everything rolled back", setup: func(f *fakeIAM) { f.failOn("CreateAccessKey", accessDenied("CreateAccessKey")) },
			wantErr: "AccessDenied", wantOutcome: "membership of reader in group reader. Nothing is left", wantLeft: nothingLeft},
		{name: "key/answer lost, retry made a second key: the stray deleted by IAM's clock", setup: func(f *fakeIAM) { f.script("CreateAccessKey", wire{lost: 1}) },
			check: expectCount("iam:CreateAccessKey", 1, "iam:DeleteAccessKey", 1)},
		{name: "key/answer lost, retries exhausted: the stray deleted, everything rolled back",
			setup:   func(f *fakeIAM) { f.script("CreateAccessKey", wire{lost: 1, exhausted: true}) },
			wantErr: "ServiceFailure", wantOutcome: "Nothing is left", wantLeft: nothingLeft},
		{name: "key/answer lost without Date: no key kept, the possible stray named",
			setup:   func(f *fakeIAM) { f.script("CreateAccessKey", wire{lost: 1, noDate: true}) },
			wantErr: "iam:CreateAccessKey was retried", wantKind: isMaybeLeft,
			// The stray key blocks deleting the user: the error says so.
			wantOutcome: "these could not be deleted again: user reader (iam:DeleteUser: DeleteConflict)",
			wantLeft:    []string{"access key of reader", "user reader"},
			check: func(t *testing.T, _ *fakeIAM, got ReaderUserCreated) {
				if got.ARN == "" || got.AccessKey != nil {
					t.Errorf("what is left must be returned for state (user, no key): %+v", got)
				}
			}},
		{name: "key/user not visible yet: retried", setup: func(f *fakeIAM) { f.failOn("CreateAccessKey", noSuchEntity("CreateAccessKey", "user")) },
			check: expectCount("iam:CreateAccessKey", 2)},

		// The final wait.
		{name: "wait/user visible after a while", setup: func(f *fakeIAM) { f.failOn("GetUser", noSuchEntity("GetUser", "user")) },
			check: expectCount("iam:GetUser", 2)},

		// Rollback that cannot finish.
		{name: "rollback/a delete fails: saved as left", setup: func(f *fakeIAM) {
			f.failOn("CreateAccessKey", accessDenied("CreateAccessKey"))
			f.failOn("DeleteGroup", accessDenied("DeleteGroup"))
		}, wantErr: "AccessDenied", wantOutcome: "these could not be deleted again: group reader (iam:DeleteGroup: AccessDenied)",
			wantLeft: []string{"group reader"},
			check: func(t *testing.T, _ *fakeIAM, got ReaderUserCreated) {
				if got.ARN == "" || got.PolicyARN == "" {
					t.Errorf("what is left must be returned for state: %+v", got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeIAM(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			got, err := f.client().CreateReaderUser(t.Context(), testReaderUser())
			expectCreateResult(t, f, tt, err, readerUserInventory("reader", "/connectors/", 1))
			if err == nil {
				if tags := f.tagsOf("user reader"); tags[CreateTokenTagKey] != "" {
					t.Errorf("the create token is still on the user: %v", tags)
				}
				if tags := f.tagsOf("policy " + policyARN); len(tags) != 0 {
					t.Errorf("the create token is still on the policy: %v", tags)
				}
				if got.AccessKey == nil || got.ARN == "" || got.PolicyARN != policyARN {
					t.Errorf("created = %+v", got)
				}
			}
			if tt.check != nil {
				tt.check(t, f, got)
			}
		})
	}
}

// expectCreateResult checks a create's error and what it left.
func expectCreateResult(t *testing.T, f *fakeIAM, tt createCase, err error, whole []string) {
	t.Helper()
	switch {
	case tt.wantErr == "" && err != nil:
		t.Fatalf("create failed: %v", err)
	case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
		t.Fatalf("create error = %v, want one containing %q", err, tt.wantErr)
	}
	if err != nil {
		var ce *CreateError
		if !errors.As(err, &ce) {
			t.Fatalf("error %T is not a *CreateError", err)
		}
		if tt.wantKind != nil && !tt.wantKind(ce.Err) {
			t.Errorf("step error %T (%v) is not the expected kind", ce.Err, ce.Err)
		}
		if !strings.Contains(ce.Outcome(), tt.wantOutcome) || tt.wantOutcome == "" && ce.Outcome() != "" && !isMaybeLeft(ce.Err) && len(ce.RolledBack) == 0 {
			t.Errorf("outcome = %q, want it to contain %q", ce.Outcome(), tt.wantOutcome)
		}
		if ce.PartlyLeft() != (len(ce.Left) > 0) {
			t.Error("PartlyLeft disagrees with Left")
		}
	}
	want := tt.wantLeft
	if want == nil {
		want = whole
	}
	if got := f.inventory(); !slices.Equal(got, want) && (len(got) != 0 || len(want) != 0) {
		t.Errorf("left in IAM: %v, want %v", got, want)
	}
}

// expectCount checks how often actions were called: pairs of action, count.
func expectCount(pairs ...any) func(t *testing.T, f *fakeIAM, _ ReaderUserCreated) {
	return func(t *testing.T, f *fakeIAM, _ ReaderUserCreated) {
		t.Helper()
		for i := 0; i < len(pairs); i += 2 {
			action, _ := pairs[i].(string)
			want, _ := pairs[i+1].(int)
			if got := f.count(action); got != want {
				t.Errorf("%s called %d times, want %d (calls: %v)", action, got, want, f.called())
			}
		}
	}
}

// expectForeignUserKept checks that the foreign user is untouched.
func expectForeignUserKept(t *testing.T, f *fakeIAM, _ ReaderUserCreated) {
	t.Helper()
	f.mu.Lock()
	u := f.users["reader"]
	f.mu.Unlock()
	if u == nil || aws.ToString(u.user.UserId) != "AIDAFOREIGN" {
		t.Fatal("the foreign user was replaced or deleted")
	}
	if tags := f.tagsOf("user reader"); tags[CreateTokenTagKey] != "someone-elses-token" {
		t.Errorf("the foreign user's tags were changed: %v", tags)
	}
	if n := f.count("iam:DeleteUser") + f.count("iam:UntagUser") + f.count("iam:TagUser"); n != 0 {
		t.Errorf("the foreign user was written to (%v)", f.called())
	}
}

// expectForeignPolicyKept checks that the foreign policy is untouched.
func expectForeignPolicyKept(t *testing.T, f *fakeIAM, _ ReaderUserCreated) {
	t.Helper()
	if n := f.count("iam:DeletePolicy") + f.count("iam:UntagPolicy") + f.count("iam:CreatePolicyVersion") + f.count("iam:AttachGroupPolicy"); n != 0 {
		t.Errorf("the foreign policy was written to (%v)", f.called())
	}
}

// TestCreateReaderUser_groupWindow pins what the server-clock window means
// for groups, which cannot carry a token: a group at the path created while
// the retried request ran is indistinguishable from the request's own and
// adopted; one created before the request began is not.
func TestCreateReaderUser_groupWindow(t *testing.T) {
	t.Parallel()
	t.Run("created before the request", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		f.beforeNext("CreateGroup", func() {
			foreignGroup("/connectors/")(f)
			f.mu.Lock()
			f.groups["reader"].group.CreateDate = aws.Time(f.clocks.serverNow().Add(-time.Minute))
			f.mu.Unlock()
		})
		f.script("CreateGroup", wire{lost: 1, exhausted: true})
		_, err := f.client().CreateReaderUser(t.Context(), testReaderUser())
		if !isForeign(err) || !strings.Contains(err.Error(), "group reader already exists") {
			t.Fatalf("err = %v, want the group named as foreign", err)
		}
		if got := f.inventory(); !slices.Equal(got, []string{"group reader"}) {
			t.Errorf("left: %v", got)
		}
	})
	t.Run("created during the request at the path", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		f.script("CreateGroup", wire{dropped: 1, between: foreignGroup("/connectors/")})
		if _, err := f.client().CreateReaderUser(t.Context(), testReaderUser()); err != nil {
			t.Fatalf("CreateReaderUser: %v", err)
		}
	})
}

// TestCreateReaderUser_clockSkew: the client's clock is hours off (the
// fake's always is); a window by the local clock would miss the group the
// lost attempt made. With the clocks in step the result is the same.
func TestCreateReaderUser_clockSkew(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{0, 2 * time.Hour, -26 * time.Hour} {
		f := newFakeIAM(t)
		f.clocks.skew = skew
		f.script("CreateGroup", wire{lost: 1, exhausted: true})
		if _, err := f.client().CreateReaderUser(t.Context(), testReaderUser()); err != nil {
			t.Errorf("skew %s: %v", skew, err)
		}
	}
}

var _ = awserr.Code
