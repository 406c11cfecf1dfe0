package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// providerDataSources lists every data source, in alphabetical order.
var providerDataSources = []func() datasource.DataSource{
	NewAccessKeysDataSource,
	NewAccountDataSource,
	NewCallerIdentityDataSource,
	NewCredentialReportDataSource,
	NewDelegatedAdministratorsDataSource,
	NewGroupsDataSource,
	NewMFADevicesDataSource,
	NewOrganizationAccountsDataSource,
	NewOrganizationFeaturesDataSource,
	NewPasswordPolicyDataSource,
	NewPermissionsCheckDataSource,
	NewPoliciesDataSource,
	NewReaderPolicyDataSource,
	NewRolesDataSource,
	NewRootLoginProfileDataSource,
	NewSAMLProvidersDataSource,
	NewServerCertificatesDataSource,
	NewUserDataSource,
	NewUsersDataSource,
}

// providerResources lists every resource, in alphabetical order.
var providerResources = []func() resource.Resource{
	NewCrossAccountRoleResource,
	NewReaderUserResource,
}

// providerFunctions lists every provider-defined function.
var providerFunctions = []func() function.Function{
	NewDaysBetweenFunction,
}
