package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

// dataSourceSchema returns the schema a data source gives Terraform.
func dataSourceSchema(t *testing.T, ds datasource.DataSource) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("Schema: %v", resp.Diagnostics)
	}
	return resp.Schema
}

// compareAttrTypes reports every attribute that is declared on one side
// only or with a different type, nested types included (attr.Type.Equal
// compares element and attribute types all the way down).
func compareAttrTypes(t *testing.T, what string, schemaTypes, declared map[string]attr.Type) {
	t.Helper()
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range schemaTypes {
			if !yield(n) {
				return
			}
		}
	}) {
		d, ok := declared[name]
		switch {
		case !ok:
			t.Errorf("%s: schema attribute %q has no value type declared", what, name)
		case !d.Equal(schemaTypes[name]):
			t.Errorf("%s: attribute %q: schema type %s, declared %s", what, name, schemaTypes[name], d)
		}
	}
	for name := range declared {
		if _, ok := schemaTypes[name]; !ok {
			t.Errorf("%s: declared attribute %q is not in the schema", what, name)
		}
	}
}

// definedType is the type the schema attribute defines through its
// attributes, all the way down, ignoring any CustomType: what the framework
// would build without the declared types.
func definedType(a schema.Attribute) attr.Type {
	nested, ok := a.(schema.ListNestedAttribute)
	if !ok {
		return a.GetType()
	}
	attrTypes := make(map[string]attr.Type, len(nested.NestedObject.Attributes))
	for name, na := range nested.NestedObject.Attributes {
		attrTypes[name] = definedType(na)
	}
	return types.ListType{ElemType: types.ObjectType{AttrTypes: attrTypes}}
}

// nestedListAttrTypes returns the element attribute types a list nested
// attribute defines.
func nestedListAttrTypes(t *testing.T, s schema.Schema, name string) map[string]attr.Type {
	t.Helper()
	a, ok := s.Attributes[name]
	if !ok {
		t.Fatalf("schema has no attribute %q", name)
	}
	lt, ok := definedType(a).(types.ListType)
	if !ok {
		t.Fatalf("attribute %q is a %T, not a list", name, a)
	}
	ot, ok := lt.ElemType.(types.ObjectType)
	if !ok {
		t.Fatalf("attribute %q has elements of %T, not objects", name, lt.ElemType)
	}
	return ot.AttrTypes
}

// TestValueTypes_matchSchemas proves that every typed value builder
// declares exactly the attributes, types and nested types of the schema
// attribute it fills, and that the schema hands the framework those types.
func TestValueTypes_matchSchemas(t *testing.T) {
	t.Parallel()
	lists := []struct {
		dataSource datasource.DataSource
		attribute  string
		declared   objectType
		listType   attr.Type // the type the attribute declares
	}{
		{NewUsersDataSource(), "users", userType, userType.builtListType()},
		{NewGroupsDataSource(), "groups", groupType, groupType.builtListType()},
		{NewRolesDataSource(), "roles", roleType, roleType.builtListType()},
		{NewPoliciesDataSource(), "policies", policyType, policyType.builtListType()},
		{NewAccessKeysDataSource(), "access_keys", accessKeyType, accessKeyType.builtListType()},
		{NewCredentialReportDataSource(), "rows", credentialReportRowType, credentialReportRowType.builtListType()},
	}
	ctx := context.Background()
	for _, l := range lists {
		s := dataSourceSchema(t, l.dataSource)
		compareAttrTypes(t, l.attribute, nestedListAttrTypes(t, s, l.attribute), l.declared.attrTypes)
		got := s.Attributes[l.attribute].GetType()
		if !got.Equal(l.listType) {
			t.Errorf("%s: the schema gives the framework %s, declared %s", l.attribute, got, l.listType)
		}
		if !got.TerraformType(ctx).Equal(l.declared.tfList) || !l.declared.listType.TerraformType(ctx).Equal(l.declared.tfList) {
			t.Errorf("%s: Terraform type %s, built %s", l.attribute, got.TerraformType(ctx), l.declared.tfList)
		}
	}

	// iamaudit_user has a user's attributes at top level, plus its own.
	userTop := map[string]attr.Type{}
	for name, a := range dataSourceSchema(t, NewUserDataSource()).Attributes {
		userTop[name] = definedType(a)
	}
	compareAttrTypes(t, "iamaudit_user", userTop, userDataSourceType.attrTypes)
}

