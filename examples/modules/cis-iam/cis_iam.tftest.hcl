# The module as users call it, with a mocked provider: data sources at the
# top level feed the controls, root controls come from iamaudit_account and
# iamaudit_password_policy, and `enforce` fails the plan through the results
# output's precondition.
#
# Terraform 1.11 fills a mocked list-of-objects attribute (users, roles,
# credential report rows, ...) with an empty list whatever override_data
# says (hashicorp/terraform#38369), so here those lists are empty: 1.7 is
# UNKNOWN (no <root_account> row) and 1.17 FAILs (no role at all). The
# list-based controls are proven in controls.tftest.hcl.

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
      expire_passwords               = false
      max_password_age               = null
      password_reuse_prevention      = 24
      hard_expiry                    = false
    }
  }
}

run "compliant_root_and_password_policy" {
  command = plan

  expect_failures = [check.cis_1_17]

  assert {
    condition     = sort(keys(output.results)) == tolist(["1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.19", "1.22", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "X.1", "X.2", "X.3", "X.4"])
    error_message = "results must have exactly the 20 control keys."
  }
  assert {
    condition     = output.credential_report.generated_at == "2025-05-31T21:46:00Z" && startswith(output.summary, "20 controls: 18 PASS, 1 FAIL, 1 UNKNOWN; user credential facts as of the credential report generated 2025-05-31T21:46:00Z, ")
    error_message = "The summary states the users' credential report: ${output.summary}"
  }
  assert {
    condition = alltrue([
      for id in ["1.4", "1.5", "1.6", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.19", "1.22", "X.1", "X.2", "X.3"] :
      output.results[id].status == "PASS" && length(output.results[id].offenders) == 0
    ])
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["1.7"].status == "UNKNOWN"
    error_message = "Without a <root_account> credential report row, 1.7 is UNKNOWN."
  }
  assert {
    condition     = output.results["1.17"].status == "FAIL" && output.failed_controls == tolist(["1.17"])
    error_message = "With no roles, 1.17 fails."
  }
}

run "cis_1_4_root_access_keys" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled         = true
      root_mfa_type            = "hardware"
      root_access_keys_present = true
    }
  }
  expect_failures = [check.cis_1_4, check.cis_1_17]

  assert {
    condition     = output.results["1.4"].status == "FAIL" && output.results["1.4"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.4"])
  }
  assert {
    condition     = output.messages["1.4"] == "CIS 1.4: the root user has access keys: <root_account> (AccountAccessKeysPresent = 1) (root key slots as of the credential report generated 2025-05-31T21:46:00Z, more than 24 h before this plan)"
    error_message = output.messages["1.4"]
  }
}

run "cis_1_5_and_1_6_root_without_mfa" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled         = false
      root_mfa_type            = "none"
      root_access_keys_present = false
    }
  }
  expect_failures = [check.cis_1_5, check.cis_1_6, check.cis_1_17]

  assert {
    condition     = output.results["1.5"].status == "FAIL" && output.results["1.5"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.5"])
  }
  assert {
    condition     = output.results["1.6"].status == "FAIL" && output.results["1.6"].offenders == tolist(["<root_account>"])
    error_message = jsonencode(output.results["1.6"])
  }
}

run "cis_1_6_root_with_virtual_mfa" {
  command = plan

  override_data {
    target = data.iamaudit_account.this
    values = {
      root_mfa_enabled         = true
      root_mfa_type            = "virtual"
      root_access_keys_present = false
    }
  }
  expect_failures = [check.cis_1_6, check.cis_1_17]

  assert {
    condition     = output.results["1.5"].status == "PASS" && output.results["1.6"].status == "FAIL"
    error_message = jsonencode(output.results)
  }
}

run "cis_1_8_and_1_9_weak_password_policy" {
  command = plan

  override_data {
    target = data.iamaudit_password_policy.this
    values = {
      exists                    = true
      minimum_password_length   = 8
      password_reuse_prevention = null
    }
  }
  expect_failures = [check.cis_1_8, check.cis_1_9, check.cis_1_17]

  assert {
    condition     = output.results["1.8"].status == "FAIL" && output.results["1.9"].status == "FAIL"
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.messages["1.8"] == "CIS 1.8: weak password policy: minimum password length is 8, must be at least 14"
    error_message = output.messages["1.8"]
  }
}

run "cis_1_8_and_1_9_no_password_policy" {
  command = plan

  override_data {
    target = data.iamaudit_password_policy.this
    values = {
      exists                    = false
      minimum_password_length   = null
      password_reuse_prevention = null
    }
  }
  expect_failures = [check.cis_1_8, check.cis_1_9, check.cis_1_17]

  assert {
    condition     = output.messages["1.9"] == "CIS 1.9: weak password policy: no account password policy is set"
    error_message = output.messages["1.9"]
  }
}

run "thresholds_reach_the_controls" {
  command = plan

  variables {
    minimum_password_length   = 16
    password_reuse_prevention = 12
  }
  expect_failures = [check.cis_1_8, check.cis_1_17]

  assert {
    condition     = output.results["1.8"].status == "FAIL" && output.results["1.9"].status == "PASS"
    error_message = jsonencode(output.results)
  }
  assert {
    condition     = output.results["1.8"].title == "Ensure IAM password policy requires minimum length of 16 or greater"
    error_message = output.results["1.8"].title
  }
}

