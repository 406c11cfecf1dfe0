package iamcollect

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// Users returns every IAM user, sorted by name, merged from GAAD (identity,
// groups, policies, tags), ListVirtualMFADevices and the credential facts
// (password, MFA, access keys):
//
//   - Report mode: from the credential report row that belongs to the user
//     (same name and user_creation_time); MFAEnabled when a virtual device is
//     assigned now, else when the row's mfa_active is confirmed by
//     ListMFADevices. Users the report cannot answer for (missing from it,
//     created after it, or a namesake's row) are read with per-user calls:
//     GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed per key,
//     ListMFADevices, and ListUsers for the password's last use.
//   - Live mode: every user is read with those per-user calls; only the
//     password's last change and next rotation come from the report row.
//
// Per-user calls run concurrently, bounded by MaxConcurrency.
func (c *Collector) Users(ctx context.Context) ([]User, error) {
	prefetch := c.startMFAConfirmations(ctx)
	defer prefetch.stop()
	core, rep, virtual, err := c.userSources(ctx, true)
	if err != nil {
		return nil, err
	}
	view := newReportView(rep)
	withVirtual := virtualMFAUsers(virtual)
	plans := c.credentialPlans(core.users, view, withVirtual)
	facts, err := c.readCredentials(ctx, plans)
	if err != nil {
		return nil, err
	}
	prefetch.wait()
	out := make([]User, 0, len(core.users))
	for i, d := range core.users {
		u := userFrom(d)
		facts[i].apply(&u, view.generatedAt)
		u.MFAEnabled = u.MFAEnabled || withVirtual[u.Name]
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// credentialPlan says where one user's credential facts come from.
type credentialPlan struct {
	name       string
	userID     string
	row        *CredentialReportRow // the user's own report row, or nil
	perUser    bool                 // read password, keys and MFA with per-user calls
	confirmMFA bool                 // the row says mfa_active: ask ListMFADevices
}

// credentialPlans plans every GAAD user: per-user calls in live mode and for
// the users the report cannot answer for; otherwise the row, with
// ListMFADevices to confirm a device the row reports and no virtual device
// explains.
func (c *Collector) credentialPlans(users []types.UserDetail, view reportView, withVirtual map[string]bool) []credentialPlan {
	plans := make([]credentialPlan, 0, len(users))
	for _, d := range users {
		p := credentialPlan{name: aws.ToString(d.UserName), userID: aws.ToString(d.UserId), row: view.row(d)}
		p.perUser = c.Live() || p.row == nil
		p.confirmMFA = !p.perUser && p.row.MFAActive && !withVirtual[p.name]
		plans = append(plans, p)
	}
	return plans
}

// credentialFacts is what the plan of one user found.
type credentialFacts struct {
	plan             credentialPlan
	creds            userCredentials // when plan.perUser
	mfaDevices       int             // when plan.confirmMFA
	passwordLastUsed *time.Time      // ListUsers, when plan.perUser
}

// readCredentials carries out plans: the per-user calls, concurrently and
// bounded by MaxConcurrency, and one ListUsers pass for the password's last
// use when any user is read per user.
func (c *Collector) readCredentials(ctx context.Context, plans []credentialPlan) ([]credentialFacts, error) {
	var lastUsed map[string]*time.Time
	var targets []string
	for _, p := range plans {
		if p.perUser || p.confirmMFA {
			targets = append(targets, p.name)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	if slices.ContainsFunc(plans, func(p credentialPlan) bool { return p.perUser }) {
		g.Go(func() (err error) { lastUsed, err = c.passwordLastUsed(gctx); return err })
	}
	byName := make(map[string]credentialPlan, len(plans))
	for _, p := range plans {
		byName[p.name] = p
	}
	var results []credentialFacts
	g.Go(func() (err error) {
		results, err = fanOut(gctx, c, "iam:GetLoginProfile,iam:ListAccessKeys,iam:GetAccessKeyLastUsed,iam:ListMFADevices", targets,
			func(ctx context.Context, name string) (credentialFacts, error) {
				return c.readPlan(ctx, byName[name])
			})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	found := make(map[string]credentialFacts, len(results))
	for _, f := range results {
		found[f.plan.name] = f
	}
	out := make([]credentialFacts, 0, len(plans))
	for _, p := range plans {
		f, ok := found[p.name]
		if !ok {
			f = credentialFacts{plan: p}
		}
		if p.perUser {
			f.passwordLastUsed = lastUsed[p.userID]
		}
		out = append(out, f)
	}
	return out, nil
}

// readPlan makes the per-user calls one plan needs.
func (c *Collector) readPlan(ctx context.Context, p credentialPlan) (credentialFacts, error) {
	f := credentialFacts{plan: p}
	var err error
	switch {
	case p.perUser:
		f.creds, err = c.userCredentials(ctx, p.name)
	case p.confirmMFA:
		var devices []types.MFADevice
		devices, err = c.confirmedMFADevices(ctx, p.name)
		f.mfaDevices = len(devices)
	}
	return f, err
}

// apply fills u's password, MFA and key attributes from f. generatedAt is
// the report's generation time, the instant report-backed facts describe.
func (f credentialFacts) apply(u *User, generatedAt time.Time) {
	row := f.plan.row
	if !f.plan.perUser {
		applyReportRow(u, row)
		u.MFAEnabled = row.MFAActive && f.mfaDevices > 0
		u.CredentialsAsOf = generatedAt
		return
	}
	applyCredentials(u, f.creds)
	u.PasswordLastUsed = f.passwordLastUsed
	u.CredentialsAsOf = f.creds.readAt
	// Only the report carries when a password was set and must next be
	// changed; its row still describes this user's current password when
	// the user had one then and has one now.
	if row != nil && u.PasswordEnabled && row.PasswordEnabled != nil && *row.PasswordEnabled {
		u.PasswordLastChanged = row.PasswordLastChanged
		u.PasswordNextRotation = row.PasswordNextRotation
	}
}

// userCredentials is what per-user calls say about a user.
type userCredentials struct {
	readAt          time.Time // when the per-user reads began
	passwordEnabled bool
	keys            []AccessKey
	mfaDevices      []types.MFADevice
}

// userCredentials collects one user's password, keys and MFA devices.
func (c *Collector) userCredentials(ctx context.Context, name string) (userCredentials, error) {
	uc := userCredentials{readAt: c.opts.Now().UTC().Truncate(time.Second)}
	var err error
	if uc.passwordEnabled, err = c.userPassword(ctx, name); err != nil {
		return uc, err
	}
	if uc.keys, err = c.userKeys(ctx, name, nil); err != nil {
		return uc, err
	}
	if uc.mfaDevices, err = c.userMFADevices(ctx, name); err != nil {
		return uc, err
	}
	return uc, nil
}

// passwordLastUsed returns the memoized PasswordLastUsed of every user by
// user ID (ListUsers; GAAD does not carry it). Keyed by ID so that a user
// re-created under the same name between the two calls gets nothing rather
// than its namesake's date. Its pages hold slots of the per-user semaphore:
// it runs beside the per-user calls, and max_concurrency bounds them all.
func (c *Collector) passwordLastUsed(ctx context.Context) (map[string]*time.Time, error) {
	return load(ctx, c, "list-users", func(ctx context.Context) (map[string]*time.Time, error) {
		start := time.Now()
		p := iam.NewListUsersPaginator(c.api, &iam.ListUsersInput{MaxItems: aws.Int32(maxItems)})
		out := map[string]*time.Time{}
		st, err := paginate(ctx, "ListUsers", limitedPager[*iam.ListUsersOutput]{c: c, p: p}, func(page *iam.ListUsersOutput) pageInfo {
			for _, u := range page.Users {
				out[aws.ToString(u.UserId)] = utcPtr(u.PasswordLastUsed)
			}
			return pageInfo{items: len(page.Users), truncated: page.IsTruncated, marker: page.Marker}
		})
		if err != nil {
			return nil, err
		}
		logBulk(ctx, "iam:ListUsers", st, start)
		return out, nil
	})
}

// userFrom maps the GAAD part of one user.
func userFrom(d types.UserDetail) User {
	return User{
		Name:                   aws.ToString(d.UserName),
		ARN:                    aws.ToString(d.Arn),
		UserID:                 aws.ToString(d.UserId),
		Path:                   aws.ToString(d.Path),
		CreateDate:             utc(d.CreateDate),
		Tags:                   tagMap(d.Tags),
		PermissionsBoundaryARN: boundaryARN(d.PermissionsBoundary),
		Groups:                 sortedCopy(d.GroupList),
		AttachedPolicyARNs:     attachedARNs(d.AttachedManagedPolicies),
		InlinePolicyNames:      inlineNames(d.UserPolicyList),
		InlinePolicies:         inlinePolicies(d.UserPolicyList),
		AccessKeys:             []AccessKeySlot{},
	}
}

// applyReportRow fills password and key slots from the report.
func applyReportRow(u *User, row *CredentialReportRow) {
	u.PasswordEnabled = row.PasswordEnabled != nil && *row.PasswordEnabled
	u.PasswordLastUsed = row.PasswordLastUsed
	u.PasswordLastChanged = row.PasswordLastChanged
	u.PasswordNextRotation = row.PasswordNextRotation
	u.AccessKeys = reportSlots(row)
}

// reportSlots lists the key slots whose last_rotated is set, inactive ones
// included.
func reportSlots(row *CredentialReportRow) []AccessKeySlot {
	slots := []AccessKeySlot{}
	if row.AccessKey1LastRotated != nil {
		slots = append(slots, AccessKeySlot{
			Slot:            1,
			Active:          row.AccessKey1Active,
			CreateDate:      *row.AccessKey1LastRotated,
			LastUsedDate:    row.AccessKey1LastUsedDate,
			LastUsedService: row.AccessKey1LastUsedService,
			LastUsedRegion:  row.AccessKey1LastUsedRegion,
		})
	}
	if row.AccessKey2LastRotated != nil {
		slots = append(slots, AccessKeySlot{
			Slot:            2,
			Active:          row.AccessKey2Active,
			CreateDate:      *row.AccessKey2LastRotated,
			LastUsedDate:    row.AccessKey2LastUsedDate,
			LastUsedService: row.AccessKey2LastUsedService,
			LastUsedRegion:  row.AccessKey2LastUsedRegion,
		})
	}
	return slots
}

// applyCredentials fills password, MFA and key slots from per-user calls.
// Password dates are left to the caller: no per-user call carries when a
// password was set.
func applyCredentials(u *User, uc userCredentials) {
	u.PasswordEnabled = uc.passwordEnabled
	u.MFAEnabled = len(uc.mfaDevices) > 0
	u.AccessKeys = keySlots(uc.keys)
}

// keySlots numbers keys as the credential report would: oldest is slot 1.
func keySlots(keys []AccessKey) []AccessKeySlot {
	slots := make([]AccessKeySlot, 0, len(keys))
	for i, k := range keys {
		slots = append(slots, AccessKeySlot{
			Slot:            i + 1,
			Active:          k.Status == string(types.StatusTypeActive),
			CreateDate:      k.CreateDate,
			LastUsedDate:    k.LastUsedDate,
			LastUsedService: k.LastUsedService,
			LastUsedRegion:  k.LastUsedRegion,
		})
	}
	return slots
}

// userSources collects, concurrently, what users and their MFA devices are
// built from: GAAD, the virtual MFA devices and, withReport, the credential
// report (rep is nil without it).
func (c *Collector) userSources(ctx context.Context, withReport bool) (core *gaadResult, rep *CredentialReport, virtual []types.VirtualMFADevice, err error) {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { core, err = c.gaadCore(gctx); return err })
	if withReport {
		g.Go(func() (err error) { rep, err = c.credentialReport(gctx); return err })
	}
	g.Go(func() (err error) { virtual, err = c.virtualMFADevices(gctx); return err })
	return core, rep, virtual, g.Wait()
}