// TestValueBuilders_fillEveryAttribute builds a fully populated and an
// empty element of every type: tftypes rejects an object missing an
// attribute or holding a value of another type (terraformObjects makes
// that an error) and the framework's conversion checks every element
// against the declared type, so no error means the builders fill exactly
// the declared attributes.
func TestValueBuilders_fillEveryAttribute(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	past := now.Add(-100 * 24 * time.Hour)
	yes := true
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
	inline := []iamcollect.InlinePolicy{{Name: "admin", Document: doc}}
	user := iamcollect.User{
		Name: "alice", ARN: "arn:aws:iam::111122223333:user/alice", UserID: "AIDA1", Path: "/", CreateDate: past,
		Tags: map[string]string{"team": "a"}, PermissionsBoundaryARN: "arn:aws:iam::111122223333:policy/b",
		Groups: []string{"b", "a"}, AttachedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		InlinePolicyNames: []string{"admin"}, InlinePolicies: inline, PasswordEnabled: true,
		PasswordLastUsed: &past, PasswordLastChanged: &past, PasswordNextRotation: &now, MFAEnabled: true,
		AccessKeys:      []iamcollect.AccessKeySlot{{Slot: 1, Active: true, CreateDate: past, LastUsedDate: &past, LastUsedService: "s3"}},
		CredentialsAsOf: now,
	}
	role := iamcollect.Role{
		Name: "ops", ARN: "arn:aws:iam::111122223333:role/ops", RoleID: "AROA1", Path: "/", CreateDate: past,
		Description: "d", MaxSessionDuration: 3600, TrustPolicy: trust, AttachedPolicyARNs: []string{"x"},
		InlinePolicyNames: []string{"admin"}, InlinePolicies: inline, LastUsedDate: &past, Tags: map[string]string{"k": "v"},
	}
	group := iamcollect.Group{Name: "admins", ARN: "arn:aws:iam::111122223333:group/admins", GroupID: "AGPA1", Path: "/",
		CreateDate: past, Members: []string{"alice"}, InlinePolicies: inline}
	key := iamcollect.AccessKey{UserName: "alice", AccessKeyID: "AKIA1", Status: "Active", CreateDate: past,
		LastUsedDate: &past, LastUsedService: "s3", LastUsedRegion: "us-east-1"}
	row := iamcollect.CredentialReportRow{User: "alice", ARN: user.ARN, UserCreationTime: &past, PasswordEnabled: &yes,
		PasswordLastUsed: &past, MFAActive: true, AccessKey1Active: true, AccessKey1LastRotated: &past}
	policy := iamcollect.ManagedPolicy{Name: "admin", ARN: "arn:aws:iam::111122223333:policy/admin", Path: "/",
		AttachmentCount: 1, DefaultVersionID: "v1", Document: doc}
	tc := policydoc.TrustContext{AccountID: "111122223333", Partition: "aws"}

	// built converts a list built in Terraform's representation to the
	// framework's value, which checks every element against o's type.
	built := func(o objectType) func(tftypes.Value, error) types.List {
		return func(value tftypes.Value, err error) types.List {
			if err != nil {
				t.Fatalf("building a list of %s: %v", o.objType, err)
			}
			return mustListValue(t, o, value)
		}
	}
	lists := map[string]struct {
		got  types.List
		want objectType
		len  int
	}{
		"users":       {built(userType)(usersTerraformValue([]iamcollect.User{user, {Name: "empty"}}, now)), userType, 2},
		"groups":      {built(groupType)(groupsTerraformValue([]iamcollect.Group{group, {}})), groupType, 2},
		"access_keys": {built(accessKeyType)(accessKeysTerraformValue([]iamcollect.AccessKey{key, {}}, now)), accessKeyType, 2},
		"rows":        {built(credentialReportRowType)(credentialReportRowsTerraformValue([]iamcollect.CredentialReportRow{row, {}})), credentialReportRowType, 2},
		"roles":       {built(roleType)(rolesTerraformValue([]iamcollect.Role{role}, tc, now)), roleType, 1},
		"policies":    {built(policyType)(policiesTerraformValue([]iamcollect.ManagedPolicy{policy}, "aws")), policyType, 1},
		"none":        {built(userType)(usersTerraformValue(nil, now)), userType, 0},
	}
	for name, l := range lists {
		if l.got.IsNull() || l.got.IsUnknown() || len(l.got.Elements()) != l.len {
			t.Errorf("%s: got %s, want %d known elements", name, l.got, l.len)
		}
		if !l.got.Type(context.Background()).Equal(l.want.listType) {
			t.Errorf("%s: type %s, want %s", name, l.got.Type(context.Background()), l.want.listType)
		}
	}
}

