package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// wantCoreFilters is the one GAAD filter the engine uses: every entity type,
// AWS managed policies included (GAAD returns only the attached ones).
var wantCoreFilters = []types.EntityType{
	types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole,
	types.EntityTypeLocalManagedPolicy, types.EntityTypeAWSManagedPolicy,
}

func TestGAAD_pagination(t *testing.T) {
	tests := []struct {
		name      string
		users     int
		groups    int
		roles     int
		policies  int
		pageSize  int
		wantCalls int
	}{
		{"2500 users at MaxItems 1000", 2500, 0, 0, 0, 0, 3},
		{"exactly one full page", 1000, 0, 0, 0, 0, 1},
		{"one past a page", 1000, 1, 0, 0, 0, 2},
		{"all entity types share pages", 1500, 400, 300, 150, 0, 3},
		{"small pages cross entity boundaries", 20, 3, 4, 2, 7, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.pageSize = tt.pageSize
			f.addUsers(tt.users)
			for i := range tt.groups {
				f.groups = append(f.groups, types.GroupDetail{GroupName: aws.String(fmt.Sprintf("group-%04d", i))})
			}
			for i := range tt.roles {
				f.roles = append(f.roles, types.RoleDetail{RoleName: aws.String(fmt.Sprintf("role-%04d", i)), RoleId: aws.String(fmt.Sprintf("AROA%04d", i))})
			}
			for i := range tt.policies {
				f.local = append(f.local, types.ManagedPolicyDetail{PolicyName: aws.String(fmt.Sprintf("policy-%04d", i)), Arn: aws.String(fmt.Sprintf("arn:aws:iam::%s:policy/policy-%04d", testAccount, i))})
			}
			c := testCollector(f, 4)
			ctx := context.Background()
			groups, err := c.Groups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			roles, err := c.Roles(ctx)
			if err != nil {
				t.Fatal(err)
			}
			policies, err := c.Policies(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			g, err := c.gaadCore(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(g.users) != tt.users || len(groups) != tt.groups || len(roles) != tt.roles || len(policies) != tt.policies {
				t.Errorf("got %d users, %d groups, %d roles, %d policies; want %d, %d, %d, %d",
					len(g.users), len(groups), len(roles), len(policies), tt.users, tt.groups, tt.roles, tt.policies)
			}
			for i, u := range g.users {
				if want := fmt.Sprintf("user-%04d", i); aws.ToString(u.UserName) != want {
					t.Fatalf("user %d = %s, want %s (pages lost or repeated entities)", i, aws.ToString(u.UserName), want)
				}
			}
			if got := f.count(opGAAD); got != tt.wantCalls {
				t.Errorf("GAAD calls = %d, want %d", got, tt.wantCalls)
			}
			for _, filter := range f.filters {
				if !reflect.DeepEqual(filter, wantCoreFilters) {
					t.Errorf("GAAD filter = %v, want %v", filter, wantCoreFilters)
				}
			}
		})
	}
}

// TestGAAD_awsManagedInCorePass: AWS managed policies come with the one
// core pass (before: a second GAAD sequence for scope All), Local drops them,
// All keeps the attached ones and the permissions boundaries.
func TestGAAD_awsManagedInCorePass(t *testing.T) {
	f := newFake()
	f.local = []types.ManagedPolicyDetail{
		{PolicyName: aws.String("mine"), Arn: aws.String("arn:aws:iam::123456789012:policy/mine")},
		{PolicyName: aws.String("unattached"), Arn: aws.String("arn:aws:iam::123456789012:policy/unattached"), AttachmentCount: aws.Int32(0)},
	}
	f.awsManaged = []types.ManagedPolicyDetail{
		{PolicyName: aws.String("ReadOnlyAccess"), Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess"), AttachmentCount: aws.Int32(2)},
		{PolicyName: aws.String("Boundary"), Arn: aws.String("arn:aws:iam::aws:policy/Boundary"), AttachmentCount: aws.Int32(0), PermissionsBoundaryUsageCount: aws.Int32(1)},
		{PolicyName: aws.String("Unused"), Arn: aws.String("arn:aws:iam::aws:policy/Unused"), AttachmentCount: aws.Int32(0)},
	}
	c := testCollector(f, 4)
	ctx := context.Background()
	names := func(ps []ManagedPolicy) []string {
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s:%v", p.Name, p.AWSManaged))
		}
		return out
	}
	local, err := c.Policies(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"mine:false", "unattached:false"}; !reflect.DeepEqual(names(local), want) {
		t.Errorf("Local policies = %v, want %v", names(local), want)
	}
	if got := f.count(opGAAD); got != 1 {
		t.Errorf("GAAD calls after Local = %d, want 1", got)
	}
	all, err := c.Policies(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Boundary:true", "ReadOnlyAccess:true", "mine:false", "unattached:false"}; !reflect.DeepEqual(names(all), want) {
		t.Errorf("All policies = %v, want %v", names(all), want)
	}
	if _, err := c.Policies(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := f.count(opGAAD); got != 1 {
		t.Errorf("GAAD calls after Local and All twice = %d, want 1 (was 2: core + AWS managed pass)", got)
	}
	if want := [][]types.EntityType{wantCoreFilters}; !reflect.DeepEqual(f.filters, want) {
		t.Errorf("filters = %v, want %v", f.filters, want)
	}
}

// TestGAAD_allScopeAlone: a plan reading only scope All makes one GAAD
// sequence (was two).
func TestGAAD_allScopeAlone(t *testing.T) {
	f := newFake()
	f.addUsers(3)
	f.awsManaged = []types.ManagedPolicyDetail{{PolicyName: aws.String("ReadOnlyAccess"), Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess"), AttachmentCount: aws.Int32(1)}}
	f.pageSize = 2 // 3 users + 1 policy: two pages of one sequence
	all, err := testCollector(f, 4).Policies(context.Background(), true)
	if err != nil || len(all) != 1 || !all[0].AWSManaged {
		t.Fatalf("Policies(All) = %+v, %v", all, err)
	}
	if got := f.count(opGAAD); got != 2 {
		t.Errorf("GAAD calls = %d, want 2 (two pages of one sequence; was 3: two core pages + one AWS managed page)", got)
	}
}

func TestDecodeDocument(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"url-encoded", "%7B%22Version%22%3A%20%222012-10-17%22%7D", `{"Version": "2012-10-17"}`},
		{"plus is a space, %2B a plus", "%7B%22a%22%3A%22x+y%2Bz%22%7D", `{"a":"x y+z"}`},
		{"raw JSON kept as is", ` {"a":"x+y%"}`, ` {"a":"x+y%"}`},
		{"invalid escape kept raw", "%7B%ZZ", "%7B%ZZ"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeDocument(tt.in); got != tt.want {
				t.Errorf("decodeDocument(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGroupsRolesPolicies_mapping(t *testing.T) {
	f := newFake()
	f.addUser("zoe", t0, "devs", "admins")
	f.addUser("adam", t0, "devs")
	f.groups = []types.GroupDetail{
		{
			GroupName: aws.String("devs"), GroupId: aws.String("AGPADEVS"), Arn: aws.String("arn:aws:iam::123456789012:group/devs"),
			Path: aws.String("/"), CreateDate: aws.Time(t0),
			AttachedManagedPolicies: []types.AttachedPolicy{{PolicyArn: aws.String("arn:b")}, {PolicyArn: aws.String("arn:a")}},
			GroupPolicyList: []types.PolicyDetail{
				{PolicyName: aws.String("z"), PolicyDocument: aws.String("%7B%22z%22%3A1%7D")},
				{PolicyName: aws.String("a"), PolicyDocument: aws.String(`{"a":1}`)},
			},
		},
		{GroupName: aws.String("admins"), CreateDate: aws.Time(t0)},
		{GroupName: aws.String("empty"), CreateDate: aws.Time(t0)},
	}
	trust := "%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%7B%22AWS%22%3A%22111122223333%22%7D%7D%5D%7D"
	f.roles = []types.RoleDetail{{
		RoleName: aws.String("auditor"), RoleId: aws.String("AROAAUDITOR"), Arn: aws.String("arn:aws:iam::123456789012:role/auditor"),
		Path: aws.String("/"), CreateDate: aws.Time(t0), AssumeRolePolicyDocument: aws.String(trust),
		PermissionsBoundary: &types.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String("arn:boundary")},
		RoleLastUsed:        &types.RoleLastUsed{LastUsedDate: aws.Time(reportAt), Region: aws.String("eu-west-1")},
		Tags:                []types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}},
		RolePolicyList:      []types.PolicyDetail{{PolicyName: aws.String("break-glass"), PolicyDocument: aws.String("%7B%22Statement%22%3A%5B%5D%7D")}},
	}}
	f.maxSession["auditor"] = 7200
	f.local = []types.ManagedPolicyDetail{{
		PolicyName: aws.String("mine"), PolicyId: aws.String("ANPAMINE"), Arn: aws.String("arn:aws:iam::123456789012:policy/mine"),
		Path: aws.String("/"), AttachmentCount: aws.Int32(3), DefaultVersionId: aws.String("v2"),
		CreateDate: aws.Time(t0), UpdateDate: aws.Time(reportAt),
		PolicyVersionList: []types.PolicyVersion{
			{VersionId: aws.String("v1"), Document: aws.String("%7B%22v%22%3A1%7D")},
			{VersionId: aws.String("v2"), Document: aws.String("%7B%22v%22%3A2%7D"), IsDefaultVersion: true},
		},
	}}
	c := testCollector(f, 4)
	ctx := context.Background()

	groups, err := c.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantGroups := []Group{
		{Name: "admins", CreateDate: t0, Members: []string{"zoe"}, AttachedPolicyARNs: []string{}, InlinePolicyNames: []string{}, InlinePolicies: []InlinePolicy{}},
		{
			Name: "devs", ARN: "arn:aws:iam::123456789012:group/devs", GroupID: "AGPADEVS", Path: "/", CreateDate: t0,
			Members: []string{"adam", "zoe"}, AttachedPolicyARNs: []string{"arn:a", "arn:b"}, InlinePolicyNames: []string{"a", "z"},
			// Documents from GAAD, URL-decoded when encoded, sorted by name.
			InlinePolicies: []InlinePolicy{{Name: "a", Document: `{"a":1}`}, {Name: "z", Document: `{"z":1}`}},
		},
		{Name: "empty", CreateDate: t0, Members: []string{}, AttachedPolicyARNs: []string{}, InlinePolicyNames: []string{}, InlinePolicies: []InlinePolicy{}},
	}
	if !reflect.DeepEqual(groups, wantGroups) {
		t.Errorf("groups\n got %+v\nwant %+v", groups, wantGroups)
	}

	roles, err := c.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := reportAt
	wantRoles := []Role{{
		Name: "auditor", ARN: "arn:aws:iam::123456789012:role/auditor", RoleID: "AROAAUDITOR", Path: "/", CreateDate: t0,
		MaxSessionDuration: 7200, Description: "description of auditor",
		TrustPolicy:        `{"Statement":[{"Principal":{"AWS":"111122223333"}}]}`,
		AttachedPolicyARNs: []string{}, InlinePolicyNames: []string{"break-glass"}, PermissionsBoundaryARN: "arn:boundary",
		InlinePolicies: []InlinePolicy{{Name: "break-glass", Document: `{"Statement":[]}`}},
		LastUsedDate:   &lastUsed, LastUsedRegion: "eu-west-1", Tags: map[string]string{"team": "sec"},
	}}
	if !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("roles\n got %+v\nwant %+v", roles, wantRoles)
	}

	policies, err := c.Policies(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	wantPolicies := []ManagedPolicy{{
		Name: "mine", ARN: "arn:aws:iam::123456789012:policy/mine", PolicyID: "ANPAMINE", Path: "/",
		AttachmentCount: 3, DefaultVersionID: "v2", Document: `{"v":2}`, CreateDate: t0, UpdateDate: reportAt,
	}}
	if !reflect.DeepEqual(policies, wantPolicies) {
		t.Errorf("policies\n got %+v\nwant %+v", policies, wantPolicies)
	}
	if got := f.counts(); got[opGAAD] != 1 || got[opListRoles] != 1 || got[opGenerate] != 0 {
		t.Errorf("calls = %v, want one GAAD, one ListRoles, no report", got)
	}
}

func TestPolicyName(t *testing.T) {
	tests := []struct {
		name *string
		arn  string
		want string
	}{
		{aws.String("given"), "arn:aws:iam::123456789012:policy/other", "given"},
		{nil, "arn:aws:iam::123456789012:policy/team/a/mine", "mine"},
		{aws.String(""), "arn:aws:iam::aws:policy/service-role/AWSConfigRole", "AWSConfigRole"},
		{nil, "", ""},
	}
	for _, tt := range tests {
		if got := policyName(tt.name, tt.arn); got != tt.want {
			t.Errorf("policyName(%v, %q) = %q, want %q", aws.ToString(tt.name), tt.arn, got, tt.want)
		}
	}
}

func TestGAAD_truncatedWithoutMarkerFailsClosed(t *testing.T) {
	f := newFake()
	f.addUsers(3)
	f.pageSize = 2
	f.brokenMarkers = true
	_, err := testCollector(f, 4).Groups(context.Background())
	var apiErr *awserr.ActionError
	if !errors.As(err, &apiErr) || apiErr.Action != "iam:GetAccountAuthorizationDetails" || !errors.Is(err, errBadMarker) {
		t.Fatalf("err = %v, want iam:GetAccountAuthorizationDetails: %v", err, errBadMarker)
	}
}
