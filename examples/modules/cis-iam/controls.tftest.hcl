# PASS and FAIL for every control, on the controls submodule with literal IAM
# data and a pinned clock. The data is shaped as the iamaudit data sources
# return it. (Terraform 1.11 cannot fill the list-of-object attributes of a
# mocked data source from override_data -- hashicorp/terraform#38369 -- so
# list-based controls are proven here, and cis_iam.tftest.hcl proves the
# wiring of the data sources with mock_provider.)
#
# Every run starts from the compliant account in `variables` below and
# changes one thing, and asserts the exact failed_controls, so a control
# failing where it should not fails the run too. The check blocks that turn
# failures into plan warnings are in the parent module (cis_iam.tftest.hcl).

variables {
  now = "2025-06-01T00:00:00Z"

  # 2 h 14 min before now: the report-based controls' messages say so.
  credential_report_generated_at = "2025-05-31T21:46:00Z"

  account = {
    root_access_keys_present = false
    root_mfa_enabled         = true
    root_mfa_type            = "hardware"
  }

  password_policy = {
    exists                    = true
    minimum_password_length   = 14
    password_reuse_prevention = 24
  }

  credential_report_rows = [
    {
      user                        = "<root_account>"
      password_last_used          = "2025-03-03T00:00:00Z" # exactly 90 days before now
      access_key_1_active         = false
      access_key_1_last_used_date = null
      access_key_2_active         = false
      access_key_2_last_used_date = null
    },
    { user = "alice" },
  ]

  users = [
    {
      name                    = "alice"
      age_days                = 400
      password_enabled        = true
      password_last_used_days = 3
      password_last_changed   = "2025-01-01T00:00:00Z"
      mfa_enabled             = true
    },
    {
      name             = "svc-deploy"
      age_days         = 100
      password_enabled = false
      mfa_enabled      = false
      access_keys = [
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
    { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
    {
      name                   = "vendor-audit"
      trusted_aws_principals = ["arn:aws:iam::111122223333:root"]
      cross_account          = true
      third_party_trust      = true
      external_id_required   = true
      inline_policies        = [{ name = "read-reports", grants_full_admin = false }]
    },
    {
      name              = "github-plan"
      trusted_federated = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
    },
  ]

  policies = [
    { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
    { name = "reports", arn = "arn:aws:iam::123456789012:policy/reports", attachment_count = 1, grants_full_admin = false },
    # Grants everything but is attached to nothing: not a 1.16 finding.
    { name = "unused-admin", arn = "arn:aws:iam::123456789012:policy/unused-admin", attachment_count = 0, grants_full_admin = true },
  ]

  server_certificates = [
    { name = "www-2026", expiration = "2026-01-01T00:00:00Z", expired = false },
  ]
}

run "compliant_account_passes_every_control" {
  command = plan

  module {
    source = "./modules/controls"
  }

  assert {
    condition     = keys(output.results) == tolist(["1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.19", "1.22", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "results must have exactly the 20 control keys, got ${jsonencode(keys(output.results))}."
  }
  assert {
    condition     = alltrue([for id, r in output.results : r.status == "PASS" && length(r.offenders) == 0])
    error_message = "Every control must PASS with no offenders: ${jsonencode(output.results)}."
  }
  assert {
    condition     = length(output.failed_controls) == 0 && length(output.messages) == 0 && length(output.unknown_controls) == 0
    error_message = "No control may fail or be unknown."
  }
  assert {
    condition     = output.results["1.14"].title == "Ensure access keys are rotated every 90 days or less"
    error_message = "Titles carry the thresholds: ${output.results["1.14"].title}."
  }
}

# ---------------------------------------------------------------- root user

run "cis_1_4_root_access_keys_from_account_summary" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account = { root_access_keys_present = true, root_mfa_enabled = true, root_mfa_type = "hardware" }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.4"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.4"].status == "FAIL" && output.results["1.4"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.4"])
  }
  assert {
    condition     = output.messages["1.4"] == "CIS 1.4: the root user has access keys: <root_account> (AccountAccessKeysPresent = 1) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.4"]
  }
}

run "cis_1_4_root_access_key_from_credential_report" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_rows = [{
      user                        = "<root_account>"
      password_last_used          = null
      access_key_1_active         = false
      access_key_1_last_used_date = null
      access_key_2_active         = true
      access_key_2_last_used_date = null
    }]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.4"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.4"].status == "FAIL" && output.results["1.4"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.4"])
  }
  assert {
    condition     = output.messages["1.4"] == "CIS 1.4: the root user has access keys: <root_account> (active access key slot 2) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.4"]
  }
}

