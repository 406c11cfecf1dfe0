package acctest

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Organization is an AWS Organization seeded on a server: the server's
// default account manages it.
type Organization struct {
	ID      string
	Members map[string]string // account name -> account ID
}

// CreateOrganization creates an organization with all features in the
// server's account and a member account per name (organizations:CreateAccount).
// It is account-wide: use it on a Dedicated server.
func (f *Fixtures) CreateOrganization(ctx context.Context, memberNames ...string) (Organization, error) {
	orgs := organizations.NewFromConfig(f.srv.AWSConfig())
	out, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	if err != nil {
		return Organization{}, fmt.Errorf("organizations:CreateOrganization: %w", err)
	}
	org := Organization{ID: aws.ToString(out.Organization.Id), Members: map[string]string{}}
	for _, name := range memberNames {
		created, err := orgs.CreateAccount(ctx, &organizations.CreateAccountInput{
			AccountName: aws.String(name), Email: aws.String(name + "@example.com"),
		})
		if err != nil {
			return Organization{}, fmt.Errorf("organizations:CreateAccount %s: %w", name, err)
		}
		org.Members[name] = aws.ToString(created.CreateAccountStatus.AccountId)
	}
	return org, nil
}

// EnableCentralizedRootAccess gives IAM trusted access in the organization
// and enables RootCredentialsManagement, as the management account does.
func (f *Fixtures) EnableCentralizedRootAccess(ctx context.Context) error {
	orgs := organizations.NewFromConfig(f.srv.AWSConfig())
	if _, err := orgs.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{
		ServicePrincipal: aws.String("iam.amazonaws.com"),
	}); err != nil {
		return fmt.Errorf("organizations:EnableAWSServiceAccess iam.amazonaws.com: %w", err)
	}
	if _, err := f.IAM.EnableOrganizationsRootCredentialsManagement(ctx, &iam.EnableOrganizationsRootCredentialsManagementInput{}); err != nil {
		return fmt.Errorf("iam:EnableOrganizationsRootCredentialsManagement: %w", err)
	}
	return nil
}

// RegisterDelegatedAdministrator makes account a delegated administrator of
// servicePrincipal (iam.amazonaws.com: of centralized root access).
func (f *Fixtures) RegisterDelegatedAdministrator(ctx context.Context, account, servicePrincipal string) error {
	orgs := organizations.NewFromConfig(f.srv.AWSConfig())
	if _, err := orgs.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(account), ServicePrincipal: aws.String(servicePrincipal),
	}); err != nil {
		return fmt.Errorf("organizations:RegisterDelegatedAdministrator %s %s: %w", account, servicePrincipal, err)
	}
	return nil
}

// MemberRoleARN is the role a provider assumes to act in account: moto
// hands out credentials acting in the account of any role ARN it is asked
// for, whether the role exists or not.
func MemberRoleARN(account string) string {
	return "arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"
}

// AWSConfigIn is AWSConfig acting in account, through sts:AssumeRole of
// MemberRoleARN.
func (s *Server) AWSConfigIn(account string) aws.Config {
	cfg := s.AWSConfig()
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(s.AWSConfig()), MemberRoleARN(account)))
	return cfg
}
