package iamcollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// Per-user sources. Each is memoized per user name, so Users, AccessKeys and
// MFADevices reading the same user in one plan share one set of calls. Every
// call holds a slot of the collector-wide MaxConcurrency semaphore.

// userPassword reports whether the user has a console password
// (GetLoginProfile; NoSuchEntity means none).
func (c *Collector) userPassword(ctx context.Context, name string) (bool, error) {
	return load(ctx, c, "login-profile/"+name, func(ctx context.Context) (bool, error) {
		err := c.limited(ctx, func() error {
			_, err := c.api.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String(name)})
			return err
		})
		switch {
		case err == nil:
			return true, nil
		case awserr.IsNoSuchEntity(err):
			return false, nil
		default:
			return false, wrapErr("GetLoginProfile", err)
		}
	})
}

// userKeys returns the user's access keys with their last use, oldest first
// (ListAccessKeys, then GetAccessKeyLastUsed per key the report cannot
// answer for; rep is nil for a user the report cannot answer for at all). A
// user deleted since GAAD has none. Memoized per name: within one collector
// a name's rep is always the same (the report and GAAD are memoized too).
func (c *Collector) userKeys(ctx context.Context, name string, rep *reportKeys) ([]AccessKey, error) {
	return load(ctx, c, "access-keys/"+name, func(ctx context.Context) ([]AccessKey, error) {
		p := iam.NewListAccessKeysPaginator(c.api, &iam.ListAccessKeysInput{UserName: aws.String(name), MaxItems: aws.Int32(maxItems)})
		keys := []AccessKey{}
		_, err := paginate(ctx, "ListAccessKeys", limitedPager[*iam.ListAccessKeysOutput]{c: c, p: p}, func(out *iam.ListAccessKeysOutput) pageInfo {
			for _, k := range out.AccessKeyMetadata {
				keys = append(keys, accessKeyFrom(name, k))
			}
			return pageInfo{items: len(out.AccessKeyMetadata), truncated: out.IsTruncated, marker: out.Marker}
		})
		if awserr.IsNoSuchEntity(err) {
			return []AccessKey{}, nil
		}
		if err != nil {
			return nil, err
		}
		answered := rep.lastUsed(keys)
		found := keys[:0:0]
		for i := range keys {
			if !answered[i] {
				err := c.addLastUsed(ctx, &keys[i])
				// Deleted since ListAccessKeys: gone, like a user deleted
				// since the listing.
				if awserr.IsNoSuchEntity(err) {
					continue
				}
				if err != nil {
					return nil, err
				}
			}
			found = append(found, keys[i])
		}
		slices.SortFunc(found, compareKeysByAge)
		return found, nil
	})
}

// reportKeys is what a usable credential report row says about a user's
// access keys.
type reportKeys struct {
	generatedAt time.Time
	slots       []AccessKeySlot
}

// newReportKeys returns the key slots of row, or nil when row is nil (the
// report cannot answer for the user).
func newReportKeys(row *CredentialReportRow, generatedAt time.Time) *reportKeys {
	if row == nil {
		return nil
	}
	return &reportKeys{generatedAt: generatedAt, slots: reportSlots(row)}
}

// lastUsed fills the last use of the keys the report answers for and
// reports which ones it answered. A key is matched to the slot whose
// last_rotated is its CreateDate, to the second (the report's precision).
// It is left to GetAccessKeyLastUsed when:
//   - rep is nil (a user the report cannot answer for);
//   - the key was created at or after the report's generation second, so
//     the report may not know it;
//   - no slot, or more than one, has its second, or another key shares that
//     second, so the match would be a guess;
//   - the slot has a last-used date but no service or region. AWS always
//     fills both when a date exists, but emulators (moto) write
//     not_supported there, which GetAccessKeyLastUsed answers, so the call
//     keeps the data complete.
func (rep *reportKeys) lastUsed(keys []AccessKey) []bool {
	answered := make([]bool, len(keys))
	if rep == nil {
		return answered
	}
	// Unix seconds: both sides are to the second in UTC, whatever the
	// sub-second part or location of the parsed values.
	keysAt := map[int64]int{}
	for _, k := range keys {
		keysAt[k.CreateDate.Unix()]++
	}
	slotsAt := map[int64][]int{}
	for i, s := range rep.slots {
		sec := s.CreateDate.Unix()
		slotsAt[sec] = append(slotsAt[sec], i)
	}
	reportSec := rep.generatedAt.Unix()
	for i := range keys {
		k := &keys[i]
		sec := k.CreateDate.Unix()
		if sec >= reportSec || keysAt[sec] != 1 || len(slotsAt[sec]) != 1 {
			continue
		}
		s := rep.slots[slotsAt[sec][0]]
		if s.LastUsedDate != nil && (s.LastUsedService == "" || s.LastUsedRegion == "") {
			continue
		}
		k.LastUsedDate = utcPtr(s.LastUsedDate)
		k.LastUsedService = s.LastUsedService
		k.LastUsedRegion = s.LastUsedRegion
		answered[i] = true
	}
	return answered
}