// variedUsers are n users read at now: passwords, keys, groups, an inline
// admin policy every 100th user, a password last used every 7th, and with
// tagged its tags too (tftypes encodes a map in Go's map order, so only a
// value without maps has one encoding).
func variedUsers(n int, now time.Time, tagged bool) []iamcollect.User {
	admin := []iamcollect.InlinePolicy{{Name: "admin", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}}
	users := make([]iamcollect.User, n)
	for i := range users {
		created := now.Add(-time.Duration(i) * time.Hour)
		users[i] = iamcollect.User{Name: fmt.Sprintf("user-%05d", i), CreateDate: created, PasswordEnabled: i%3 == 0,
			Groups:     []string{fmt.Sprintf("g%d", i%5), "a"},
			AccessKeys: []iamcollect.AccessKeySlot{{Slot: 1, Active: i%2 == 0, CreateDate: created}}, CredentialsAsOf: now}
		if i%7 == 0 {
			users[i].PasswordLastUsed = &created
			if tagged {
				users[i].Tags = map[string]string{"team": fmt.Sprint(i % 3), "owner": "x"}
			}
		}
		if i%100 == 0 {
			users[i].InlinePolicies = admin
		}
	}
	return users
}

// TestUsersTerraformValue_concurrentEqualsSequential: the users list built
// by several goroutines is the list of every user built one after the
// other, in order; converted to framework values and back it is unchanged
// (the framework reads exactly what was built).
func TestUsersTerraformValue_concurrentEqualsSequential(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	many := variedUsers(3*listParallelMin+7, now, true)
	for _, n := range []int{len(many), 3, 0} {
		got, err := usersTerraformValue(many[:n], now)
		if err != nil {
			t.Fatalf("%d users: %v", n, err)
		}
		elems := make([]tftypes.Value, n)
		for i, u := range many[:n] {
			attrs, err := userTerraformAttributes(u, now)
			if err != nil {
				t.Fatalf("%s: %v", u.Name, err)
			}
			elems[i] = userType.terraformObject(attrs)
		}
		if want := userType.terraformList(elems); !got.Equal(want) {
			t.Errorf("%d users: the concurrent build differs from the sequential one", n)
		}
		list, err := userType.frameworkList(ctx, got)
		if err != nil {
			t.Fatalf("%d users: frameworkList: %v", n, err)
		}
		back, err := list.ToTerraformValue(ctx)
		if err != nil {
			t.Fatalf("%d users: ToTerraformValue: %v", n, err)
		}
		if !back.Equal(got) || len(list.Elements()) != n {
			t.Errorf("%d users: the framework's value (%d elements) differs from the built one", n, len(list.Elements()))
		}
	}
}

