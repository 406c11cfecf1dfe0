package iamcollect

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// OrganizationAccountsAPI is what OrganizationAccounts calls: the
// organization's accounts and OU tree, readable from the management account
// or a delegated administrator.
type OrganizationAccountsAPI interface {
	ListAccounts(ctx context.Context, params *organizations.ListAccountsInput, optFns ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error)
	ListAccountsForParent(ctx context.Context, params *organizations.ListAccountsForParentInput, optFns ...func(*organizations.Options)) (*organizations.ListAccountsForParentOutput, error)
	ListOrganizationalUnitsForParent(ctx context.Context, params *organizations.ListOrganizationalUnitsForParentInput, optFns ...func(*organizations.Options)) (*organizations.ListOrganizationalUnitsForParentOutput, error)
	ListRoots(ctx context.Context, params *organizations.ListRootsInput, optFns ...func(*organizations.Options)) (*organizations.ListRootsOutput, error)
}

var _ OrganizationAccountsAPI = (*organizations.Client)(nil)

// The actions OrganizationAccounts calls; policydoc.OrganizationListActions
// grants them (organization-central), and an acceptance test holds the two
// equal.
const (
	listAccountsAction          = "organizations:ListAccounts"
	listAccountsForParentAction = "organizations:ListAccountsForParent"
	listOUsForParentAction      = "organizations:ListOrganizationalUnitsForParent"
	listRootsAction             = "organizations:ListRoots"
)

// AccountStates are the account states of AWS Organizations (the State of
// an account; its Status, retired in September 2026, has a subset of them).
var AccountStates = []string{"ACTIVE", "CLOSED", "PENDING_ACTIVATION", "PENDING_CLOSURE", "SUSPENDED"}

// OrganizationAccount is one account of the organization.
type OrganizationAccount struct {
	ID     string
	ARN    string
	Name   string
	Email  string
	Status string // the account's State, or its Status when AWS gives no State
	// JoinedAt is when the account joined the organization (zero when
	// AWS does not say).
	JoinedAt time.Time
	// ParentID is the root or OU the account is in; known only when the
	// tree was walked (parents given), else "".
	ParentID string
}

// OrganizationAccounts is the organization's accounts.
type OrganizationAccounts struct {
	// RootID is the organization's root.
	RootID string
	// Accounts are sorted by ID.
	Accounts []OrganizationAccount
}

// organizationPageSize is the largest MaxResults Organizations accepts.
const organizationPageSize int32 = 20

// OrganizationAccounts lists the organization's accounts, memoized per
// parents: without parents every account (organizations:ListAccounts), else
// the accounts in the given roots or OUs and every OU below them, walking
// the tree once (organizations:ListAccountsForParent and
// ListOrganizationalUnitsForParent; a parent below another given parent is
// walked once). Both also read the organization's root
// (organizations:ListRoots). Any error fails the whole read: the list is
// complete or not returned.
//
// Calls: 1 ListRoots, plus ceil(accounts/20) ListAccounts, or per visited
// parent ceil(accounts in it/20) ListAccountsForParent and ceil(child
// OUs/20) ListOrganizationalUnitsForParent.
func (c *Collector) OrganizationAccounts(ctx context.Context, parents []string) (*OrganizationAccounts, error) {
	parents = slices.Clone(parents)
	slices.Sort(parents)
	parents = slices.Compact(parents)
	return load(ctx, c, "organization-accounts/"+strings.Join(parents, ","), func(ctx context.Context) (*OrganizationAccounts, error) {
		api := c.opts.Organizations
		if api == nil {
			return nil, awserr.WithAction(listRootsAction, errNoOrganizationsClient)
		}
		start := time.Now()
		rootID, err := organizationRoot(ctx, api)
		if err != nil {
			return nil, err
		}
		var accounts []OrganizationAccount
		if len(parents) == 0 {
			accounts, err = listAllAccounts(ctx, api)
		} else {
			accounts, err = walkParents(ctx, api, parents)
		}
		if err != nil {
			return nil, err
		}
		slices.SortFunc(accounts, func(a, b OrganizationAccount) int { return strings.Compare(a.ID, b.ID) })
		logBulk(ctx, "organizations:ListAccounts", pageStats{items: len(accounts)}, start)
		return &OrganizationAccounts{RootID: rootID, Accounts: accounts}, nil
	})
}

