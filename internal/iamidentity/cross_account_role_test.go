package iamidentity

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const (
	trustDoc         = `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-1234"}},"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}],"Version":"2012-10-17"}`
	securityAuditARN = "arn:aws:iam::aws:policy/SecurityAudit"
)

var rolePolicyARN = testAccount.PolicyARN("/auditors/", "auditor-permissions")

func testRole() CrossAccountRole {
	return CrossAccountRole{Name: "auditor", Path: "/auditors/", Description: "Audit", TrustPolicy: trustDoc, MaxSessionDuration: 3600,
		PolicyDocument: readerDoc, ManagedPolicyARNs: []string{securityAuditARN}, Tags: map[string]string{"team": "security"}}
}

func roleInventory() []string {
	out := []string{"attachment of " + rolePolicyARN + " to role auditor", "attachment of " + securityAuditARN + " to role auditor",
		"policy " + rolePolicyARN, "role auditor"}
	slices.Sort(out)
	return out
}

func foreignRole(f *fakeIAM) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.roles["auditor"] = &fakeRole{role: types.Role{RoleName: aws.String("auditor"), Path: aws.String("/"), RoleId: aws.String("AROAFOREIGN"),
		CreateDate: f.created(), AssumeRolePolicyDocument: aws.String(trustDoc)}}
}

