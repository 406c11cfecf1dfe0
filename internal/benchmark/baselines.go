package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

// The baselines: what a user would write with the AWS SDK instead of this
// provider, run in-process against the same proxy.

// baselineClient returns an IAM client for endpoint with the SDK's default
// (standard) retryer and a connection pool for concurrent callers.
func baselineClient(endpoint string) *iam.Client {
	return iam.New(iam.Options{
		Region:       acctest.Region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(acctest.AccessKey, acctest.SecretKey, ""),
		HTTPClient: &http.Client{Transport: &http.Transport{
			MaxIdleConns:        64,
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     90 * time.Second,
		}},
	})
}

// auditSummary is what an audit found, to check it saw the whole account.
// MFADevices counts devices for the per-user audits and users with MFA for
// the credential report.
type auditSummary struct {
	Users, Keys, LoginProfiles, MFADevices int
}

// String prints the summary.
func (a auditSummary) String() string {
	return fmt.Sprintf("%d users, %d keys, %d console passwords, %d MFA", a.Users, a.Keys, a.LoginProfiles, a.MFADevices)
}

// perUserAudit is baselines A (concurrency 1) and B: ListUsers (1000 per
// page), then per user ListGroupsForUser, ListAttachedUserPolicies,
// ListUserPolicies, ListAccessKeys, GetAccessKeyLastUsed per key,
// ListMFADevices and GetLoginProfile, at most concurrency users at once.
func perUserAudit(ctx context.Context, client *iam.Client, concurrency int) (auditSummary, error) {
	var names []string
	p := iam.NewListUsersPaginator(client, &iam.ListUsersInput{MaxItems: aws.Int32(MaxPageSize)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return auditSummary{}, fmt.Errorf("iam:ListUsers: %w", err)
		}
		for _, u := range out.Users {
			names = append(names, aws.ToString(u.UserName))
		}
	}
	results := make([]auditSummary, len(names))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i, name := range names {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			results[i], err = auditUser(gctx, client, name)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return auditSummary{}, err
	}
	total := auditSummary{Users: len(names)}
	for _, r := range results {
		total.Keys += r.Keys
		total.LoginProfiles += r.LoginProfiles
		total.MFADevices += r.MFADevices
	}
	return total, nil
}

// auditUser makes the per-user calls of baselines A and B for one user.
func auditUser(ctx context.Context, client *iam.Client, name string) (auditSummary, error) {
	var sum auditSummary
	user := aws.String(name)
	groups := iam.NewListGroupsForUserPaginator(client, &iam.ListGroupsForUserInput{UserName: user})
	for groups.HasMorePages() {
		if _, err := groups.NextPage(ctx); err != nil {
			return sum, fmt.Errorf("iam:ListGroupsForUser %s: %w", name, err)
		}
	}
	attached := iam.NewListAttachedUserPoliciesPaginator(client, &iam.ListAttachedUserPoliciesInput{UserName: user})
	for attached.HasMorePages() {
		if _, err := attached.NextPage(ctx); err != nil {
			return sum, fmt.Errorf("iam:ListAttachedUserPolicies %s: %w", name, err)
		}
	}
	inline := iam.NewListUserPoliciesPaginator(client, &iam.ListUserPoliciesInput{UserName: user})
	for inline.HasMorePages() {
		if _, err := inline.NextPage(ctx); err != nil {
			return sum, fmt.Errorf("iam:ListUserPolicies %s: %w", name, err)
		}
	}
	keys := iam.NewListAccessKeysPaginator(client, &iam.ListAccessKeysInput{UserName: user})
	for keys.HasMorePages() {
		out, err := keys.NextPage(ctx)
		if err != nil {
			return sum, fmt.Errorf("iam:ListAccessKeys %s: %w", name, err)
		}
		for _, k := range out.AccessKeyMetadata {
			if _, err := client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: k.AccessKeyId}); err != nil {
				return sum, fmt.Errorf("iam:GetAccessKeyLastUsed %s: %w", name, err)
			}
			sum.Keys++
		}
	}
	mfa := iam.NewListMFADevicesPaginator(client, &iam.ListMFADevicesInput{UserName: user})
	for mfa.HasMorePages() {
		out, err := mfa.NextPage(ctx)
		if err != nil {
			return sum, fmt.Errorf("iam:ListMFADevices %s: %w", name, err)
		}
		sum.MFADevices += len(out.MFADevices)
	}
	_, err := client.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: user})
	var noSuchEntity *types.NoSuchEntityException
	switch {
	case err == nil:
		sum.LoginProfiles++
	case !errors.As(err, &noSuchEntity):
		return sum, fmt.Errorf("iam:GetLoginProfile %s: %w", name, err)
	}
	return sum, nil
}

