package iamidentity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
)

// ProbeIAM is the part of *iam.Client the permission probes call.
type ProbeIAM interface {
	DeleteAccessKey(ctx context.Context, params *iam.DeleteAccessKeyInput, optFns ...func(*iam.Options)) (*iam.DeleteAccessKeyOutput, error)
	GenerateCredentialReport(ctx context.Context, params *iam.GenerateCredentialReportInput, optFns ...func(*iam.Options)) (*iam.GenerateCredentialReportOutput, error)
	GetAccessKeyLastUsed(ctx context.Context, params *iam.GetAccessKeyLastUsedInput, optFns ...func(*iam.Options)) (*iam.GetAccessKeyLastUsedOutput, error)
	GetAccountAuthorizationDetails(ctx context.Context, params *iam.GetAccountAuthorizationDetailsInput, optFns ...func(*iam.Options)) (*iam.GetAccountAuthorizationDetailsOutput, error)
	GetAccountPasswordPolicy(ctx context.Context, params *iam.GetAccountPasswordPolicyInput, optFns ...func(*iam.Options)) (*iam.GetAccountPasswordPolicyOutput, error)
	GetAccountSummary(ctx context.Context, params *iam.GetAccountSummaryInput, optFns ...func(*iam.Options)) (*iam.GetAccountSummaryOutput, error)
	GetCredentialReport(ctx context.Context, params *iam.GetCredentialReportInput, optFns ...func(*iam.Options)) (*iam.GetCredentialReportOutput, error)
	GetGroup(ctx context.Context, params *iam.GetGroupInput, optFns ...func(*iam.Options)) (*iam.GetGroupOutput, error)
	GetGroupPolicy(ctx context.Context, params *iam.GetGroupPolicyInput, optFns ...func(*iam.Options)) (*iam.GetGroupPolicyOutput, error)
	GetLoginProfile(ctx context.Context, params *iam.GetLoginProfileInput, optFns ...func(*iam.Options)) (*iam.GetLoginProfileOutput, error)
	GetUser(ctx context.Context, params *iam.GetUserInput, optFns ...func(*iam.Options)) (*iam.GetUserOutput, error)
	GetUserPolicy(ctx context.Context, params *iam.GetUserPolicyInput, optFns ...func(*iam.Options)) (*iam.GetUserPolicyOutput, error)
	ListAccessKeys(ctx context.Context, params *iam.ListAccessKeysInput, optFns ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error)
	ListAccountAliases(ctx context.Context, params *iam.ListAccountAliasesInput, optFns ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error)
	ListAttachedGroupPolicies(ctx context.Context, params *iam.ListAttachedGroupPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListAttachedGroupPoliciesOutput, error)
	ListAttachedUserPolicies(ctx context.Context, params *iam.ListAttachedUserPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListAttachedUserPoliciesOutput, error)
	ListGroupPolicies(ctx context.Context, params *iam.ListGroupPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListGroupPoliciesOutput, error)
	ListGroups(ctx context.Context, params *iam.ListGroupsInput, optFns ...func(*iam.Options)) (*iam.ListGroupsOutput, error)
	ListGroupsForUser(ctx context.Context, params *iam.ListGroupsForUserInput, optFns ...func(*iam.Options)) (*iam.ListGroupsForUserOutput, error)
	ListMFADevices(ctx context.Context, params *iam.ListMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListMFADevicesOutput, error)
	ListRoles(ctx context.Context, params *iam.ListRolesInput, optFns ...func(*iam.Options)) (*iam.ListRolesOutput, error)
	ListSAMLProviders(ctx context.Context, params *iam.ListSAMLProvidersInput, optFns ...func(*iam.Options)) (*iam.ListSAMLProvidersOutput, error)
	ListSSHPublicKeys(ctx context.Context, params *iam.ListSSHPublicKeysInput, optFns ...func(*iam.Options)) (*iam.ListSSHPublicKeysOutput, error)
	ListServerCertificates(ctx context.Context, params *iam.ListServerCertificatesInput, optFns ...func(*iam.Options)) (*iam.ListServerCertificatesOutput, error)
	ListServiceSpecificCredentials(ctx context.Context, params *iam.ListServiceSpecificCredentialsInput, optFns ...func(*iam.Options)) (*iam.ListServiceSpecificCredentialsOutput, error)
	ListSigningCertificates(ctx context.Context, params *iam.ListSigningCertificatesInput, optFns ...func(*iam.Options)) (*iam.ListSigningCertificatesOutput, error)
	ListUserPolicies(ctx context.Context, params *iam.ListUserPoliciesInput, optFns ...func(*iam.Options)) (*iam.ListUserPoliciesOutput, error)
	ListUserTags(ctx context.Context, params *iam.ListUserTagsInput, optFns ...func(*iam.Options)) (*iam.ListUserTagsOutput, error)
	ListUsers(ctx context.Context, params *iam.ListUsersInput, optFns ...func(*iam.Options)) (*iam.ListUsersOutput, error)
	ListVirtualMFADevices(ctx context.Context, params *iam.ListVirtualMFADevicesInput, optFns ...func(*iam.Options)) (*iam.ListVirtualMFADevicesOutput, error)
	ListOrganizationsFeatures(ctx context.Context, params *iam.ListOrganizationsFeaturesInput, optFns ...func(*iam.Options)) (*iam.ListOrganizationsFeaturesOutput, error)
	UpdateAccessKey(ctx context.Context, params *iam.UpdateAccessKeyInput, optFns ...func(*iam.Options)) (*iam.UpdateAccessKeyOutput, error)
}

