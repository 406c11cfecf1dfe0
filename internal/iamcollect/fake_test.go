package iamcollect

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"
)

// Operation names as the fake counts them.
const (
	opGAAD           = "GetAccountAuthorizationDetails"
	opGenerate       = "GenerateCredentialReport"
	opGetReport      = "GetCredentialReport"
	opListVirtual    = "ListVirtualMFADevices"
	opSummary        = "GetAccountSummary"
	opPasswordPolicy = "GetAccountPasswordPolicy"
	opAliases        = "ListAccountAliases"
	opServerCerts    = "ListServerCertificates"
	opListSAML       = "ListSAMLProviders"
	opListRoles      = "ListRoles"
	opLoginProfile   = "GetLoginProfile"
	opListKeys       = "ListAccessKeys"
	opKeyLastUsed    = "GetAccessKeyLastUsed"
	opListMFA        = "ListMFADevices"
	opListUsers      = "ListUsers"
	opOrgFeatures    = "ListOrganizationsFeatures"
)

// fakeIAM serves IAM state from memory. Paginated operations honor MaxItems
// (default 100, as AWS) and Marker, further capped by pageSize; every call is
// counted; errors can be queued per operation; per-user operations measure
// how many of them are in flight at once.
type fakeIAM struct {
	mu       sync.Mutex
	calls    map[string]int
	errQueue map[string][]error // consumed one per call; a nil entry means success
	filters  [][]types.EntityType

	pageSize      int           // 0: MaxItems decides
	gaadGate      chan struct{} // when set, GAAD blocks until it is closed
	gaadEntered   chan struct{} // when set, GAAD signals each entry
	brokenMarkers bool          // GAAD: truncated pages without marker

	users      []types.UserDetail
	groups     []types.GroupDetail
	roles      []types.RoleDetail
	local      []types.ManagedPolicyDetail
	awsManaged []types.ManagedPolicyDetail
	maxSession map[string]int32 // role name → MaxSessionDuration

	reportStates []types.ReportStateType // consumed; the last one repeats
	reportCSV    []byte
	reportTime   time.Time

	virtual        []types.VirtualMFADevice
	summary        map[string]int32
	aliases        []string
	passwordPolicy *types.PasswordPolicy
	certs          []types.ServerCertificateMetadata
	samlProviders  []types.SAMLProviderListEntry
	loginProfiles  map[string]bool
	keys           map[string][]types.AccessKeyMetadata
	lastUsed       map[string]types.AccessKeyLastUsed
	mfa            map[string][]types.MFADevice
	passwordUsed   map[string]time.Time // user name → PasswordLastUsed (ListUsers)
	orgFeatures    []types.FeatureType  // ListOrganizationsFeatures
	orgFeaturesOrg string               // its OrganizationId
	rootProfile    *time.Time           // the root user's login profile (GetLoginProfile without a name)
	profileKeys    []string             // access key IDs GetLoginProfile was signed with (per-call credentials)

	inFlight    atomic.Int32
	maxInFlight atomic.Int32
	// holdUntil and held (see holdPerUser) hold the first per-user calls.
	holdUntil int32
	held      chan struct{}
	holdOnce  sync.Once
}

var _ IAMAPI = (*fakeIAM)(nil)

func newFake() *fakeIAM {
	return &fakeIAM{
		calls:         map[string]int{},
		errQueue:      map[string][]error{},
		maxSession:    map[string]int32{},
		summary:       map[string]int32{},
		loginProfiles: map[string]bool{},
		keys:          map[string][]types.AccessKeyMetadata{},
		lastUsed:      map[string]types.AccessKeyLastUsed{},
		mfa:           map[string][]types.MFADevice{},
		passwordUsed:  map[string]time.Time{},
	}
}

// count returns how often op was called.
func (f *fakeIAM) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

// counts returns a copy of all call counts.
func (f *fakeIAM) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := make(map[string]int, len(f.calls))
	for k, v := range f.calls {
		m[k] = v
	}
	return m
}

// failNext queues errs (nil = success) for the next calls of op.
func (f *fakeIAM) failNext(op string, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errQueue[op] = append(f.errQueue[op], errs...)
}

// enter counts a call of op and returns its queued error, if any.
func (f *fakeIAM) enter(op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op]++
	q := f.errQueue[op]
	if len(q) == 0 {
		return nil
	}
	f.errQueue[op] = q[1:]
	return q[0]
}

