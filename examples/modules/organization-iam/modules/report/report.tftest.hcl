# The organization's report from literal per-account results: unreachable
# accounts UNKNOWN for every control of the standard with why, the summary's
# counts and failing accounts, the failure lines enforce prints, and the
# inputs it refuses.

variables {
  standard        = "cis-aws-3.0.0"
  account_results = {}
}

# No account at all: the standard's ids, and nothing reported.
run "ids" {
  command = plan

  assert {
    condition = jsonencode(output.control_ids) == jsonencode([
      "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16",
      "1.17", "1.18", "1.19", "1.20", "1.21", "1.22", "X.1", "X.2", "X.3", "X.4",
    ])
    error_message = "control_ids: ${jsonencode(output.control_ids)}"
  }
  assert {
    condition     = length(output.results) == 0 && length(output.failures) == 0 && output.summary["1.14"].counts.FAIL == 0
    error_message = "an empty organization reports something: ${jsonencode(output.summary["1.14"])}"
  }
}

# Two audited accounts and one unreachable: 111111111111 fails 1.14 (alice)
# and cannot decide X.1; 222222222222 fails 1.14 (bob) and has 1.4 excepted
# and 1.1 MANUAL; 333333333333 could not be reached.
run "organization" {
  command = plan

  variables {
    account_results = {
      "111111111111" = {
        for id in run.ids.control_ids : id => {
          title                 = "title ${id}"
          status                = lookup({ "1.14" = "FAIL", "X.1" = "UNKNOWN" }, id, "PASS")
          offenders             = id == "1.14" ? ["alice"] : []
          reason                = lookup({ "1.14" = "active access keys older than 90 days: alice (slot 1, 213 days)", "X.1" = "the roles could not be read" }, id, "")
          profile               = "Level 1"
          assessment            = "Automated"
          crosswalk             = {}
          securityhub_standards = []
        }
      }
      "222222222222" = {
        for id in run.ids.control_ids : id => {
          title                 = "title ${id}"
          status                = lookup({ "1.14" = "FAIL", "1.4" = "EXCEPTED", "1.1" = "MANUAL" }, id, "PASS")
          offenders             = lookup({ "1.14" = ["bob"], "1.4" = ["<root_account>"] }, id, [])
          reason                = lookup({ "1.14" = "active access keys older than 90 days: bob (slot 2, 97 days)" }, id, "")
          profile               = "Level 1"
          assessment            = "Automated"
          crosswalk             = {}
          securityhub_standards = []
        }
      }
    }
    unreachable = {
      "333333333333" = "assuming arn:aws:iam::333333333333:role/OrganizationAccountAccessRole: AccessDenied"
    }
  }

  assert {
    condition     = jsonencode(keys(output.results)) == jsonencode(["111111111111", "222222222222", "333333333333"])
    error_message = "accounts: ${jsonencode(keys(output.results))}"
  }
  # Every control of the standard, each UNKNOWN with the error, titled from the catalogue.
  assert {
    condition = length(output.results["333333333333"]) == 26 && alltrue([
      for id, r in output.results["333333333333"] : r.status == "UNKNOWN" && length(r.offenders) == 0 &&
      r.reason == "account 333333333333 could not be reached, so none of its controls was audited: assuming arn:aws:iam::333333333333:role/OrganizationAccountAccessRole: AccessDenied"
    ])
    error_message = "unreachable account: ${jsonencode(output.results["333333333333"]["1.4"])}"
  }
  assert {
    condition = (
      output.results["333333333333"]["1.14"].title == "Ensure access keys are rotated every 90 days or less" &&
      output.results["333333333333"]["1.14"].profile == "Level 1" &&
      output.results["333333333333"]["1.14"].assessment == "Automated" &&
      jsonencode(output.results["333333333333"]["1.14"].crosswalk["cis-aws-7.0.0"]) == jsonencode([{ id = "2.12", relation = "equivalent" }])
    )
    error_message = "unreachable 1.14 is not described by the catalogue: ${jsonencode(output.results["333333333333"]["1.14"])}"
  }
  # Audited accounts' results pass through unchanged.
  assert {
    condition     = output.results["111111111111"]["1.14"].reason == "active access keys older than 90 days: alice (slot 1, 213 days)" && output.results["222222222222"]["1.4"].status == "EXCEPTED"
    error_message = "audited results changed: ${jsonencode(output.results["111111111111"]["1.14"])}"
  }
  assert {
    condition = jsonencode(output.summary["1.14"]) == jsonencode({
      counts           = { EXCEPTED = 0, FAIL = 2, MANUAL = 0, PASS = 0, UNKNOWN = 1 }
      failing_accounts = ["111111111111", "222222222222"]
      title            = "Ensure access keys are rotated every 90 days or less"
      unknown_accounts = ["333333333333"]
    })
    error_message = "summary 1.14: ${jsonencode(output.summary["1.14"])}"
  }
  assert {
    condition     = jsonencode(output.summary["X.1"].counts) == jsonencode({ EXCEPTED = 0, FAIL = 0, MANUAL = 0, PASS = 1, UNKNOWN = 2 }) && jsonencode(output.summary["X.1"].unknown_accounts) == jsonencode(["111111111111", "333333333333"])
    error_message = "summary X.1: ${jsonencode(output.summary["X.1"])}"
  }
  assert {
    condition     = jsonencode(output.summary["1.4"].counts) == jsonencode({ EXCEPTED = 1, FAIL = 0, MANUAL = 0, PASS = 1, UNKNOWN = 1 }) && length(output.summary["1.4"].failing_accounts) == 0
    error_message = "summary 1.4: ${jsonencode(output.summary["1.4"])}"
  }
  assert {
    condition     = jsonencode(output.summary["1.1"].counts) == jsonencode({ EXCEPTED = 0, FAIL = 0, MANUAL = 1, PASS = 1, UNKNOWN = 1 })
    error_message = "summary 1.1: ${jsonencode(output.summary["1.1"])}"
  }
  assert {
    condition = jsonencode(output.failures) == jsonencode([
      "111111111111 1.14: active access keys older than 90 days: alice (slot 1, 213 days)",
      "222222222222 1.14: active access keys older than 90 days: bob (slot 2, 97 days)",
    ])
    error_message = "failures: ${jsonencode(output.failures)}"
  }
  assert {
    condition     = jsonencode(output.failed_controls) == jsonencode({ "111111111111" = ["1.14"], "222222222222" = ["1.14"], "333333333333" = [] })
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }
  assert {
    condition     = jsonencode(output.unknown_controls["111111111111"]) == jsonencode(["X.1"]) && length(output.unknown_controls["333333333333"]) == 26 && length(output.unknowns) == 27
    error_message = "unknown_controls: ${jsonencode(output.unknown_controls)}"
  }
}

