# The IAM part of a standard -- CIS AWS Foundations Benchmark v7.0.0
# (default), v5.0.0 or v3.0.0, or AWS Security Hub's IAM controls -- as
# Terraform checks, with the iamaudit provider.
#
# Every data source is declared here at the top level, never inside a check
# block: a read failure (AccessDenied, say) then fails the plan instead of
# becoming a warning, so the audit fails closed. The recommendations are
# decided in ./modules/controls from these values, and checks.tf has one
# check block per control. All reads share one collection in the provider:
# one GetAccountAuthorizationDetails sequence, one credential report, one
# ListVirtualMFADevices and one GetAccountSummary per plan, plus a handful
# of single calls (password policy, SAML providers, server certificates,
# the organization, its features and delegated administrators).

data "iamaudit_caller_identity" "this" {}

data "iamaudit_account" "this" {}

data "iamaudit_password_policy" "this" {}

# Only the root row is needed (root keys and root use); every user's facts
# come from iamaudit_users. Selecting it keeps the plan small in large
# accounts.
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

data "iamaudit_saml_providers" "this" {}

data "iamaudit_organization_features" "this" {}

data "iamaudit_delegated_administrators" "this" {}

locals {
  # The audited account. Every data source reads the provider's account.
  account_id = data.iamaudit_caller_identity.this.account_id

  organization = data.iamaudit_organization_features.this
  account      = data.iamaudit_account.this

  # Under centralized root access a member account's root user may have no
  # credentials at all; only a root session (sts:AssumeRoot) tells whether
  # it has a password. Open one only where that decides the root MFA
  # controls: a member account whose root user has no MFA, access keys or
  # signing certificates, with RootCredentialsManagement enabled.
  read_root_login_profile = (
    local.organization.organization_id != null && local.organization.management_account_id != local.account_id &&
    local.organization.root_credentials_management == true &&
    !local.account.root_mfa_enabled && !local.account.root_access_keys_present && !local.account.root_signing_certificates_present
  )
}

data "iamaudit_root_login_profile" "this" {
  count = local.read_root_login_profile ? 1 : 0

  account_id = local.account_id
}

module "controls" {
  source = "./modules/controls"

  standard   = var.standard
  account_id = local.account_id
  partition  = data.iamaudit_caller_identity.this.partition

  account                = local.account
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
  saml_providers                 = data.iamaudit_saml_providers.this.saml_providers
  organization                   = local.organization
  root_login_profile             = one(data.iamaudit_root_login_profile.this)
  delegated_administrators       = data.iamaudit_delegated_administrators.this

  unused_credentials_days      = var.unused_credentials_days
  key_rotation_days            = var.key_rotation_days
  root_unused_days             = var.root_unused_days
  minimum_password_length      = var.minimum_password_length
  password_reuse_prevention    = var.password_reuse_prevention
  max_password_age             = var.max_password_age
  require_uppercase_characters = var.require_uppercase_characters
  require_lowercase_characters = var.require_lowercase_characters
  require_numbers              = var.require_numbers
  require_symbols              = var.require_symbols
  required_tag_keys            = var.required_tag_keys
  exclude_users                = var.exclude_users
  exclude_roles                = var.exclude_roles
  exceptions                   = var.exceptions
}