// perUser measures a per-user call in flight; call the result when it ends.
func (f *fakeIAM) perUser() func() {
	n := f.inFlight.Add(1)
	for {
		m := f.maxInFlight.Load()
		if n <= m || f.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	if f.held != nil {
		if n >= f.holdUntil {
			f.holdOnce.Do(func() { close(f.held) })
		}
		<-f.held
	}
	return func() { f.inFlight.Add(-1) }
}

// holdPerUser makes the first per-user calls wait until n of them are in
// flight at once; from then on calls run straight through. A test thereby
// sees a concurrency bound of n reached without depending on timing (a
// collector that never lets n calls run at once hangs the test).
func (f *fakeIAM) holdPerUser(n int) {
	f.holdUntil = int32(n)
	f.held = make(chan struct{})
}

// apiError builds an AWS API error with code.
func apiError(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: code + " (fake)"}
}

// noSuchEntity is the SDK's typed NoSuchEntity error.
func noSuchEntity() error {
	return &types.NoSuchEntityException{Message: aws.String("not found (fake)")}
}

// pageOf returns the page of items at marker, at most maxItems (default 100)
// and at most pageSize long, and the next marker when truncated.
func pageOf[T any](f *fakeIAM, items []T, marker *string, maxItems *int32) ([]T, bool, *string, error) {
	start := 0
	if marker != nil {
		n, err := strconv.Atoi(strings.TrimPrefix(*marker, "m"))
		if err != nil || n < 0 || n > len(items) || !strings.HasPrefix(*marker, "m") {
			return nil, false, nil, apiError("InvalidInput")
		}
		start = n
	}
	size := 100
	if maxItems != nil {
		size = int(*maxItems)
	}
	if f.pageSize > 0 && f.pageSize < size {
		size = f.pageSize
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], true, aws.String("m" + strconv.Itoa(end)), nil
	}
	return items[start:end], false, nil, nil
}

// gaadItem is one entity in GAAD's combined order.
type gaadItem struct {
	user   *types.UserDetail
	group  *types.GroupDetail
	role   *types.RoleDetail
	policy *types.ManagedPolicyDetail
}

func (f *fakeIAM) gaadItems(filter []types.EntityType) []gaadItem {
	want := func(t types.EntityType) bool { return len(filter) == 0 || slices.Contains(filter, t) }
	var items []gaadItem
	if want(types.EntityTypeUser) {
		for i := range f.users {
			items = append(items, gaadItem{user: &f.users[i]})
		}
	}
	if want(types.EntityTypeGroup) {
		for i := range f.groups {
			items = append(items, gaadItem{group: &f.groups[i]})
		}
	}
	if want(types.EntityTypeRole) {
		for i := range f.roles {
			items = append(items, gaadItem{role: &f.roles[i]})
		}
	}
	if want(types.EntityTypeLocalManagedPolicy) {
		for i := range f.local {
			items = append(items, gaadItem{policy: &f.local[i]})
		}
	}
	if want(types.EntityTypeAWSManagedPolicy) {
		for i := range f.awsManaged {
			items = append(items, gaadItem{policy: &f.awsManaged[i]})
		}
	}
	return items
}

