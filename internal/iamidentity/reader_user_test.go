package iamidentity

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

const readerDoc = `{"Statement":[{"Action":["iam:GetAccountSummary"],"Effect":"Allow","Resource":"*","Sid":"IAMAuditRead"}],"Version":"2012-10-17"}`

func testReaderUser() ReaderUser {
	return ReaderUser{Name: "reader", Path: "/connectors/", PolicyDocument: readerDoc, Tags: map[string]string{"team": "security"}, CreateAccessKey: true}
}

// readerUserInventory is everything a created reader user consists of.
func readerUserInventory(name, path string, keys int) []string {
	arn := testAccount.PolicyARN(path, name+"-reader")
	out := []string{"attachment of " + arn + " to group " + name, "group " + name, "member " + name + " of " + name, "policy " + arn, "user " + name}
	for range keys {
		out = append(out, "access key of "+name)
	}
	slices.Sort(out)
	return out
}

func TestCreateReaderUser(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	got, err := f.client().CreateReaderUser(t.Context(), testReaderUser())
	if err != nil {
		t.Fatalf("CreateReaderUser: %v", err)
	}
	if want := readerUserInventory("reader", "/connectors/", 1); !slices.Equal(f.inventory(), want) {
		t.Fatalf("inventory = %v, want %v", f.inventory(), want)
	}
	if got.ARN != "arn:aws:iam::123456789012:user/connectors/reader" || !strings.HasPrefix(got.UniqueID, "AIDA") ||
		got.PolicyARN != "arn:aws:iam::123456789012:policy/connectors/reader-reader" || got.AccessKey == nil ||
		got.AccessKey.Secret != "secret-of-"+got.AccessKey.ID || got.AccessKey.Status != "Active" {
		t.Fatalf("created = %+v", got)
	}
	if tags := f.tagsOf("user reader"); !mapsEqual(tags, map[string]string{"team": "security"}) {
		t.Errorf("user tags = %v: the create token must be gone and the own tags kept", tags)
	}
	if tags := f.tagsOf("policy " + got.PolicyARN); len(tags) != 0 {
		t.Errorf("policy tags = %v, want none", tags)
	}
	wantCalls := []string{"iam:CreateUser", "iam:UntagUser", "iam:CreateGroup", "iam:CreatePolicy", "iam:UntagPolicy",
		"iam:AttachGroupPolicy", "iam:AddUserToGroup", "iam:CreateAccessKey", "iam:GetUser"}
	if calls := f.called(); !slices.Equal(calls, wantCalls) {
		t.Errorf("calls = %v, want %v", calls, wantCalls)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// createdReaderUser creates the test reader user on f and returns it with
// its state as ReaderUserPrior sees it.
func createdReaderUser(t *testing.T, f *fakeIAM) (ReaderUserCreated, ReaderUserPrior) {
	t.Helper()
	u := testReaderUser()
	made, err := f.client().CreateReaderUser(t.Context(), u)
	if err != nil {
		t.Fatalf("CreateReaderUser: %v", err)
	}
	return made, ReaderUserPrior{Tags: u.Tags, InGroup: true, PolicyAttached: true, PolicyDocument: u.PolicyDocument,
		AccessKeyID: made.AccessKey.ID, AccessKeyStatus: "Active"}
}

func TestReadReaderUser(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	made, _ := createdReaderUser(t, f)
	// A token left by a create (as after a failed confirm) never shows.
	f.users["reader"].tags = append(f.users["reader"].tags, types.Tag{Key: aws.String(CreateTokenTagKey), Value: aws.String("t")})
	got, err := f.client().ReadReaderUser(t.Context(), "reader")
	if err != nil {
		t.Fatal(err)
	}
	key, ok := got.AccessKey(made.AccessKey.ID)
	if got.ARN != made.ARN || got.UniqueID != made.UniqueID || got.Path != "/connectors/" || !got.InGroup || !got.PolicyFound ||
		!got.PolicyAttached || got.PolicyARN != made.PolicyARN || got.PolicyDocument != readerDoc || !ok || key.Status != "Active" ||
		!mapsEqual(got.Tags, map[string]string{"team": "security"}) {
		t.Fatalf("ReadReaderUser = %+v", got)
	}
	if _, ok := got.AccessKey("AKIAOTHER"); ok {
		t.Error("AccessKey found a key that is not listed")
	}

	// Drift: membership, attachment and policy gone.
	f.groups["reader"].members = nil
	f.groups["reader"].attachedARNs = nil
	got, err = f.client().ReadReaderUser(t.Context(), "reader")
	if err != nil || got.InGroup || got.PolicyAttached || !got.PolicyFound {
		t.Fatalf("after drift: %+v, %v", got, err)
	}
	delete(f.policies, made.PolicyARN)
	delete(f.groups, "reader")
	got, err = f.client().ReadReaderUser(t.Context(), "reader")
	if err != nil || got.PolicyFound || got.PolicyDocument != "" || got.PolicyAttached {
		t.Fatalf("policy and group gone: %+v, %v", got, err)
	}

	if got, err := f.client().ReadReaderUser(t.Context(), "nobody"); got != nil || err != nil {
		t.Fatalf("missing user: %+v, %v", got, err)
	}
	f.failOn("GetUser", accessDenied("GetUser"))
	if _, err := f.client().ReadReaderUser(t.Context(), "reader"); !awserr.IsAccessDenied(err) || awserr.Action(err) != "iam:GetUser" {
		t.Fatalf("denied read: %v", err)
	}
}

func TestUpdateReaderUser_settings(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	_, prior := createdReaderUser(t, f)
	want := testReaderUser()
	want.Tags = map[string]string{"team": "platform", "owner": "sec"}
	want.PermissionsBoundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	want.PolicyDocument = `{"Statement":[{"Action":["iam:ListUsers"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
	if _, err := f.client().UpdateReaderUser(t.Context(), prior, want, KeepKey); err != nil {
		t.Fatal(err)
	}
	got, _ := f.client().ReadReaderUser(t.Context(), "reader")
	if !mapsEqual(got.Tags, want.Tags) || got.PermissionsBoundary != want.PermissionsBoundary || got.PolicyDocument != want.PolicyDocument {
		t.Fatalf("after update: %+v", got)
	}
	// A reformatted document is the same policy: no new version.
	versions := f.count("iam:CreatePolicyVersion")
	prior = ReaderUserPrior{Tags: want.Tags, PermissionsBoundary: want.PermissionsBoundary, InGroup: true, PolicyAttached: true,
		PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*","Action":"iam:ListUsers"}}`, AccessKeyID: prior.AccessKeyID}
	want.PermissionsBoundary = ""
	if _, err := f.client().UpdateReaderUser(t.Context(), prior, want, KeepKey); err != nil {
		t.Fatal(err)
	}
	if f.count("iam:CreatePolicyVersion") != versions || f.count("iam:DeleteUserPermissionsBoundary") != 1 {
		t.Fatalf("calls: %v", f.called())
	}
	// A boundary already gone counts as removed.
	prior.PermissionsBoundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	f.failOn("DeleteUserPermissionsBoundary", noSuchEntity("DeleteUserPermissionsBoundary", "boundary"))
	if _, err := f.client().UpdateReaderUser(t.Context(), prior, want, KeepKey); err != nil {
		t.Fatal(err)
	}
}

// TestUpdateReaderUser_policyVersionLimit: IAM keeps five versions; the
// oldest non-default one makes room.
func TestUpdateReaderUser_policyVersionLimit(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	made, prior := createdReaderUser(t, f)
	want := testReaderUser()
	for i := range 6 {
		want.PolicyDocument = fmt.Sprintf(`{"Statement":[{"Action":["iam:ListUsers"],"Effect":"Allow","Resource":"*","Sid":"V%d"}],"Version":"2012-10-17"}`, i)
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, want, KeepKey); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		prior.PolicyDocument = want.PolicyDocument
	}
	p := f.policies[made.PolicyARN]
	if len(p.versions) != maxPolicyVersions || aws.ToString(p.policy.DefaultVersionId) != "v7" || aws.ToString(p.versions[0].VersionId) != "v3" {
		t.Fatalf("versions = %d, default %s, oldest %s", len(p.versions), aws.ToString(p.policy.DefaultVersionId), aws.ToString(p.versions[0].VersionId))
	}
}

