package iamcollect

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// fakeOrgTree serves an organization's tree two items a page, counts calls
// per action and fails an action on request.
type fakeOrgTree struct {
	fakeOrganizations

	mu          sync.Mutex
	root        string
	ous         map[string][]string           // parent → child OUs
	accounts    map[string][]orgtypes.Account // parent → accounts
	calls       map[string]int
	fail        map[string]error
	stuckTokens bool // every page answers with the token it was asked with
}

func newFakeOrgTree() *fakeOrgTree {
	return &fakeOrgTree{root: "r-ab12", ous: map[string][]string{}, accounts: map[string][]orgtypes.Account{}, calls: map[string]int{}, fail: map[string]error{}}
}

func (f *fakeOrgTree) add(parent, id, state, status string) {
	f.accounts[parent] = append(f.accounts[parent], orgtypes.Account{
		Id: aws.String(id), Arn: aws.String("arn:aws:organizations::111111111111:account/o-x/" + id),
		Name: aws.String("name-" + id), Email: aws.String(id + "@example.com"),
		State: orgtypes.AccountState(state), Status: orgtypes.AccountStatus(status),
		JoinedTimestamp: aws.Time(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))),
	})
}

// enter counts action and returns its error, if any.
func (f *fakeOrgTree) enter(action string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[action]++
	return f.fail[action]
}

// page returns the two items at token and the next token.
func page[T any](f *fakeOrgTree, items []T, token *string) ([]T, *string) {
	start := 0
	if token != nil {
		start, _ = strconv.Atoi(*token)
	}
	end := min(start+2, len(items))
	if f.stuckTokens && end < len(items) {
		return items[start:end], aws.String("0")
	}
	if end < len(items) {
		return items[start:end], aws.String(strconv.Itoa(end))
	}
	return items[start:end], nil
}

func (f *fakeOrgTree) ListRoots(_ context.Context, in *organizations.ListRootsInput, _ ...func(*organizations.Options)) (*organizations.ListRootsOutput, error) {
	if err := f.enter("ListRoots"); err != nil {
		return nil, err
	}
	return &organizations.ListRootsOutput{Roots: []orgtypes.Root{{Id: aws.String(f.root)}}}, nil
}

func (f *fakeOrgTree) ListAccounts(_ context.Context, in *organizations.ListAccountsInput, _ ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error) {
	if err := f.enter("ListAccounts"); err != nil {
		return nil, err
	}
	var all []orgtypes.Account
	for _, parent := range append([]string{f.root}, f.allOUs(f.root)...) {
		all = append(all, f.accounts[parent]...)
	}
	items, next := page(f, all, in.NextToken)
	return &organizations.ListAccountsOutput{Accounts: items, NextToken: next}, nil
}

func (f *fakeOrgTree) allOUs(parent string) []string {
	var out []string
	for _, ou := range f.ous[parent] {
		out = append(out, ou)
		out = append(out, f.allOUs(ou)...)
	}
	return out
}

func (f *fakeOrgTree) ListAccountsForParent(_ context.Context, in *organizations.ListAccountsForParentInput, _ ...func(*organizations.Options)) (*organizations.ListAccountsForParentOutput, error) {
	if err := f.enter("ListAccountsForParent"); err != nil {
		return nil, err
	}
	items, next := page(f, f.accounts[aws.ToString(in.ParentId)], in.NextToken)
	return &organizations.ListAccountsForParentOutput{Accounts: items, NextToken: next}, nil
}

func (f *fakeOrgTree) ListOrganizationalUnitsForParent(_ context.Context, in *organizations.ListOrganizationalUnitsForParentInput, _ ...func(*organizations.Options)) (*organizations.ListOrganizationalUnitsForParentOutput, error) {
	if err := f.enter("ListOrganizationalUnitsForParent"); err != nil {
		return nil, err
	}
	ids, next := page(f, f.ous[aws.ToString(in.ParentId)], in.NextToken)
	ous := make([]orgtypes.OrganizationalUnit, len(ids))
	for i, id := range ids {
		ous[i] = orgtypes.OrganizationalUnit{Id: aws.String(id)}
	}
	return &organizations.ListOrganizationalUnitsForParentOutput{OrganizationalUnits: ous, NextToken: next}, nil
}

// testOrgTree is root r-ab12 with accounts 1 and 2, OU ou-a with 3, 4 and
// 5 and the nested OU ou-b with 6, and the OU ou-c with 7.
func testOrgTree() *fakeOrgTree {
	f := newFakeOrgTree()
	f.ous["r-ab12"] = []string{"ou-a", "ou-c"}
	f.ous["ou-a"] = []string{"ou-b"}
	f.add("r-ab12", "000000000002", "ACTIVE", "ACTIVE")
	f.add("r-ab12", "000000000001", "ACTIVE", "ACTIVE")
	f.add("ou-a", "000000000003", "SUSPENDED", "SUSPENDED")
	f.add("ou-a", "000000000004", "", "PENDING_CLOSURE") // before State existed
	f.add("ou-a", "000000000005", "CLOSED", "")
	f.add("ou-b", "000000000006", "ACTIVE", "ACTIVE")
	f.add("ou-c", "000000000007", "PENDING_ACTIVATION", "")
	return f
}