// TestTerraformObjects_errorsNotPanics: an unparsable inline policy fails
// the build with the policy named, whichever worker meets it, each user's
// in a diagnostic of its own, and a value
// that does not fit its declared type is an error, never a panic.
func TestTerraformObjects_errorsNotPanics(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	many := make([]iamcollect.User, 2*listParallelMin+1)
	for i := range many {
		many[i] = iamcollect.User{Name: fmt.Sprintf("user-%05d", i), ARN: fmt.Sprintf("arn:aws:iam::111122223333:user/user-%05d", i), CreateDate: now}
	}
	many[len(many)-1].InlinePolicies = []iamcollect.InlinePolicy{{Name: "broken", Document: "{"}}
	_, err := usersTerraformValue(many, now)
	var policyErr *inlinePolicyError
	if !errors.As(err, &policyErr) || policyErr.name != "broken" || policyErr.owner != many[len(many)-1].ARN {
		t.Fatalf("usersTerraformValue with a broken policy: error %v; want the policy named", err)
	}
	var diags diag.Diagnostics
	addValueError(&diags, err)
	if diags.ErrorsCount() != 1 || diags[0].Summary() != "Unable to Analyze IAM Policy Document" || !strings.Contains(diags[0].Detail(), `"broken"`) {
		t.Errorf("addValueError: %v", diags)
	}

	// Two users with broken policies, in different workers' shares: one
	// diagnostic each, in the users' order.
	many[0].InlinePolicies = []iamcollect.InlinePolicy{{Name: "also-broken", Document: "["}}
	_, err = usersTerraformValue(many, now)
	diags = nil
	addValueError(&diags, err)
	if diags.ErrorsCount() != 2 || !strings.Contains(diags[0].Detail(), `"also-broken" of `+many[0].ARN) || !strings.Contains(diags[1].Detail(), `"broken" of `+many[len(many)-1].ARN) {
		t.Errorf("two broken users: %v", diags)
	}

	_, err = terraformObjects(accessKeySlotType, []int{1}, func(int) (map[string]tftypes.Value, error) {
		return map[string]tftypes.Value{"slot": tfString("one")}, nil
	})
	if err == nil {
		t.Fatal("a value of the wrong type and missing attributes: no error")
	}
	diags = nil
	addValueError(&diags, err)
	if diags.ErrorsCount() != 1 || diags[0].Summary() != "Value Conversion Error" {
		t.Errorf("addValueError: %v", diags)
	}
}

// TestValueErrors_keepTheirDiagnostics: a trust policy, managed policy or
// inline policy that cannot be analyzed fails the list with the diagnostic
// the data sources have always given for it, word for word; a role whose
// trust and inline policy are both broken reports its trust policy.
func TestValueErrors_keepTheirDiagnostics(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	broken := []iamcollect.InlinePolicy{{Name: "broken", Document: "{"}}
	tc := policydoc.TrustContext{AccountID: "111122223333", Partition: "aws"}
	const jsonErr = "invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 1)"
	const (
		trustSummary  = "Unable to Analyze IAM Role Trust Policy"
		policySummary = "Unable to Analyze IAM Policy Document"
	)
	role := func(name, trust string, inline []iamcollect.InlinePolicy) iamcollect.Role {
		return iamcollect.Role{Name: name, ARN: "arn:aws:iam::111122223333:role/" + name, TrustPolicy: trust, InlinePolicies: inline}
	}
	tests := map[string]struct {
		build           func() (tftypes.Value, error)
		summary, detail string
	}{
		"unparsable trust policy": {
			build: func() (tftypes.Value, error) {
				return rolesTerraformValue([]iamcollect.Role{role("ok", trust, nil), role("ci", "{", nil)}, tc, now)
			},
			summary: trustSummary,
			detail: "The trust policy of role arn:aws:iam::111122223333:role/ci could not be parsed: " + jsonErr +
				". Please report this, with the policy if you can share it.",
		},
		"trust policy that cannot be analyzed": {
			build: func() (tftypes.Value, error) {
				return rolesTerraformValue([]iamcollect.Role{role("ci", trust, nil)}, policydoc.TrustContext{AccountID: "111122223333"}, now)
			},
			summary: trustSummary,
			detail: "The trust policy of role arn:aws:iam::111122223333:role/ci could not be parsed: analyzing trust " +
				"policy: partition must be a non-empty AWS partition name such as aws. Please report this, with the " +
				"policy if you can share it.",
		},
		"role inline policy": {
			build: func() (tftypes.Value, error) {
				return rolesTerraformValue([]iamcollect.Role{role("ci", trust, broken)}, tc, now)
			},
			summary: policySummary,
			detail: `The inline policy "broken" of arn:aws:iam::111122223333:role/ci could not be parsed: ` + jsonErr +
				". Please report this, with the document if you can share it.",
		},
		"role with a broken trust and inline policy": {
			build: func() (tftypes.Value, error) {
				return rolesTerraformValue([]iamcollect.Role{role("ci", "{", broken)}, tc, now)
			},
			summary: trustSummary,
			detail: "The trust policy of role arn:aws:iam::111122223333:role/ci could not be parsed: " + jsonErr +
				". Please report this, with the policy if you can share it.",
		},
		"managed policy": {
			build: func() (tftypes.Value, error) {
				return policiesTerraformValue([]iamcollect.ManagedPolicy{{Name: "broken", ARN: "arn:aws:iam::111122223333:policy/broken",
					DefaultVersionID: "v3", Document: "{"}}, "aws")
			},
			summary: policySummary,
			detail: "The default version (v3) of policy arn:aws:iam::111122223333:policy/broken could not be parsed: " + jsonErr +
				". Please report this, with the document if you can share it.",
		},
		"group inline policy": {
			build: func() (tftypes.Value, error) {
				return groupsTerraformValue([]iamcollect.Group{{Name: "ops", ARN: "arn:aws:iam::111122223333:group/ops", InlinePolicies: broken}})
			},
			summary: policySummary,
			detail: `The inline policy "broken" of arn:aws:iam::111122223333:group/ops could not be parsed: ` + jsonErr +
				". Please report this, with the document if you can share it.",
		},
	}
	for name, tc := range tests {
		_, err := tc.build()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		var diags diag.Diagnostics
		addValueError(&diags, err)
		if diags.ErrorsCount() != 1 || diags[0].Summary() != tc.summary || diags[0].Detail() != tc.detail {
			t.Errorf("%s: diagnostics %v\nwant %q: %q", name, diags, tc.summary, tc.detail)
		}
	}
}