# Security Hub's controls for an unreachable account: its 28 IAM.* and X.1-X.4.
run "unreachable_only" {
  command = plan

  variables {
    standard    = "securityhub-iam"
    unreachable = { "444444444444" = "AccessDenied" }
  }

  assert {
    condition     = length(output.results["444444444444"]) == 32 && output.results["444444444444"]["IAM.6"].status == "UNKNOWN" && output.summary["IAM.6"].counts.UNKNOWN == 1
    error_message = "securityhub-iam unreachable: ${jsonencode(keys(output.results["444444444444"]))}"
  }
}

# One account both audited and unreachable is refused, not reported twice.
run "audited_and_unreachable" {
  command = plan

  variables {
    account_results = { for a in ["111111111111"] : a => { for id in run.ids.control_ids : id => { title = id, status = "PASS", offenders = [], reason = "", profile = "", assessment = "", crosswalk = {}, securityhub_standards = [] } } }
    unreachable     = { "111111111111" = "AccessDenied" }
  }
  expect_failures = [output.results]
}

# Results of another standard (a control missing) are refused.
run "results_of_another_standard" {
  command = plan

  variables {
    account_results = { for a in ["111111111111"] : a => { for id in run.ids.control_ids : id => { title = id, status = "PASS", offenders = [], reason = "", profile = "", assessment = "", crosswalk = {}, securityhub_standards = [] } if id != "1.14" } }
  }
  expect_failures = [output.results]
}

run "malformed_unreachable_account" {
  command = plan

  variables {
    unreachable = { "prod" = "AccessDenied" }
  }
  expect_failures = [var.unreachable]
}
