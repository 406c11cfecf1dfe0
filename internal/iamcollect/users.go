package iamcollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"
)

// Users returns every IAM user, sorted by name, merged from GAAD (identity,
// groups, policies, tags), the credential report (password, MFA, access key
// slots) and ListVirtualMFADevices (MFAEnabled also when a virtual device is
// assigned). For users the report cannot answer for (missing from it, or
// created after it was generated) it calls GetLoginProfile, ListAccessKeys,
// GetAccessKeyLastUsed per key and ListMFADevices instead, concurrently and
// bounded by MaxConcurrency.
func (c *Collector) Users(ctx context.Context) ([]User, error) {
	var (
		core    *gaadResult
		rep     *CredentialReport
		virtual []types.VirtualMFADevice
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { core, err = c.gaadCore(gctx); return err })
	g.Go(func() (err error) { rep, err = c.credentialReport(gctx); return err })
	g.Go(func() (err error) { virtual, err = c.virtualMFADevices(gctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	view := newReportView(rep)
	stale := view.staleUsers(core.users)
	creds, err := fanOut(ctx, c, "iam:GetLoginProfile,iam:ListAccessKeys,iam:GetAccessKeyLastUsed,iam:ListMFADevices", stale, c.userCredentials)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]userCredentials, len(stale))
	for i, name := range stale {
		byName[name] = creds[i]
	}
	withVirtual := virtualMFAUsers(virtual)
	out := make([]User, 0, len(core.users))
	for _, d := range core.users {
		u := userFrom(d)
		if row := view.row(d); row != nil {
			applyReportRow(&u, row)
		} else {
			applyCredentials(&u, byName[u.Name])
		}
		u.MFAEnabled = u.MFAEnabled || withVirtual[u.Name]
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// userCredentials is what per-user calls say about a user the credential
// report cannot answer for.
type userCredentials struct {
	passwordEnabled bool
	keys            []AccessKey
	mfaDevices      []types.MFADevice
}

// userCredentials collects one stale user's password, keys and MFA devices.
func (c *Collector) userCredentials(ctx context.Context, name string) (userCredentials, error) {
	var (
		uc  userCredentials
		err error
	)
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

// applyReportRow fills password, MFA and key slots from the report.
func applyReportRow(u *User, row *CredentialReportRow) {
	u.PasswordEnabled = row.PasswordEnabled != nil && *row.PasswordEnabled
	u.PasswordLastUsed = row.PasswordLastUsed
	u.PasswordLastChanged = row.PasswordLastChanged
	u.PasswordNextRotation = row.PasswordNextRotation
	u.MFAEnabled = row.MFAActive
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
// Password dates are unknown (nil): no per-user call the engine makes
// carries them.
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