run "invalid_threshold_is_rejected" {
  command = plan

  variables {
    unused_credentials_days = 0
  }
  expect_failures = [var.unused_credentials_days]
}

# enforce = true: any FAIL fails the plan through the results output's
# precondition (here 1.17, which always fails with the mocked empty role list).
run "enforce_fails_the_plan_on_a_failed_control" {
  command = plan

  variables {
    enforce = true
  }
  expect_failures = [output.results, check.cis_1_17]
}

# enforce = true and no FAIL, but a control the data could not decide: an
# undecided audit has not passed, so the plan fails.
run "enforce_fails_on_unknown" {
  command = plan

  variables {
    enforce = true
  }
  override_module {
    target = module.controls
    outputs = {
      results          = { "1.7" = { title = "Eliminate use of the 'root' user for administrative and daily tasks", status = "UNKNOWN", offenders = [] } }
      failed_controls  = []
      messages         = {}
      excluded_users   = []
      excluded_roles   = []
      unknown_controls = ["1.7"]
      unknown_messages = { "1.7" = "CIS 1.7: UNKNOWN: the credential report has no <root_account> row, so the root user's last use is unknown" }
    }
  }
  expect_failures = [output.results]
}

# ... unless unknown_is_failure = false: then only FAIL fails the plan.
run "enforce_passes_unknown_when_told" {
  command = plan

  variables {
    enforce            = true
    unknown_is_failure = false
  }
  override_module {
    target = module.controls
    outputs = {
      results          = { "1.7" = { title = "Eliminate use of the 'root' user for administrative and daily tasks", status = "UNKNOWN", offenders = [] } }
      failed_controls  = []
      messages         = {}
      excluded_users   = []
      excluded_roles   = []
      unknown_controls = ["1.7"]
      unknown_messages = { "1.7" = "CIS 1.7: UNKNOWN: the credential report has no <root_account> row, so the root user's last use is unknown" }
    }
  }

  assert {
    condition     = length(output.unknown_controls) == 1 && output.unknown_controls[0] == "1.7"
    error_message = "The UNKNOWN control is reported, and the plan succeeds."
  }
}

run "first_party_account_ids_are_validated" {
  command = plan

  variables {
    first_party_account_ids = ["12345"]
  }
  expect_failures = [var.first_party_account_ids]
}

# enforce = true with every control passing (the controls module's outputs
# overridden): the plan succeeds.
run "enforce_passes_when_nothing_fails" {
  command = plan

  variables {
    enforce = true
  }
  override_module {
    target = module.controls
    outputs = {
      results          = { "1.4" = { title = "Ensure no 'root' user account access key exists", status = "PASS", offenders = [] } }
      failed_controls  = []
      messages         = {}
      excluded_users   = []
      excluded_roles   = []
      unknown_controls = []
      unknown_messages = {}
    }
  }

  assert {
    condition     = output.results["1.4"].status == "PASS"
    error_message = "The overridden results pass through."
  }
}

# enforce = true and one failure in the overridden controls: the plan fails.
run "enforce_fails_on_overridden_failure" {
  command = plan

  variables {
    enforce = true
  }
  override_module {
    target = module.controls
    outputs = {
      results          = { "1.14" = { title = "Ensure access keys are rotated every 90 days or less", status = "FAIL", offenders = ["alice"] } }
      failed_controls  = ["1.14"]
      messages         = { "1.14" = "CIS 1.14: active access keys older than 90 days: alice (slot 1, 213 days)" }
      excluded_users   = []
      excluded_roles   = []
      unknown_controls = []
      unknown_messages = {}
    }
  }
  expect_failures = [output.results, check.cis_1_14]
}

# Every check block fires for its own control, with the control's message.
run "every_control_has_a_check_block" {
  command = plan

  override_module {
    target = module.controls
    outputs = {
      results         = {}
      failed_controls = ["1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.19", "1.22", "X.1", "X.2", "X.3", "X.4"]
      messages = {
        "1.4"  = "1.4: failed"
        "1.5"  = "1.5: failed"
        "1.6"  = "1.6: failed"
        "1.7"  = "1.7: failed"
        "1.8"  = "1.8: failed"
        "1.9"  = "1.9: failed"
        "1.10" = "1.10: failed"
        "1.11" = "1.11: failed"
        "1.12" = "1.12: failed"
        "1.13" = "1.13: failed"
        "1.14" = "1.14: failed"
        "1.15" = "1.15: failed"
        "1.16" = "1.16: failed"
        "1.17" = "1.17: failed"
        "1.19" = "1.19: failed"
        "1.22" = "1.22: failed"
        "X.1"  = "X.1: failed"
        "X.2"  = "X.2: failed"
        "X.3"  = "X.3: failed"
        "X.4"  = "X.4: failed"
      }
      excluded_users   = []
      excluded_roles   = []
      unknown_controls = []
      unknown_messages = {}
    }
  }
  expect_failures = [check.cis_1_4, check.cis_1_5, check.cis_1_6, check.cis_1_7, check.cis_1_8, check.cis_1_9, check.cis_1_10, check.cis_1_11, check.cis_1_12, check.cis_1_13, check.cis_1_14, check.cis_1_15, check.cis_1_16, check.cis_1_17, check.cis_1_19, check.cis_1_22, check.x_1, check.x_2, check.x_3, check.x_4]
}