run "cis_1_5_and_1_6_root_without_mfa" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account = { root_access_keys_present = false, root_mfa_enabled = false, root_mfa_type = "none" }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.5", "1.6"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.5"].status == "FAIL" && output.results["1.5"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.5"])
  }
  assert {
    condition     = output.results["1.6"].status == "FAIL" && output.results["1.6"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.6"])
  }
  assert {
    condition     = output.messages["1.5"] == "CIS 1.5: the root user has no MFA: <root_account> (no MFA device)"
    error_message = output.messages["1.5"]
  }
}

run "cis_1_6_root_with_virtual_mfa" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    account = { root_access_keys_present = false, root_mfa_enabled = true, root_mfa_type = "virtual" }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.6"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.5"].status == "PASS"
    error_message = "A virtual device satisfies 1.5."
  }
  assert {
    condition     = output.results["1.6"].status == "FAIL" && output.results["1.6"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.6"])
  }
  assert {
    condition     = output.messages["1.6"] == "CIS 1.6: the root user has no hardware MFA: <root_account> (virtual MFA device, not hardware)"
    error_message = output.messages["1.6"]
  }
}

run "cis_1_7_root_used_recently" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_rows = [{
      user                        = "<root_account>"
      password_last_used          = "2025-03-03T00:00:01Z" # 89 days and 23:59:59 before now
      access_key_1_active         = false
      access_key_1_last_used_date = "2025-05-20T00:00:00Z"
      access_key_2_active         = false
      access_key_2_last_used_date = "2024-01-01T00:00:00Z"
    }]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.7"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.7"].status == "FAIL" && output.results["1.7"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.7"])
  }
  assert {
    condition     = output.messages["1.7"] == "CIS 1.7: the root user was used in the last 90 days: <root_account> (access key 1 used 2025-05-20T00:00:00Z, password used 2025-03-03T00:00:01Z) (root facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.7"]
  }
}

run "cis_1_7_unknown_without_root_row" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    credential_report_rows = [{ user = "alice" }]
  }

  assert {
    condition     = output.results["1.7"].status == "UNKNOWN" && length(output.results["1.7"].offenders) == 0
    error_message = "No <root_account> row must make 1.7 UNKNOWN, not PASS: ${jsonencode(output.results["1.7"])}."
  }
  assert {
    condition     = length(output.failed_controls) == 0
    error_message = "UNKNOWN is not a failure."
  }
  assert {
    condition     = output.unknown_controls == tolist(["1.7"]) && output.unknown_messages["1.7"] == "CIS 1.7: UNKNOWN: the credential report has no <root_account> row, so the root user's last use is unknown"
    error_message = "unknown_controls and unknown_messages: ${jsonencode(output.unknown_controls)} ${jsonencode(output.unknown_messages)}"
  }
}

run "cis_1_7_window_is_a_variable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    root_unused_days = 91
  }
  assert {
    condition     = output.failed_controls == tolist(["1.7"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.7"].status == "FAIL"
    error_message = "A password used 90 days ago is within 91 days."
  }
}

# ------------------------------------------------------------ password policy

run "cis_1_8_and_1_9_no_password_policy" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    password_policy = { exists = false, minimum_password_length = null, password_reuse_prevention = null }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.8", "1.9"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.8"].status == "FAIL" && length(output.results["1.8"].offenders) == 0
    error_message = jsonencode(output.results["1.8"])
  }
  assert {
    condition     = output.results["1.9"].status == "FAIL" && length(output.results["1.9"].offenders) == 0
    error_message = jsonencode(output.results["1.9"])
  }
  assert {
    condition     = output.messages["1.8"] == "CIS 1.8: weak password policy: no account password policy is set"
    error_message = output.messages["1.8"]
  }
}

