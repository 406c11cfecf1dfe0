# Read with the management account's (or the IAM delegated administrator's)
# credentials; elsewhere readable is false and reason says why.
data "iamaudit_organization_features" "this" {}

# CIS AWS Foundations v7.0.0 2.1.1: centralized root access.
check "centralized_root_access" {
  assert {
    condition     = !data.iamaudit_organization_features.this.readable || data.iamaudit_organization_features.this.root_credentials_management == true
    error_message = "RootCredentialsManagement is not enabled in ${coalesce(data.iamaudit_organization_features.this.organization_id, "(no organization)")}: ${coalesce(data.iamaudit_organization_features.this.reason, "enable it in IAM, Root access management")}."
  }
}
