package iamcollect

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// fakeOrganizations answers DescribeOrganization from a queue of results,
// and ListDelegatedAdministrators from pages keyed by NextToken.
type fakeOrganizations struct {
	OrganizationAccountsAPI // nil: these tests list no accounts

	mu      sync.Mutex
	calls   int
	results []func() (*organizations.DescribeOrganizationOutput, error) // the last one repeats

	adminPages map[string]*organizations.ListDelegatedAdministratorsOutput // "" is the first page
	adminErrs  map[string]error                                            // per NextToken
	adminCalls []organizations.ListDelegatedAdministratorsInput
}

func (f *fakeOrganizations) ListDelegatedAdministrators(_ context.Context, in *organizations.ListDelegatedAdministratorsInput, _ ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.adminCalls = append(f.adminCalls, *in)
	token := aws.ToString(in.NextToken)
	if err := f.adminErrs[token]; err != nil {
		return nil, err
	}
	page, ok := f.adminPages[token]
	if !ok {
		return nil, apiError("InvalidInputException")
	}
	return page, nil
}

func (f *fakeOrganizations) DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	r := f.results[0]
	if len(f.results) > 1 {
		f.results = f.results[1:]
	}
	return r()
}

func inOrganization(id, management string) func() (*organizations.DescribeOrganizationOutput, error) {
	return func() (*organizations.DescribeOrganizationOutput, error) {
		return &organizations.DescribeOrganizationOutput{Organization: &orgtypes.Organization{Id: aws.String(id), MasterAccountId: aws.String(management)}}, nil
	}
}

func failing(err error) func() (*organizations.DescribeOrganizationOutput, error) {
	return func() (*organizations.DescribeOrganizationOutput, error) { return nil, err }
}

func TestOrganization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		result  func() (*organizations.DescribeOrganizationOutput, error)
		want    *Organization
		wantErr string
	}{
		{"member of an organization", inOrganization("o-abc1234567", "999988887777"),
			&Organization{ID: "o-abc1234567", ManagementAccountID: "999988887777"}, ""},
		{"in no organization: no ID, no error",
			failing(&orgtypes.AWSOrganizationsNotInUseException{Message: aws.String("not in use")}), &Organization{}, ""},
		{"access denied fails closed", failing(apiError("AccessDeniedException")), nil,
			"organizations:DescribeOrganization: api error AccessDeniedException: AccessDeniedException (fake)"},
		{"a response without an ID fails closed", func() (*organizations.DescribeOrganizationOutput, error) {
			return &organizations.DescribeOrganizationOutput{}, nil
		}, nil, "organizations:DescribeOrganization: the response names no organization ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orgs := &fakeOrganizations{results: []func() (*organizations.DescribeOrganizationOutput, error){tt.result}}
			c := New(newFake(), Options{Organizations: orgs})
			got, err := c.Organization(context.Background())
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || !strings.HasPrefix(failedActionOf(err), "organizations:") {
					t.Fatalf("Organization() = %+v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Organization() = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func failedActionOf(err error) string {
	var apiErr *awserr.ActionError
	if errors.As(err, &apiErr) {
		return apiErr.Action
	}
	return ""
}

// One call per collection; errors are not memoized; Invalidate refetches.
func TestOrganization_memoized(t *testing.T) {
	t.Parallel()
	orgs := &fakeOrganizations{results: []func() (*organizations.DescribeOrganizationOutput, error){
		failing(apiError("ServiceException")), inOrganization("o-abc1234567", "999988887777"),
	}}
	c := New(newFake(), Options{Organizations: orgs})
	ctx := context.Background()
	if _, err := c.Organization(ctx); err == nil {
		t.Fatal("Organization() succeeded on a failing call")
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if org, err := c.Organization(ctx); err != nil || org.ID != "o-abc1234567" {
				t.Errorf("Organization() = %+v, %v", org, err)
			}
		})
	}
	wg.Wait()
	if orgs.calls != 2 {
		t.Fatalf("DescribeOrganization called %d times, want 2 (the failure is not memoized, the answer is)", orgs.calls)
	}
	c.Invalidate()
	if _, err := c.Organization(ctx); err != nil || orgs.calls != 3 {
		t.Fatalf("after Invalidate: %v, %d calls; want a third call", err, orgs.calls)
	}
}

func TestOrganization_noClient(t *testing.T) {
	t.Parallel()
	_, err := New(newFake(), Options{}).Organization(context.Background())
	if !errors.Is(err, errNoOrganizationsClient) {
		t.Fatalf("Organization() without a client = %v", err)
	}
}
