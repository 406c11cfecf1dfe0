package faultproxy

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// noBackoff makes SDK retries immediate.
var noBackoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })

// iamClient returns an IAM client for the proxy that makes maxAttempts
// attempts per call without backoff.
func iamClient(t *testing.T, p *Proxy, maxAttempts int) *iam.Client {
	t.Helper()
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(p.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		HTTPClient:   newClient(t),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = maxAttempts
			o.Backoff = noBackoff
		}),
	})
}

// sdkView is how the AWS SDK classifies an error.
type sdkView struct {
	Code      string // smithy.APIError code, "" if not an APIError
	Status    int    // HTTP status, 0 without a response
	Retryable bool
	Throttle  bool
}

// classify returns the SDK's view of err.
func classify(err error) sdkView {
	var v sdkView
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		v.Code = apiErr.ErrorCode()
	}
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) {
		v.Status = respErr.HTTPStatusCode()
	}
	v.Retryable = retry.NewStandard().IsErrorRetryable(err)
	v.Throttle = retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
	return v
}

func TestSDKSeesFaults(t *testing.T) {
	tests := []struct {
		kind    FaultKind
		want    sdkView
		message string // substring of the error
	}{
		{Throttling, sdkView{Code: "Throttling", Status: 400, Retryable: true, Throttle: true}, "Rate exceeded"},
		{InternalError, sdkView{Code: "ServiceFailure", Status: 500, Retryable: true}, "ServiceFailure"},
		{ServiceUnavailable, sdkView{Code: "ServiceUnavailable", Status: 503, Retryable: true}, "Service is unavailable"},
		{AccessDenied, sdkView{Code: "AccessDenied", Status: 403}, "is not authorized to perform: iam:ListUsers on resource: *"},
		{ConnectionReset, sdkView{Retryable: true}, "connection reset"},
		{TruncatedResponse, sdkView{Status: 200}, "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			up := newStub(t)
			p := startProxy(t, up.URL(), Config{Faults: []Fault{{Action: "iam:ListUsers", Kind: tt.kind, Rate: 1}}})
			client := iamClient(t, p, 1)
			_, err := client.ListUsers(t.Context(), &iam.ListUsersInput{})
			if err == nil {
				t.Fatal("ListUsers succeeded, want an error")
			}
			if got := classify(err); got != tt.want {
				t.Errorf("SDK view = %+v, want %+v (error: %v)", got, tt.want, err)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not contain %q", err, tt.message)
			}
			if got, want := p.Counts(), map[string]int{"iam:ListUsers": 1}; !maps.Equal(got, want) {
				t.Errorf("Counts = %v, want %v", got, want)
			}
			if got, want := p.Faulted(), map[string]int{"iam:ListUsers": 1}; !maps.Equal(got, want) {
				t.Errorf("Faulted = %v, want %v", got, want)
			}
		})
	}
}

func TestSDKModeledErrors(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{{Kind: InternalError, Rate: 1}}})
	_, err := iamClient(t, p, 1).ListUsers(t.Context(), &iam.ListUsersInput{})
	var failure *iamtypes.ServiceFailureException
	if !errors.As(err, &failure) {
		t.Fatalf("error %v (%T) is not *types.ServiceFailureException", err, err)
	}
}

func TestSDKSucceedsThroughProxy(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), DefaultConfig())
	out, err := iamClient(t, p, 1).ListUsers(t.Context(), &iam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Users) != 1 || aws.ToString(out.Users[0].UserName) != "alice" {
		t.Errorf("Users = %+v, want alice", out.Users)
	}
	if got, want := p.Counts(), map[string]int{"iam:ListUsers": 1}; !maps.Equal(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
}

func TestSDKRetriesThroughFaults(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{
		{Action: "iam:ListUsers", Kind: Throttling, Rate: 1, Count: 1},
		{Action: "iam:ListUsers", Kind: ServiceUnavailable, Rate: 1, Count: 1},
		{Action: "iam:ListUsers", Kind: ConnectionReset, Rate: 1, Count: 1},
	}})
	out, err := iamClient(t, p, 4).ListUsers(t.Context(), &iam.ListUsersInput{})
	if err != nil {
		t.Fatalf("ListUsers: %v", err)
	}
	if len(out.Users) != 1 {
		t.Errorf("Users = %+v, want one user", out.Users)
	}
	if got, want := p.Counts(), map[string]int{"iam:ListUsers": 4}; !maps.Equal(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
	if got, want := p.Faulted(), map[string]int{"iam:ListUsers": 3}; !maps.Equal(got, want) {
		t.Errorf("Faulted = %v, want %v", got, want)
	}
}

