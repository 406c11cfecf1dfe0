package iamcollect

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

const (
	testOrgID      = "o-abc1234567"
	testManagement = "999988887777"
	testMember     = "123456789012"
)

// organizationCollector is a Collector for account on fake clients, in
// organization testOrgID (managed by testManagement) unless orgResult says otherwise.
func organizationCollector(api *fakeIAM, account string, orgResult func() (*organizations.DescribeOrganizationOutput, error)) (*Collector, *fakeOrganizations) {
	if orgResult == nil {
		orgResult = inOrganization(testOrgID, testManagement)
	}
	orgs := &fakeOrganizations{results: []func() (*organizations.DescribeOrganizationOutput, error){orgResult}}
	return New(api, Options{Organizations: orgs, AccountID: account, Partition: "aws"}), orgs
}

func notInUse() func() (*organizations.DescribeOrganizationOutput, error) {
	return failing(&orgtypes.AWSOrganizationsNotInUseException{Message: aws.String("not in use")})
}

func TestOrganizationFeatures(t *testing.T) {
	t.Parallel()
	msg := aws.String("fake")
	tests := []struct {
		name      string
		orgResult func() (*organizations.DescribeOrganizationOutput, error)
		features  []types.FeatureType
		err       error
		want      *OrganizationFeatures
		wantErr   string
		wantCalls int
	}{
		{
			name:     "both features, sorted",
			features: []types.FeatureType{types.FeatureTypeRootSessions, types.FeatureTypeRootCredentialsManagement},
			want:     &OrganizationFeatures{Readable: true, Enabled: []string{"RootCredentialsManagement", "RootSessions"}}, wantCalls: 1,
		},
		{
			name: "none enabled", features: nil,
			want: &OrganizationFeatures{Readable: true, Enabled: []string{}}, wantCalls: 1,
		},
		{
			name: "in no organization: nothing enabled, nothing called", orgResult: notInUse(),
			want: &OrganizationFeatures{Readable: true, Enabled: []string{}, Reason: "account 123456789012 belongs to no AWS Organization"},
		},
		{
			name: "a member that is not the delegated administrator may not ask",
			err:  &types.AccountNotManagementOrDelegatedAdministratorException{Message: msg},
			want: &OrganizationFeatures{Reason: "iam:ListOrganizationsFeatures answers only the management account (999988887777) of " +
				"organization o-abc1234567 and the delegated administrator for centralized root access; account 123456789012 is neither, " +
				"so whether centralized root access is enabled is unknown to it"}, wantCalls: 1,
		},
		{
			name: "no trusted access for IAM: nothing can be enabled",
			err:  &types.ServiceAccessNotEnabledException{Message: msg},
			want: &OrganizationFeatures{Readable: true, Enabled: []string{},
				Reason: "trusted access for IAM (iam.amazonaws.com) is not enabled in organization o-abc1234567, which centralized root access requires"}, wantCalls: 1,
		},
		{
			name: "consolidated billing only: nothing can be enabled",
			err:  &types.OrganizationNotInAllFeaturesModeException{Message: msg},
			want: &OrganizationFeatures{Readable: true, Enabled: []string{},
				Reason: "organization o-abc1234567 does not have all features enabled, which centralized root access requires"}, wantCalls: 1,
		},
		{
			name: "IAM finds no organization",
			err:  &types.OrganizationNotFoundException{Message: msg},
			want: &OrganizationFeatures{Readable: true, Enabled: []string{},
				Reason: "iam:ListOrganizationsFeatures found no organization for account 123456789012"}, wantCalls: 1,
		},
		{
			name: "access denied fails closed", err: apiError("AccessDenied"),
			wantErr: "iam:ListOrganizationsFeatures: api error AccessDenied: AccessDenied (fake)", wantCalls: 1,
		},
		{
			name: "an answer for another organization fails closed", features: nil, orgResult: inOrganization("o-other00000", "222233334444"),
			wantErr: "iam:ListOrganizationsFeatures: the answer is for organization o-abc1234567, but organizations:DescribeOrganization " +
				"says the account belongs to o-other00000", wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFake()
			api.orgFeatures, api.orgFeaturesOrg = tt.features, testOrgID
			api.failNext(opOrgFeatures, tt.err)
			c, _ := organizationCollector(api, testMember, tt.orgResult)
			got, err := c.OrganizationFeatures(context.Background())
			if n := api.count(opOrgFeatures); n != tt.wantCalls {
				t.Errorf("ListOrganizationsFeatures called %d times, want %d", n, tt.wantCalls)
			}
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || failedActionOf(err) != "iam:ListOrganizationsFeatures" {
					t.Fatalf("OrganizationFeatures() = %+v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("OrganizationFeatures() = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// Has never answers true for features the caller could not read.
func TestOrganizationFeatures_has(t *testing.T) {
	t.Parallel()
	unreadable := &OrganizationFeatures{Enabled: []string{FeatureRootCredentialsManagement}}
	readable := &OrganizationFeatures{Readable: true, Enabled: []string{FeatureRootCredentialsManagement}}
	if unreadable.Has(FeatureRootCredentialsManagement) || !readable.Has(FeatureRootCredentialsManagement) || readable.Has(FeatureRootSessions) {
		t.Fatal("Has must be true only for a readable, enabled feature")
	}
}

// One call per collection, shared by concurrent callers; failures are not
// memoized; callers get copies.
func TestOrganizationFeatures_memoized(t *testing.T) {
	t.Parallel()
	api := newFake()
	api.orgFeatures, api.orgFeaturesOrg = []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, testOrgID
	api.failNext(opOrgFeatures, apiError("ServiceFailure"))
	c, _ := organizationCollector(api, testMember, nil)
	ctx := context.Background()
	if _, err := c.OrganizationFeatures(ctx); err == nil {
		t.Fatal("OrganizationFeatures() succeeded on a failing call")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			f, err := c.OrganizationFeatures(ctx)
			if err != nil || !f.Has(FeatureRootCredentialsManagement) {
				t.Errorf("OrganizationFeatures() = %+v, %v", f, err)
				return
			}
			f.Enabled[0] = "changed by a caller"
		})
	}
	wg.Wait()
	if n := api.count(opOrgFeatures); n != 2 {
		t.Fatalf("ListOrganizationsFeatures called %d times, want 2", n)
	}
}

// fakeRootSessions answers AssumeRoot with fixed credentials or an error.
type fakeRootSessions struct {
	mu    sync.Mutex
	calls []sts.AssumeRootInput
	err   error
	creds *ststypes.Credentials
}

func (f *fakeRootSessions) AssumeRoot(_ context.Context, in *sts.AssumeRootInput, _ ...func(*sts.Options)) (*sts.AssumeRootOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, *in)
	if f.err != nil {
		return nil, f.err
	}
	return &sts.AssumeRootOutput{Credentials: f.creds}, nil
}

func rootSessionCredentials() *ststypes.Credentials {
	return &ststypes.Credentials{
		AccessKeyId:     aws.String("ASIAROOTSESSION"),
		SecretAccessKey: aws.String("root-session-secret"),
		SessionToken:    aws.String("root-session-token"),
		Expiration:      aws.Time(time.Now().Add(15 * time.Minute)),
	}
}

func TestRootLoginProfile(t *testing.T) {
	t.Parallel()
	passwordSet := time.Date(2024, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name       string
		account    string // the caller's account
		target     string
		orgResult  func() (*organizations.DescribeOrganizationOutput, error)
		features   []types.FeatureType
		featureErr error
		rootPass   *time.Time
		assumeErr  error
		profileErr error
		noCreds    bool
		want       *RootLoginProfile
		wantErr    string
		wantAction string
		wantAssume bool
	}{
		{
			name: "centralized root access, no root password", account: testManagement, target: testMember,
			features:   []types.FeatureType{types.FeatureTypeRootCredentialsManagement},
			want:       &RootLoginProfile{AccountID: testMember, Checked: true},
			wantAssume: true,
		},
		{
			name: "centralized root access, a root password", account: testManagement, target: testMember,
			features:   []types.FeatureType{types.FeatureTypeRootCredentialsManagement, types.FeatureTypeRootSessions},
			rootPass:   &passwordSet,
			want:       &RootLoginProfile{AccountID: testMember, Checked: true, PasswordEnabled: true, CreateDate: aws.Time(passwordSet.UTC())},
			wantAssume: true,
		},
		{
			name: "the delegated administrator audits itself", account: testMember, target: testMember,
			features:   []types.FeatureType{types.FeatureTypeRootCredentialsManagement},
			want:       &RootLoginProfile{AccountID: testMember, Checked: true},
			wantAssume: true,
		},
		{
			name: "in no organization", account: testMember, target: testMember, orgResult: notInUse(),
			want: &RootLoginProfile{AccountID: testMember,
				UncheckedReason: "account 123456789012 belongs to no AWS Organization; root sessions (sts:AssumeRoot) exist only for its member accounts"},
		},
		{
			name: "the management account cannot be targeted", account: testManagement, target: testManagement,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement},
			want: &RootLoginProfile{AccountID: testManagement,
				UncheckedReason: "account 999988887777 is the management account of organization o-abc1234567, which sts:AssumeRoot cannot target"},
		},
		{
			name: "only root sessions enabled", account: testManagement, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootSessions},
			want: &RootLoginProfile{AccountID: testMember,
				UncheckedReason: "centralized root access (RootCredentialsManagement) is not enabled in organization o-abc1234567, so no root session can be opened"},
		},
		{
			name: "a caller that may not read the features", account: testMember, target: testMember,
			featureErr: &types.AccountNotManagementOrDelegatedAdministratorException{Message: aws.String("fake")},
			want: &RootLoginProfile{AccountID: testMember, UncheckedReason: "iam:ListOrganizationsFeatures answers only the management account " +
				"(999988887777) of organization o-abc1234567 and the delegated administrator for centralized root access; account 123456789012 " +
				"is neither, so whether centralized root access is enabled is unknown to it"},
		},
		{
			name: "features denied fails closed", account: testManagement, target: testMember, featureErr: apiError("AccessDenied"),
			wantErr: "iam:ListOrganizationsFeatures: api error AccessDenied: AccessDenied (fake)", wantAction: "iam:ListOrganizationsFeatures",
		},
		{
			name: "AssumeRoot denied fails closed", account: testManagement, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, assumeErr: apiError("AccessDenied"),
			wantErr:    "sts:AssumeRoot: root session in account 123456789012: api error AccessDenied: AccessDenied (fake)",
			wantAction: "sts:AssumeRoot", wantAssume: true,
		},
		{
			name: "a refused session into the caller's own account leaves it unchecked", account: testMember, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, assumeErr: apiError("AccessDenied"),
			want: &RootLoginProfile{AccountID: testMember, UncheckedReason: "sts:AssumeRoot into the caller's own account 123456789012 " +
				"was refused (AccessDenied (fake)): audit it from the organization's management account"},
			wantAssume: true,
		},
		{
			name: "a failing session into the caller's own account fails closed", account: testMember, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, assumeErr: errors.New("connection reset"),
			wantErr:    "sts:AssumeRoot: root session in account 123456789012: connection reset",
			wantAction: "sts:AssumeRoot", wantAssume: true,
		},
		{
			name: "an answer without credentials fails closed", account: testManagement, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, noCreds: true,
			wantErr:    "sts:AssumeRoot: root session in account 123456789012: the answer carries no credentials",
			wantAction: "sts:AssumeRoot", wantAssume: true,
		},
		{
			name: "GetLoginProfile denied fails closed", account: testManagement, target: testMember,
			features: []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, profileErr: apiError("AccessDenied"),
			wantErr:    "iam:GetLoginProfile: root user of account 123456789012, in a root session: api error AccessDenied: AccessDenied (fake)",
			wantAction: "iam:GetLoginProfile", wantAssume: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newFake()
			api.orgFeatures, api.orgFeaturesOrg, api.rootProfile = tt.features, testOrgID, tt.rootPass
			api.failNext(opOrgFeatures, tt.featureErr)
			api.failNext(opLoginProfile, tt.profileErr)
			sessions := &fakeRootSessions{err: tt.assumeErr, creds: rootSessionCredentials()}
			if tt.noCreds {
				sessions.creds = &ststypes.Credentials{}
			}
			c, _ := organizationCollector(api, tt.account, tt.orgResult)
			got, err := c.RootLoginProfile(context.Background(), sessions, tt.target)
			if len(sessions.calls) > 0 != tt.wantAssume {
				t.Errorf("AssumeRoot called %d times, want it called: %v", len(sessions.calls), tt.wantAssume)
			}
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || failedActionOf(err) != tt.wantAction {
					t.Fatalf("RootLoginProfile() = %+v, %v (action %q); want error %q from %s", got, err, failedActionOf(err), tt.wantErr, tt.wantAction)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("RootLoginProfile() = %+v, %v; want %+v", got, err, tt.want)
			}
			if !tt.wantAssume || !got.Checked {
				if n := api.count(opLoginProfile); n != 0 {
					t.Errorf("GetLoginProfile called %d times without a root session", n)
				}
				return
			}
			in := sessions.calls[0]
			if aws.ToString(in.TargetPrincipal) != tt.target || aws.ToInt32(in.DurationSeconds) != 900 ||
				in.TaskPolicyArn == nil || aws.ToString(in.TaskPolicyArn.Arn) != "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" {
				t.Errorf("AssumeRoot input = target %q, duration %d, task policy %+v", aws.ToString(in.TargetPrincipal), aws.ToInt32(in.DurationSeconds), in.TaskPolicyArn)
			}
			if !reflect.DeepEqual(api.profileKeys, []string{"ASIAROOTSESSION"}) {
				t.Errorf("GetLoginProfile was signed with access keys %q, want only the root session's", api.profileKeys)
			}
		})
	}
}