func wantOrgAccount(id, status, parent string) OrganizationAccount {
	return OrganizationAccount{
		ID: id, ARN: "arn:aws:organizations::111111111111:account/o-x/" + id, Name: "name-" + id, Email: id + "@example.com",
		Status: status, JoinedAt: time.Date(2024, 1, 2, 2, 4, 5, 0, time.UTC), ParentID: parent,
	}
}

func orgCollector(f *fakeOrgTree) *Collector {
	return New(newFake(), Options{Organizations: f})
}

func TestOrganizationAccounts(t *testing.T) {
	t.Parallel()
	all := []OrganizationAccount{
		wantOrgAccount("000000000001", "ACTIVE", ""), wantOrgAccount("000000000002", "ACTIVE", ""),
		wantOrgAccount("000000000003", "SUSPENDED", ""), wantOrgAccount("000000000004", "PENDING_CLOSURE", ""),
		wantOrgAccount("000000000005", "CLOSED", ""), wantOrgAccount("000000000006", "ACTIVE", ""),
		wantOrgAccount("000000000007", "PENDING_ACTIVATION", ""),
	}
	underA := []OrganizationAccount{
		wantOrgAccount("000000000003", "SUSPENDED", "ou-a"), wantOrgAccount("000000000004", "PENDING_CLOSURE", "ou-a"),
		wantOrgAccount("000000000005", "CLOSED", "ou-a"), wantOrgAccount("000000000006", "ACTIVE", "ou-b"),
	}
	tests := []struct {
		name      string
		parents   []string
		want      []OrganizationAccount
		wantCalls map[string]int
	}{
		{"every account: ListAccounts, no parents known", nil, all,
			map[string]int{"ListRoots": 1, "ListAccounts": 4}},
		{"under an OU: the OU and the one below it, with their parents", []string{"ou-a"}, underA,
			map[string]int{"ListRoots": 1, "ListAccountsForParent": 3, "ListOrganizationalUnitsForParent": 2}},
		{"a parent below another given parent is walked once", []string{"ou-b", "ou-a", "ou-a"}, underA,
			map[string]int{"ListRoots": 1, "ListAccountsForParent": 3, "ListOrganizationalUnitsForParent": 2}},
		{"the root: every account with its parent", []string{"r-ab12"}, []OrganizationAccount{
			wantOrgAccount("000000000001", "ACTIVE", "r-ab12"), wantOrgAccount("000000000002", "ACTIVE", "r-ab12"),
			underA[0], underA[1], underA[2], underA[3], wantOrgAccount("000000000007", "PENDING_ACTIVATION", "ou-c"),
		}, map[string]int{"ListRoots": 1, "ListAccountsForParent": 5, "ListOrganizationalUnitsForParent": 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := testOrgTree()
			c := orgCollector(f)
			for range 2 { // the second read is memoized
				got, err := c.OrganizationAccounts(context.Background(), tt.parents)
				if err != nil {
					t.Fatal(err)
				}
				if want := (&OrganizationAccounts{RootID: "r-ab12", Accounts: tt.want}); !reflect.DeepEqual(got, want) {
					t.Fatalf("accounts:\n got %+v\nwant %+v", got, want)
				}
			}
			if !reflect.DeepEqual(f.calls, tt.wantCalls) {
				t.Errorf("calls = %v, want %v", f.calls, tt.wantCalls)
			}
		})
	}
}

func TestOrganizationAccounts_failsClosed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fail string
		parents    []string
		wantAction string
	}{
		{"ListRoots denied", "ListRoots", nil, "organizations:ListRoots"},
		{"ListAccounts denied", "ListAccounts", nil, "organizations:ListAccounts"},
		{"ListAccountsForParent denied", "ListAccountsForParent", []string{"ou-a"}, "organizations:ListAccountsForParent"},
		{"ListOrganizationalUnitsForParent denied", "ListOrganizationalUnitsForParent", []string{"ou-a"}, "organizations:ListOrganizationalUnitsForParent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := testOrgTree()
			f.fail[tt.fail] = apiError("AccessDeniedException")
			c := orgCollector(f)
			got, err := c.OrganizationAccounts(context.Background(), tt.parents)
			if got != nil || !awserr.IsAccessDenied(err) || awserr.Action(err) != tt.wantAction {
				t.Fatalf("got %+v, err %v; want no accounts and access denied for %s", got, err, tt.wantAction)
			}
			// Errors are not memoized.
			delete(f.fail, tt.fail)
			if _, err := c.OrganizationAccounts(context.Background(), tt.parents); err != nil {
				t.Fatalf("after the error: %v", err)
			}
		})
	}

	t.Run("a page repeating its token", func(t *testing.T) {
		t.Parallel()
		f := testOrgTree()
		f.stuckTokens = true
		_, err := orgCollector(f).OrganizationAccounts(context.Background(), nil)
		if !errors.Is(err, errRepeatedToken) || awserr.Action(err) != "organizations:ListAccounts" {
			t.Fatalf("err = %v, want the repeated token named for organizations:ListAccounts", err)
		}
	})
	t.Run("no Organizations client", func(t *testing.T) {
		t.Parallel()
		_, err := New(newFake(), Options{}).OrganizationAccounts(context.Background(), nil)
		if !errors.Is(err, errNoOrganizationsClient) {
			t.Fatalf("err = %v, want %v", err, errNoOrganizationsClient)
		}
	})
}
