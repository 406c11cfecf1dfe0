package iamidentity

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// actionsOf returns every action a fake saw called, and those IAM
// authorizes implicitly (tagging on create), sorted.
func actionsOf(fakes ...*fakeIAM) []string {
	var out []string
	for _, f := range fakes {
		out = append(out, f.called()...)
		f.mu.Lock()
		for a := range f.implied {
			out = append(out, a)
		}
		f.mu.Unlock()
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// readerUserLifecycle runs every path a reader user can take and returns
// the fakes it ran on: creates whose answers were lost (adoption and stray
// keys), reads, every kind of update and drift repair, rotation, and a
// forced delete of a user with every kind of foreign item.
func readerUserLifecycle(t *testing.T) []*fakeIAM {
	t.Helper()
	lost := newFakeIAM(t)
	for _, op := range []string{"CreateUser", "CreateGroup", "CreatePolicy", "CreateAccessKey"} {
		lost.script(op, wire{lost: 1})
	}
	if _, err := lost.client().CreateReaderUser(t.Context(), testReaderUser()); err != nil {
		t.Fatal(err)
	}

	f := newFakeIAM(t)
	made, prior := createdReaderUser(t, f)
	c := f.client()
	if _, err := c.ReadReaderUser(t.Context(), "reader"); err != nil {
		t.Fatal(err)
	}
	want := testReaderUser()
	want.Tags = map[string]string{"owner": "sec"}
	want.PermissionsBoundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	for i := range maxPolicyVersions {
		want.PolicyDocument = readerDoc[:len(readerDoc)-1] + `,"Id":"v` + string(rune('a'+i)) + `"}`
		if _, err := c.UpdateReaderUser(t.Context(), prior, want, KeepKey); err != nil {
			t.Fatal(err)
		}
		prior.Tags, prior.PermissionsBoundary, prior.PolicyDocument = want.Tags, want.PermissionsBoundary, want.PolicyDocument
	}
	want.PermissionsBoundary = ""
	f.users["reader"].keys[0].Status = types.StatusTypeInactive
	delete(f.groups, "reader")
	prior.InGroup, prior.PolicyAttached = false, false
	if _, err := c.UpdateReaderUser(t.Context(), prior, want, ReactivateKey); err != nil {
		t.Fatal(err)
	}
	key, err := c.UpdateReaderUser(t.Context(), ReaderUserPrior{Tags: want.Tags, InGroup: true, PolicyAttached: true,
		PolicyDocument: want.PolicyDocument, AccessKeyID: made.AccessKey.ID}, want, NewKey)
	if err != nil {
		t.Fatal(err)
	}
	u := f.users["reader"]
	u.keys = append(u.keys, types.AccessKeyMetadata{AccessKeyId: aws.String("AKIAFOREIGN")})
	u.loginProfile, u.mfa, u.certs, u.sshKeys, u.inline = true, []string{"arn:aws:iam::123456789012:mfa/reader"}, []string{"C"}, []string{"S"}, []string{"p"}
	u.attachedARN = []string{securityAuditARN}
	f.groups["reader"].members = append(f.groups["reader"].members, "bob")
	f.groups["reader"].inline = []string{"g"}
	f.groups["reader"].attachedARNs = append(f.groups["reader"].attachedARNs, securityAuditARN)
	f.groups["other"] = &fakeGroup{group: types.Group{GroupName: aws.String("other")}, members: []string{"reader"}}
	f.users["bob"] = &fakeUser{user: types.User{UserName: aws.String("bob")}, attachedARN: []string{policyARN}}
	f.roles["r"] = &fakeRole{role: types.Role{RoleName: aws.String("r")}, attachedARNs: []string{policyARN}}
	if err := c.DeleteReaderUser(t.Context(), ReaderUserRef{Name: "reader", Path: "/connectors/", AccessKeyID: key.ID}, true); err != nil {
		t.Fatal(err)
	}
	return []*fakeIAM{lost, f}
}

// crossAccountRoleLifecycle runs every path a cross-account role can take.
func crossAccountRoleLifecycle(t *testing.T) []*fakeIAM {
	t.Helper()
	lost := newFakeIAM(t)
	for _, op := range []string{"CreateRole", "CreatePolicy"} {
		lost.script(op, wire{lost: 1})
	}
	if _, err := lost.client().CreateCrossAccountRole(t.Context(), testRole()); err != nil {
		t.Fatal(err)
	}

	f := newFakeIAM(t)
	prior := createdRole(t, f)
	c := f.client()
	if _, err := c.ReadCrossAccountRole(t.Context(), "auditor", true); err != nil {
		t.Fatal(err)
	}
	want := testRole()
	want.TrustPolicy = trustDoc[:len(trustDoc)-1] + `,"Id":"changed"}`
	want.Description, want.PermissionsBoundary, want.Tags = "changed", "arn:aws:iam::aws:policy/ReadOnlyAccess", map[string]string{"owner": "sec"}
	want.PolicyDocument = readerDoc[:len(readerDoc)-1] + `,"Id":"changed"}`
	want.ManagedPolicyARNs = []string{"arn:aws:iam::aws:policy/ViewOnlyAccess"}
	if err := c.UpdateCrossAccountRole(t.Context(), prior, want); err != nil {
		t.Fatal(err)
	}
	next := want
	next.PermissionsBoundary, next.PolicyDocument = "", ""
	if err := c.UpdateCrossAccountRole(t.Context(), CrossAccountRolePrior{CrossAccountRole: want, PolicyAttached: true}, next); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteCrossAccountRole(t.Context(), "auditor", "/auditors/", false); err != nil {
		t.Fatal(err)
	}
	return []*fakeIAM{lost, f}
}

// TestActionsAreExactlyTheCallsMade proves the documented permission lists
// by their content: every action the write side calls on any path, plus
// the tagging IAM authorizes for a create that carries tags (iam:TagUser,
// iam:TagRole, iam:TagPolicy: moto does not enforce those), and nothing else.
func TestActionsAreExactlyTheCallsMade(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		documented []string
		lifecycle  func(*testing.T) []*fakeIAM
	}{
		{"iamaudit_reader_user", ReaderUserActions, readerUserLifecycle},
		{"iamaudit_cross_account_role", CrossAccountRoleActions, crossAccountRoleLifecycle},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := actionsOf(tt.lifecycle(t)...)
			if !slices.Equal(got, tt.documented) {
				t.Errorf("called and implied:\n%q\ndocumented:\n%q", got, tt.documented)
			}
			if !slices.IsSorted(tt.documented) {
				t.Error("the documented list is not sorted")
			}
		})
	}
}
