# Every control of every standard on the provider-free controls submodule,
# with literal IAM data shaped as the iamaudit data sources return it and a
# pinned clock. (Terraform 1.11 cannot fill the list-of-object attributes of
# a mocked data source from override_data -- hashicorp/terraform#38369 -- so
# the controls are proven here, and cis_iam.tftest.hcl proves the wiring of
# the data sources and the check blocks with mock_provider.)
#
# Every run starts from the compliant account in `variables` below (a member
# account under centralized root access) and changes one thing, and asserts
# the exact failed recommendations, so a control failing where it should
# not fails the run too. Each finding sits beside its look-alike that must
# pass.

variables {
  now        = "2025-06-01T00:00:00Z"
  account_id = "123456789012"

  # 2 h 14 min before now: the report-based controls' messages say so.
  credential_report_generated_at = "2025-05-31T21:46:00Z"

  account = {
    root_access_keys_present = false
    root_mfa_enabled         = true
    root_mfa_type            = "hardware"
  }

  password_policy = {
    exists                       = true
    minimum_password_length      = 14
    password_reuse_prevention    = 24
    require_symbols              = true
    require_numbers              = true
    require_uppercase_characters = true
    require_lowercase_characters = true
    expire_passwords             = true
    max_password_age             = 90
  }

  credential_report_rows = [
    {
      user                        = "<root_account>"
      password_last_used          = "2025-03-03T00:00:00Z" # exactly 90 days before now: not within 90 days
      access_key_1_active         = false
      access_key_1_last_used_date = null
      access_key_2_active         = false
      access_key_2_last_used_date = null
    },
    { user = "svc-deploy" },
  ]

  # No console user: people sign in through federation (2.19).
  users = [
    {
      name             = "svc-deploy"
      age_days         = 100
      password_enabled = false
      mfa_enabled      = true
      tags             = { owner = "platform" }
      access_keys = [
        # Exactly 90 days old: not older than 90 days.
        { slot = 1, active = true, create_date = "2025-03-03T00:00:00Z", age_days = 90, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        { slot = 2, active = false, create_date = "2024-08-05T00:00:00Z", age_days = 300, last_used_date = null, last_used_days = null },
      ]
      active_access_key_count = 1
    },
  ]

  groups = [
    { name = "developers", attached_policy_arns = ["arn:aws:iam::123456789012:policy/reports"] },
  ]

  roles = [
    { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"], tags = { owner = "security" } },
    {
      name                   = "vendor-audit"
      trusted_aws_principals = ["arn:aws:iam::111122223333:root"]
      third_party_trust      = true
      external_id_required   = true
      tags                   = { owner = "security" }
      inline_policies        = [{ name = "read-reports", grants_full_admin = false }]
    },
    {
      name              = "github-plan"
      trusted_federated = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
      tags              = { owner = "platform" }
    },
  ]

  policies = [
    { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
    { name = "reports", arn = "arn:aws:iam::123456789012:policy/reports", attachment_count = 1, grants_full_admin = false, service_wildcards = [] },
    # Grants everything, but is only a permissions boundary: Security Hub
    # IAM.1 and IAM.21 skip it, and nothing has it attached (CIS 2.14).
    {
      name              = "boundary-admin", arn = "arn:aws:iam::123456789012:policy/boundary-admin", attachment_count = 0, permissions_boundary_usage_count = 2,
      grants_full_admin = true, grants_star_on_star = true, service_wildcards = ["Action \"*\""]
    },
  ]

  server_certificates = [
    { name = "www-2026", expiration = "2026-01-01T00:00:00Z", expired = false },
  ]

  saml_providers = [{ name = "okta", expired = false }]

  organization = {
    organization_id       = "o-abc1234567"
    management_account_id = "999988887777"
    readable              = true
    enabled_features      = ["RootCredentialsManagement"]
  }

  delegated_administrators = {
    readable                 = true
    delegated_administrators = [{ id = "444455556666", name = "security" }]
  }
}

# ------------------------------------------------------------ the standards

run "cis_v7_compliant_account" {
  command = plan
  module {
    source = "./modules/controls"
  }

  assert {
    condition = keys(output.results) == tolist(["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.10", "2.11", "2.12", "2.13",
    "2.14", "2.15", "2.16", "2.17", "2.18", "2.19", "2.2", "2.20", "2.21", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "CIS v7.0.0 has 2.1.1 to 2.21 and X.1 to X.4, each once: ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = output.manual_controls == tolist(["2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.2", "2.3", "2.16", "2.18", "2.21"])
    error_message = "MANUAL in report order: ${jsonencode(output.manual_controls)}."
  }
  assert {
    condition     = alltrue([for id, r in output.results : r.status == (contains(output.manual_controls, id) ? "MANUAL" : "PASS") && length(r.offenders) == 0])
    error_message = "Every decided recommendation must PASS with no offenders: ${jsonencode(output.results)}."
  }
  assert {
    condition     = length(output.failed_controls) + length(output.unknown_controls) + length(output.excepted_controls) + length(output.messages) + length(output.check_failures) == 0
    error_message = "Nothing may fail, be unknown or excepted."
  }
  assert {
    condition     = output.standard == { name = "cis-aws-7.0.0", title = "CIS Amazon Web Services Foundations Benchmark v7.0.0", version = "7.0.0" }
    error_message = jsonencode(output.standard)
  }
  assert {
    condition = jsonencode(output.results["2.12"]) == jsonencode({
      assessment            = "Automated"
      crosswalk             = { "cis-aws-3.0.0" = [{ id = "1.14", relation = "equivalent" }], "cis-aws-5.0.0" = [{ id = "1.13", relation = "equivalent" }], "securityhub-iam" = [{ id = "IAM.3", relation = "equivalent" }] }
      offenders             = []
      profile               = "Level 1"
      reason                = ""
      securityhub_standards = []
      status                = "PASS"
      title                 = "Ensure access keys are rotated every 90 days or less"
    })
    error_message = jsonencode(output.results["2.12"])
  }
  assert {
    condition     = output.results["2.1.1"].reason == "RootCredentialsManagement is enabled in organization o-abc1234567" && output.results["2.15"].reason == "AWSSupportAccess is attached to role support"
    error_message = "A PASS says what it rests on: ${output.results["2.1.1"].reason} / ${output.results["2.15"].reason}."
  }
  assert {
    condition     = output.results["2.19"].reason == "SAML identity providers: okta"
    error_message = output.results["2.19"].reason
  }
  assert {
    condition     = startswith(output.results["2.1.5"].reason, "Whether the delegated administrator is a purpose-built governance account is a judgement.") && endswith(output.results["2.1.5"].reason, " Delegated administrators: 444455556666 (security).")
    error_message = "MANUAL says what to check, with the delegated administrators as evidence: ${output.results["2.1.5"].reason}"
  }
  assert {
    condition     = output.summary == "CIS Amazon Web Services Foundations Benchmark v7.0.0: 30 controls: 20 PASS, 0 FAIL, 0 UNKNOWN, 0 EXCEPTED, 10 MANUAL; user credential facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan"
    error_message = output.summary
  }
}

run "cis_v5_compliant_account" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-5.0.0"
  }

  assert {
    condition = keys(output.results) == tolist(["1.1", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.18", "1.19", "1.2",
    "1.20", "1.21", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "CIS v5.0.0 has 1.1 to 1.21 and X.1 to X.4, each once: ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = output.manual_controls == tolist(["1.1", "1.2", "1.17", "1.19"])
    error_message = jsonencode(output.manual_controls)
  }
  assert {
    condition     = alltrue([for id, r in output.results : r.status == (contains(output.manual_controls, id) ? "MANUAL" : "PASS")])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["1.10"].title == "Do not create access keys during initial setup for IAM users with a console password" && output.results["1.10"].crosswalk["cis-aws-3.0.0"] == tolist([{ id = "1.11", relation = "equivalent" }])
    error_message = "v5 1.10 is v3 1.11 (initial access keys), not v3 1.10: ${jsonencode(output.results["1.10"])}"
  }
}

run "cis_v3_compliant_account" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-3.0.0"
  }

  assert {
    condition = keys(output.results) == tolist(["1.1", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.18", "1.19", "1.2",
    "1.20", "1.21", "1.22", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "CIS v3.0.0 has 1.1 to 1.22 and X.1 to X.4, each once: ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = output.manual_controls == tolist(["1.1", "1.2", "1.3", "1.18", "1.20"])
    error_message = jsonencode(output.manual_controls)
  }
  assert {
    condition     = alltrue([for id, r in output.results : r.status == (contains(output.manual_controls, id) ? "MANUAL" : "PASS")])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["1.3"].reason == "Security challenge questions are visible only to the root user in the console (Account, Configure Security Challenge Questions); no API reports them. Sign in as the root user and check that they are set. CIS v5.0.0 and later no longer include this recommendation."
    error_message = output.results["1.3"].reason
  }
}

run "securityhub_compliant_account" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
  }

  assert {
    condition = keys(output.results) == tolist(["IAM.1", "IAM.10", "IAM.11", "IAM.12", "IAM.13", "IAM.14", "IAM.15", "IAM.16", "IAM.17", "IAM.18",
      "IAM.19", "IAM.2", "IAM.20", "IAM.21", "IAM.22", "IAM.23", "IAM.24", "IAM.25", "IAM.26", "IAM.27", "IAM.28", "IAM.3", "IAM.4", "IAM.5",
    "IAM.6", "IAM.7", "IAM.8", "IAM.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "Security Hub has IAM.1 to IAM.28 and X.1 to X.4, each once: ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = output.manual_controls == tolist(["IAM.20", "IAM.23", "IAM.24", "IAM.25", "IAM.28"])
    error_message = jsonencode(output.manual_controls)
  }
  assert {
    condition     = alltrue([for id, r in output.results : r.status == (contains(output.manual_controls, id) ? "MANUAL" : "PASS")])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["IAM.3"].profile == "Medium" && contains(output.results["IAM.3"].securityhub_standards, "AWS Foundational Security Best Practices v1.0.0") && output.results["IAM.3"].crosswalk["cis-aws-7.0.0"] == tolist([{ id = "2.12", relation = "equivalent" }])
    error_message = jsonencode(output.results["IAM.3"])
  }
  assert {
    condition     = strcontains(output.results["IAM.25"].reason, "Set required_tag_keys to decide this control") && strcontains(output.results["IAM.25"].reason, "Security Hub without configured keys fails users with no tag")
    error_message = "IAM.25 is MANUAL without required_tag_keys and says Security Hub fails untagged users: ${output.results["IAM.25"].reason}"
  }
}

# ---------------------------------------------------------------- root user

run "root_access_keys_from_account_summary" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account = { root_access_keys_present = true, root_mfa_enabled = true, root_mfa_type = "hardware" }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.4"]) && output.results["2.4"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["2.4"])
  }
  assert {
    condition     = output.messages["2.4"] == "CIS v7.0.0 2.4: the root user has access keys: <root_account> (AccountAccessKeysPresent = 1) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["2.4"]
  }
}

run "root_access_key_from_the_report_row" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard               = "securityhub-iam"
    credential_report_rows = [{ user = "<root_account>", password_last_used = null, access_key_2_active = true, access_key_2_last_used_date = "2025-01-01T00:00:00Z" }]
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.4"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.4"] == "Security Hub IAM.4: the root user has access keys: <root_account> (active access key slot 2) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["IAM.4"]
  }
}