run "cis_1_8_and_1_9_weak_password_policy" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    password_policy = { exists = true, minimum_password_length = 13, password_reuse_prevention = 23 }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.8", "1.9"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.8"].status == "FAIL" && output.results["1.9"].status == "FAIL"
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.messages["1.8"] == "CIS 1.8: weak password policy: minimum password length is 13, must be at least 14"
    error_message = output.messages["1.8"]
  }
  assert {
    condition     = output.messages["1.9"] == "CIS 1.9: weak password policy: password reuse prevention remembers 23 passwords, must be at least 24"
    error_message = output.messages["1.9"]
  }
}

run "cis_1_9_reuse_prevention_off" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    password_policy = { exists = true, minimum_password_length = 20, password_reuse_prevention = null }
  }
  assert {
    condition     = output.failed_controls == tolist(["1.9"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.8"].status == "PASS" && output.results["1.9"].status == "FAIL"
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.messages["1.9"] == "CIS 1.9: weak password policy: password reuse prevention is off"
    error_message = output.messages["1.9"]
  }
}

# ----------------------------------------------------------------- users

run "cis_1_10_console_users_without_mfa" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users = ["break-glass"]
    users = [
      { name = "carol", age_days = 60, password_enabled = true, password_last_used_days = 5, mfa_enabled = false },
      { name = "break-glass", age_days = 700, password_enabled = true, password_last_changed = "2025-05-01T00:00:00Z", mfa_enabled = false },
      { name = "alice", age_days = 400, password_enabled = true, password_last_used_days = 3, mfa_enabled = true },
      # No console password: MFA does not apply.
      { name = "svc", age_days = 10, password_enabled = false, mfa_enabled = false },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.10"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.10"].status == "FAIL" && output.results["1.10"].offenders == tolist(["carol"])
    error_message = jsonencode(output.results["1.10"])
  }
  assert {
    condition     = output.messages["1.10"] == "CIS 1.10: console users without MFA: carol (console password, no MFA, password used 5 days ago) (password facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.10"]
  }
  assert {
    condition     = output.excluded_users == tolist(["break-glass"])
    error_message = jsonencode(output.excluded_users)
  }
}

run "cis_1_11_console_user_key_never_used" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name = "dave", age_days = 3, password_enabled = true, password_last_used_days = 0, mfa_enabled = true
        access_keys = [
          { slot = 1, active = true, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = null, last_used_days = null },
        ]
        active_access_key_count = 1
      },
      {
        # Not a console user: a fresh unused key is not 1.11.
        name = "svc", age_days = 3, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-05-29T00:00:00Z", age_days = 3, last_used_date = null, last_used_days = null },
        ]
        active_access_key_count = 1
      },
      {
        # Console user whose unused key is inactive.
        name = "erin", age_days = 30, password_enabled = true, password_last_used_days = 1, mfa_enabled = true
        access_keys = [
          { slot = 1, active = false, create_date = "2025-05-02T00:00:00Z", age_days = 30, last_used_date = null, last_used_days = null },
        ]
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.11"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.11"].status == "FAIL" && output.results["1.11"].offenders == tolist(["dave"])
    error_message = jsonencode(output.results["1.11"])
  }
  assert {
    condition     = output.messages["1.11"] == "CIS 1.11: console users with an active access key never used: dave (slot 1, never used, 3 days old) (password and key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.11"]
  }
}