// TestUpdateReaderUser_driftRepair: what went missing outside Terraform
// comes back.
func TestUpdateReaderUser_driftRepair(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		drift func(f *fakeIAM, prior *ReaderUserPrior)
	}{
		{"membership removed", func(f *fakeIAM, p *ReaderUserPrior) { f.groups["reader"].members, p.InGroup = nil, false }},
		{"attachment removed", func(f *fakeIAM, p *ReaderUserPrior) { f.groups["reader"].attachedARNs, p.PolicyAttached = nil, false }},
		{"group deleted", func(f *fakeIAM, p *ReaderUserPrior) {
			delete(f.groups, "reader")
			p.InGroup, p.PolicyAttached = false, false
		}},
		{"policy deleted", func(f *fakeIAM, p *ReaderUserPrior) {
			f.groups["reader"].attachedARNs = nil
			delete(f.policies, policyARN)
			p.PolicyAttached, p.PolicyDocument = false, ""
		}},
		{"policy document edited", func(f *fakeIAM, p *ReaderUserPrior) {
			p.PolicyDocument = `{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
		}},
		{"everything but the user deleted", func(f *fakeIAM, p *ReaderUserPrior) {
			delete(f.groups, "reader")
			delete(f.policies, policyARN)
			f.users["reader"].keys = nil
			*p = ReaderUserPrior{Tags: p.Tags}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeIAM(t)
			_, prior := createdReaderUser(t, f)
			tt.drift(f, &prior)
			key := KeepKey
			if prior.AccessKeyID == "" {
				key = NewKey
			}
			if _, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), key); err != nil {
				t.Fatal(err)
			}
			if want := readerUserInventory("reader", "/connectors/", 1); !slices.Equal(f.inventory(), want) {
				t.Fatalf("inventory = %v, want %v", f.inventory(), want)
			}
			if got, _ := f.client().ReadReaderUser(t.Context(), "reader"); got.PolicyDocument != readerDoc {
				t.Fatalf("policy document = %s", got.PolicyDocument)
			}
		})
	}
}

func TestUpdateReaderUser_keys(t *testing.T) {
	t.Parallel()
	t.Run("rotation: the new key first, then the old one deleted", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		made, prior := createdReaderUser(t, f)
		key, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), NewKey)
		if err != nil || key == nil || key.ID == made.AccessKey.ID || key.Secret == "" {
			t.Fatalf("rotation = %+v, %v", key, err)
		}
		calls := f.called()
		if i, j := lastIndex(calls, "iam:CreateAccessKey"), lastIndex(calls, "iam:DeleteAccessKey"); i < 0 || j < i {
			t.Fatalf("calls = %v: create must come before delete", calls)
		}
		if got, _ := f.client().ReadReaderUser(t.Context(), "reader"); len(got.AccessKeys) != 1 || got.AccessKeys[0].ID != key.ID {
			t.Fatalf("keys = %+v", got.AccessKeys)
		}
	})
	t.Run("rotation blocked by a second key", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		if _, err := f.client().createAccessKey(t.Context(), "reader"); err != nil {
			t.Fatal(err)
		}
		_, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), NewKey)
		if !awserr.IsLimitExceeded(err) {
			t.Fatalf("err = %v, want LimitExceeded", err)
		}
	})
	t.Run("old key cannot be deleted: the new key is returned", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		f.beforeNext("DeleteAccessKey", func() { f.failOn("DeleteAccessKey", accessDenied("DeleteAccessKey")) })
		key, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), NewKey)
		var oldErr *OldKeyNotDeletedError
		if !errors.As(err, &oldErr) || oldErr.KeyID != prior.AccessKeyID || key == nil || !awserr.IsAccessDenied(err) {
			t.Fatalf("UpdateReaderUser = %+v, %v", key, err)
		}
	})
	t.Run("rotation whose answer was lost: strays deleted, the old key kept until rotated", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		// The old key is a day old: outside any request window.
		f.users["reader"].keys[0].CreateDate = aws.Time(f.clocks.serverNow().Add(-24 * time.Hour))
		f.script("CreateAccessKey", wire{lost: 1})
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), NewKey); !awserr.IsLimitExceeded(err) {
			// Two keys already (old + the lost attempt's): the retry is refused,
			// the stray is deleted, the old one stays for the next apply.
			t.Fatalf("err = %v, want LimitExceeded after the lost attempt used the free slot", err)
		}
		got, _ := f.client().ReadReaderUser(t.Context(), "reader")
		if len(got.AccessKeys) != 1 || got.AccessKeys[0].ID != prior.AccessKeyID {
			t.Fatalf("keys = %+v: only the old key may remain", got.AccessKeys)
		}
	})
	t.Run("delete and reactivate", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		f.users["reader"].keys[0].Status = types.StatusTypeInactive
		prior.AccessKeyStatus = "Inactive"
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), ReactivateKey); err != nil {
			t.Fatal(err)
		}
		if s := f.users["reader"].keys[0].Status; s != types.StatusTypeActive {
			t.Fatalf("status = %s", s)
		}
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), DeleteKey); err != nil {
			t.Fatal(err)
		}
		if len(f.users["reader"].keys) != 0 {
			t.Fatal("key not deleted")
		}
		// Deleting a key already gone is fine.
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, testReaderUser(), DeleteKey); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("PGP: only the encrypted secret", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		_, pub := testPGPKey(t)
		want := testReaderUser()
		want.PGPKey = pub
		key, err := f.client().UpdateReaderUser(t.Context(), prior, want, NewKey)
		if err != nil || key.Secret != "" || key.EncryptedSecret == "" || key.KeyFingerprint == "" {
			t.Fatalf("key = %+v, %v", key, err)
		}
	})
	t.Run("PGP fails: the new key deleted again", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		_, prior := createdReaderUser(t, f)
		want := testReaderUser()
		want.PGPKey = "bm90IGEga2V5"
		if _, err := f.client().UpdateReaderUser(t.Context(), prior, want, NewKey); err == nil || !strings.Contains(err.Error(), "pgp_key") {
			t.Fatalf("err = %v", err)
		}
		if got, _ := f.client().ReadReaderUser(t.Context(), "reader"); len(got.AccessKeys) != 1 || got.AccessKeys[0].ID != prior.AccessKeyID {
			t.Fatalf("keys = %+v", got.AccessKeys)
		}
	})
}

func TestRotationDue(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		now  time.Time
		days int64
		want bool
	}{
		{created.Add(30*24*time.Hour - time.Second), 30, false},
		{created.Add(30 * 24 * time.Hour), 30, true},
		{created.Add(90 * 24 * time.Hour), 1, true},
		{created, 1, false},
	}
	for _, tt := range tests {
		if got := RotationDue(created, tt.now, tt.days); got != tt.want {
			t.Errorf("RotationDue(%s, %d days) = %v, want %v", tt.now.Sub(created), tt.days, got, tt.want)
		}
	}
}

func TestDeleteReaderUser(t *testing.T) {
	t.Parallel()
	t.Run("IAM's order", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		made, _ := createdReaderUser(t, f)
		before := len(f.called())
		if err := f.client().DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/connectors/", AccessKeyID: made.AccessKey.ID}, false); err != nil {
			t.Fatal(err)
		}
		if inv := f.inventory(); len(inv) != 0 {
			t.Fatalf("left: %v", inv)
		}
		var writes []string
		for _, c := range f.called()[before:] {
			if !strings.Contains(c, ":List") && !strings.Contains(c, ":Get") {
				writes = append(writes, c)
			}
		}
		want := []string{"iam:DeleteAccessKey", "iam:RemoveUserFromGroup", "iam:DetachGroupPolicy", "iam:DeletePolicy", "iam:DeleteGroup", "iam:DeleteUser"}
		if !slices.Equal(writes, want) {
			t.Fatalf("writes = %v, want %v", writes, want)
		}
	})
	t.Run("already gone", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		if err := f.client().DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/"}, false); err != nil {
			t.Fatal(err)
		}
	})
	foreign := func(f *fakeIAM) {
		u := f.users["reader"]
		u.keys = append(u.keys, types.AccessKeyMetadata{AccessKeyId: aws.String("AKIAFOREIGN"), CreateDate: f.created()})
		u.loginProfile = true
		u.mfa = []string{"arn:aws:iam::123456789012:mfa/reader"}
		u.certs, u.sshKeys, u.inline = []string{"CERT1"}, []string{"APKA1"}, []string{"extra"}
		u.attachedARN = []string{securityAuditARN}
		f.groups["reader"].members = append(f.groups["reader"].members, "bob")
		f.groups["reader"].inline = []string{"group-extra"}
		f.groups["reader"].attachedARNs = append(f.groups["reader"].attachedARNs, securityAuditARN)
		f.groups["other"] = &fakeGroup{group: types.Group{GroupName: aws.String("other")}, members: []string{"reader"}, attachedARNs: []string{policyARN}}
		f.users["bob"] = &fakeUser{user: types.User{UserName: aws.String("bob")}}
	}
	wantItems := []string{"access key AKIAFOREIGN", "console password (login profile)", "MFA device arn:aws:iam::123456789012:mfa/reader",
		"signing certificate CERT1", "SSH public key APKA1", "inline user policy extra", "directly attached policy " + securityAuditARN,
		"membership in group other", "member bob of group reader", "inline policy group-extra of group reader",
		"policy " + securityAuditARN + " attached to group reader", "attachments of " + policyARN + " to group other"}
	t.Run("foreign items refused", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		made, _ := createdReaderUser(t, f)
		foreign(f)
		inventory := f.inventory()
		err := f.client().DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/connectors/", AccessKeyID: made.AccessKey.ID}, false)
		var fe *ForeignItemsError
		if !errors.As(err, &fe) || !slices.Equal(fe.Items, wantItems) || fe.Owner != "IAM user reader (or its group or policy)" {
			t.Fatalf("err = %v, want the foreign items %v", err, wantItems)
		}
		if !slices.Equal(f.inventory(), inventory) {
			t.Fatal("a refused delete changed something")
		}
	})
	t.Run("forced", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		made, _ := createdReaderUser(t, f)
		foreign(f)
		if err := f.client().DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/connectors/", AccessKeyID: made.AccessKey.ID}, true); err != nil {
			t.Fatal(err)
		}
		if want := []string{"group other", "user bob"}; !slices.Equal(f.inventory(), want) {
			t.Fatalf("left: %v, want %v", f.inventory(), want)
		}
	})
	t.Run("a failing step stops the delete", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		made, _ := createdReaderUser(t, f)
		f.failOn("DeleteGroup", accessDenied("DeleteGroup"))
		err := f.client().DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/connectors/", AccessKeyID: made.AccessKey.ID}, false)
		if awserr.Action(err) != "iam:DeleteGroup" || !awserr.IsAccessDenied(err) {
			t.Fatalf("err = %v", err)
		}
		if want := []string{"group reader", "user reader"}; !slices.Equal(f.inventory(), want) {
			t.Fatalf("left: %v", f.inventory())
		}
	})
}

// lastIndex is the index of the last v in list, or -1.
func lastIndex(list []string, v string) int {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] == v {
			return i
		}
	}
	return -1
}