// ProbeSTS is the part of *sts.Client the permission probes call.
type ProbeSTS interface {
	GetCallerIdentity(ctx context.Context, params *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// ProbeOrganizations is the part of *organizations.Client the permission
// probes call.
type ProbeOrganizations interface {
	DescribeOrganization(ctx context.Context, params *organizations.DescribeOrganizationInput, optFns ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListDelegatedAdministrators(ctx context.Context, params *organizations.ListDelegatedAdministratorsInput, optFns ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error)
}

var (
	_ ProbeIAM           = (*iam.Client)(nil)
	_ ProbeSTS           = (*sts.Client)(nil)
	_ ProbeOrganizations = (*organizations.Client)(nil)
)

// Names the permission probes use where an entity must be named but need
// not exist: IAM authorizes the call first, then answers NoSuchEntity.
const (
	absentEntityName = "iamaudit-permissions-check-absent"
	absentAccessKey  = "AKIAIAMAUDITABSENT00"
)

// probeTarget is what the probes call actions on: the caller's own user
// when the caller is an IAM user (so actions granted only on the own user,
// as in key-rotation-self, are checked where they apply), else absent names.
type probeTarget struct {
	iam           ProbeIAM
	sts           ProbeSTS
	organizations ProbeOrganizations
	user          string
	accessKeyID   string
}

// permissionProbe calls one action in its cheapest form: one-item pages,
// absent names, absent access key IDs. None changes anything.
type permissionProbe func(ctx context.Context, t probeTarget) error

func discard[T any](_ T, err error) error { return err }

// one is MaxItems 1, the cheapest page.
var one = aws.Int32(1)

// permissionProbes has a probe for every action of every purpose except
// the ones in uncheckedActions.
var permissionProbes = map[string]permissionProbe{
	"iam:GenerateCredentialReport": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{}))
	},
	"iam:GetAccessKeyLastUsed": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(t.accessKeyID)}))
	},
	"iam:GetAccountAuthorizationDetails": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{
			MaxItems: one, Filter: []iamtypes.EntityType{iamtypes.EntityTypeUser},
		}))
	},
	"iam:GetAccountPasswordPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}))
	},
	"iam:GetAccountSummary": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}))
	},
	"iam:GetCredentialReport": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}))
	},
	"iam:GetGroup": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:GetGroupPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: aws.String(absentEntityName), PolicyName: aws.String(absentEntityName)}))
	},
	"iam:GetLoginProfile": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String(t.user)}))
	},
	"iam:GetUser": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(t.user)}))
	},
	"iam:GetUserPolicy": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String(t.user), PolicyName: aws.String(absentEntityName)}))
	},
	"iam:ListAccessKeys": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListAccountAliases": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{MaxItems: one}))
	},
	"iam:ListAttachedGroupPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:ListAttachedUserPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListGroupPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String(absentEntityName), MaxItems: one}))
	},
	"iam:ListGroups": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroups(ctx, &iam.ListGroupsInput{MaxItems: one}))
	},
	"iam:ListGroupsForUser": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListMFADevices": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListSAMLProviders": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{}))
	},
	"iam:ListRoles": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListRoles(ctx, &iam.ListRolesInput{MaxItems: one}))
	},
	"iam:ListSSHPublicKeys": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSSHPublicKeys(ctx, &iam.ListSSHPublicKeysInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListServerCertificates": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{MaxItems: one}))
	},
	"iam:ListServiceSpecificCredentials": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{UserName: aws.String(t.user)}))
	},
	"iam:ListSigningCertificates": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListSigningCertificates(ctx, &iam.ListSigningCertificatesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUserPolicies": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUserTags": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String(t.user), MaxItems: one}))
	},
	"iam:ListUsers": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListUsers(ctx, &iam.ListUsersInput{MaxItems: one}))
	},
	"iam:ListVirtualMFADevices": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{MaxItems: one}))
	},
	"iam:UpdateAccessKey": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
			UserName: aws.String(t.user), AccessKeyId: aws.String(absentAccessKey), Status: iamtypes.StatusTypeActive,
		}))
	},
	"iam:DeleteAccessKey": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String(t.user), AccessKeyId: aws.String(absentAccessKey)}))
	},
	"iam:ListOrganizationsFeatures": func(ctx context.Context, t probeTarget) error {
		return discard(t.iam.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{}))
	},
	"organizations:DescribeOrganization": func(ctx context.Context, t probeTarget) error {
		if t.organizations == nil {
			return errors.New("no AWS Organizations client to check organizations:DescribeOrganization with")
		}
		return discard(t.organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}))
	},
	// A member account that is not a delegated administrator is denied this
	// whatever its policy says, and is reported missing.
	"organizations:ListDelegatedAdministrators": func(ctx context.Context, t probeTarget) error {
		if t.organizations == nil {
			return errors.New("no AWS Organizations client to check organizations:ListDelegatedAdministrators with")
		}
		return discard(t.organizations.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{MaxResults: one}))
	},
	"sts:GetCallerIdentity": func(ctx context.Context, t probeTarget) error {
		return discard(t.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	},
}