// accessKeyFrom maps ListAccessKeys metadata.
func accessKeyFrom(user string, k types.AccessKeyMetadata) AccessKey {
	return AccessKey{
		UserName:    user,
		AccessKeyID: aws.ToString(k.AccessKeyId),
		Status:      string(k.Status),
		CreateDate:  utc(k.CreateDate),
	}
}

// addLastUsed fills the key's last use from GetAccessKeyLastUsed.
func (c *Collector) addLastUsed(ctx context.Context, k *AccessKey) error {
	var out *iam.GetAccessKeyLastUsedOutput
	err := c.limited(ctx, func() error {
		var err error
		out, err = c.api.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(k.AccessKeyID)})
		return err
	})
	if err != nil {
		return wrapErr("GetAccessKeyLastUsed", err)
	}
	if lu := out.AccessKeyLastUsed; lu != nil {
		k.LastUsedDate = utcPtr(lu.LastUsedDate)
		k.LastUsedService = nonNull(aws.ToString(lu.ServiceName))
		k.LastUsedRegion = nonNull(aws.ToString(lu.Region))
	}
	return nil
}

// nonNull maps AWS's "N/A" style markers to "".
func nonNull(v string) string {
	if isNull(v) {
		return ""
	}
	return v
}

// compareKeysByAge orders keys oldest first, then by ID.
func compareKeysByAge(a, b AccessKey) int {
	if c := a.CreateDate.Compare(b.CreateDate); c != 0 {
		return c
	}
	return strings.Compare(a.AccessKeyID, b.AccessKeyID)
}

// compareKeysByUser orders keys by user name, then key ID.
func compareKeysByUser(a, b AccessKey) int {
	return cmp.Or(strings.Compare(a.UserName, b.UserName), strings.Compare(a.AccessKeyID, b.AccessKeyID))
}

// userMFADevices returns the user's MFA devices (ListMFADevices). A user
// deleted since GAAD has none.
func (c *Collector) userMFADevices(ctx context.Context, name string) ([]types.MFADevice, error) {
	return load(ctx, c, "mfa-devices/"+name, func(ctx context.Context) ([]types.MFADevice, error) {
		return c.listMFADevices(ctx, name)
	})
}

// confirmedMFADevices returns the MFA devices of a user whose report row,
// matched to the GAAD user by name and creation time, says mfa_active. It
// is memoized apart from userMFADevices because it may be read before GAAD
// (startMFAConfirmations), and that answer is then the GAAD user's as far
// as the row's is: a namesake deleted and created again since the report
// has another creation time, no matching row, and is read per user with
// userMFADevices. The one case it shares with the row's other facts is two
// users created in the same second who swap names (UpdateUser) between the
// report and GAAD: the row, and now the device, are then the other user's.
func (c *Collector) confirmedMFADevices(ctx context.Context, name string) ([]types.MFADevice, error) {
	return load(ctx, c, "mfa-confirmed/"+name, func(ctx context.Context) ([]types.MFADevice, error) {
		return c.listMFADevices(ctx, name)
	})
}

// listMFADevices lists the user's MFA devices; a user that does not exist
// has none.
func (c *Collector) listMFADevices(ctx context.Context, name string) ([]types.MFADevice, error) {
	p := iam.NewListMFADevicesPaginator(c.api, &iam.ListMFADevicesInput{UserName: aws.String(name), MaxItems: aws.Int32(maxItems)})
	devices := []types.MFADevice{}
	_, err := paginate(ctx, "ListMFADevices", limitedPager[*iam.ListMFADevicesOutput]{c: c, p: p}, func(out *iam.ListMFADevicesOutput) pageInfo {
		devices = append(devices, out.MFADevices...)
		return pageInfo{items: len(out.MFADevices), truncated: out.IsTruncated, marker: out.Marker}
	})
	if awserr.IsNoSuchEntity(err) {
		return []types.MFADevice{}, nil
	}
	if err != nil {
		return nil, err
	}
	return devices, nil
}