// TestTerraformList_behavesAsTheFrameworksList: a terraformList reads as the
// framework's list of the same value (null, unknown, empty, known), converts
// back unchanged, and is equal exactly to lists of the same value and type;
// a value of another type is refused. A users state set through it is the
// state the framework's own list gives.
func TestTerraformList_behavesAsTheFrameworksList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	typ := userType.builtListType()
	built, err := usersTerraformValue([]iamcollect.User{{Name: "alice", CreateDate: now}, {Name: "bob", CreateDate: now, PasswordEnabled: true}}, now)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]tftypes.Value{
		"null":    tftypes.NewValue(userType.tfList, nil),
		"unknown": tftypes.NewValue(userType.tfList, tftypes.UnknownValue),
		"empty":   userType.terraformList(nil),
		"known":   built,
	}
	for name, value := range values {
		got, err := typ.ValueFromTerraform(ctx, value)
		if err != nil {
			t.Fatalf("%s: ValueFromTerraform: %v", name, err)
		}
		want, err := userType.listType.ValueFromTerraform(ctx, value)
		if err != nil {
			t.Fatalf("%s: the framework's ValueFromTerraform: %v", name, err)
		}
		list, ok := got.(terraformList)
		if !ok {
			t.Fatalf("%s: ValueFromTerraform gave a %T", name, got)
		}
		asList, diags := list.ToListValue(ctx)
		if diags.HasError() || !asList.Equal(want) {
			t.Errorf("%s: ToListValue = %s (%v), want %s", name, asList, diags, want)
		}
		if list.IsNull() != want.IsNull() || list.IsUnknown() != want.IsUnknown() || list.String() != want.String() {
			t.Errorf("%s: null %v unknown %v %q, want %v %v %q", name, list.IsNull(), list.IsUnknown(), list.String(), want.IsNull(), want.IsUnknown(), want.String())
		}
		if back, err := list.ToTerraformValue(ctx); err != nil || !back.Equal(value) {
			t.Errorf("%s: ToTerraformValue = %s, %v; want the value it was made of", name, back, err)
		}
		if !list.Type(ctx).Equal(typ) || list.Type(ctx).Equal(userType.listType) {
			t.Errorf("%s: type %s", name, list.Type(ctx))
		}
		fromList, diags := typ.ValueFromList(ctx, asList)
		if diags.HasError() || !fromList.Equal(list) {
			t.Errorf("%s: ValueFromList = %v (%v), want the same list", name, fromList, diags)
		}
	}
	same := terraformListOf(typ, built)
	rebuilt, err := usersTerraformValue([]iamcollect.User{{Name: "alice", CreateDate: now}, {Name: "bob", CreateDate: now, PasswordEnabled: true}}, now)
	if err != nil {
		t.Fatal(err)
	}
	other, err := usersTerraformValue([]iamcollect.User{{Name: "alice", CreateDate: now}}, now)
	if err != nil {
		t.Fatal(err)
	}
	groupList := terraformListOf(groupType.builtListType(), groupType.terraformList(nil))
	for name, c := range map[string]struct {
		a, b attr.Value
		want bool
	}{
		"itself":                 {same, same, true},
		"a copy":                 {same, terraformListOf(typ, rebuilt), true},
		"other users":            {same, terraformListOf(typ, other), false},
		"null":                   {same, typ.null(ctx), false},
		"the framework's list":   {same, mustListValue(t, userType, built), false},
		"empty lists of 2 types": {terraformListOf(typ, userType.terraformList(nil)), groupList, false},
	} {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", name, got, c.want)
		}
	}
	if _, err := typ.ValueFromTerraform(ctx, groupType.terraformList(nil)); err == nil {
		t.Error("ValueFromTerraform accepted a list of groups as users")
	}

	s := dataSourceSchema(t, &usersDataSource{})
	model := usersModel{Users: same, AccountID: types.StringNull(), PathPrefix: types.StringNull(), NameRegex: types.StringNull(), CredentialReportGeneratedAt: types.StringValue("2025-06-01T00:00:00Z")}
	got := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := got.Set(ctx, model); d.HasError() {
		t.Fatalf("Set: %v", d)
	}
	want := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	model.Users = typ.null(ctx)
	if d := want.Set(ctx, model); d.HasError() {
		t.Fatalf("Set: %v", d)
	}
	if d := want.SetAttribute(ctx, path.Root("users"), mustListValue(t, userType, built)); d.HasError() {
		t.Fatalf("SetAttribute: %v", d)
	}
	if !got.Raw.Equal(want.Raw) {
		t.Errorf("the state set through terraformList differs from the framework list's")
	}
	var back usersModel
	if d := got.Get(ctx, &back); d.HasError() || !back.Users.Equal(same) {
		t.Errorf("Get: %v, users equal %v", d, back.Users.Equal(same))
	}
}