func TestSDKSTSAccessDenied(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{{Action: "sts:GetCallerIdentity", Kind: AccessDenied, Rate: 1}}})
	client := sts.New(sts.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(p.URL()),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		HTTPClient:       newClient(t),
		RetryMaxAttempts: 1,
	})
	_, err := client.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	want := sdkView{Code: "AccessDenied", Status: http.StatusForbidden}
	if got := classify(err); got != want {
		t.Errorf("SDK view = %+v, want %+v (error: %v)", got, want, err)
	}
	if err == nil || !strings.Contains(err.Error(), "not authorized to perform: sts:GetCallerIdentity") {
		t.Errorf("error %v does not name sts:GetCallerIdentity", err)
	}
	if err := p.SetFaults(nil); err != nil {
		t.Fatal(err)
	}
	out, err := client.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Account) != "123456789012" {
		t.Errorf("GetCallerIdentity = %+v, %v; want account 123456789012", out, err)
	}
	if got, want := p.Counts(), map[string]int{"sts:GetCallerIdentity": 2}; !maps.Equal(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
}

// Organizations speaks the JSON protocol: the proxy counts it by its
// X-Amz-Target and answers faults in JSON the SDK parses.
func TestSDKOrganizationsJSONProtocol(t *testing.T) {
	up := newStub(t)
	p := startProxy(t, up.URL(), Config{Faults: []Fault{
		{Action: "organizations:DescribeOrganization", Kind: AccessDenied, Rate: 1, Count: 1},
		{Action: "organizations:DescribeOrganization", Kind: Throttling, Rate: 1, Count: 1},
	}})
	client := organizations.New(organizations.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(p.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", ""),
		HTTPClient:   newClient(t),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 2
			o.Backoff = noBackoff
		}),
	})
	_, err := client.DescribeOrganization(t.Context(), &organizations.DescribeOrganizationInput{})
	if got, want := classify(err), (sdkView{Code: "AccessDeniedException", Status: http.StatusForbidden}); got != want {
		t.Errorf("SDK view = %+v, want %+v (error: %v)", got, want, err)
	}
	if err == nil || !strings.Contains(err.Error(), "not authorized to perform: organizations:DescribeOrganization") {
		t.Errorf("error %v does not name organizations:DescribeOrganization", err)
	}
	// Throttled once, then answered.
	out, err := client.DescribeOrganization(t.Context(), &organizations.DescribeOrganizationInput{})
	if err != nil || aws.ToString(out.Organization.Id) != "o-abc1234567" {
		t.Fatalf("DescribeOrganization = %+v, %v", out, err)
	}
	if got, want := p.Counts(), map[string]int{"organizations:DescribeOrganization": 3}; !maps.Equal(got, want) {
		t.Errorf("Counts = %v, want %v", got, want)
	}
}

// A fault with Account acts only in that account: sts:AssumeRole of a role
// there, and requests signed with the session it returned. Requests record
// the account and the role ARN.
func TestAccountScopedFaults(t *testing.T) {
	up := newStub(t)
	const member, other = "210987654321", "444455556666"
	p := startProxy(t, up.URL(), Config{Faults: []Fault{
		{Action: "sts:AssumeRole", Kind: AccessDenied, Rate: 1, Account: other},
		{Action: "iam:*", Kind: AccessDenied, Rate: 1, Account: member},
	}})
	stsClient := func(creds aws.CredentialsProvider) *sts.Client {
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(p.URL()), Credentials: creds,
			HTTPClient: newClient(t), RetryMaxAttempts: 1})
	}
	base := credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "not-a-secret", "")
	memberRole, otherRole := "arn:aws:iam::"+member+":role/audit", "arn:aws:iam::"+other+":role/audit"
	out, err := stsClient(base).AssumeRole(t.Context(), &sts.AssumeRoleInput{RoleArn: aws.String(memberRole), RoleSessionName: aws.String("s")})
	if err != nil {
		t.Fatalf("AssumeRole(%s): %v", memberRole, err)
	}
	if _, err := stsClient(base).AssumeRole(t.Context(), &sts.AssumeRoleInput{RoleArn: aws.String(otherRole), RoleSessionName: aws.String("s")}); classify(err).Code != "AccessDenied" {
		t.Fatalf("AssumeRole(%s) error = %v, want AccessDenied", otherRole, err)
	}
	session := credentials.NewStaticCredentialsProvider(aws.ToString(out.Credentials.AccessKeyId), "not-a-secret", "token")
	memberIAM := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(p.URL()), Credentials: session,
		HTTPClient: newClient(t), RetryMaxAttempts: 1})
	if _, err := memberIAM.ListUsers(t.Context(), &iam.ListUsersInput{}); classify(err).Code != "AccessDenied" {
		t.Fatalf("the member's ListUsers error = %v, want AccessDenied", err)
	}
	if _, err := iamClient(t, p, 1).ListUsers(t.Context(), &iam.ListUsersInput{}); err != nil {
		t.Fatalf("the caller's own ListUsers: %v", err)
	}
	want := []Request{
		{Action: "sts:AssumeRole", Account: member, RoleARN: memberRole},
		{Action: "sts:AssumeRole", Account: other, RoleARN: otherRole},
		{Action: "iam:ListUsers", Account: member},
		{Action: "iam:ListUsers"},
	}
	if got := p.Requests(); !slices.Equal(got, want) {
		t.Fatalf("Requests() =\n%+v\nwant\n%+v", got, want)
	}
}
