package iamcollect

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// CredentialReport returns the parsed credential report, generating it first
// when needed. AWS returns the existing report while it is younger than four
// hours, so it can miss users and keys created since GeneratedAt: Users,
// AccessKeys and MFADevices make per-user calls for exactly those users.
func (c *Collector) CredentialReport(ctx context.Context) (*CredentialReport, error) {
	rep, err := c.credentialReport(ctx)
	if err != nil {
		return nil, err
	}
	out := *rep
	out.Rows = slices.Clone(rep.Rows)
	return &out, nil
}

// credentialReport returns the memoized report; callers must not modify it.
func (c *Collector) credentialReport(ctx context.Context) (*CredentialReport, error) {
	return load(ctx, c, "credential-report", c.fetchCredentialReport)
}

// fetchCredentialReport generates the report until COMPLETE, then gets it,
// within Options.ReportTimeout:
//   - GenerateCredentialReport is polled every ReportPollInterval until its
//     state is COMPLETE;
//   - GetCredentialReport failing with ReportInProgress is retried;
//   - ReportExpired or ReportNotPresent starts again with generation.
func (c *Collector) fetchCredentialReport(ctx context.Context) (*CredentialReport, error) {
	start := time.Now()
	timeout := time.NewTimer(c.opts.ReportTimeout)
	defer timeout.Stop()
	generate := true
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := c.waitPoll(ctx, timeout); err != nil {
				return nil, err
			}
		}
		if generate {
			complete, err := c.generateReport(ctx)
			if err != nil {
				return nil, err
			}
			if !complete {
				continue
			}
			generate = false
		}
		out, err := c.api.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		switch {
		case err == nil:
			return c.parseReport(ctx, out, attempt+1, start)
		case awserr.HasCode(err, "ReportInProgress"):
			continue
		case awserr.HasCode(err, "ReportExpired", "ReportNotPresent"):
			generate = true
			continue
		default:
			return nil, wrapErr("GetCredentialReport", err)
		}
	}
}

// generateReport asks for a report and says whether it is COMPLETE.
func (c *Collector) generateReport(ctx context.Context) (bool, error) {
	out, err := c.api.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil {
		return false, wrapErr("GenerateCredentialReport", err)
	}
	return out.State == types.ReportStateTypeComplete, nil
}

// waitPoll waits one poll interval, failing when the report timeout fires first.
func (c *Collector) waitPoll(ctx context.Context, timeout *time.Timer) error {
	select {
	case <-timeout.C:
		return reportTimeoutError{timeout: c.opts.ReportTimeout}
	default:
	}
	poll := time.NewTimer(c.opts.ReportPollInterval)
	defer poll.Stop()
	select {
	case <-poll.C:
		return nil
	case <-timeout.C:
		return reportTimeoutError{timeout: c.opts.ReportTimeout}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// parseReport parses the fetched report and logs the source.
func (c *Collector) parseReport(ctx context.Context, out *iam.GetCredentialReportOutput, polls int, start time.Time) (*CredentialReport, error) {
	rep, err := ParseCredentialReport(out.Content, aws.ToTime(out.GeneratedTime))
	if err != nil {
		return nil, wrapErr("GetCredentialReport", err)
	}
	logBulk(ctx, "iam:GetCredentialReport", pageStats{pages: polls, items: len(rep.Rows)}, start)
	return rep, nil
}
