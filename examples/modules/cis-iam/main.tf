# CIS AWS Foundations Benchmark v3.0.0, section 1 (IAM), as Terraform checks.
#
# Every data source is declared here at the top level, never inside a check
# block: a read failure (AccessDenied, say) then fails the plan instead of
# becoming a warning, so the audit fails closed. The controls themselves are
# decided in ./modules/controls, from these values, with one check block per
# control. All reads share one collection in the provider: one
# GetAccountAuthorizationDetails sequence (plus one for the AWS managed
# policies), one credential report, one ListVirtualMFADevices and one
# GetAccountSummary per plan.

data "iamaudit_caller_identity" "this" {}

data "iamaudit_account" "this" {}

data "iamaudit_password_policy" "this" {}

# Only the root row is needed (1.4, 1.7); every user's facts come from
# iamaudit_users. Selecting it keeps the plan small in large accounts.
data "iamaudit_credential_report" "root" {
  users = ["<root_account>"]
}

data "iamaudit_users" "this" {}

data "iamaudit_groups" "this" {}

# The provider judges trust: principals of first_party_account_ids (and of
# the own account and organization) are not third parties for X.1.
data "iamaudit_roles" "this" {
  first_party_account_ids = var.first_party_account_ids
}

data "iamaudit_policies" "all" {
  scope = "All"
}

data "iamaudit_server_certificates" "this" {}

module "controls" {
  source = "./modules/controls"

  partition              = data.iamaudit_caller_identity.this.partition
  account                = data.iamaudit_account.this
  password_policy        = data.iamaudit_password_policy.this
  credential_report_rows = data.iamaudit_credential_report.root.rows
  users                  = data.iamaudit_users.this.users
  # How old the report-based facts are: stated in the summary and in every
  # report-based control's message.
  credential_report_generated_at = data.iamaudit_users.this.credential_report_generated_at
  groups                         = data.iamaudit_groups.this.groups
  roles                          = data.iamaudit_roles.this.roles
  policies                       = data.iamaudit_policies.all.policies
  server_certificates            = data.iamaudit_server_certificates.this.server_certificates

  unused_credentials_days   = var.unused_credentials_days
  key_rotation_days         = var.key_rotation_days
  minimum_password_length   = var.minimum_password_length
  password_reuse_prevention = var.password_reuse_prevention
  root_unused_days          = var.root_unused_days
  exclude_users             = var.exclude_users
  exclude_roles             = var.exclude_roles
}