// One root session per account and collection; the task policy ARN follows
// the partition.
func TestRootLoginProfile_memoizedPerAccount(t *testing.T) {
	t.Parallel()
	api := newFake()
	api.orgFeatures, api.orgFeaturesOrg = []types.FeatureType{types.FeatureTypeRootCredentialsManagement}, testOrgID
	orgs := &fakeOrganizations{results: []func() (*organizations.DescribeOrganizationOutput, error){inOrganization(testOrgID, testManagement)}}
	c := New(api, Options{Organizations: orgs, AccountID: testManagement, Partition: "aws-us-gov"})
	sessions := &fakeRootSessions{creds: rootSessionCredentials()}
	ctx := context.Background()
	for _, target := range []string{testMember, "111122223333", testMember, "111122223333"} {
		if p, err := c.RootLoginProfile(ctx, sessions, target); err != nil || !p.Checked || p.AccountID != target {
			t.Fatalf("RootLoginProfile(%s) = %+v, %v", target, p, err)
		}
	}
	if len(sessions.calls) != 2 || api.count(opLoginProfile) != 2 || api.count(opOrgFeatures) != 1 || orgs.calls != 1 {
		t.Fatalf("calls: AssumeRoot %d, GetLoginProfile %d, ListOrganizationsFeatures %d, DescribeOrganization %d; want 2, 2, 1, 1",
			len(sessions.calls), api.count(opLoginProfile), api.count(opOrgFeatures), orgs.calls)
	}
	if arn := aws.ToString(sessions.calls[0].TaskPolicyArn.Arn); arn != "arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials" {
		t.Fatalf("task policy ARN %q", arn)
	}
}