run "root_without_mfa_in_an_account_outside_any_organization" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account      = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    organization = {}
  }

  assert {
    condition     = output.failed_controls == tolist(["2.1.1", "2.5", "2.6"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.5"] == "CIS v7.0.0 2.5: the root user has no MFA: <root_account> (no MFA device)"
    error_message = output.messages["2.5"]
  }
  assert {
    condition     = output.messages["2.1.1"] == "CIS v7.0.0 2.1.1: centralized root access is not enabled: account 123456789012 belongs to no AWS Organization, so its root credentials cannot be managed centrally"
    error_message = output.messages["2.1.1"]
  }
}

run "root_with_virtual_mfa" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account = { root_access_keys_present = false, root_mfa_enabled = true, root_mfa_type = "virtual" }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.6"]) && output.messages["2.6"] == "CIS v7.0.0 2.6: the root user has no hardware MFA: <root_account> (virtual MFA device, not hardware)"
    error_message = jsonencode(output.messages)
  }
}

# Centralized root access: a member account's root user without any
# credential passes the MFA controls when a root session shows no password.
run "member_root_without_credentials_passes_under_centralized_root_access" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard           = "securityhub-iam"
    account            = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    root_login_profile = { checked = true, password_enabled = false }
  }

  assert {
    condition     = length(output.failed_controls) == 0 && output.results["IAM.9"].status == "PASS" && output.results["IAM.6"].status == "PASS"
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["IAM.9"].reason == "the root user of member account 123456789012 has no MFA device, access keys or signing certificates, and no console password (read in a root session: sts:AssumeRoot with IAMAuditRootUserCredentials, iam:GetLoginProfile) under centralized root access: it has no credentials to protect"
    error_message = output.results["IAM.9"].reason
  }
}