// UncheckedActions cannot be called without changing something:
// CreateAccessKey would create a key, AssumeRoot would open a privileged
// session in a member account. They are reported, not called.
var UncheckedActions = []string{"iam:CreateAccessKey", "sts:AssumeRoot"}

// answeredCodes are errors IAM (and Organizations) return only after they
// authorized a call, so they prove the action is allowed.
var answeredCodes = map[string]bool{
	"AWSOrganizationsNotInUseException": true, // the account is in no organization
	"NoSuchEntity":                      true,
	"ReportNotPresent":                  true,
	"ReportInProgress":                  true,
	"ReportExpired":                     true,
	"LimitExceeded":                     true,
	"ReportNotReady":                    true,
	"ConcurrentModification":            true,
	// iam:ListOrganizationsFeatures: facts about the caller or organization.
	"AccountNotManagementOrDelegatedAdministratorException": true,
	"OrganizationNotFoundException":                         true,
	"ServiceAccessNotEnabledException":                      true,
	"OrganizationNotInAllFeaturesModeException":             true,
}

// Caller is who the permission probes run as.
type Caller struct {
	IAM           ProbeIAM
	STS           ProbeSTS
	Organizations ProbeOrganizations
	// ARN is the caller's ARN, from sts:GetCallerIdentity.
	ARN string
	// AccessKeyID is the long-term access key the caller signs with, or ""
	// with temporary credentials.
	AccessKeyID string
}

// PermissionsResult sorts the actions of a check by outcome, each sorted.
type PermissionsResult struct {
	Allowed, Missing, Unchecked []string
}

// CheckPermissions calls each action once in its cheapest form that proves
// authorization and changes nothing, at most limit at once, and sorts the
// actions by outcome: allowed (IAM answered, even with NoSuchEntity, which
// it does only after authorizing), missing (AccessDenied), or unchecked
// (UncheckedActions: no probe can call them without a change). It fails on
// the first outcome that says nothing about authorization (throttling or
// network errors after retries, unexpected errors).
func CheckPermissions(ctx context.Context, caller Caller, actions []string, limit int) (PermissionsResult, error) {
	target := probeTarget{iam: caller.IAM, sts: caller.STS, organizations: caller.Organizations, user: callerUserName(caller.ARN), accessKeyID: caller.AccessKeyID}
	if !strings.HasPrefix(target.accessKeyID, "AKIA") {
		target.accessKeyID = absentAccessKey
	}
	res, err := runProbes(ctx, target, actions, max(1, limit))
	return PermissionsResult{Allowed: res.allowed, Missing: res.missing, Unchecked: res.unchecked}, err
}

// callerUserName is the user name of an IAM user caller
// (arn:aws:iam::123456789012:user/path/name), else an absent name.
func callerUserName(callerARN string) string {
	_, resource, ok := strings.Cut(callerARN, ":user/")
	if !ok || !strings.HasPrefix(callerARN, "arn:") {
		return absentEntityName
	}
	return resource[strings.LastIndex(resource, "/")+1:]
}

type probeResult struct {
	allowed, missing, unchecked []string
}

// runProbes calls the probe of every action concurrently (at most limit at
// once) and sorts the actions by outcome. It fails on the first outcome
// that says nothing about authorization.
func runProbes(ctx context.Context, target probeTarget, actions []string, limit int) (probeResult, error) {
	var (
		mu  sync.Mutex
		res probeResult
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, action := range actions {
		probe, ok := permissionProbes[action]
		if !ok {
			if !slices.Contains(UncheckedActions, action) {
				return probeResult{}, fmt.Errorf("no permission probe for %s: this is a bug in the provider; please report it", action)
			}
			res.unchecked = append(res.unchecked, action)
			continue
		}
		g.Go(func() error {
			allowed, err := probeOutcome(probe(gctx, target))
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if allowed {
				res.allowed = append(res.allowed, action)
			} else {
				res.missing = append(res.missing, action)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return probeResult{}, err
	}
	slices.Sort(res.allowed)
	slices.Sort(res.missing)
	slices.Sort(res.unchecked)
	return res, nil
}

// probeOutcome interprets a probe's error: nil or an answer IAM gives only
// after authorizing means allowed, AccessDenied means missing, anything else
// is returned because it does not tell.
func probeOutcome(err error) (allowed bool, _ error) {
	switch {
	case err == nil, answeredCodes[awserr.Code(err)]:
		return true, nil
	case awserr.IsAccessDenied(err):
		return false, nil
	default:
		return false, err
	}
}