run "cis_1_12_unused_credentials" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      # Password used exactly 45 days ago: a finding (45 days or more).
      { name = "erin", age_days = 200, password_enabled = true, password_last_used_days = 45, mfa_enabled = true },
      # 44 days: fine.
      { name = "fred", age_days = 200, password_enabled = true, password_last_used_days = 44, mfa_enabled = true },
      # Never used, set 61 days ago: a finding.
      { name = "henry", age_days = 90, password_enabled = true, password_last_changed = "2025-04-01T00:00:00Z", mfa_enabled = true },
      # Never used, set exactly 45 days ago: a finding.
      { name = "iris", age_days = 45, password_enabled = true, password_last_changed = "2025-04-17T00:00:00Z", mfa_enabled = true },
      # Never used, set 12 days ago: fine.
      { name = "ivan", age_days = 12, password_enabled = true, password_last_changed = "2025-05-20T00:00:00Z", mfa_enabled = true },
      # Never used, no password_last_changed: counts from the user's creation.
      { name = "jane", age_days = 50, password_enabled = true, mfa_enabled = true },
      {
        name = "kim", age_days = 300, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-03-03T00:00:00Z", age_days = 90, last_used_date = "2025-04-12T00:00:00Z", last_used_days = 50 },
        ]
        active_access_key_count = 1
      },
      {
        name = "leo", age_days = 60, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-04-12T00:00:00Z", age_days = 50, last_used_date = null, last_used_days = null },
          { slot = 2, active = true, create_date = "2025-04-18T00:00:00Z", age_days = 44, last_used_date = null, last_used_days = null },
        ]
        active_access_key_count = 2
      },
      {
        # Inactive keys are not credentials in use.
        name = "mia", age_days = 300, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = false, create_date = "2024-08-05T00:00:00Z", age_days = 300, last_used_date = "2025-02-21T00:00:00Z", last_used_days = 100 },
        ]
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.12", "1.13"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.12"].status == "FAIL" && output.results["1.12"].offenders == tolist(["erin", "henry", "iris", "jane", "kim", "leo"])
    error_message = jsonencode(output.results["1.12"])
  }
  assert {
    condition     = output.messages["1.12"] == "CIS 1.12: credentials unused for 45 days or more: erin (password unused 45 days), henry (password never used since 2025-04-01T00:00:00Z), iris (password never used since 2025-04-17T00:00:00Z), jane (password never used, user 50 days old), kim (key slot 1 unused 50 days), leo (key slot 1 never used, 50 days old) (password and key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.12"]
  }
}

run "cis_1_13_more_than_one_active_key" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name = "frank", age_days = 90, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-03-13T00:00:00Z", age_days = 80, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
          { slot = 2, active = true, create_date = "2025-05-22T00:00:00Z", age_days = 10, last_used_date = "2025-06-01T00:00:00Z", last_used_days = 0 },
        ]
        active_access_key_count = 2
      },
      {
        # One active, one inactive: fine.
        name = "gina", age_days = 90, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = false, create_date = "2025-03-13T00:00:00Z", age_days = 80, last_used_date = "2025-05-01T00:00:00Z", last_used_days = 31 },
          { slot = 2, active = true, create_date = "2025-05-22T00:00:00Z", age_days = 10, last_used_date = "2025-06-01T00:00:00Z", last_used_days = 0 },
        ]
        active_access_key_count = 1
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.13"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.13"].status == "FAIL" && output.results["1.13"].offenders == tolist(["frank"])
    error_message = jsonencode(output.results["1.13"])
  }
  assert {
    condition     = output.messages["1.13"] == "CIS 1.13: users with more than one active access key: frank (2 active keys) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.13"]
  }
}

run "cis_1_14_old_active_keys" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name = "bob", age_days = 400, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = false, create_date = "2024-08-05T00:00:00Z", age_days = 300, last_used_date = null, last_used_days = null },
          { slot = 2, active = true, create_date = "2025-02-24T00:00:00Z", age_days = 97, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 1
      },
      {
        name = "alice", age_days = 400, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2024-10-31T00:00:00Z", age_days = 213, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 1
      },
      {
        # 90 days and 12 hours: older than 90 days, though age_days is 90.
        name = "dora", age_days = 400, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-03-02T12:00:00Z", age_days = 90, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 1
      },
      {
        # 89 days and 12 hours: rotated within 90 days.
        name = "emil", age_days = 400, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-03-03T12:00:00Z", age_days = 89, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 1
      },
      {
        # Exactly 90 days: rotated within 90 days.
        name = "carl", age_days = 400, password_enabled = false, mfa_enabled = false
        access_keys = [
          { slot = 1, active = true, create_date = "2025-03-03T00:00:00Z", age_days = 90, last_used_date = "2025-05-31T00:00:00Z", last_used_days = 1 },
        ]
        active_access_key_count = 1
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.14"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.14"].status == "FAIL" && output.results["1.14"].offenders == tolist(["alice", "bob", "dora"])
    error_message = jsonencode(output.results["1.14"])
  }
  assert {
    condition     = output.messages["1.14"] == "CIS 1.14: active access keys older than 90 days: alice (slot 1, 213 days, created 2024-10-31T00:00:00Z), bob (slot 2, 97 days, created 2025-02-24T00:00:00Z), dora (slot 1, 90 days, created 2025-03-02T12:00:00Z) (key facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
    error_message = output.messages["1.14"]
  }
}

