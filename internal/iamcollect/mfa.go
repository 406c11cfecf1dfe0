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
)

// MFA device types.
const (
	MFATypeVirtual  = "virtual"
	MFATypeHardware = "hardware"
	MFATypeFIDO     = "fido"
)

// MFADevices returns the MFA devices of the root user and of IAM users,
// sorted by user name then serial number: every assigned virtual device
// (ListVirtualMFADevices), plus ListMFADevices
//   - report mode: for users whose report row has mfa_active and no virtual
//     device (their device is hardware or FIDO), and for users the report
//     cannot answer for that have no virtual device;
//   - live mode: for every user (a user can hold a hardware or FIDO device
//     besides a virtual one); the report is not read.
//
// A root hardware or FIDO device cannot be listed (only the root user can
// list its own); Account reports it as RootMFAType hardware.
func (c *Collector) MFADevices(ctx context.Context) ([]MFADevice, error) {
	prefetch := c.startMFAConfirmations(ctx)
	defer prefetch.stop()
	// Live mode reads MFA devices per user and needs no report.
	core, rep, virtual, err := c.userSources(ctx, !c.Live())
	if err != nil {
		return nil, err
	}
	withVirtual := virtualMFAUsers(virtual)
	targets := userNames(core.users)
	var confirmed map[string]bool
	if !c.Live() {
		targets, confirmed = mfaHolders(core.users, newReportView(rep), withVirtual)
	}
	lists, err := fanOut(ctx, c, "iam:ListMFADevices", targets, func(ctx context.Context, name string) ([]types.MFADevice, error) {
		if confirmed[name] {
			return c.confirmedMFADevices(ctx, name)
		}
		return c.userMFADevices(ctx, name)
	})
	if err != nil {
		return nil, err
	}
	prefetch.wait()
	out := []MFADevice{}
	seen := map[string]bool{}
	add := func(d MFADevice) {
		if !seen[d.SerialNumber] {
			seen[d.SerialNumber] = true
			out = append(out, d)
		}
	}
	for _, v := range virtual {
		if d, ok := virtualDevice(v); ok {
			add(d)
		}
	}
	for i, devices := range lists {
		for _, d := range devices {
			add(userDevice(targets[i], d))
		}
	}
	slices.SortFunc(out, func(a, b MFADevice) int {
		return cmp.Or(strings.Compare(a.UserName, b.UserName), strings.Compare(a.SerialNumber, b.SerialNumber))
	})
	return out, nil
}

// mfaHolders returns the users whose MFA devices only ListMFADevices shows,
// and which of them have a report row that says mfa_active (the others have
// no row the report can answer with).
func mfaHolders(users []types.UserDetail, view reportView, withVirtual map[string]bool) (names []string, confirmed map[string]bool) {
	confirmed = map[string]bool{}
	for _, u := range users {
		name := aws.ToString(u.UserName)
		if withVirtual[name] {
			continue
		}
		row := view.row(u)
		if row == nil || row.MFAActive {
			names = append(names, name)
		}
		if row != nil && row.MFAActive {
			confirmed[name] = true
		}
	}
	return names, confirmed
}

// startMFAConfirmations begins, in the background, ListMFADevices for every
// user whose report row says mfa_active and who has no assigned virtual
// device, as soon as the report and the virtual devices are in, without
// waiting for GAAD. On AWS GAAD pages for far longer than those two take,
// and the confirmations would otherwise wait for it. Each call is the
// memoized flight (confirmedMFADevices) that the users' plans join later,
// so none is made twice, and a failed call is made again and reported
// there. It does nothing in live mode, which reads every user's devices.
//
// The caller waits for the prefetch before it uses its answers, and stops
// it before it returns, so that no call outlives the read that started it.
func (c *Collector) startMFAConfirmations(ctx context.Context) mfaPrefetch {
	done := make(chan struct{})
	if c.Live() {
		close(done)
		return mfaPrefetch{done: done, cancel: func() {}}
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer close(done)
		c.mfaConfirmations(ctx)
	}()
	return mfaPrefetch{done: done, cancel: cancel}
}

// mfaPrefetch is a running startMFAConfirmations.
type mfaPrefetch struct {
	done   chan struct{}
	cancel context.CancelFunc
}

// wait waits for the prefetch to finish.
func (p mfaPrefetch) wait() { <-p.done }

// stop cancels what is left of the prefetch (its calls stop unless another
// read still waits for them) and waits for it.
func (p mfaPrefetch) stop() {
	p.cancel()
	<-p.done
}

