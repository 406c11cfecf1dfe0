# The module as users call it, with a mocked provider: data sources at the
# top level feed the controls, the root login profile is read only where it
# decides the root MFA controls, every control has its check block, the
# variables are validated, and `enforce` fails the plan through the results
# output's precondition.
#
# Terraform 1.11 fills a mocked list-of-objects attribute (users, roles,
# credential report rows, ...) with an empty list whatever override_data
# says (hashicorp/terraform#38369), so here those lists are empty: root use
# is UNKNOWN (no <root_account> row) and the support role control FAILs (no
# role at all). The list-based controls are proven in controls.tftest.hcl.

mock_provider "iamaudit" {
  mock_data "iamaudit_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/auditor"
      user_id    = "AIDAEXAMPLEAUDITOR"
      partition  = "aws"
    }
  }

  mock_data "iamaudit_account" {
    defaults = {
      account_id                        = "123456789012"
      aliases                           = ["example"]
      root_mfa_enabled                  = true
      root_mfa_type                     = "hardware"
      root_access_keys_present          = false
      root_signing_certificates_present = false
      summary                           = { AccountMFAEnabled = 1 }
    }
  }

  mock_data "iamaudit_users" {
    defaults = {
      credential_report_generated_at = "2025-05-31T21:46:00Z"
    }
  }

  mock_data "iamaudit_password_policy" {
    defaults = {
      exists                         = true
      minimum_password_length        = 14
      require_symbols                = true
      require_numbers                = true
      require_uppercase_characters   = true
      require_lowercase_characters   = true
      allow_users_to_change_password = true
      expire_passwords               = true
      max_password_age               = 90
      password_reuse_prevention      = 24
      hard_expiry                    = false
    }
  }

  # A member account of an organization under centralized root access.
  mock_data "iamaudit_organization_features" {
    defaults = {
      organization_id             = "o-abc1234567"
      management_account_id       = "999988887777"
      readable                    = true
      reason                      = null
      enabled_features            = ["RootCredentialsManagement"]
      root_credentials_management = true
      root_sessions               = false
    }
  }

  mock_data "iamaudit_delegated_administrators" {
    defaults = {
      organization_id = "o-abc1234567"
      readable        = true
      reason          = null
    }
  }

  mock_data "iamaudit_root_login_profile" {
    defaults = {
      checked          = true
      unchecked_reason = null
      password_enabled = false
      create_date      = null
    }
  }
}

run "the_module_wires_the_data_sources" {
  command = plan

  expect_failures = [check.support_access]

  assert {
    condition     = length(output.results) == 30 && output.standard.name == "cis-aws-7.0.0"
    error_message = "The default standard is CIS v7.0.0 with 30 recommendations: ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = output.failed_controls == tolist(["2.15"]) && output.unknown_controls == tolist(["2.7"]) && length(output.manual_controls) == 10
    error_message = jsonencode([output.failed_controls, output.unknown_controls, output.manual_controls])
  }
  assert {
    condition     = output.results["2.1.1"].status == "PASS" && output.results["2.6"].status == "PASS"
    error_message = jsonencode([output.results["2.1.1"], output.results["2.6"]])
  }
  assert {
    condition     = output.credential_report.generated_at == "2025-05-31T21:46:00Z" && startswith(output.summary, "CIS Amazon Web Services Foundations Benchmark v7.0.0: 30 controls: 18 PASS, 1 FAIL, 1 UNKNOWN, 0 EXCEPTED, 10 MANUAL; user credential facts as of the credential report generated 2025-05-31T21:46:00Z, ")
    error_message = output.summary
  }
  assert {
    condition     = output.messages["2.15"] == "CIS v7.0.0 2.15: no support role: no role has arn:aws:iam::aws:policy/AWSSupportAccess attached"
    error_message = output.messages["2.15"]
  }
  assert {
    condition     = length(data.iamaudit_root_login_profile.this) == 0
    error_message = "The root user has MFA: no root session is opened."
  }
}

run "cis_v5_through_the_module" {
  command = plan

  variables {
    standard = "cis-aws-5.0.0"
  }
  expect_failures = [check.support_access]

  assert {
    condition     = length(output.results) == 25 && output.failed_controls == tolist(["1.16"]) && output.unknown_controls == tolist(["1.6"])
    error_message = jsonencode([keys(output.results), output.failed_controls, output.unknown_controls])
  }
}

run "cis_v3_through_the_module" {
  command = plan

  variables {
    standard = "cis-aws-3.0.0"
  }
  expect_failures = [check.support_access]

  assert {
    condition     = length(output.results) == 26 && output.failed_controls == tolist(["1.17"]) && output.unknown_controls == tolist(["1.7"])
    error_message = jsonencode([keys(output.results), output.failed_controls, output.unknown_controls])
  }
  assert {
    condition     = output.messages["1.17"] == "CIS v3.0.0 1.17: no support role: no role has arn:aws:iam::aws:policy/AWSSupportAccess attached"
    error_message = output.messages["1.17"]
  }
}