run "cis_1_14_rotation_threshold_is_a_variable" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    key_rotation_days = 30
  }
  assert {
    condition     = output.failed_controls == tolist(["1.14"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.14"].offenders == tolist(["svc-deploy"]) && output.results["1.14"].title == "Ensure access keys are rotated every 30 days or less"
    error_message = jsonencode(output.results["1.14"])
  }
}

run "cis_1_15_user_policies_not_from_groups" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users = ["break-glass"]
    users = [
      {
        name                 = "grace", age_days = 45, password_enabled = true, password_last_used_days = 3, mfa_enabled = true
        attached_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team/reports"]
        inline_policy_names  = ["reports-read"]
      },
      { name = "hank", age_days = 45, password_enabled = false, mfa_enabled = false, inline_policy_names = ["s3"] },
      { name = "break-glass", age_days = 45, password_enabled = false, mfa_enabled = false, attached_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.15"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.15"].status == "FAIL" && output.results["1.15"].offenders == tolist(["grace", "hank"])
    error_message = jsonencode(output.results["1.15"])
  }
  assert {
    condition     = output.messages["1.15"] == "CIS 1.15: users with policies not from a group: grace (attached ReadOnlyAccess, reports; inline reports-read), hank (inline s3)"
    error_message = output.messages["1.15"]
  }
}

# -------------------------------------------------------- policies, roles

run "cis_1_16_attached_full_admin_policies" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    groups = [
      { name = "admins", attached_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] },
      { name = "ops", attached_policy_arns = ["arn:aws:iam::123456789012:policy/legacy-admin"] },
    ]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess", "arn:aws:iam::123456789012:policy/legacy-admin"] },
    ]
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
      { name = "AdministratorAccess", arn = "arn:aws:iam::aws:policy/AdministratorAccess", aws_managed = true, attachment_count = 1, grants_full_admin = true, grants_star_on_star = true },
      { name = "legacy-admin", arn = "arn:aws:iam::123456789012:policy/legacy-admin", attachment_count = 2, grants_full_admin = true, grants_star_on_star = true },
      { name = "unused-admin", arn = "arn:aws:iam::123456789012:policy/unused-admin", attachment_count = 0, grants_full_admin = true, grants_star_on_star = true },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.16"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.16"].status == "FAIL" && output.results["1.16"].offenders == tolist(["AdministratorAccess", "legacy-admin"])
    error_message = jsonencode(output.results["1.16"])
  }
  assert {
    condition     = output.messages["1.16"] == "CIS 1.16: attached policies granting full administrative privileges: AdministratorAccess (AWS managed, attached to group admins), legacy-admin (customer managed, attached to group ops, role support)"
    error_message = output.messages["1.16"]
  }
}

# Admin written another way: the stricter rule matches where the literal
# "*:*" test does not, and the message says why.
run "cis_1_16_full_admin_only_under_the_stricter_rule" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    groups = [
      { name = "ops", attached_policy_arns = ["arn:aws:iam::123456789012:policy/almost-everything", "arn:aws:iam::aws:policy/PowerUserAccess"] },
    ]
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
      {
        name              = "almost-everything", arn = "arn:aws:iam::123456789012:policy/almost-everything", attachment_count = 1
        grants_full_admin = true, grants_star_on_star = false
        full_admin_reason = "NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action"
      },
      # NotAction iam:* (the PowerUserAccess shape): not full admin.
      { name = "PowerUserAccess", arn = "arn:aws:iam::aws:policy/PowerUserAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.16"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }
  assert {
    condition     = output.results["1.16"].offenders == tolist(["almost-everything"])
    error_message = jsonencode(output.results["1.16"])
  }
  assert {
    condition     = output.messages["1.16"] == "CIS 1.16: attached policies granting full administrative privileges: almost-everything (customer managed, attached to group ops; full admin under the stricter-than-CIS rule, not the literal \"*:*\" test: NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action)"
    error_message = output.messages["1.16"]
  }
}

run "cis_1_17_no_support_role" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    roles = [{ name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.17"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.17"].status == "FAIL" && length(output.results["1.17"].offenders) == 0
    error_message = jsonencode(output.results["1.17"])
  }
  assert {
    condition     = output.messages["1.17"] == "CIS 1.17: no support role: no role has arn:aws:iam::aws:policy/AWSSupportAccess attached"
    error_message = output.messages["1.17"]
  }
}