run "member_root_with_a_password_fails" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account            = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    root_login_profile = { checked = true, password_enabled = true }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.5", "2.6"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.5"] == "CIS v7.0.0 2.5: the root user has no MFA: <root_account> (console password and no MFA device (read in a root session under centralized root access))"
    error_message = output.messages["2.5"]
  }
}

run "member_root_is_unknown_when_no_root_session_could_be_opened" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account            = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    root_login_profile = { checked = false, unchecked_reason = "the session was refused" }
  }

  assert {
    condition     = length(output.failed_controls) == 0 && output.unknown_controls == tolist(["2.5", "2.6"])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.unknown_messages["2.5"] == "CIS v7.0.0 2.5: UNKNOWN: the root user of member account 123456789012 has no MFA device, access keys or signing certificates and centralized root access is enabled, but no root session could read whether it has a password: the session was refused"
    error_message = output.unknown_messages["2.5"]
  }
}

run "member_root_is_unknown_when_the_features_are_unreadable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account      = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    organization = { organization_id = "o-abc1234567", management_account_id = "999988887777", readable = false, reason = "the caller may not ask" }
  }

  assert {
    condition     = length(output.failed_controls) == 0 && output.unknown_controls == tolist(["2.1.1", "2.5", "2.6"])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["2.1.1"].reason == "whether centralized root access is enabled is unknown: the caller may not ask"
    error_message = output.results["2.1.1"].reason
  }
  assert {
    condition     = startswith(output.results["2.5"].reason, "the root user of member account 123456789012 has no MFA device, access keys or signing certificates; under centralized root access that passes if it has no password either, but whether centralized root access is enabled is unknown (the caller may not ask).")
    error_message = output.results["2.5"].reason
  }
}

# Look-alikes of the member root that passes, each of which must fail.
run "root_with_keys_fails_under_centralized_root_access" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account            = { root_access_keys_present = true, root_mfa_enabled = false, root_mfa_type = "none" }
    root_login_profile = { checked = true, password_enabled = false }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.4", "2.5", "2.6"])
    error_message = jsonencode(output.failed_controls)
  }
}

run "management_account_root_without_mfa_fails" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account_id = "999988887777"
    account    = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.5", "2.6"])
    error_message = jsonencode(output.failed_controls)
  }
}

run "member_root_without_centralized_root_access_fails" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account      = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
    organization = { organization_id = "o-abc1234567", management_account_id = "999988887777", readable = true, enabled_features = ["RootSessions"] }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.1.1", "2.5", "2.6"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.1.1"] == "CIS v7.0.0 2.1.1: centralized root access is not enabled: RootCredentialsManagement is not enabled in organization o-abc1234567 (enabled features: RootSessions)"
    error_message = output.messages["2.1.1"]
  }
}

run "root_used_within_the_window" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_rows = [{ user = "<root_account>", password_last_used = "2025-05-01T00:00:00Z", access_key_1_last_used_date = "2025-03-02T23:59:59Z" }]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.7"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.7"] == "CIS v7.0.0 2.7: the root user was used in the last 90 days: <root_account> (password used 2025-05-01T00:00:00Z) (root facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["2.7"]
  }
}

run "root_use_unknown_without_the_root_row" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard               = "cis-aws-5.0.0"
    credential_report_rows = [{ user = "svc-deploy" }]
  }

  assert {
    condition     = length(output.failed_controls) == 0 && output.unknown_controls == tolist(["1.6"])
    error_message = jsonencode(output.results["1.6"])
  }
  assert {
    condition     = output.unknown_messages["1.6"] == "CIS v5.0.0 1.6: UNKNOWN: the credential report has no <root_account> row, so the root user's last use is unknown"
    error_message = output.unknown_messages["1.6"]
  }
}

run "root_window_is_a_variable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    root_unused_days = 91
  }

  assert {
    condition     = output.failed_controls == tolist(["2.7"]) && output.results["2.7"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["2.7"])
  }
}

# ----------------------------------------------------------- password policy

run "no_password_policy_fails_every_password_recommendation" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard        = "securityhub-iam"
    password_policy = { exists = false }
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.7", "IAM.10", "IAM.11", "IAM.12", "IAM.13", "IAM.14", "IAM.15", "IAM.16", "IAM.17"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.16"] == "Security Hub IAM.16: weak password policy: no account password policy is set"
    error_message = output.messages["IAM.16"]
  }
  assert {
    condition     = length(split("\n", output.check_failures["password_policy"])) == 9
    error_message = "The password_policy check block carries the message of each failed recommendation: ${output.check_failures["password_policy"]}"
  }
}

run "weak_password_policy_in_cis" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    password_policy = { exists = true, minimum_password_length = 8, password_reuse_prevention = null }
  }

  assert {
    condition     = output.failed_controls == tolist(["2.8", "2.9"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition = output.check_failures["password_policy"] == join("\n", [
      "CIS v7.0.0 2.8: weak password policy: minimum password length is 8, must be at least 14",
      "CIS v7.0.0 2.9: weak password policy: password reuse prevention is off, must remember at least 24 passwords",
    ])
    error_message = output.check_failures["password_policy"]
  }
}

# Security Hub's password controls have their own parameters: a policy of 8
# characters, every character class and 4 remembered passwords, never
# expiring, passes IAM.7 and the character class controls but nothing else.
run "securityhub_password_parameters" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    password_policy = {
      exists          = true, minimum_password_length = 8, password_reuse_prevention = 4, expire_passwords = false,
      require_symbols = true, require_numbers = true, require_uppercase_characters = true, require_lowercase_characters = true
    }
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.10", "IAM.15", "IAM.16", "IAM.17"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.10"] == "Security Hub IAM.10: weak password policy: passwords do not expire, must expire within 90 days"
    error_message = output.messages["IAM.10"]
  }
  assert {
    condition     = output.messages["IAM.16"] == "Security Hub IAM.16: weak password policy: password reuse prevention remembers 4 passwords, must be at least 24"
    error_message = output.messages["IAM.16"]
  }
}