run "securityhub_through_the_module" {
  command = plan

  variables {
    standard = "securityhub-iam"
  }
  expect_failures = [check.support_access]

  assert {
    condition     = length(output.results) == 32 && output.failed_controls == tolist(["IAM.18"]) && length(output.unknown_controls) == 0
    error_message = jsonencode([keys(output.results), output.failed_controls, output.unknown_controls])
  }
  assert {
    condition     = output.messages["IAM.18"] == "Security Hub IAM.18: no support role: no group, role or user has arn:aws:iam::aws:policy/AWSSupportAccess attached"
    error_message = output.messages["IAM.18"]
  }
}

run "root_access_keys" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled                  = true
      root_mfa_type                     = "hardware"
      root_access_keys_present          = true
      root_signing_certificates_present = false
    }
  }
  expect_failures = [check.root_access_keys, check.support_access]

  assert {
    condition     = output.results["2.4"].status == "FAIL" && output.results["2.4"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["2.4"])
  }
  assert {
    condition     = output.messages["2.4"] == "CIS v7.0.0 2.4: the root user has access keys: <root_account> (AccountAccessKeysPresent = 1) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, more than 24 h before this plan)"
    error_message = output.messages["2.4"]
  }
}

# A member account's root user without credentials: the module opens a root
# session, and passes the MFA controls when it shows no password ...
run "member_root_without_credentials_is_read_in_a_root_session" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled                  = false
      root_mfa_type                     = "none"
      root_access_keys_present          = false
      root_signing_certificates_present = false
    }
  }
  expect_failures = [check.support_access]

  assert {
    condition     = length(data.iamaudit_root_login_profile.this) == 1 && data.iamaudit_root_login_profile.this[0].account_id == "123456789012"
    error_message = "The root login profile of the audited account is read."
  }
  assert {
    condition     = output.results["2.5"].status == "PASS" && output.results["2.6"].status == "PASS"
    error_message = jsonencode([output.results["2.5"], output.results["2.6"]])
  }
}

# ... and fails them when it shows one.
run "member_root_with_a_password" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled                  = false
      root_mfa_type                     = "none"
      root_access_keys_present          = false
      root_signing_certificates_present = false
    }
  }
  override_data {
    target = data.iamaudit_root_login_profile.this[0]
    values = {
      checked          = true
      password_enabled = true
      create_date      = "2024-01-01T00:00:00Z"
    }
  }
  expect_failures = [check.root_mfa, check.root_hardware_mfa, check.support_access]

  assert {
    condition     = output.failed_controls == tolist(["2.5", "2.6", "2.15"])
    error_message = jsonencode(output.failed_controls)
  }
}

# A signing certificate is a root credential: no root session, and no MFA fails.
run "member_root_with_a_signing_certificate_is_not_read" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled                  = false
      root_mfa_type                     = "none"
      root_access_keys_present          = false
      root_signing_certificates_present = true
    }
  }
  expect_failures = [check.root_mfa, check.root_hardware_mfa, check.support_access]

  assert {
    condition     = length(data.iamaudit_root_login_profile.this) == 0 && output.failed_controls == tolist(["2.5", "2.6", "2.15"])
    error_message = jsonencode(output.failed_controls)
  }
}

# Features the caller may not read: nothing to open a session on, UNKNOWN.
run "unreadable_features_leave_the_member_root_unknown" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled                  = false
      root_mfa_type                     = "none"
      root_access_keys_present          = false
      root_signing_certificates_present = false
    }
  }
  override_data {
    target = data.iamaudit_organization_features.this
    values = {
      organization_id             = "o-abc1234567"
      management_account_id       = "999988887777"
      readable                    = false
      reason                      = "not the management account"
      enabled_features            = null
      root_credentials_management = null
      root_sessions               = null
    }
  }
  expect_failures = [check.support_access]

  assert {
    condition     = length(data.iamaudit_root_login_profile.this) == 0 && output.unknown_controls == tolist(["2.1.1", "2.5", "2.6", "2.7"])
    error_message = jsonencode(output.unknown_controls)
  }
}

