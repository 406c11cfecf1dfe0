package iamcollect

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// DelegatedAdministrator is one member account registered as a delegated
// administrator of a service integrated with AWS Organizations.
type DelegatedAdministrator struct {
	ID                    string
	ARN                   string
	Name                  string
	Email                 string
	Status                string // ACTIVE, SUSPENDED, PENDING_CLOSURE
	JoinedMethod          string // INVITED, CREATED
	JoinedAt              *time.Time
	DelegationEnabledDate *time.Time
}

// DelegatedAdministrators lists an organization's delegated administrators
// (organizations:ListDelegatedAdministrators).
type DelegatedAdministrators struct {
	// Readable is false when a member account that is not the management
	// account was denied the list: AWS answers it only for the management
	// account and delegated administrators. Reason then says so.
	Readable bool
	// Reason explains an unreadable list, or an empty one outside any
	// organization; "" otherwise.
	Reason         string
	Administrators []DelegatedAdministrator // sorted by account ID
}

// listDelegatedAdministratorsAction is the action DelegatedAdministrators calls.
const listDelegatedAdministratorsAction = "organizations:ListDelegatedAdministrators"

// DelegatedAdministrators returns the delegated administrators of the
// account's organization, for servicePrincipal only when it is not empty
// ("iam.amazonaws.com"), memoized per principal: Organization, then every
// page of organizations:ListDelegatedAdministrators. Outside an
// organization the list is empty. AccessDenied fails the read for the
// management account, which may always list them; for a member account it
// is what AWS answers every account that is not a delegated administrator,
// so the list is reported unreadable instead, with the reason.
func (c *Collector) DelegatedAdministrators(ctx context.Context, servicePrincipal string) (*DelegatedAdministrators, error) {
	org, err := c.Organization(ctx)
	if err != nil {
		return nil, err
	}
	if org.ID == "" {
		return &DelegatedAdministrators{
			Readable:       true,
			Reason:         fmt.Sprintf("account %s belongs to no AWS Organization", c.opts.AccountID),
			Administrators: []DelegatedAdministrator{},
		}, nil
	}
	admins, err := load(ctx, c, "delegated-administrators:"+servicePrincipal, func(ctx context.Context) (*DelegatedAdministrators, error) {
		return c.fetchDelegatedAdministrators(ctx, org, servicePrincipal)
	})
	if err != nil {
		return nil, err
	}
	clone := *admins
	clone.Administrators = slices.Clone(admins.Administrators)
	return &clone, nil
}

// errRepeatedToken reports a page whose NextToken was seen before: following
// it would loop, stopping would make the list partial.
var errRepeatedToken = errors.New("a page repeats an earlier NextToken")

// fetchDelegatedAdministrators reads every page.
func (c *Collector) fetchDelegatedAdministrators(ctx context.Context, org *Organization, servicePrincipal string) (*DelegatedAdministrators, error) {
	if c.opts.Organizations == nil {
		return nil, awserr.WithAction(listDelegatedAdministratorsAction, errNoOrganizationsClient)
	}
	start := time.Now()
	in := &organizations.ListDelegatedAdministratorsInput{}
	if servicePrincipal != "" {
		in.ServicePrincipal = aws.String(servicePrincipal)
	}
	admins := []DelegatedAdministrator{}
	seen := map[string]bool{}
	var st pageStats
	for {
		out, err := c.opts.Organizations.ListDelegatedAdministrators(ctx, in)
		var notInUse *orgtypes.AWSOrganizationsNotInUseException
		switch {
		case errors.As(err, &notInUse):
			return &DelegatedAdministrators{Readable: true, Administrators: []DelegatedAdministrator{},
				Reason: fmt.Sprintf("account %s belongs to no AWS Organization", c.opts.AccountID)}, nil
		case awserr.IsAccessDenied(err) && st.pages == 0 && c.opts.AccountID != "" && c.opts.AccountID != org.ManagementAccountID:
			return &DelegatedAdministrators{Reason: fmt.Sprintf(
				"%s was denied to account %s: AWS lists delegated administrators only for the management account (%s) of "+
					"organization %s and for delegated administrators; if account %s is one, grant it the action",
				listDelegatedAdministratorsAction, c.opts.AccountID, org.ManagementAccountID, org.ID, c.opts.AccountID)}, nil
		case err != nil:
			return nil, awserr.WithAction(listDelegatedAdministratorsAction, err)
		}
		st.pages++
		for _, a := range out.DelegatedAdministrators {
			admin, err := delegatedAdministratorOf(a)
			if err != nil {
				return nil, awserr.WithAction(listDelegatedAdministratorsAction, err)
			}
			admins = append(admins, admin)
		}
		next := aws.ToString(out.NextToken)
		if next == "" {
			break
		}
		if seen[next] {
			return nil, awserr.WithAction(listDelegatedAdministratorsAction, errRepeatedToken)
		}
		seen[next] = true
		in.NextToken = aws.String(next)
	}
	slices.SortFunc(admins, func(a, b DelegatedAdministrator) int { return strings.Compare(a.ID, b.ID) })
	st.items = len(admins)
	logBulk(ctx, listDelegatedAdministratorsAction, st, start)
	return &DelegatedAdministrators{Readable: true, Administrators: admins}, nil
}

// delegatedAdministratorOf maps one list entry; an entry without an account
// ID cannot be named and fails the read.
func delegatedAdministratorOf(a orgtypes.DelegatedAdministrator) (DelegatedAdministrator, error) {
	id := aws.ToString(a.Id)
	if id == "" {
		return DelegatedAdministrator{}, fmt.Errorf("a delegated administrator without an account ID (ARN %q)", aws.ToString(a.Arn))
	}
	return DelegatedAdministrator{
		ID:                    id,
		ARN:                   aws.ToString(a.Arn),
		Name:                  aws.ToString(a.Name),
		Email:                 aws.ToString(a.Email),
		Status:                string(a.Status),
		JoinedMethod:          string(a.JoinedMethod),
		JoinedAt:              utcPtr(a.JoinedTimestamp),
		DelegationEnabledDate: utcPtr(a.DelegationEnabledDate),
	}, nil
}