func delegatedAdmin(id, name string) orgtypes.DelegatedAdministrator {
	joined := time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("EST", -5*3600))
	return orgtypes.DelegatedAdministrator{
		Id: aws.String(id), Arn: aws.String("arn:aws:organizations::" + testManagement + ":account/" + testOrgID + "/" + id),
		Name: aws.String(name), Email: aws.String(name + "@example.com"), Status: orgtypes.AccountStatusActive,
		JoinedMethod: orgtypes.AccountJoinedMethodCreated, JoinedTimestamp: aws.Time(joined), DelegationEnabledDate: aws.Time(joined.Add(time.Hour)),
	}
}

func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	twoPages := map[string]*organizations.ListDelegatedAdministratorsOutput{
		"":   {DelegatedAdministrators: []orgtypes.DelegatedAdministrator{delegatedAdmin("444455556666", "security")}, NextToken: aws.String("p2")},
		"p2": {DelegatedAdministrators: []orgtypes.DelegatedAdministrator{delegatedAdmin("111122223333", "logging")}},
	}
	joined := time.Date(2024, 1, 2, 8, 4, 5, 0, time.UTC)
	want := func(id, name string) DelegatedAdministrator {
		return DelegatedAdministrator{ID: id, ARN: "arn:aws:organizations::999988887777:account/o-abc1234567/" + id, Name: name,
			Email: name + "@example.com", Status: "ACTIVE", JoinedMethod: "CREATED", JoinedAt: aws.Time(joined), DelegationEnabledDate: aws.Time(joined.Add(time.Hour))}
	}
	tests := []struct {
		name      string
		account   string
		orgResult func() (*organizations.DescribeOrganizationOutput, error)
		pages     map[string]*organizations.ListDelegatedAdministratorsOutput
		errs      map[string]error
		want      *DelegatedAdministrators
		wantErr   string
		wantCalls int
	}{
		{
			name: "every page, sorted by account ID", account: testManagement, pages: twoPages, wantCalls: 2,
			want: &DelegatedAdministrators{Readable: true, Administrators: []DelegatedAdministrator{want("111122223333", "logging"), want("444455556666", "security")}},
		},
		{
			name: "none", account: testManagement, wantCalls: 1,
			pages: map[string]*organizations.ListDelegatedAdministratorsOutput{"": {}},
			want:  &DelegatedAdministrators{Readable: true, Administrators: []DelegatedAdministrator{}},
		},
		{
			name: "in no organization: nothing called", account: testMember, orgResult: notInUse(),
			want: &DelegatedAdministrators{Readable: true, Administrators: []DelegatedAdministrator{}, Reason: "account 123456789012 belongs to no AWS Organization"},
		},
		{
			name: "a member account that is no delegated administrator is denied", account: testMember, wantCalls: 1,
			errs: map[string]error{"": apiError("AccessDeniedException")},
			want: &DelegatedAdministrators{Reason: "organizations:ListDelegatedAdministrators was denied to account 123456789012: AWS lists " +
				"delegated administrators only for the management account (999988887777) of organization o-abc1234567 and for delegated " +
				"administrators; if account 123456789012 is one, grant it the action"},
		},
		{
			name: "the management account denied fails closed", account: testManagement, wantCalls: 1,
			errs:    map[string]error{"": apiError("AccessDeniedException")},
			wantErr: "organizations:ListDelegatedAdministrators: api error AccessDeniedException: AccessDeniedException (fake)",
		},
		{
			name: "denied on a later page fails closed", account: testMember, pages: twoPages, wantCalls: 2,
			errs:    map[string]error{"p2": apiError("AccessDeniedException")},
			wantErr: "organizations:ListDelegatedAdministrators: api error AccessDeniedException: AccessDeniedException (fake)",
		},
		{
			name: "a repeated token fails closed", account: testManagement, wantCalls: 2,
			pages: map[string]*organizations.ListDelegatedAdministratorsOutput{
				"":   {DelegatedAdministrators: []orgtypes.DelegatedAdministrator{delegatedAdmin("111122223333", "logging")}, NextToken: aws.String("p2")},
				"p2": {NextToken: aws.String("p2")},
			},
			wantErr: "organizations:ListDelegatedAdministrators: a page repeats an earlier NextToken",
		},
		{
			name: "an entry without an account ID fails closed", account: testManagement, wantCalls: 1,
			pages: map[string]*organizations.ListDelegatedAdministratorsOutput{
				"": {DelegatedAdministrators: []orgtypes.DelegatedAdministrator{{Arn: aws.String("arn:aws:organizations::x")}}},
			},
			wantErr: `organizations:ListDelegatedAdministrators: a delegated administrator without an account ID (ARN "arn:aws:organizations::x")`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, orgs := organizationCollector(newFake(), tt.account, tt.orgResult)
			orgs.adminPages, orgs.adminErrs = tt.pages, tt.errs
			got, err := c.DelegatedAdministrators(context.Background(), "")
			if len(orgs.adminCalls) != tt.wantCalls {
				t.Errorf("ListDelegatedAdministrators called %d times, want %d", len(orgs.adminCalls), tt.wantCalls)
			}
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || failedActionOf(err) != "organizations:ListDelegatedAdministrators" {
					t.Fatalf("DelegatedAdministrators() = %+v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("DelegatedAdministrators() =\n  %+v, %v\nwant\n  %+v", got, err, tt.want)
			}
		})
	}
}

// The service principal is passed on, and each principal is its own memo.
func TestDelegatedAdministrators_servicePrincipal(t *testing.T) {
	t.Parallel()
	c, orgs := organizationCollector(newFake(), testManagement, nil)
	orgs.adminPages = map[string]*organizations.ListDelegatedAdministratorsOutput{"": {}}
	ctx := context.Background()
	for _, principal := range []string{"iam.amazonaws.com", "", "iam.amazonaws.com", ""} {
		if _, err := c.DelegatedAdministrators(ctx, principal); err != nil {
			t.Fatal(err)
		}
	}
	var principals []string
	for _, in := range orgs.adminCalls {
		principals = append(principals, aws.ToString(in.ServicePrincipal))
	}
	if strings.Join(principals, ",") != "iam.amazonaws.com," {
		t.Fatalf("ListDelegatedAdministrators called with principals %q, want one call each", principals)
	}
}