run "weak_password_policy" {
  command = plan

  override_data {
    target = data.iamaudit_password_policy.this
    values = {
      exists                    = true
      minimum_password_length   = 8
      password_reuse_prevention = null
    }
  }
  expect_failures = [check.password_policy, check.support_access]

  assert {
    condition     = output.failed_controls == tolist(["2.8", "2.9", "2.15"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.8"] == "CIS v7.0.0 2.8: weak password policy: minimum password length is 8, must be at least 14"
    error_message = output.messages["2.8"]
  }
}

run "thresholds_reach_the_controls" {
  command = plan

  variables {
    minimum_password_length   = 16
    password_reuse_prevention = 12
  }
  expect_failures = [check.password_policy, check.support_access]

  assert {
    condition     = output.results["2.8"].status == "FAIL" && output.results["2.9"].status == "PASS"
    error_message = jsonencode([output.results["2.8"], output.results["2.9"]])
  }
}

# An account-level finding accepted as a whole control: EXCEPTED, and its
# check block passes.
run "an_exception_passes_the_check_block" {
  command = plan

  variables {
    exceptions = [{ control = "support_access", reason = "support cases go through the MSP's account", expires = "2099-01-01" }]
  }

  assert {
    condition     = output.results["2.15"].status == "EXCEPTED" && output.excepted_controls == tolist(["2.15"]) && length(output.failed_controls) == 0
    error_message = jsonencode(output.results["2.15"])
  }
  assert {
    condition     = output.exceptions[0].state == "active" && length(output.stale_exceptions) == 0
    error_message = jsonencode(output.exceptions)
  }
}

run "a_stale_exception_warns" {
  command = plan

  variables {
    exceptions = [{ control = "2.12", offender = "nobody", reason = "left over", expires = "2099-01-01" }]
  }
  expect_failures = [check.stale_exceptions, check.support_access]

  assert {
    condition     = length(output.stale_exceptions) == 1 && output.stale_exceptions[0].control == "2.12"
    error_message = jsonencode(output.stale_exceptions)
  }
}

# ---------------------------------------------------------------- validation

run "an_unknown_standard_is_rejected" {
  command = plan
  variables {
    standard = "cis-aws-4.0.1"
  }
  expect_failures = [var.standard]
}

run "an_invalid_threshold_is_rejected" {
  command = plan
  variables {
    unused_credentials_days = 0
    key_rotation_days       = 12.5
  }
  expect_failures = [var.unused_credentials_days, var.key_rotation_days]
}

run "aws_tag_keys_are_rejected" {
  command = plan
  variables {
    required_tag_keys = ["aws:cloudformation:stack-name"]
  }
  expect_failures = [var.required_tag_keys]
}

# account_id reaches every account-scoped read; the organization's features
# and delegated administrators stay the provider's own (central) reads.
run "account_id_reaches_every_account_scoped_read" {
  command = plan

  variables {
    account_id              = "210987654321"
    first_party_account_ids = ["111122223333", "444455556666"]
  }
  expect_failures = [check.support_access]

  assert {
    condition     = data.iamaudit_roles.this.first_party_account_ids == toset(["111122223333", "444455556666"])
    error_message = "first_party_account_ids do not reach iamaudit_roles: ${jsonencode(data.iamaudit_roles.this.first_party_account_ids)}"
  }

  assert {
    condition = alltrue([for id in [
      data.iamaudit_caller_identity.this.account_id, data.iamaudit_account.this.account_id, data.iamaudit_password_policy.this.account_id,
      data.iamaudit_credential_report.root.account_id, data.iamaudit_users.this.account_id, data.iamaudit_groups.this.account_id,
      data.iamaudit_roles.this.account_id, data.iamaudit_policies.all.account_id, data.iamaudit_server_certificates.this.account_id,
      data.iamaudit_saml_providers.this.account_id, data.iamaudit_organization_features.this.account_id,
      data.iamaudit_delegated_administrators.this.account_id,
    ] : id == "210987654321"])
    error_message = "a data source does not read account 210987654321"
  }
}

# A plain member account may not read its organization's features: the
# provider's own account (the management account) answers for its
# organization ...
run "member_features_from_the_central_account" {
  command = plan

  variables {
    account_id = "210987654321"
  }
  override_data {
    target = data.iamaudit_organization_features.this
    values = {
      organization_id             = "o-abc1234567"
      management_account_id       = "999988887777"
      readable                    = false
      reason                      = "denied to the member"
      enabled_features            = []
      root_credentials_management = null
      root_sessions               = null
    }
  }
  expect_failures = [check.support_access]

  assert {
    condition     = output.results["2.1.1"].status == "PASS" && length(data.iamaudit_organization_features.central) == 1
    error_message = "2.1.1: ${jsonencode(output.results["2.1.1"])}"
  }
}

# ... but never for another organization.
run "central_features_of_another_organization_are_not_used" {
  command = plan

  variables {
    account_id = "210987654321"
  }
  override_data {
    target = data.iamaudit_organization_features.this
    values = {
      organization_id             = "o-abc1234567"
      management_account_id       = "999988887777"
      readable                    = false
      reason                      = "denied to the member"
      enabled_features            = []
      root_credentials_management = null
      root_sessions               = null
    }
  }
  override_data {
    target = data.iamaudit_organization_features.central
    values = {
      organization_id             = "o-other99999"
      management_account_id       = "111122223333"
      readable                    = true
      enabled_features            = ["RootCredentialsManagement"]
      root_credentials_management = true
      root_sessions               = true
    }
  }
  expect_failures = [check.support_access]

  assert {
    condition     = output.results["2.1.1"].status == "UNKNOWN"
    error_message = "2.1.1: ${jsonencode(output.results["2.1.1"])}"
  }
}

# Without account_id nothing is read twice.
run "no_central_reads_for_the_own_account" {
  command = plan

  expect_failures = [check.support_access]

  assert {
    condition     = length(data.iamaudit_organization_features.central) == 0 && length(data.iamaudit_delegated_administrators.central) == 0
    error_message = "central reads without account_id"
  }
}

run "account_id_is_validated" {
  command = plan

  variables {
    account_id = "21098765432"
  }
  expect_failures = [var.account_id]
}

run "first_party_account_ids_are_validated" {
  command = plan
  variables {
    first_party_account_ids = ["12345"]
  }
  expect_failures = [var.first_party_account_ids]
}

run "exceptions_are_validated" {
  command = plan
  variables {
    exceptions = [
      { account_id = "12345", control = "2.12", offender = "alice", reason = "r", expires = "2026-01-01" },
      { control = "2.12", offender = "alice", reason = " ", expires = "2026-01-01" },
      { control = "2.12", offender = "alice", reason = "r", expires = "next year" },
    ]
  }
  expect_failures = [var.exceptions]
}

# ------------------------------------------------------------------- enforce

# enforce = true: any FAIL fails the plan through the results output's
# precondition (here the support role, which fails with no role at all).
run "enforce_fails_the_plan_on_a_failed_control" {
  command = plan

  variables {
    enforce = true
  }
  expect_failures = [output.results, check.support_access]
}

# enforce = true and no FAIL, but a recommendation the data could not
# decide: an undecided audit has not passed, so the plan fails ...
run "enforce_fails_on_unknown" {
  command = plan

  variables {
    enforce    = true
    exceptions = [{ control = "support_access", reason = "MSP", expires = "2099-01-01" }]
  }
  expect_failures = [output.results]
}

# ... unless unknown_is_failure = false; MANUAL and EXCEPTED never fail it.
run "enforce_passes_unknown_manual_and_excepted_when_told" {
  command = plan

  variables {
    enforce            = true
    unknown_is_failure = false
    exceptions         = [{ control = "support_access", reason = "MSP", expires = "2099-01-01" }]
  }

  assert {
    condition     = output.unknown_controls == tolist(["2.7"]) && length(output.manual_controls) == 10 && output.excepted_controls == tolist(["2.15"])
    error_message = "The plan succeeds with UNKNOWN, MANUAL and EXCEPTED recommendations."
  }
}

# Every check block fires for its own control, with the control's messages.
run "every_control_has_a_check_block" {
  command = plan

  override_module {
    target = module.controls
    outputs = {
      standard          = { name = "cis-aws-7.0.0", title = "t", version = "7.0.0" }
      results           = {}
      failed_controls   = []
      unknown_controls  = []
      unknown_messages  = {}
      excepted_controls = []
      manual_controls   = []
      messages          = {}
      exceptions        = []
      excluded_users    = []
      excluded_roles    = []
      summary           = ""
      credential_report = { generated_at = null, age = null }
      check_failures = { for c in [
        "root_access_keys", "root_mfa", "root_hardware_mfa", "root_user_unused", "centralized_root_access", "password_policy",
        "console_user_mfa", "user_mfa", "initial_access_keys", "unused_credentials", "multiple_active_access_keys", "access_key_rotation",
        "permissions_through_groups", "centralized_user_management", "user_tags", "full_admin_policies_attached",
        "full_admin_customer_policies", "service_wildcard_customer_policies", "inline_full_admin_policies", "support_access",
        "cloudshell_full_access", "expired_server_certificates", "third_party_trust_without_external_id", "unpinned_web_identity_trust",
        "public_trust", "role_tags",
      ] : c => "${c}: failed" }
    }
  }
  expect_failures = [
    check.root_access_keys, check.root_mfa, check.root_hardware_mfa, check.root_user_unused, check.centralized_root_access,
    check.password_policy, check.console_user_mfa, check.user_mfa, check.initial_access_keys, check.unused_credentials,
    check.multiple_active_access_keys, check.access_key_rotation, check.permissions_through_groups, check.centralized_user_management,
    check.user_tags, check.full_admin_policies_attached, check.full_admin_customer_policies, check.service_wildcard_customer_policies,
    check.inline_full_admin_policies, check.support_access, check.cloudshell_full_access, check.expired_server_certificates,
    check.third_party_trust_without_external_id, check.unpinned_web_identity_trust, check.public_trust, check.role_tags,
  ]
}