// organizationRoot returns the ID of the organization's root.
func organizationRoot(ctx context.Context, api OrganizationAccountsAPI) (string, error) {
	var roots []string
	err := drainTokens(ctx, listRootsAction, func(ctx context.Context, token *string) (*string, error) {
		out, err := api.ListRoots(ctx, &organizations.ListRootsInput{MaxResults: aws.Int32(organizationPageSize), NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, r := range out.Roots {
			roots = append(roots, aws.ToString(r.Id))
		}
		return out.NextToken, nil
	})
	if err != nil {
		return "", err
	}
	if len(roots) == 0 || roots[0] == "" {
		return "", awserr.WithAction(listRootsAction, errors.New("the organization has no root"))
	}
	slices.Sort(roots)
	return roots[0], nil
}

// listAllAccounts lists every account of the organization.
func listAllAccounts(ctx context.Context, api OrganizationAccountsAPI) ([]OrganizationAccount, error) {
	var out []OrganizationAccount
	err := drainTokens(ctx, listAccountsAction, func(ctx context.Context, token *string) (*string, error) {
		page, err := api.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: aws.Int32(organizationPageSize), NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			out = append(out, organizationAccount(a, ""))
		}
		return page.NextToken, nil
	})
	return out, err
}

// walkParents lists the accounts in parents and every OU below them, each
// parent once.
func walkParents(ctx context.Context, api OrganizationAccountsAPI, parents []string) ([]OrganizationAccount, error) {
	visited := map[string]bool{}
	queue := slices.Clone(parents)
	var out []OrganizationAccount
	seen := map[string]bool{}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		if visited[parent] {
			continue
		}
		visited[parent] = true
		accounts, err := accountsIn(ctx, api, parent)
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
		children, err := childOUs(ctx, api, parent)
		if err != nil {
			return nil, err
		}
		queue = append(queue, children...)
	}
	return out, nil
}

// accountsIn lists the accounts directly in parent.
func accountsIn(ctx context.Context, api OrganizationAccountsAPI, parent string) ([]OrganizationAccount, error) {
	var out []OrganizationAccount
	err := drainTokens(ctx, listAccountsForParentAction, func(ctx context.Context, token *string) (*string, error) {
		page, err := api.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{
			ParentId: aws.String(parent), MaxResults: aws.Int32(organizationPageSize), NextToken: token,
		})
		if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			out = append(out, organizationAccount(a, parent))
		}
		return page.NextToken, nil
	})
	return out, err
}

// childOUs lists the IDs of the OUs directly in parent.
func childOUs(ctx context.Context, api OrganizationAccountsAPI, parent string) ([]string, error) {
	var out []string
	err := drainTokens(ctx, listOUsForParentAction, func(ctx context.Context, token *string) (*string, error) {
		page, err := api.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{
			ParentId: aws.String(parent), MaxResults: aws.Int32(organizationPageSize), NextToken: token,
		})
		if err != nil {
			return nil, err
		}
		for _, ou := range page.OrganizationalUnits {
			out = append(out, aws.ToString(ou.Id))
		}
		return page.NextToken, nil
	})
	return out, err
}

// organizationAccount maps an account of Organizations.
func organizationAccount(a orgtypes.Account, parent string) OrganizationAccount {
	status := string(a.State)
	if status == "" {
		status = string(a.Status)
	}
	return OrganizationAccount{
		ID:       aws.ToString(a.Id),
		ARN:      aws.ToString(a.Arn),
		Name:     aws.ToString(a.Name),
		Email:    aws.ToString(a.Email),
		Status:   status,
		JoinedAt: utc(a.JoinedTimestamp),
		ParentID: parent,
	}
}

// drainTokens calls page with each NextToken until there is none, naming
// action in errors, and fails closed on a token seen before (the SDK's
// paginators would stop there silently and the list would be partial).
func drainTokens(ctx context.Context, action string, page func(ctx context.Context, token *string) (*string, error)) error {
	var token *string
	seen := map[string]bool{}
	for {
		next, err := page(ctx, token)
		if err != nil {
			return awserr.WithAction(action, err)
		}
		if aws.ToString(next) == "" {
			return nil
		}
		if seen[*next] {
			return awserr.WithAction(action, errRepeatedToken)
		}
		seen[*next] = true
		token = next
	}
}