// mustListValue is the framework's list of o's objects for value.
func mustListValue(t *testing.T, o objectType, value tftypes.Value) types.List {
	t.Helper()
	list, err := o.frameworkList(context.Background(), value)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestTerraformValues_sharedNumbersAndEmpties: the shared whole numbers
// equal the ones tftypes makes, at the ends of the shared range and outside
// it, and stay unchanged when read back through the framework; the shared
// empty collections are empty and known.
func TestTerraformValues_sharedNumbersAndEmpties(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, n := range []int64{0, 1, 90, int64(len(wholeNumbers)) - 1, int64(len(wholeNumbers)), -1, 1 << 40} {
		got := tfInt64(n)
		if want := tftypes.NewValue(tftypes.Number, n); !got.Equal(want) {
			t.Errorf("tfInt64(%d) = %s, want %s", n, got, want)
		}
		v, err := types.Int64Type.ValueFromTerraform(ctx, got)
		if err != nil {
			t.Fatalf("ValueFromTerraform(%d): %v", n, err)
		}
		i, ok := v.(types.Int64)
		if !ok || i.ValueInt64() != n {
			t.Errorf("tfInt64(%d) reads back as %d", n, i.ValueInt64())
		}
		if again := tfInt64(n); !again.Equal(tftypes.NewValue(tftypes.Number, n)) {
			t.Errorf("tfInt64(%d) changed after a read: %s", n, again)
		}
	}
	for name, v := range map[string]tftypes.Value{
		"string list": tfStringList(nil),
		"string map":  tfStringMap(map[string]string{}),
		"key slots":   accessKeySlotType.terraformList(nil),
	} {
		var elems []tftypes.Value
		var m map[string]tftypes.Value
		if !v.IsKnown() || v.IsNull() {
			t.Errorf("%s: %s, want known and not null", name, v)
		}
		if v.As(&elems) == nil && len(elems) != 0 || v.As(&m) == nil && len(m) != 0 {
			t.Errorf("%s: not empty: %s", name, v)
		}
	}
}
