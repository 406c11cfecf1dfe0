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
#
# With account_id every read acts in that account, through the provider's
# member_role. A plain member account may not read its organization's
# features or delegated administrators; the provider's own account (the
# management account or a delegated administrator, in an organization
# audit) may, so they are also read there, and used only when that answer
# is about the audited account's own organization.

data "iamaudit_caller_identity" "this" {
  account_id = var.account_id
}

data "iamaudit_account" "this" {
  account_id = var.account_id
}

data "iamaudit_password_policy" "this" {
  account_id = var.account_id
}

# Only the root row is needed (root keys and root use); every user's facts
# come from iamaudit_users. Selecting it keeps the plan small in large
# accounts.
data "iamaudit_credential_report" "root" {
  account_id = var.account_id
  users      = ["<root_account>"]
}

data "iamaudit_users" "this" {
  account_id = var.account_id
}

data "iamaudit_groups" "this" {
  account_id = var.account_id
}

# The provider judges trust: principals of first_party_account_ids (and of
# the own account and organization) are not third parties for X.1.
data "iamaudit_roles" "this" {
  account_id              = var.account_id
  first_party_account_ids = var.first_party_account_ids
}

data "iamaudit_policies" "all" {
  account_id = var.account_id
  scope      = "All"
}

data "iamaudit_server_certificates" "this" {
  account_id = var.account_id
}

data "iamaudit_saml_providers" "this" {
  account_id = var.account_id
}

data "iamaudit_organization_features" "this" {
  account_id = var.account_id
}

data "iamaudit_delegated_administrators" "this" {
  account_id = var.account_id
}

data "iamaudit_organization_features" "central" {
  count = var.account_id == null ? 0 : 1
}

data "iamaudit_delegated_administrators" "central" {
  count = var.account_id == null ? 0 : 1
}

locals {
  # The audited account: account_id, or the provider's own.
  account_id = data.iamaudit_caller_identity.this.account_id

  # The audited account's own answer, unless it may not read it and the
  # provider's account can, in the same organization.
  own_features     = data.iamaudit_organization_features.this
  central_features = one(data.iamaudit_organization_features.central)
  use_central_features = (
    !local.own_features.readable && try(local.central_features.readable, false) &&
    local.own_features.organization_id != null && try(local.central_features.organization_id, null) == local.own_features.organization_id
  )
  organization           = local.use_central_features ? local.central_features : local.own_features
  own_administrators     = data.iamaudit_delegated_administrators.this
  central_administrators = one(data.iamaudit_delegated_administrators.central)
  use_central_administrators = (
    !local.own_administrators.readable && try(local.central_administrators.readable, false) &&
    local.own_administrators.organization_id != null && try(local.central_administrators.organization_id, null) == local.own_administrators.organization_id
  )
  delegated_administrators = local.use_central_administrators ? local.central_administrators : local.own_administrators
  account                  = data.iamaudit_account.this

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
  delegated_administrators       = local.delegated_administrators

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