// mfaConfirmations runs the prefetch of startMFAConfirmations once per
// collection (or joins it) and waits for it. An error only ends the
// prefetch: the calls the plans need are made, and their errors reported,
// by the plans.
func (c *Collector) mfaConfirmations(ctx context.Context) {
	_, _ = load(ctx, c, "mfa-confirmations", func(ctx context.Context) (bool, error) {
		rep, err := c.credentialReport(ctx)
		if err != nil {
			return false, nil //nolint:nilerr // the plans make the call again and report its error
		}
		virtual, err := c.virtualMFADevices(ctx)
		if err != nil {
			return false, nil //nolint:nilerr // the plans make the call again and report its error
		}
		_, _ = fanOut(ctx, c, "iam:ListMFADevices", reportMFAHolders(rep, virtualMFAUsers(virtual)), c.confirmedMFADevices)
		return true, nil
	})
}

// reportMFAHolders returns the IAM users whose report row says mfa_active
// and who have no assigned virtual device: those whose device GAAD's users
// will need confirmed.
func reportMFAHolders(rep *CredentialReport, withVirtual map[string]bool) []string {
	var out []string
	for _, row := range rep.Rows {
		if row.MFAActive && row.User != RootUserName && !isRootARN(row.ARN) && !withVirtual[row.User] {
			out = append(out, row.User)
		}
	}
	return out
}

// virtualMFADevices returns the memoized assigned virtual MFA devices.
func (c *Collector) virtualMFADevices(ctx context.Context) ([]types.VirtualMFADevice, error) {
	return load(ctx, c, "virtual-mfa-devices", func(ctx context.Context) ([]types.VirtualMFADevice, error) {
		start := time.Now()
		p := iam.NewListVirtualMFADevicesPaginator(c.api, &iam.ListVirtualMFADevicesInput{
			AssignmentStatus: types.AssignmentStatusTypeAssigned,
			MaxItems:         aws.Int32(maxItems),
		})
		devices := []types.VirtualMFADevice{}
		st, err := paginate(ctx, "ListVirtualMFADevices", p, func(out *iam.ListVirtualMFADevicesOutput) pageInfo {
			for _, d := range out.VirtualMFADevices {
				// The seed and QR code are secrets AWS only returns at
				// creation; never keep them.
				d.Base32StringSeed, d.QRCodePNG = nil, nil
				devices = append(devices, d)
			}
			return pageInfo{items: len(out.VirtualMFADevices), truncated: out.IsTruncated, marker: out.Marker}
		})
		if err != nil {
			return nil, err
		}
		logBulk(ctx, "iam:ListVirtualMFADevices", st, start)
		return devices, nil
	})
}

// isRootARN reports whether arn is an account's root user
// (arn:<partition>:iam::<account>:root).
func isRootARN(arn string) bool {
	return strings.HasSuffix(arn, ":root")
}

// virtualMFAUsers returns the IAM user names with an assigned virtual device.
func virtualMFAUsers(devices []types.VirtualMFADevice) map[string]bool {
	m := map[string]bool{}
	for _, d := range devices {
		if d.User != nil && !isRootARN(aws.ToString(d.User.Arn)) {
			m[aws.ToString(d.User.UserName)] = true
		}
	}
	return m
}

// hasRootVirtualMFA reports whether a virtual device is assigned to root.
func hasRootVirtualMFA(devices []types.VirtualMFADevice) bool {
	for _, d := range devices {
		if d.User != nil && isRootARN(aws.ToString(d.User.Arn)) {
			return true
		}
	}
	return false
}

// virtualDevice maps an assigned virtual device; unassigned ones are skipped.
func virtualDevice(v types.VirtualMFADevice) (MFADevice, bool) {
	if v.User == nil {
		return MFADevice{}, false
	}
	user := aws.ToString(v.User.UserName)
	if isRootARN(aws.ToString(v.User.Arn)) {
		user = RootUserName
	}
	return MFADevice{
		SerialNumber: aws.ToString(v.SerialNumber),
		UserName:     user,
		Type:         MFATypeVirtual,
		EnableDate:   utcPtr(v.EnableDate),
	}, true
}

// userDevice maps a ListMFADevices device of user.
func userDevice(user string, d types.MFADevice) MFADevice {
	serial := aws.ToString(d.SerialNumber)
	return MFADevice{
		SerialNumber: serial,
		UserName:     user,
		Type:         mfaType(serial),
		EnableDate:   utcPtr(d.EnableDate),
	}
}

// mfaType classifies a device by its serial: virtual devices are
// arn:…:mfa/…, FIDO security keys arn:…:u2f/…, and hardware TOTP tokens
// carry the token's serial (e.g. GAHT12345678).
func mfaType(serial string) string {
	switch {
	case strings.HasPrefix(serial, "arn:") && strings.Contains(serial, ":mfa/"):
		return MFATypeVirtual
	case strings.HasPrefix(serial, "arn:") && strings.Contains(serial, ":u2f/"):
		return MFATypeFIDO
	default:
		return MFATypeHardware
	}
}