run "password_thresholds_override_every_recommendation" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard                = "securityhub-iam"
    minimum_password_length = 16
    max_password_age        = 60
    require_symbols         = false
    password_policy = {
      exists          = true, minimum_password_length = 14, password_reuse_prevention = 24, expire_passwords = true, max_password_age = 90,
      require_symbols = false, require_numbers = true, require_uppercase_characters = true, require_lowercase_characters = true
    }
  }

  # 16 characters for IAM.7, IAM.10 and IAM.15; 60 days for IAM.10 and
  # IAM.17; symbols no longer required (IAM.7, IAM.13 pass on that).
  assert {
    condition     = output.failed_controls == tolist(["IAM.7", "IAM.10", "IAM.15", "IAM.17"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.10"] == "Security Hub IAM.10: weak password policy: minimum password length is 14, must be at least 16; passwords expire after 90 days, must expire within 60"
    error_message = output.messages["IAM.10"]
  }
}

# --------------------------------------------------------------------- users

run "console_users_without_mfa_and_users_without_mfa" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    users = [
      { name = "alice", age_days = 30, password_enabled = true, password_last_used_days = 2, mfa_enabled = false },
      { name = "bob", age_days = 30, password_enabled = false, mfa_enabled = false },
      { name = "carol", age_days = 30, password_enabled = true, password_last_used_days = 2, mfa_enabled = true },
    ]
  }

  # IAM.5 is about console users only; IAM.19 about every user.
  assert {
    condition     = output.results["IAM.5"].offenders == tolist(["alice"]) && output.results["IAM.19"].offenders == tolist(["alice", "bob"])
    error_message = jsonencode([output.results["IAM.5"], output.results["IAM.19"]])
  }
  assert {
    condition     = output.failed_controls == tolist(["IAM.5", "IAM.19"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.19"] == "Security Hub IAM.19: users without MFA: alice (no MFA, console password), bob (no MFA, programmatic access only)"
    error_message = output.messages["IAM.19"]
  }
}

run "console_users_sign_in_instead_of_federation" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users  = ["break-glass"]
    saml_providers = [{ name = "okta", expired = false }, { name = "adfs-legacy", expired = true }]
    users = [
      { name = "alice", age_days = 30, password_enabled = true, password_last_used_days = 2, mfa_enabled = true },
      { name = "break-glass", age_days = 300, password_enabled = true, mfa_enabled = true },
      { name = "svc", age_days = 30, password_enabled = false, mfa_enabled = true },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.19"]) && output.results["2.19"].offenders == tolist(["alice"])
    error_message = jsonencode(output.results["2.19"])
  }
  assert {
    condition     = output.messages["2.19"] == "CIS v7.0.0 2.19: IAM users sign in with console passwords instead of federation: alice (console password, used 2 days ago) (password facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["2.19"]
  }
  assert {
    condition     = output.excluded_users == tolist(["break-glass"])
    error_message = jsonencode(output.excluded_users)
  }
}

run "initial_access_keys" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-3.0.0"
    users = [
      {
        name        = "dora", age_days = 3, password_enabled = true, password_last_used_days = 1, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = null, last_used_days = null }]
      },
      # Look-alikes: the key was used; the unused key is inactive; no console password.
      {
        name        = "emil", age_days = 3, password_enabled = true, password_last_used_days = 1, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
      {
        name        = "fay", age_days = 3, password_enabled = true, password_last_used_days = 1, mfa_enabled = true
        access_keys = [{ slot = 1, active = false, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = null, last_used_days = null }]
      },
      {
        name        = "svc", age_days = 3, password_enabled = false, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = null, last_used_days = null }]
      },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["1.11", "1.21"]) && output.results["1.11"].offenders == tolist(["dora"])
    error_message = jsonencode([output.failed_controls, output.results["1.11"]])
  }
}

# The same unused credentials against CIS's 45 days and Security Hub's
# IAM.22 (45) and IAM.8 (90).
run "unused_credentials_45_and_90_days" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    users = [
      { name = "carol", age_days = 400, password_enabled = true, password_last_used_days = 60, mfa_enabled = true },
      { name = "gus", age_days = 400, password_enabled = true, password_last_used_days = 45, mfa_enabled = true },
      { name = "hal", age_days = 400, password_enabled = true, password_last_used_days = 44, mfa_enabled = true },
      {
        name        = "dan", age_days = 400, password_enabled = false, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-05-01T00:00:00Z", age_days = 31, last_used_date = "2025-02-21T00:00:00Z", last_used_days = 100 }]
      },
    ]
  }

  assert {
    condition     = output.results["IAM.22"].offenders == tolist(["carol", "dan", "gus"]) && output.results["IAM.8"].offenders == tolist(["dan"])
    error_message = jsonencode([output.results["IAM.22"], output.results["IAM.8"]])
  }
  assert {
    condition     = output.messages["IAM.8"] == "Security Hub IAM.8: credentials unused for 90 days or more: dan (key slot 1 unused 100 days) (password and key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["IAM.8"]
  }
}

run "unused_credentials_threshold_overrides_both" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard                = "securityhub-iam"
    unused_credentials_days = 100
    users = [
      { name = "carol", age_days = 400, password_enabled = true, password_last_used_days = 60, mfa_enabled = true },
      {
        name        = "dan", age_days = 400, password_enabled = false, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-05-01T00:00:00Z", age_days = 31, last_used_date = "2025-02-21T00:00:00Z", last_used_days = 100 }]
      },
    ]
  }

  assert {
    condition     = output.results["IAM.22"].offenders == tolist(["dan"]) && output.results["IAM.8"].offenders == tolist(["dan"])
    error_message = jsonencode([output.results["IAM.22"], output.results["IAM.8"]])
  }
}