func TestCreateCrossAccountRole_adoption(t *testing.T) {
	t.Parallel()
	invalidPrincipal := apiError("CreateRole", 400, "MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/new"`)
	tests := []createCase{
		{name: "created"},
		{name: "role/refused", setup: func(f *fakeIAM) { f.failOn("CreateRole", accessDenied("CreateRole")) }, wantErr: "AccessDenied", wantLeft: nothingLeft},
		{name: "role/principal not yet known: retried", setup: func(f *fakeIAM) {
			f.failOn("CreateRole", invalidPrincipal)
			f.failOn("CreateRole", invalidPrincipal)
		}},
		{name: "role/answer lost, retry says it exists: adopted by token", setup: func(f *fakeIAM) { f.script("CreateRole", wire{lost: 1}) }},
		{name: "role/answer lost without Date: adopted by token", setup: func(f *fakeIAM) { f.script("CreateRole", wire{lost: 2, exhausted: true, noDate: true}) }},
		{name: "role/exists before: foreign, left alone", setup: foreignRole,
			wantErr: "role auditor already exists and was not created by this resource", wantKind: isForeign, wantLeft: []string{"role auditor"}},
		{name: "role/appears while the SDK retries: foreign, left alone", setup: func(f *fakeIAM) { f.script("CreateRole", wire{dropped: 1, between: foreignRole}) },
			wantErr: "role auditor already exists and was not created by this resource", wantKind: isForeign, wantLeft: []string{"role auditor"}},
		{name: "role/confirming fails: rolled back", setup: func(f *fakeIAM) { f.failOn("UntagRole", accessDenied("UntagRole")) },
			wantErr: "removing the iamaudit:create-token tag from role auditor", wantLeft: nothingLeft},
		{name: "policy/exists before: foreign, the role rolled back",
			setup: func(f *fakeIAM) {
				f.beforeNext("CreatePolicy", func() {
					f.mu.Lock()
					defer f.mu.Unlock()
					p := &fakePolicy{policy: types.Policy{PolicyName: aws.String("auditor-permissions"), Path: aws.String("/auditors/"), Arn: aws.String(rolePolicyARN)}}
					p.addVersion(readerDoc, f.created())
					f.policies[rolePolicyARN] = p
				})
			},
			wantErr: "policy auditor-permissions already exists and was not created by this resource", wantKind: isForeign,
			wantOutcome: "deleted again: role auditor. Nothing is left", wantLeft: []string{"policy " + rolePolicyARN}},
		{name: "policy/answer lost: adopted by token", setup: func(f *fakeIAM) { f.script("CreatePolicy", wire{lost: 1}) }},
		{name: "owned attachment/refused: policy and role rolled back",
			setup:   func(f *fakeIAM) { f.failOn("AttachRolePolicy", accessDenied("AttachRolePolicy")) },
			wantErr: "AccessDenied", wantOutcome: "deleted again: role auditor, policy " + rolePolicyARN + ". Nothing is left", wantLeft: nothingLeft},
		{name: "wait/role visible after a while", setup: func(f *fakeIAM) { f.failOn("GetRole", noSuchEntity("GetRole", "role")) },
			check: expectCount("iam:GetRole", 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeIAM(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			got, err := f.client().CreateCrossAccountRole(t.Context(), testRole())
			expectCreateResult(t, f, tt, err, roleInventory())
			if err == nil {
				if tags := f.tagsOf("role auditor"); !mapsEqual(tags, map[string]string{"team": "security"}) {
					t.Errorf("role tags = %v", tags)
				}
				if got.ARN != "arn:aws:iam::123456789012:role/auditors/auditor" || got.PolicyARN != rolePolicyARN || !strings.HasPrefix(got.UniqueID, "AROA") {
					t.Errorf("created = %+v", got)
				}
			}
			if tt.check != nil {
				tt.check(t, f, ReaderUserCreated{})
			}
		})
	}
}

func TestCreateCrossAccountRole_managedAttachmentFails(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	role := testRole()
	role.ManagedPolicyARNs = []string{securityAuditARN, "arn:aws:iam::aws:policy/ViewOnlyAccess"}
	// The owned attachment and SecurityAudit succeed; ViewOnlyAccess is refused.
	f.beforeNext("AttachRolePolicy", func() {})
	f.beforeNext("AttachRolePolicy", func() {})
	f.beforeNext("AttachRolePolicy", func() { f.failOn("AttachRolePolicy", accessDenied("AttachRolePolicy")) })
	_, err := f.client().CreateCrossAccountRole(t.Context(), role)
	if err == nil || !strings.Contains(err.Error(), "creating the attachment of arn:aws:iam::aws:policy/ViewOnlyAccess") {
		t.Fatalf("err = %v", err)
	}
	if got := f.inventory(); len(got) != 0 {
		t.Errorf("left: %v", got)
	}
}

func TestCreateCrossAccountRole_noOwnedPolicy(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	role := testRole()
	role.PolicyDocument = ""
	got, err := f.client().CreateCrossAccountRole(t.Context(), role)
	if err != nil || got.PolicyARN != "" {
		t.Fatalf("CreateCrossAccountRole = %+v, %v", got, err)
	}
	want := []string{"attachment of " + securityAuditARN + " to role auditor", "role auditor"}
	if inv := f.inventory(); !slices.Equal(inv, want) {
		t.Errorf("inventory = %v, want %v", inv, want)
	}
}

// createdRole creates the test role on f and returns its prior as an
// update sees it.
func createdRole(t *testing.T, f *fakeIAM) CrossAccountRolePrior {
	t.Helper()
	r := testRole()
	if _, err := f.client().CreateCrossAccountRole(t.Context(), r); err != nil {
		t.Fatalf("CreateCrossAccountRole: %v", err)
	}
	return CrossAccountRolePrior{CrossAccountRole: r, PolicyAttached: true}
}

func TestReadCrossAccountRole(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	createdRole(t, f)
	got, err := f.client().ReadCrossAccountRole(t.Context(), "auditor", true)
	if err != nil {
		t.Fatal(err)
	}
	if got.ARN != "arn:aws:iam::123456789012:role/auditors/auditor" || got.Path != "/auditors/" || got.Description != "Audit" ||
		got.MaxSessionDuration != 3600 || got.TrustPolicy != trustDoc || !mapsEqual(got.Tags, map[string]string{"team": "security"}) ||
		!got.PolicyFound || !got.PolicyAttached || got.PolicyDocument != readerDoc || got.PolicyARN != rolePolicyARN ||
		!slices.Equal(got.ManagedPolicyARNs, []string{securityAuditARN}) {
		t.Fatalf("ReadCrossAccountRole = %+v", got)
	}
	// Without asking for the owned policy, it counts as a managed one.
	got, _ = f.client().ReadCrossAccountRole(t.Context(), "auditor", false)
	if got.PolicyFound || !slices.Equal(got.ManagedPolicyARNs, []string{rolePolicyARN, securityAuditARN}) {
		t.Fatalf("without the policy: %+v", got)
	}
	if got, err := f.client().ReadCrossAccountRole(t.Context(), "nobody", true); got != nil || err != nil {
		t.Fatalf("missing role: %+v, %v", got, err)
	}
}

func TestUpdateCrossAccountRole(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	prior := createdRole(t, f)
	want := testRole()
	want.TrustPolicy = strings.Replace(trustDoc, "acme-1234", "acme-5678", 1)
	want.Description, want.MaxSessionDuration = "", 7200
	want.PermissionsBoundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	want.Tags = map[string]string{"owner": "sec"}
	want.PolicyDocument = `{"Statement":[{"Action":["iam:ListRoles"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`
	want.ManagedPolicyARNs = []string{"arn:aws:iam::aws:policy/ViewOnlyAccess"}
	if err := f.client().UpdateCrossAccountRole(t.Context(), prior, want); err != nil {
		t.Fatal(err)
	}
	got, _ := f.client().ReadCrossAccountRole(t.Context(), "auditor", true)
	if got.TrustPolicy != want.TrustPolicy || got.Description != "" || got.MaxSessionDuration != 7200 || got.PermissionsBoundary != want.PermissionsBoundary ||
		!mapsEqual(got.Tags, want.Tags) || got.PolicyDocument != want.PolicyDocument || !slices.Equal(got.ManagedPolicyARNs, want.ManagedPolicyARNs) {
		t.Fatalf("after update: %+v", got)
	}

	// Nothing to do: no writes.
	prior = CrossAccountRolePrior{CrossAccountRole: want, PolicyAttached: true}
	before := len(f.called())
	if err := f.client().UpdateCrossAccountRole(t.Context(), prior, want); err != nil {
		t.Fatal(err)
	}
	if calls := f.called()[before:]; len(calls) != 0 {
		t.Fatalf("a no-op update called %v", calls)
	}

	// Drift: the owned policy detached outside Terraform is attached again.
	f.roles["auditor"].attachedARNs = without(f.roles["auditor"].attachedARNs, rolePolicyARN)
	prior.PolicyAttached = false
	if err := f.client().UpdateCrossAccountRole(t.Context(), prior, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.client().ReadCrossAccountRole(t.Context(), "auditor", true); !got.PolicyAttached {
		t.Fatal("the owned policy was not attached again")
	}

	// The owned policy dropped from the configuration is deleted.
	prior.PolicyAttached = true
	none := want
	none.PolicyDocument = ""
	if err := f.client().UpdateCrossAccountRole(t.Context(), prior, none); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.policies[rolePolicyARN]; ok {
		t.Fatal("the owned policy was not deleted")
	}
	// ... and created again when it comes back.
	if err := f.client().UpdateCrossAccountRole(t.Context(), CrossAccountRolePrior{CrossAccountRole: none}, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.client().ReadCrossAccountRole(t.Context(), "auditor", true); !got.PolicyAttached || got.PolicyDocument != want.PolicyDocument {
		t.Fatalf("recreated: %+v", got)
	}
}

func TestUpdateCrossAccountRole_invalidPrincipalRetried(t *testing.T) {
	t.Parallel()
	f := newFakeIAM(t)
	prior := createdRole(t, f)
	want := testRole()
	want.TrustPolicy = strings.Replace(trustDoc, "acme-1234", "acme-5678", 1)
	f.failOn("UpdateAssumeRolePolicy", apiError("UpdateAssumeRolePolicy", 400, "MalformedPolicyDocument", "Invalid principal in policy"))
	if err := f.client().UpdateCrossAccountRole(t.Context(), prior, want); err != nil || f.count("iam:UpdateAssumeRolePolicy") != 2 {
		t.Fatalf("err = %v, calls %v", err, f.called())
	}
}

func TestDeleteCrossAccountRole(t *testing.T) {
	t.Parallel()
	t.Run("everything it made", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		createdRole(t, f)
		if err := f.client().DeleteCrossAccountRole(t.Context(), "auditor", "/auditors/", true); err != nil {
			t.Fatal(err)
		}
		if inv := f.inventory(); len(inv) != 0 {
			t.Fatalf("left: %v", inv)
		}
	})
	t.Run("refused while it has inline policies or instance profiles", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		createdRole(t, f)
		f.roles["auditor"].inline = []string{"extra"}
		f.roles["auditor"].profiles = []string{"ec2"}
		inventory := f.inventory()
		err := f.client().DeleteCrossAccountRole(t.Context(), "auditor", "/auditors/", true)
		var fe *ForeignItemsError
		if !errors.As(err, &fe) || !slices.Equal(fe.Items, []string{"inline policy extra", "instance profile ec2"}) || fe.Owner != "Role auditor" {
			t.Fatalf("err = %v", err)
		}
		if !slices.Equal(f.inventory(), inventory) {
			t.Fatal("a refused delete changed something")
		}
	})
	t.Run("already gone", func(t *testing.T) {
		t.Parallel()
		f := newFakeIAM(t)
		if err := f.client().DeleteCrossAccountRole(t.Context(), "auditor", "/", true); err != nil {
			t.Fatal(err)
		}
	})
}
