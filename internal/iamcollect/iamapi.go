package iamcollect

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// IAMAPI is the subset of *iam.Client the engine uses, so tests can fake it.
type IAMAPI interface {
	GetAccountAuthorizationDetails(ctx context.Context, params *iam.GetAccountAuthorizationDetailsInput, optFns ...func(*iam.Options)) (*iam.GetAccountAuthorizationDetailsOutput, error)
	GenerateCredentialReport(ctx context.Context, params *iam.GenerateCredentialReportInput, optFns ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error)
	GetCredentialReport(ctx context.Context, params *iam.GetCredentialReportInput, optFns ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error)
	ListVirtualMFADevices(ctx context.Context, params *iam.ListVirtualMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListVirtualMFADevicesOutput, error)
	GetAccountSummary(ctx context.Context, params *iam.GetAccountSummaryInput, optFns ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error)
	GetAccountPasswordPolicy(ctx context.Context, params *iam.GetAccountPasswordPolicyInput, optFns ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error)
	ListAccountAliases(ctx context.Context, params *iam.ListAccountAliasesInput, optFns ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error)
	ListServerCertificates(ctx context.Context, params *iam.ListServerCertificatesInput, optFns ...func(*iam.Options)) (*iam.ListServerCertificatesOutput, error)
	ListSAMLProviders(ctx context.Context, params *iam.ListSAMLProvidersInput, optFns ...func(*iam.Options)) (*iam.ListSAMLProvidersOutput, error)
	ListRoles(ctx context.Context, params *iam.ListRolesInput, optFns ...func(*iam.Options)) (*iam.ListRolesOutput, error)
	GetLoginProfile(ctx context.Context, params *iam.GetLoginProfileInput, optFns ...func(*iam.Options)) (*iam.GetLoginProfileOutput, error)
	ListAccessKeys(ctx context.Context, params *iam.ListAccessKeysInput, optFns ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error)
	GetAccessKeyLastUsed(ctx context.Context, params *iam.GetAccessKeyLastUsedInput, optFns ...func(*iam.Options)) (*iam.GetAccessKeyLastUsedOutput, error)
	ListMFADevices(ctx context.Context, params *iam.ListMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error)
	ListUsers(ctx context.Context, params *iam.ListUsersInput, optFns ...func(*iam.Options)) (*iam.ListUsersOutput, error)
	ListOrganizationsFeatures(ctx context.Context, params *iam.ListOrganizationsFeaturesInput, optFns ...func(*iam.Options)) (*iam.ListOrganizationsFeaturesOutput, error)
}

var _ IAMAPI = (*iam.Client)(nil)

// maxItems is the page size asked of every paginated IAM call (the API maximum).
const maxItems int32 = 1000

// pager is what the SDK's generated paginators have in common.
type pager[T any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*iam.Options)) (T, error)
}

// pageInfo is what paginate needs to know about one page.
type pageInfo struct {
	items     int
	truncated bool
	marker    *string
}

// pageStats counts what one paginated sequence returned, for logging.
type pageStats struct {
	pages int
	items int
}

// errBadMarker reports a truncated page that gives no way to continue; the
// SDK paginators would stop there silently, which would make the audit partial.
var errBadMarker = errors.New("truncated page without a new marker")

// paginate drains p, calling visit for each page, and fails closed when a
// truncated page carries no new marker.
func paginate[T any](ctx context.Context, op string, p pager[T], visit func(T) pageInfo) (pageStats, error) {
	var st pageStats
	prev := ""
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return st, wrapErr(op, err)
		}
		info := visit(out)
		st.pages++
		st.items += info.items
		if !info.truncated {
			continue
		}
		marker := aws.ToString(info.marker)
		if marker == "" || marker == prev {
			return st, wrapErr(op, errBadMarker)
		}
		prev = marker
	}
	return st, nil
}