run "cis_1_17_support_role_in_another_partition" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    partition = "aws-us-gov"
    roles     = [{ name = "support", attached_policy_arns = ["arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"] }]
  }

  assert {
    condition     = output.results["1.17"].status == "PASS"
    error_message = "The AWSSupportAccess ARN must be built from the partition."
  }
}

run "cis_1_19_expired_server_certificates" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    server_certificates = [
      { name = "www-2026", expiration = "2026-01-01T00:00:00Z", expired = false },
      { name = "legacy-www", expiration = "2012-05-08T01:02:03Z", expired = true },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.19"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.19"].status == "FAIL" && output.results["1.19"].offenders == tolist(["legacy-www"])
    error_message = jsonencode(output.results["1.19"])
  }
  assert {
    condition     = output.messages["1.19"] == "CIS 1.19: expired server certificates: legacy-www (expired 2012-05-08T01:02:03Z)"
    error_message = output.messages["1.19"]
  }
}

run "cis_1_22_cloudshell_full_access_attached" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    users = [
      {
        name                 = "carol", age_days = 60, password_enabled = true, password_last_used_days = 5, mfa_enabled = true
        attached_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"]
      },
    ]
    groups = [
      { name = "developers", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudShellFullAccess"] },
    ]
    policies = [
      { name = "AWSSupportAccess", arn = "arn:aws:iam::aws:policy/AWSSupportAccess", aws_managed = true, attachment_count = 1, grants_full_admin = false },
      { name = "AWSCloudShellFullAccess", arn = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess", aws_managed = true, attachment_count = 2, grants_full_admin = false },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["1.15", "1.22"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["1.22"].status == "FAIL" && output.results["1.22"].offenders == tolist(["carol", "developers"])
    error_message = jsonencode(output.results["1.22"])
  }
  assert {
    condition     = output.messages["1.22"] == "CIS 1.22: AWSCloudShellFullAccess is attached: carol (user), developers (group)"
    error_message = output.messages["1.22"]
  }
}

run "x_1_third_party_role_without_external_id" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_roles = ["OrganizationAccountAccessRole"]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      { name = "vendor-audit", trusted_aws_principals = ["arn:aws:iam::111122223333:root"], cross_account = true, third_party_trust = true, external_id_required = true },
      { name = "partner-readonly", trusted_aws_principals = ["arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:role/ci"], cross_account = true, third_party_trust = true },
      { name = "OrganizationAccountAccessRole", trusted_aws_principals = ["arn:aws:iam::999988887777:root"], cross_account = true, third_party_trust = true },
      # A sibling account listed in first_party_account_ids: cross-account, not third-party.
      { name = "stackset-execution", trusted_aws_principals = ["arn:aws:iam::555566667777:root"], cross_account = true },
      # A wildcard external ID restricts nothing: the provider reports external_id_required = false.
      { name = "vendor-wildcard", trusted_aws_principals = ["arn:aws:iam::777788889999:root"], cross_account = true, third_party_trust = true },
      # Same account: not cross-account.
      { name = "internal", trusted_aws_principals = ["arn:aws:iam::123456789012:root"] },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["X.1"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["X.1"].status == "FAIL" && output.results["X.1"].offenders == tolist(["partner-readonly", "vendor-wildcard"])
    error_message = jsonencode(output.results["X.1"])
  }
  assert {
    condition     = output.messages["X.1"] == "X.1: third-party roles without an external ID that restricts: partner-readonly (trusts arn:aws:iam::444455556666:root, arn:aws:iam::444455556666:role/ci), vendor-wildcard (trusts arn:aws:iam::777788889999:root)"
    error_message = output.messages["X.1"]
  }
  assert {
    condition     = output.excluded_roles == tolist(["OrganizationAccountAccessRole"])
    error_message = jsonencode(output.excluded_roles)
  }
}