run "never_used_credentials_count_from_their_creation" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      # Password set exactly 45 days ago and never used: a finding.
      { name = "ivy", age_days = 50, password_enabled = true, password_last_changed = "2025-04-17T00:00:00Z", mfa_enabled = true },
      # Set 44 days and 23 hours ago: not yet.
      { name = "jon", age_days = 50, password_enabled = true, password_last_changed = "2025-04-17T01:00:00Z", mfa_enabled = true },
      # No change date: the user's age counts.
      { name = "kim", age_days = 45, password_enabled = true, mfa_enabled = true },
      {
        name        = "lee", age_days = 60, password_enabled = false, mfa_enabled = true
        access_keys = [{ slot = 1, active = true, create_date = "2025-04-02T00:00:00Z", age_days = 60, last_used_date = null, last_used_days = null }]
      },
    ]
  }

  assert {
    condition     = output.results["2.11"].offenders == tolist(["ivy", "kim", "lee"])
    error_message = jsonencode(output.results["2.11"])
  }
}

run "multiple_active_access_keys" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-5.0.0"
    users = [
      {
        name = "two-keys", age_days = 10, password_enabled = false, mfa_enabled = true, active_access_key_count = 2
        access_keys = [
          { slot = 1, active = true, create_date = "2025-05-22T00:00:00Z", age_days = 10, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
          { slot = 2, active = true, create_date = "2025-05-31T00:00:00Z", age_days = 1, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
      },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["1.12"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["1.12"] == "CIS v5.0.0 1.12: users with more than one active access key: two-keys (2 active keys) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.12"]
  }
}

# A key 90 days and 12 hours old is older than 90 days, though its
# age_days is 90; one 89 days and 12 hours old is not.
run "access_key_rotation_to_the_second" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name        = "dora", age_days = 100, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2025-03-02T12:00:00Z", age_days = 90, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
      {
        name        = "emil", age_days = 100, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2025-03-03T12:00:00Z", age_days = 89, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
      {
        name        = "fred", age_days = 400, password_enabled = false, mfa_enabled = true
        access_keys = [{ slot = 1, active = false, create_date = "2024-05-02T00:00:00Z", age_days = 395, last_used_date = null, last_used_days = null }]
      },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.12"]) && output.results["2.12"].offenders == tolist(["dora"])
    error_message = jsonencode(output.results["2.12"])
  }
  assert {
    condition     = output.messages["2.12"] == "CIS v7.0.0 2.12: active access keys older than 90 days: dora (slot 1, 90 days, created 2025-03-02T12:00:00Z) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["2.12"]
  }
}

run "access_key_rotation_threshold_is_a_variable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard          = "securityhub-iam"
    key_rotation_days = 30
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.3"]) && output.messages["IAM.3"] == "Security Hub IAM.3: active access keys older than 30 days: svc-deploy (slot 1, 90 days, created 2025-03-03T00:00:00Z) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = jsonencode(output.messages)
  }
}

run "permissions_through_groups" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    users = [
      { name = "grace", age_days = 10, password_enabled = false, mfa_enabled = true, attached_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"], inline_policy_names = ["reports-read"] },
      { name = "hank", age_days = 10, password_enabled = false, mfa_enabled = true, inline_policy_names = ["x"] },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.2"]) && output.messages["IAM.2"] == "Security Hub IAM.2: users with policies not from a group: grace (attached ReadOnlyAccess; inline reports-read), hank (inline x)"
    error_message = jsonencode(output.messages)
  }
}

# Users as the data source gives them, every list and count present: the
# module reads them as they are (literal users that omit one are copied
# with it filled, which every other run exercises). Same verdicts and
# details, a user's password before its keys.
run "users_with_every_attribute_given" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-5.0.0"
    users = [
      {
        name        = "jon", age_days = 400, password_enabled = false, mfa_enabled = true, attached_policy_arns = [], inline_policy_names = [], inline_policies = []
        access_keys = [], active_access_key_count = 0, tags = { owner = "platform" }, credentials_as_of = "2025-05-31T21:46:00Z"
      },
      {
        name                 = "ivy", age_days = 400, password_enabled = true, password_last_used_days = 100, password_last_changed = "2024-01-01T00:00:00Z", mfa_enabled = false
        attached_policy_arns = [], inline_policy_names = ["ivy-notes"], inline_policies = [{ name = "ivy-notes", grants_full_admin = false }], tags = {}
        access_keys = [
          { slot = 1, active = true, create_date = "2024-06-01T00:00:00Z", age_days = 365, last_used_date = null, last_used_days = null },
          { slot = 2, active = true, create_date = "2025-05-01T00:00:00Z", age_days = 31, last_used_date = "2025-05-30T00:00:00Z", last_used_days = 2 },
        ]
        active_access_key_count = 2, credentials_as_of = "2025-05-31T21:46:00Z"
      },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.20"]) && alltrue([for id in output.failed_controls : output.results[id].offenders == tolist(["ivy"])])
    error_message = jsonencode([output.failed_controls, output.results])
  }
  assert {
    condition = [for id in output.failed_controls : output.messages[id]] == [
      "CIS v5.0.0 1.9: console users without MFA: ivy (console password, no MFA, password used 100 days ago) (password facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
      "CIS v5.0.0 1.10: console users with an active access key never used: ivy (slot 1, never used, 365 days old) (password and key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
      "CIS v5.0.0 1.11: credentials unused for 45 days or more: ivy (password unused 100 days, key slot 1 never used, 365 days old) (password and key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
      "CIS v5.0.0 1.12: users with more than one active access key: ivy (2 active keys) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
      "CIS v5.0.0 1.13: active access keys older than 90 days: ivy (slot 1, 365 days, created 2024-06-01T00:00:00Z) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
      "CIS v5.0.0 1.14: users with policies not from a group: ivy (inline ivy-notes)",
      "CIS v5.0.0 1.20: IAM users sign in with console passwords instead of federation: ivy (console password, used 100 days ago) (password facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)",
    ]
    error_message = jsonencode(output.messages)
  }
}

# ------------------------------------------------------------------ policies

