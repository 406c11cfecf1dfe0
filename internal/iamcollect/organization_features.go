package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Centralized root access features, as iam:ListOrganizationsFeatures names them.
const (
	// FeatureRootCredentialsManagement lets the management account and the
	// IAM delegated administrator delete and audit member accounts' root
	// credentials (sts:AssumeRoot).
	FeatureRootCredentialsManagement = string(types.FeatureTypeRootCredentialsManagement)
	// FeatureRootSessions lets them take privileged root actions in member
	// accounts.
	FeatureRootSessions = string(types.FeatureTypeRootSessions)
)

// OrganizationFeatures is the centralized root access state of the
// account's organization (iam:ListOrganizationsFeatures).
type OrganizationFeatures struct {
	// Readable is false when AWS refused to tell this caller: only the
	// organization's management account and the delegated administrator for
	// centralized root access may ask. Reason then says so and Enabled is nil.
	Readable bool
	// Reason explains an unreadable answer, or why no feature can be enabled
	// (trusted access for IAM is off, the organization lacks all features,
	// the account is in no organization); "" otherwise.
	Reason string
	// Enabled lists the enabled features, sorted; empty when none is.
	Enabled []string
}

// Has reports whether feature is known to be enabled.
func (f *OrganizationFeatures) Has(feature string) bool {
	return f.Readable && slices.Contains(f.Enabled, feature)
}

// listOrganizationsFeaturesAction is the action OrganizationFeatures calls.
const listOrganizationsFeaturesAction = "iam:ListOrganizationsFeatures"

// OrganizationFeatures returns the centralized root access features of the
// account's organization, memoized: Organization, then, inside an
// organization, one iam:ListOrganizationsFeatures. AWS's refusals that are
// facts about the caller or the organization are answers, not errors: a
// caller that is neither the management account nor the delegated
// administrator gets Readable false; an organization without trusted access
// for IAM, or without all features, has no feature enabled. Every other
// error, AccessDenied included, fails the read.
func (c *Collector) OrganizationFeatures(ctx context.Context) (*OrganizationFeatures, error) {
	org, err := c.Organization(ctx)
	if err != nil {
		return nil, err
	}
	if org.ID == "" {
		return &OrganizationFeatures{
			Readable: true,
			Reason:   fmt.Sprintf("account %s belongs to no AWS Organization", c.opts.AccountID),
			Enabled:  []string{},
		}, nil
	}
	features, err := load(ctx, c, "organization-features", func(ctx context.Context) (*OrganizationFeatures, error) {
		return c.fetchOrganizationFeatures(ctx, org)
	})
	if err != nil {
		return nil, err
	}
	clone := *features
	clone.Enabled = slices.Clone(features.Enabled)
	return &clone, nil
}

// fetchOrganizationFeatures calls iam:ListOrganizationsFeatures and
// classifies its answer.
func (c *Collector) fetchOrganizationFeatures(ctx context.Context, org *Organization) (*OrganizationFeatures, error) {
	start := time.Now()
	out, err := c.api.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	var (
		notManagement   *types.AccountNotManagementOrDelegatedAdministratorException
		notFound        *types.OrganizationNotFoundException
		noTrustedAccess *types.ServiceAccessNotEnabledException
		notAllFeatures  *types.OrganizationNotInAllFeaturesModeException
	)
	switch {
	case errors.As(err, &notManagement):
		return &OrganizationFeatures{Reason: fmt.Sprintf(
			"%s answers only the management account (%s) of organization %s and the delegated administrator for "+
				"centralized root access; account %s is neither, so whether centralized root access is enabled is unknown to it",
			listOrganizationsFeaturesAction, org.ManagementAccountID, org.ID, c.opts.AccountID)}, nil
	case errors.As(err, &notFound):
		return &OrganizationFeatures{Readable: true, Enabled: []string{},
			Reason: fmt.Sprintf("%s found no organization for account %s", listOrganizationsFeaturesAction, c.opts.AccountID)}, nil
	case errors.As(err, &noTrustedAccess):
		return &OrganizationFeatures{Readable: true, Enabled: []string{},
			Reason: fmt.Sprintf("trusted access for IAM (iam.amazonaws.com) is not enabled in organization %s, which centralized root access requires", org.ID)}, nil
	case errors.As(err, &notAllFeatures):
		return &OrganizationFeatures{Readable: true, Enabled: []string{},
			Reason: fmt.Sprintf("organization %s does not have all features enabled, which centralized root access requires", org.ID)}, nil
	case err != nil:
		return nil, wrapErr("ListOrganizationsFeatures", err)
	}
	if id := aws.ToString(out.OrganizationId); id != "" && id != org.ID {
		return nil, wrapErr("ListOrganizationsFeatures", fmt.Errorf(
			"the answer is for organization %s, but organizations:DescribeOrganization says the account belongs to %s", id, org.ID))
	}
	enabled := make([]string, 0, len(out.EnabledFeatures))
	for _, f := range out.EnabledFeatures {
		enabled = append(enabled, string(f))
	}
	slices.Sort(enabled)
	enabled = slices.Compact(enabled)
	logBulk(ctx, listOrganizationsFeaturesAction, pageStats{pages: 1, items: len(enabled)}, start)
	return &OrganizationFeatures{Readable: true, Enabled: enabled}, nil
}