func (f *fakeIAM) GetAccountAuthorizationDetails(ctx context.Context, in *iam.GetAccountAuthorizationDetailsInput, _ ...func(*iam.Options)) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	gate := f.gaadGate
	if f.gaadEntered != nil {
		f.gaadEntered <- struct{}{}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err := f.enter(opGAAD); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.filters = append(f.filters, slices.Clone(in.Filter))
	f.mu.Unlock()
	page, truncated, marker, err := pageOf(f, f.gaadItems(in.Filter), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &iam.GetAccountAuthorizationDetailsOutput{IsTruncated: truncated, Marker: marker}
	if f.brokenMarkers {
		out.Marker = nil
	}
	for _, it := range page {
		switch {
		case it.user != nil:
			out.UserDetailList = append(out.UserDetailList, *it.user)
		case it.group != nil:
			out.GroupDetailList = append(out.GroupDetailList, *it.group)
		case it.role != nil:
			out.RoleDetailList = append(out.RoleDetailList, *it.role)
		default:
			out.Policies = append(out.Policies, *it.policy)
		}
	}
	return out, nil
}

func (f *fakeIAM) GenerateCredentialReport(context.Context, *iam.GenerateCredentialReportInput, ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error) {
	if err := f.enter(opGenerate); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	state := types.ReportStateTypeComplete
	if len(f.reportStates) > 0 {
		state = f.reportStates[0]
		if len(f.reportStates) > 1 {
			f.reportStates = f.reportStates[1:]
		}
	}
	return &iam.GenerateCredentialReportOutput{State: state}, nil
}

func (f *fakeIAM) GetCredentialReport(context.Context, *iam.GetCredentialReportInput, ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error) {
	if err := f.enter(opGetReport); err != nil {
		return nil, err
	}
	return &iam.GetCredentialReportOutput{
		Content:       slices.Clone(f.reportCSV),
		GeneratedTime: aws.Time(f.reportTime),
		ReportFormat:  types.ReportFormatTypeTextCsv,
	}, nil
}

func (f *fakeIAM) ListVirtualMFADevices(_ context.Context, in *iam.ListVirtualMFADevicesInput, _ ...func(*iam.Options)) (*iam.ListVirtualMFADevicesOutput, error) {
	if err := f.enter(opListVirtual); err != nil {
		return nil, err
	}
	var devices []types.VirtualMFADevice
	for _, d := range f.virtual {
		assigned := d.User != nil
		if in.AssignmentStatus == types.AssignmentStatusTypeAssigned && !assigned ||
			in.AssignmentStatus == types.AssignmentStatusTypeUnassigned && assigned {
			continue
		}
		devices = append(devices, d)
	}
	page, truncated, marker, err := pageOf(f, devices, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListVirtualMFADevicesOutput{VirtualMFADevices: page, IsTruncated: truncated, Marker: marker}, nil
}

func (f *fakeIAM) GetAccountSummary(context.Context, *iam.GetAccountSummaryInput, ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error) {
	if err := f.enter(opSummary); err != nil {
		return nil, err
	}
	m := make(map[string]int32, len(f.summary))
	for k, v := range f.summary {
		m[k] = v
	}
	return &iam.GetAccountSummaryOutput{SummaryMap: m}, nil
}

func (f *fakeIAM) GetAccountPasswordPolicy(context.Context, *iam.GetAccountPasswordPolicyInput, ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error) {
	if err := f.enter(opPasswordPolicy); err != nil {
		return nil, err
	}
	if f.passwordPolicy == nil {
		return nil, noSuchEntity()
	}
	p := *f.passwordPolicy
	return &iam.GetAccountPasswordPolicyOutput{PasswordPolicy: &p}, nil
}

func (f *fakeIAM) ListAccountAliases(_ context.Context, in *iam.ListAccountAliasesInput, _ ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error) {
	if err := f.enter(opAliases); err != nil {
		return nil, err
	}
	page, truncated, marker, err := pageOf(f, f.aliases, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListAccountAliasesOutput{AccountAliases: page, IsTruncated: truncated, Marker: marker}, nil
}

func (f *fakeIAM) ListServerCertificates(_ context.Context, in *iam.ListServerCertificatesInput, _ ...func(*iam.Options)) (*iam.ListServerCertificatesOutput, error) {
	if err := f.enter(opServerCerts); err != nil {
		return nil, err
	}
	page, truncated, marker, err := pageOf(f, f.certs, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListServerCertificatesOutput{ServerCertificateMetadataList: page, IsTruncated: truncated, Marker: marker}, nil
}

// ListSAMLProviders answers with every provider at once: the API has no pagination.
func (f *fakeIAM) ListSAMLProviders(_ context.Context, _ *iam.ListSAMLProvidersInput, _ ...func(*iam.Options)) (*iam.ListSAMLProvidersOutput, error) {
	if err := f.enter(opListSAML); err != nil {
		return nil, err
	}
	return &iam.ListSAMLProvidersOutput{SAMLProviderList: slices.Clone(f.samlProviders)}, nil
}

func (f *fakeIAM) ListRoles(_ context.Context, in *iam.ListRolesInput, _ ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	if err := f.enter(opListRoles); err != nil {
		return nil, err
	}
	roles := make([]types.Role, 0, len(f.roles))
	for _, r := range f.roles {
		roles = append(roles, types.Role{
			Arn:                r.Arn,
			RoleId:             r.RoleId,
			RoleName:           r.RoleName,
			Path:               r.Path,
			CreateDate:         r.CreateDate,
			MaxSessionDuration: aws.Int32(f.maxSession[aws.ToString(r.RoleName)]),
			Description:        aws.String("description of " + aws.ToString(r.RoleName)),
		})
	}
	page, truncated, marker, err := pageOf(f, roles, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListRolesOutput{Roles: page, IsTruncated: truncated, Marker: marker}, nil
}

func (f *fakeIAM) GetLoginProfile(ctx context.Context, in *iam.GetLoginProfileInput, optFns ...func(*iam.Options)) (*iam.GetLoginProfileOutput, error) {
	defer f.perUser()()
	if err := f.enter(opLoginProfile); err != nil {
		return nil, err
	}
	name := aws.ToString(in.UserName)
	if name == "" {
		return f.rootLoginProfile(ctx, optFns)
	}
	if !f.loginProfiles[name] {
		return nil, noSuchEntity()
	}
	return &iam.GetLoginProfileOutput{LoginProfile: &types.LoginProfile{UserName: aws.String(name)}}, nil
}

// rootLoginProfile answers GetLoginProfile without a user name, as IAM does
// in a root session, and records the access key the call was signed with.
func (f *fakeIAM) rootLoginProfile(ctx context.Context, optFns []func(*iam.Options)) (*iam.GetLoginProfileOutput, error) {
	var o iam.Options
	for _, fn := range optFns {
		fn(&o)
	}
	key := ""
	if o.Credentials != nil {
		creds, err := o.Credentials.Retrieve(ctx)
		if err != nil {
			return nil, err
		}
		key = creds.AccessKeyID
	}
	f.mu.Lock()
	f.profileKeys = append(f.profileKeys, key)
	created := f.rootProfile
	f.mu.Unlock()
	if created == nil {
		return nil, noSuchEntity()
	}
	return &iam.GetLoginProfileOutput{LoginProfile: &types.LoginProfile{CreateDate: aws.Time(*created)}}, nil
}

func (f *fakeIAM) ListOrganizationsFeatures(context.Context, *iam.ListOrganizationsFeaturesInput, ...func(*iam.Options)) (*iam.ListOrganizationsFeaturesOutput, error) {
	if err := f.enter(opOrgFeatures); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return &iam.ListOrganizationsFeaturesOutput{OrganizationId: aws.String(f.orgFeaturesOrg), EnabledFeatures: slices.Clone(f.orgFeatures)}, nil
}

func (f *fakeIAM) ListAccessKeys(_ context.Context, in *iam.ListAccessKeysInput, _ ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error) {
	defer f.perUser()()
	if err := f.enter(opListKeys); err != nil {
		return nil, err
	}
	page, truncated, marker, err := pageOf(f, f.keys[aws.ToString(in.UserName)], in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListAccessKeysOutput{AccessKeyMetadata: page, IsTruncated: truncated, Marker: marker}, nil
}

func (f *fakeIAM) GetAccessKeyLastUsed(_ context.Context, in *iam.GetAccessKeyLastUsedInput, _ ...func(*iam.Options)) (*iam.GetAccessKeyLastUsedOutput, error) {
	defer f.perUser()()
	if err := f.enter(opKeyLastUsed); err != nil {
		return nil, err
	}
	lu, ok := f.lastUsed[aws.ToString(in.AccessKeyId)]
	if !ok {
		lu = types.AccessKeyLastUsed{ServiceName: aws.String("N/A"), Region: aws.String("N/A")}
	}
	return &iam.GetAccessKeyLastUsedOutput{AccessKeyLastUsed: &lu}, nil
}

func (f *fakeIAM) ListMFADevices(_ context.Context, in *iam.ListMFADevicesInput, _ ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error) {
	defer f.perUser()()
	if err := f.enter(opListMFA); err != nil {
		return nil, err
	}
	page, truncated, marker, err := pageOf(f, f.mfa[aws.ToString(in.UserName)], in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListMFADevicesOutput{MFADevices: page, IsTruncated: truncated, Marker: marker}, nil
}

func (f *fakeIAM) ListUsers(_ context.Context, in *iam.ListUsersInput, _ ...func(*iam.Options)) (*iam.ListUsersOutput, error) {
	defer f.perUser()() // it shares the per-user calls' bound
	if err := f.enter(opListUsers); err != nil {
		return nil, err
	}
	users := make([]types.User, 0, len(f.users))
	for _, d := range f.users {
		u := types.User{UserName: d.UserName, UserId: d.UserId, Arn: d.Arn, Path: d.Path, CreateDate: d.CreateDate}
		if at, ok := f.passwordUsed[aws.ToString(d.UserName)]; ok {
			u.PasswordLastUsed = aws.Time(at)
		}
		users = append(users, u)
	}
	page, truncated, marker, err := pageOf(f, users, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iam.ListUsersOutput{Users: page, IsTruncated: truncated, Marker: marker}, nil
}

// Fixture helpers.

const testAccount = "123456789012"

// t0 is the reference time of the fixtures: users are created at t0, the
// report is generated at reportAt, and the collector's clock reads readAt.
var (
	t0       = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	reportAt = t0.Add(10 * 24 * time.Hour)
	readAt   = reportAt.Add(5 * time.Hour)
)

func userARN(name string) string {
	return "arn:aws:iam::" + testAccount + ":user/" + name
}

// addUser adds a GAAD user created at created.
func (f *fakeIAM) addUser(name string, created time.Time, groups ...string) {
	f.users = append(f.users, types.UserDetail{
		UserName:   aws.String(name),
		UserId:     aws.String("AIDA" + strings.ToUpper(name)),
		Arn:        aws.String(userARN(name)),
		Path:       aws.String("/"),
		CreateDate: aws.Time(created),
		GroupList:  groups,
	})
}

// addUsers adds n users user-0000 … created at t0.
func (f *fakeIAM) addUsers(n int) []string {
	names := make([]string, n)
	for i := range n {
		names[i] = fmt.Sprintf("user-%04d", i)
		f.addUser(names[i], t0)
	}
	return names
}

// addKey gives user an access key created at created.
func (f *fakeIAM) addKey(user, id string, created time.Time, active bool) {
	status := types.StatusTypeActive
	if !active {
		status = types.StatusTypeInactive
	}
	f.keys[user] = append(f.keys[user], types.AccessKeyMetadata{
		UserName:    aws.String(user),
		AccessKeyId: aws.String(id),
		CreateDate:  aws.Time(created),
		Status:      status,
	})
}

// reportHeader is the header AWS writes.
const reportHeader = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"

// rowSpec describes a report row for a test user.
type rowSpec struct {
	name     string
	password bool
	mfa      bool
	keys     int // 0, 1 or 2 key slots, rotated at t0
	// slots, when set, replaces the key columns: per slot
	// "active,last_rotated,last_used_date,last_used_region,last_used_service".
	slots []string
	// created, when set, replaces the user_creation_time t0.
	created time.Time
}

// awsTime formats t as the credential report does.
func awsTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05+00:00")
}

func (r rowSpec) line() string {
	pw, pwUsed, pwChanged := "false", "N/A", "N/A"
	if r.password {
		pw, pwUsed, pwChanged = "true", "no_information", awsTime(t0)
	}
	key := func(n int) string {
		if r.slots != nil {
			if len(r.slots) < n {
				return "false,N/A,N/A,N/A,N/A"
			}
			return r.slots[n-1]
		}
		if r.keys < n {
			return "false,N/A,N/A,N/A,N/A"
		}
		return "true," + awsTime(t0) + ",N/A,N/A,N/A"
	}
	return strings.Join([]string{
		r.name, userARN(r.name), awsTime(cmp.Or(r.created, t0)), pw, pwUsed, pwChanged, "N/A",
		strconv.FormatBool(r.mfa), key(1), key(2), "false,N/A,false,N/A",
	}, ",")
}

// rootLine is a root row without MFA or keys.
const rootLine = "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"

// setReport sets the report content generated at reportAt.
func (f *fakeIAM) setReport(rows ...rowSpec) {
	lines := []string{reportHeader, rootLine}
	for _, r := range rows {
		lines = append(lines, r.line())
	}
	f.reportCSV = []byte(strings.Join(lines, "\n") + "\n")
	f.reportTime = reportAt
}

// testCollector returns a collector with fast polling.
func testCollector(f *fakeIAM, maxConcurrency int) *Collector {
	return New(f, Options{
		MaxConcurrency:     maxConcurrency,
		ReportPollInterval: time.Millisecond,
		ReportTimeout:      5 * time.Second,
		AccountID:          testAccount,
		Now:                func() time.Time { return readAt },
	})
}

// liveCollector is testCollector in live mode.
func liveCollector(f *fakeIAM, maxConcurrency int) *Collector {
	c := testCollector(f, maxConcurrency)
	c.opts.CredentialData = CredentialDataLive
	return c
}

// readUserSourcesAtOnce reads users, access keys and MFA devices
// concurrently, as three data sources of one plan do, failing on any error.
func readUserSourcesAtOnce(t *testing.T, c *Collector) {
	t.Helper()
	var g errgroup.Group
	g.Go(func() error { _, err := c.Users(t.Context()); return err })
	g.Go(func() error { _, err := c.AccessKeys(t.Context()); return err })
	g.Go(func() error { _, err := c.MFADevices(t.Context()); return err })
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}