# CIS counts attached policies, AWS managed included; Security Hub IAM.1
# every customer managed policy, attached or not, except boundaries only.
run "full_admin_attached_and_customer_managed" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    groups = [{ name = "admins", attached_policy_arns = ["arn:aws:iam::123456789012:policy/cis-admin", "arn:aws:iam::aws:policy/AdministratorAccess"] }]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      { name = "ops", attached_policy_arns = ["arn:aws:iam::123456789012:policy/not-action-admin"] },
    ]
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
      { name = "AdministratorAccess", arn = "arn:aws:iam::aws:policy/AdministratorAccess", aws_managed = true, attachment_count = 1, grants_full_admin = true, grants_star_on_star = true },
      { name = "cis-admin", arn = "arn:aws:iam::123456789012:policy/cis-admin", attachment_count = 1, grants_full_admin = true, grants_star_on_star = true },
      {
        name              = "not-action-admin", arn = "arn:aws:iam::123456789012:policy/not-action-admin", attachment_count = 1, grants_full_admin = true,
        full_admin_reason = "NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action"
      },
      { name = "unused-admin", arn = "arn:aws:iam::123456789012:policy/unused-admin", attachment_count = 0, grants_full_admin = true, grants_star_on_star = true },
      # A boundary, but also attached: judged.
      { name = "boundary-and-attached", arn = "arn:aws:iam::123456789012:policy/boundary-and-attached", attachment_count = 1, permissions_boundary_usage_count = 1, grants_full_admin = true, grants_star_on_star = true },
      # Only a boundary: skipped by IAM.1.
      { name = "boundary-admin", arn = "arn:aws:iam::123456789012:policy/boundary-admin", attachment_count = 0, permissions_boundary_usage_count = 2, grants_full_admin = true, grants_star_on_star = true },
    ]
  }

  assert {
    condition     = output.results["2.14"].offenders == tolist(["AdministratorAccess", "boundary-and-attached", "cis-admin", "not-action-admin"])
    error_message = jsonencode(output.results["2.14"])
  }
  assert {
    condition = output.messages["2.14"] == join("", [
      "CIS v7.0.0 2.14: attached policies granting full administrative privileges: AdministratorAccess (AWS managed, attached to group admins), ",
      "boundary-and-attached (customer managed, attached to 1 entities), cis-admin (customer managed, attached to group admins), ",
      "not-action-admin (customer managed, attached to role ops; full admin under the stricter-than-CIS rule, not the literal \"*:*\" test: ",
      "NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action)",
    ])
    error_message = output.messages["2.14"]
  }
}

run "full_admin_customer_policies_in_securityhub" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
      { name = "AdministratorAccess", arn = "arn:aws:iam::aws:policy/AdministratorAccess", aws_managed = true, attachment_count = 1, grants_full_admin = true, grants_star_on_star = true },
      { name = "unused-admin", arn = "arn:aws:iam::123456789012:policy/unused-admin", attachment_count = 0, grants_full_admin = true, grants_star_on_star = true },
      { name = "boundary-and-attached", arn = "arn:aws:iam::123456789012:policy/boundary-and-attached", attachment_count = 1, permissions_boundary_usage_count = 1, grants_full_admin = true, grants_star_on_star = true },
      { name = "boundary-admin", arn = "arn:aws:iam::123456789012:policy/boundary-admin", attachment_count = 0, permissions_boundary_usage_count = 2, grants_full_admin = true, grants_star_on_star = true },
    ]
  }

  assert {
    condition     = output.results["IAM.1"].offenders == tolist(["boundary-and-attached", "unused-admin"])
    error_message = jsonencode(output.results["IAM.1"])
  }
  assert {
    condition     = output.failed_controls == tolist(["IAM.1"])
    error_message = jsonencode(output.failed_controls)
  }
}

run "service_wildcards_in_customer_policies" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false, service_wildcards = ["NotAction \"x\""] },
      { name = "ec2-all", arn = "arn:aws:iam::123456789012:policy/ec2-all", attachment_count = 0, grants_full_admin = false, service_wildcards = ["Action \"ec2:*\"", "Action \"s3:*\""] },
      { name = "ec2-describe", arn = "arn:aws:iam::123456789012:policy/ec2-describe", attachment_count = 1, grants_full_admin = false, service_wildcards = [] },
      { name = "boundary", arn = "arn:aws:iam::123456789012:policy/boundary", attachment_count = 0, permissions_boundary_usage_count = 3, grants_full_admin = false, service_wildcards = ["Action \"s3:*\""] },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.21"]) && output.messages["IAM.21"] == "Security Hub IAM.21: customer managed policies allowing every action of a service: ec2-all (Action \"ec2:*\", Action \"s3:*\")"
    error_message = jsonencode(output.messages)
  }
}

# CIS wants a role with AWSSupportAccess; Security Hub accepts a user or group.
run "support_access_entity_types" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    roles = [{ name = "ops" }]
    users = [
      { name = "svc-deploy", age_days = 10, password_enabled = false, mfa_enabled = true },
      { name = "helpdesk", age_days = 10, password_enabled = false, mfa_enabled = true, attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.13", "2.15"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["2.15"] == "CIS v7.0.0 2.15: no support role: no role has arn:aws:iam::aws:policy/AWSSupportAccess attached"
    error_message = output.messages["2.15"]
  }
}

run "support_access_by_a_user_passes_securityhub" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard  = "securityhub-iam"
    partition = "aws-us-gov"
    roles     = [{ name = "ops" }]
    users = [
      { name = "svc-deploy", age_days = 10, password_enabled = false, mfa_enabled = true },
      { name = "helpdesk", age_days = 10, password_enabled = false, mfa_enabled = true, attached_policy_arns = ["arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"] },
    ]
  }

  assert {
    condition     = output.results["IAM.18"].status == "PASS" && output.results["IAM.18"].reason == "AWSSupportAccess is attached to user helpdesk"
    error_message = jsonencode(output.results["IAM.18"])
  }
}

run "expired_server_certificates_and_cloudshell" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-3.0.0"
    server_certificates = [
      { name = "www-2012", expiration = "2012-05-08T01:02:03Z", expired = true },
      { name = "www-2026", expiration = "2026-01-01T00:00:00Z", expired = false },
    ]
    groups = [{ name = "shell", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"] }]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      { name = "shell", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"] },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["1.19", "1.22"]) && output.results["1.22"].offenders == tolist(["shell"])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.messages["1.22"] == "CIS v3.0.0 1.22: AWSCloudShellFullAccess is attached: shell (group, role)"
    error_message = output.messages["1.22"]
  }
}

