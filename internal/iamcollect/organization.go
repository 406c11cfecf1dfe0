package iamcollect

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// OrganizationsAPI is the subset of *organizations.Client the engine uses,
// so tests can fake it.
type OrganizationsAPI interface {
	OrganizationAccountsAPI
	DescribeOrganization(ctx context.Context, params *organizations.DescribeOrganizationInput, optFns ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListDelegatedAdministrators(ctx context.Context, params *organizations.ListDelegatedAdministratorsInput, optFns ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error)
}

var _ OrganizationsAPI = (*organizations.Client)(nil)

// describeOrganizationAction is the action Organization calls.
const describeOrganizationAction = "organizations:DescribeOrganization"

// errNoOrganizationsClient is returned by Organization when the Collector
// was built without Options.Organizations.
var errNoOrganizationsClient = errors.New("no AWS Organizations client is configured")

// Organization returns the account's own organization, memoized
// (organizations:DescribeOrganization, one call; any member account may
// make it). An account that belongs to no organization
// (AWSOrganizationsNotInUseException) gets an Organization with an empty ID,
// not an error. Every other error fails the read, AccessDenied included:
// without the organization ID, org-scoped trust would be judged public.
func (c *Collector) Organization(ctx context.Context) (*Organization, error) {
	return load(ctx, c, "organization", func(ctx context.Context) (*Organization, error) {
		if c.opts.Organizations == nil {
			return nil, awserr.WithAction(describeOrganizationAction, errNoOrganizationsClient)
		}
		start := time.Now()
		out, err := c.opts.Organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		var notInUse *orgtypes.AWSOrganizationsNotInUseException
		switch {
		case errors.As(err, &notInUse):
			logBulk(ctx, describeOrganizationAction, pageStats{pages: 1}, start)
			return &Organization{}, nil
		case err != nil:
			return nil, awserr.WithAction(describeOrganizationAction, err)
		}
		org := &Organization{}
		if o := out.Organization; o != nil {
			org.ID = aws.ToString(o.Id)
			org.ManagementAccountID = aws.ToString(o.MasterAccountId)
		}
		if org.ID == "" {
			return nil, awserr.WithAction(describeOrganizationAction, errors.New("the response names no organization ID"))
		}
		logBulk(ctx, describeOrganizationAction, pageStats{pages: 1, items: 1}, start)
		return org, nil
	})
}