run "x_2_oidc_role_without_subject_condition" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      { name = "github-plan", trusted_federated = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"] },
      {
        name                      = "github-deploy"
        trusted_federated         = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
        oidc_subject_unrestricted = true
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["X.2"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["X.2"].status == "FAIL" && output.results["X.2"].offenders == tolist(["github-deploy"])
    error_message = jsonencode(output.results["X.2"])
  }
  assert {
    condition     = output.messages["X.2"] == "X.2: web identity roles that pin no subject: github-deploy (trusts arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com for any subject)"
    error_message = output.messages["X.2"]
  }
}

run "x_3_publicly_assumable_role" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      # Public and cross-account, with an external ID (which is no secret).
      { name = "public-assume", trusted_aws_principals = ["*"], public = true, cross_account = true, third_party_trust = true, external_id_required = true },
      # "*" confined to the own organization: cross-account, not public.
      { name = "org-wide", trusted_aws_principals = ["*"], cross_account = true },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["X.3"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }

  assert {
    condition     = output.results["X.3"].status == "FAIL" && output.results["X.3"].offenders == tolist(["public-assume"])
    error_message = jsonencode(output.results["X.3"])
  }
  assert {
    condition     = output.results["X.1"].status == "PASS"
    error_message = "An external ID condition satisfies X.1."
  }
  assert {
    condition     = output.messages["X.3"] == "X.3: publicly assumable roles: public-assume (trust policy allows Principal \"*\")"
    error_message = output.messages["X.3"]
  }
}

run "x_4_inline_policies_granting_full_admin" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users = ["break-glass-user"]
    exclude_roles = ["ops"]
    users = [
      {
        name            = "break-glass-user", age_days = 10, password_enabled = false, mfa_enabled = false
        inline_policies = [{ name = "everything", grants_full_admin = true, full_admin_reason = "Action \"*\" on Resource \"*\" allows every action" }]
      },
    ]
    groups = [
      {
        name = "developers"
        inline_policies = [
          { name = "all-but-iam", grants_full_admin = false },
          { name = "split", grants_full_admin = true, full_admin_reason = "2 Allow statements on all resources together allow every action" },
        ]
      },
    ]
    roles = [
      { name = "support", attached_policy_arns = ["arn:aws:iam::aws:policy/AWSSupportAccess"] },
      {
        name            = "ops"
        inline_policies = [{ name = "break-glass", grants_full_admin = true, full_admin_reason = "NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action" }]
      },
    ]
  }
  assert {
    condition     = output.failed_controls == tolist(["X.4"])
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }
  assert {
    condition     = output.results["X.4"].offenders == tolist(["group/developers/split", "role/ops/break-glass", "user/break-glass-user/everything"])
    error_message = "X.4 covers every user, group and role, excluded or not: ${jsonencode(output.results["X.4"])}"
  }
  assert {
    condition     = output.messages["X.4"] == "X.4: inline policies granting full administrative privileges: group/developers/split (2 Allow statements on all resources together allow every action), role/ops/break-glass (NotAction \"iam:DeleteAccountAlias\" on Resource \"*\" leaves IAM writes allowed, and with them every action), user/break-glass-user/everything (Action \"*\" on Resource \"*\" allows every action)"
    error_message = output.messages["X.4"]
  }
}

run "exclusions_do_not_hide_account_level_findings" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
    exclude_users = ["alice", "svc-deploy", "not-a-user"]
    exclude_roles = ["support"]
  }

  assert {
    condition     = output.excluded_users == tolist(["alice", "svc-deploy"]) && output.excluded_roles == tolist(["support"])
    error_message = "Only existing principals are reported as excluded."
  }
  assert {
    condition     = output.results["1.17"].status == "PASS"
    error_message = "exclude_roles applies to X.1 to X.3 only, not to the support role of 1.17."
  }
}

run "summary_states_the_credential_report_age" {
  command = plan
  module {
    source = "./modules/controls"
  }

  assert {
    condition     = output.summary == "20 controls: 20 PASS, 0 FAIL, 0 UNKNOWN; user credential facts as of the credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan"
    error_message = output.summary
  }
  assert {
    condition     = output.credential_report == { generated_at = "2025-05-31T21:46:00Z", age = "2 h 14 min" }
    error_message = jsonencode(output.credential_report)
  }
}

run "live_user_facts_are_not_dated_by_the_report" {
  command = plan
  module {
    source = "./modules/controls"
  }
  variables {
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
    condition     = output.messages["1.13"] == "CIS 1.13: users with more than one active access key: frank (2 active keys) (key facts read live; credential report generated 2025-05-31T21:46:00Z, 2 h 14 min before this plan)"
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