# --------------------------------------------------------------------- roles

run "role_trust_and_inline_admin" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_roles = ["legacy"]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      { name = "partner", trusted_aws_principals = ["arn:aws:iam::444455556666:root"], third_party_trust = true },
      { name = "vendor", trusted_aws_principals = ["arn:aws:iam::111122223333:root"], third_party_trust = true, external_id_required = true },
      { name = "oidc-open", trusted_federated = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"], oidc_subject_unrestricted = true },
      { name = "public", trusted_aws_principals = ["*"], public = true, third_party_trust = true, external_id_required = true },
      { name = "legacy", trusted_aws_principals = ["*"], public = true, third_party_trust = true },
      { name = "ops", inline_policies = [{ name = "break-glass", grants_full_admin = true, full_admin_reason = "Action \"*\" on Resource \"*\" allows every action" }] },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["X.1", "X.2", "X.3", "X.4"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = jsonencode([for id in ["X.1", "X.2", "X.3", "X.4"] : output.results[id].offenders]) == jsonencode([["partner"], ["oidc-open"], ["public"], ["role/ops/break-glass"]])
    error_message = "legacy, public but excluded, is left out of X.3: ${jsonencode([for id in ["X.1", "X.2", "X.3", "X.4"] : output.results[id].offenders])}"
  }
  assert {
    condition     = output.messages["X.1"] == "X.1: third-party roles without an external ID that restricts: partner (trusts arn:aws:iam::444455556666:root)"
    error_message = output.messages["X.1"]
  }
}

# ---------------------------------------------------------------------- tags

run "tags_are_manual_without_required_keys" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    roles    = [{ name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] }]
  }

  assert {
    condition     = output.results["IAM.24"].status == "MANUAL" && length(output.failed_controls) == 0
    error_message = jsonencode(output.results["IAM.24"])
  }
}

run "required_tag_keys_decide_the_tag_controls" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard          = "securityhub-iam"
    required_tag_keys = ["owner", "cost-center"]
    users = [
      { name = "svc-deploy", age_days = 10, password_enabled = false, mfa_enabled = true, tags = { owner = "platform", cost-center = "42" } },
      # Tag keys are case-sensitive.
      { name = "svc-report", age_days = 10, password_enabled = false, mfa_enabled = true, tags = { Owner = "data", cost-center = "7" } },
    ]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"], tags = { owner = "security", cost-center = "1" } },
      { name = "untagged" },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["IAM.24", "IAM.25"])
    error_message = jsonencode(output.failed_controls)
  }
  assert {
    condition     = output.messages["IAM.24"] == "Security Hub IAM.24: roles without the required tags: untagged (missing tag keys cost-center, owner)" && output.messages["IAM.25"] == "Security Hub IAM.25: users without the required tags: svc-report (missing tag keys owner)"
    error_message = jsonencode(output.messages)
  }
}

# ------------------------------------------------------------- organizations

run "delegated_administrators_unreadable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    delegated_administrators = { readable = false, reason = "denied to a member account" }
  }

  assert {
    condition     = output.results["2.1.6"].status == "MANUAL" && endswith(output.results["2.1.6"].reason, " The delegated administrators could not be listed: denied to a member account.")
    error_message = output.results["2.1.6"].reason
  }
}

# ---------------------------------------------------------------- exceptions

run "an_exception_excepts_its_offender_only" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name        = "erin", age_days = 300, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-11-13T00:00:00Z", age_days = 200, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
      {
        name        = "legacy-app", age_days = 500, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-04-27T00:00:00Z", age_days = 400, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
    ]
    exceptions = [{ control = "2.12", offender = "legacy-app", reason = "vendor appliance, key rotated with the next release", expires = "2025-12-31" }]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.12"]) && output.results["2.12"].offenders == tolist(["erin", "legacy-app"])
    error_message = "Excepted offenders stay listed; the others still fail: ${jsonencode(output.results["2.12"])}"
  }
  assert {
    condition     = output.messages["2.12"] == "CIS v7.0.0 2.12: active access keys older than 90 days: erin (slot 1, 200 days, created 2024-11-13T00:00:00Z) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["2.12"]
  }
  assert {
    condition     = strcontains(output.results["2.12"].reason, "; excepted: legacy-app (vendor appliance, key rotated with the next release; until 2025-12-31)")
    error_message = output.results["2.12"].reason
  }
  assert {
    condition     = output.exceptions[0].state == "active" && output.exceptions[0].covers == tolist(["2.12 legacy-app"])
    error_message = jsonencode(output.exceptions)
  }
}

# An exception naming the underlying control holds in every standard.
run "every_offender_excepted_is_excepted" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "securityhub-iam"
    users = [
      {
        name        = "legacy-app", age_days = 500, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-04-27T00:00:00Z", age_days = 400, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
    ]
    # Valid through the day of the plan, UTC.
    exceptions = [{ control = "access_key_rotation", offender = "legacy-app", reason = "vendor appliance", expires = "2025-06-01" }]
  }

  assert {
    condition     = output.results["IAM.3"].status == "EXCEPTED" && output.excepted_controls == tolist(["IAM.3"]) && length(output.failed_controls) == 0
    error_message = jsonencode(output.results["IAM.3"])
  }
  assert {
    condition     = output.results["IAM.3"].offenders == tolist(["legacy-app"]) && output.results["IAM.3"].reason == "active access keys older than 90 days, every finding excepted: legacy-app (vendor appliance; until 2025-06-01) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.results["IAM.3"].reason
  }
  assert {
    condition     = length(output.check_failures) == 0
    error_message = "An EXCEPTED recommendation fails no check block."
  }
}