// reportPollInterval is how often the expert script polls report generation.
const reportPollInterval = 2 * time.Second

// bulkAudit is baseline C, an expert's script: GetAccountAuthorizationDetails
// (no filter, 1000 per page), the credential report (generate until
// COMPLETE, get, parse) and GetAccountPasswordPolicy, the three concurrently.
func bulkAudit(ctx context.Context, client *iam.Client) (auditSummary, error) {
	var sum, report auditSummary
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(MaxPageSize)})
		for p.HasMorePages() {
			out, err := p.NextPage(gctx)
			if err != nil {
				return fmt.Errorf("iam:GetAccountAuthorizationDetails: %w", err)
			}
			sum.Users += len(out.UserDetailList)
		}
		return nil
	})
	g.Go(func() (err error) {
		report, err = credentialReportSummary(gctx, client)
		return err
	})
	g.Go(func() error {
		_, err := client.GetAccountPasswordPolicy(gctx, &iam.GetAccountPasswordPolicyInput{})
		var noSuchEntity *types.NoSuchEntityException
		if err != nil && !errors.As(err, &noSuchEntity) {
			return fmt.Errorf("iam:GetAccountPasswordPolicy: %w", err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return sum, err
	}
	if report.Users != sum.Users {
		return sum, fmt.Errorf("credential report has %d user rows, GAAD %d users", report.Users, sum.Users)
	}
	return report, nil
}

// credentialReportSummary generates, gets and parses the credential report
// and counts its IAM users (without <root_account>), key slots, console
// passwords and users with MFA.
func credentialReportSummary(ctx context.Context, client *iam.Client) (auditSummary, error) {
	for {
		out, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			return auditSummary{}, fmt.Errorf("iam:GenerateCredentialReport: %w", err)
		}
		if out.State == types.ReportStateTypeComplete {
			break
		}
		select {
		case <-ctx.Done():
			return auditSummary{}, ctx.Err()
		case <-time.After(reportPollInterval):
		}
	}
	out, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		return auditSummary{}, fmt.Errorf("iam:GetCredentialReport: %w", err)
	}
	return summarizeReport(out.Content)
}

// summarizeReport counts the IAM user rows of a credential report CSV, their
// key slots (last_rotated set), console passwords and MFA.
func summarizeReport(content []byte) (auditSummary, error) {
	var sum auditSummary
	records, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		return sum, fmt.Errorf("parsing the credential report: %w", err)
	}
	if len(records) == 0 {
		return sum, errors.New("empty credential report")
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for _, name := range []string{"user", "password_enabled", "mfa_active", "access_key_1_last_rotated", "access_key_2_last_rotated"} {
		if _, ok := col[name]; !ok {
			return sum, fmt.Errorf("credential report has no %s column", name)
		}
	}
	for _, r := range records[1:] {
		if r[col["user"]] == "<root_account>" {
			continue
		}
		sum.Users++
		if r[col["password_enabled"]] == "true" {
			sum.LoginProfiles++
		}
		if r[col["mfa_active"]] == "true" {
			sum.MFADevices++
		}
		for _, c := range []string{"access_key_1_last_rotated", "access_key_2_last_rotated"} {
			if v := r[col[c]]; v != "N/A" && v != "" {
				sum.Keys++
			}
		}
	}
	return sum, nil
}