# A whole-control exception covers every offender; a named one for the same
# offender comes first in the reason. The look-alike: a whole-control
# exception for another control covers nothing here.
run "a_whole_control_exception_covers_every_offender" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name        = "erin", age_days = 300, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-11-13T00:00:00Z", age_days = 200, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
      {
        name        = "legacy-app", age_days = 500, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-04-27T00:00:00Z", age_days = 400, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
    ]
    exceptions = [
      { control = "access_key_rotation", reason = "fleet-wide rotation in progress", expires = "2025-06-30" },
      { control = "2.12", offender = "legacy-app", reason = "vendor appliance", expires = "2025-12-31" },
      { control = "2.11", reason = "another control", expires = "2025-12-31" },
    ]
  }

  assert {
    condition     = output.results["2.12"].status == "EXCEPTED" && output.results["2.12"].offenders == tolist(["erin", "legacy-app"]) && !contains(output.failed_controls, "2.12")
    error_message = jsonencode(output.results["2.12"])
  }
  assert {
    condition     = output.results["2.12"].reason == "active access keys older than 90 days, every finding excepted: erin (fleet-wide rotation in progress; until 2025-06-30); legacy-app (vendor appliance; until 2025-12-31) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.results["2.12"].reason
  }
  assert {
    condition = jsonencode([for x in output.exceptions : { state = x.state, covers = x.covers }]) == jsonencode([
      { state = "active", covers = ["2.12 erin", "2.12 legacy-app"] },
      { state = "active", covers = ["2.12 legacy-app"] },
      { state = "stale", covers = [] },
    ])
    error_message = jsonencode(output.exceptions)
  }
}

run "an_expired_exception_counts_as_none" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name        = "legacy-app", age_days = 500, password_enabled = false, mfa_enabled = true, active_access_key_count = 1
        access_keys = [{ slot = 1, active = true, create_date = "2024-04-27T00:00:00Z", age_days = 400, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 }]
      },
    ]
    exceptions = [
      { control = "2.12", offender = "legacy-app", reason = "ended yesterday", expires = "2025-05-31" },
      { control = "2.12", offender = "legacy-app", reason = "ended a second ago", expires = "2025-05-31T23:59:59Z" },
    ]
  }

  assert {
    condition     = output.failed_controls == tolist(["2.12"]) && [for x in output.exceptions : x.state] == ["expired", "expired"]
    error_message = jsonencode(output.exceptions)
  }
}

run "stale_and_other_account_exceptions_are_reported" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    password_policy = { exists = true, minimum_password_length = 14, password_reuse_prevention = 5 }
    exceptions = [
      # The account-level finding is excepted as a whole control ...
      { control = "password_policy", reason = "legacy SSO-only account", expires = "2026-01-01T00:00:00Z" },
      # ... not by an offender it does not have.
      { control = "2.9", offender = "root", reason = "typo", expires = "2026-01-01" },
      { control = "2.12", offender = "nobody", reason = "left over", expires = "2026-01-01" },
      { control = "IAM.3", offender = "svc-deploy", reason = "another standard's id", expires = "2026-01-01" },
      { account_id = "210987654321", control = "2.9", reason = "another account", expires = "2026-01-01" },
    ]
  }

  assert {
    condition     = output.results["2.9"].status == "EXCEPTED" && length(output.failed_controls) == 0
    error_message = jsonencode(output.results["2.9"])
  }
  assert {
    condition     = [for x in output.exceptions : x.state] == ["active", "stale", "stale", "stale", "other_account"]
    error_message = jsonencode(output.exceptions)
  }
  assert {
    condition     = output.exceptions[0].covers == tolist(["2.9"]) && output.results["2.9"].reason == "weak password policy, every finding excepted: password reuse prevention remembers 5 passwords, must be at least 24 (legacy SSO-only account; until 2026-01-01T00:00:00Z)"
    error_message = jsonencode([output.exceptions[0], output.results["2.9"]])
  }
}

# An exception cannot turn an undecided recommendation into a decided one.
run "unknown_is_not_excepted" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_rows = []
    exceptions             = [{ control = "root_user_unused", reason = "no root row", expires = "2026-01-01" }]
  }

  assert {
    condition     = output.results["2.7"].status == "UNKNOWN" && output.exceptions[0].state == "stale"
    error_message = jsonencode([output.results["2.7"], output.exceptions])
  }
}

# ------------------------------------------------------------ report's age

run "exclusions_do_not_hide_account_level_findings" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users = ["svc-deploy", "not-a-user"]
    exclude_roles = ["support"]
  }

  assert {
    condition     = output.excluded_users == tolist(["svc-deploy"]) && output.excluded_roles == tolist(["support"])
    error_message = "Only existing principals are reported as excluded."
  }
  assert {
    condition     = output.results["2.15"].status == "PASS"
    error_message = "exclude_roles does not apply to the support role."
  }
}

run "live_user_facts_are_not_dated_by_the_report" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    standard = "cis-aws-3.0.0"
    # credential_data = "live": users[].credentials_as_of is the read time.
    users = [
      {
        name              = "frank"
        age_days          = 10
        password_enabled  = false
        mfa_enabled       = false
        credentials_as_of = "2025-06-01T00:00:00Z"
        access_keys = [
          { slot = 1, active = true, age_days = 10, create_date = "2025-05-22T00:00:00Z", last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
          { slot = 2, active = true, age_days = 1, create_date = "2025-05-31T00:00:00Z", last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 2
      },
    ]
  }

  assert {
    condition     = output.messages["1.13"] == "CIS v3.0.0 1.13: users with more than one active access key: frank (2 active keys) (key facts read live; credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.13"]
  }
  assert {
    condition     = endswith(output.summary, "; user credential facts read live; credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan")
    error_message = output.summary
  }
}

run "report_age_under_an_hour" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_generated_at = "2025-05-31T23:59:01Z"
  }

  assert {
    condition     = output.credential_report.age == "0 min"
    error_message = jsonencode(output.credential_report)
  }
}

run "report_age_exact_hours" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_generated_at = "2025-05-31T20:00:00Z"
  }

  assert {
    condition     = output.credential_report.age == "4 h 0 min"
    error_message = jsonencode(output.credential_report)
  }
}

run "report_age_beyond_a_day" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_generated_at = "2025-05-30T00:00:00Z"
  }

  assert {
    condition     = output.credential_report.age == "more than 24 h"
    error_message = jsonencode(output.credential_report)
  }
}

run "report_time_unknown" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_generated_at = null
  }

  assert {
    condition     = output.credential_report.generated_at == null && output.credential_report.age == null
    error_message = jsonencode(output.credential_report)
  }
  assert {
    condition     = endswith(output.summary, "; user credential facts as of the credential report time unknown")
    error_message = output.summary
  }
}
