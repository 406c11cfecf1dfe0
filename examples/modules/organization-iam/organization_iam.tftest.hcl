# The organization module with a mocked provider: given accounts audited
# with the CIS module each (account_id), unreachable ones UNKNOWN for every
# control, shards by account id mod count, enforce over every account,
# stale exceptions, and the CI report. The organization's own account list
# (iamaudit_organization_accounts) cannot be mocked -- Terraform 1.11 fills a
# mocked list-of-objects attribute with an empty list
# (hashicorp/terraform#38369) -- so the acceptance test on moto covers it.
#
# Every account has the mock's data: no role at all, so the support role
# control (2.16) fails in each (its check block in each module instance
# only warns: terraform test checks the root module's).

mock_provider "iamaudit" {}

# The CIS module of every account is replaced by the results below (its
# data and controls are tested in ../cis-iam): every control PASS but the
# support role (2.15), which FAILs.
override_module {
  target = module.account
  outputs = {
    results = {
      for id in ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18", "2.19", "2.20", "2.21", "X.1", "X.2", "X.3", "X.4"] : id => {
        title                 = "title ${id}"
        status                = id == "2.15" ? "FAIL" : "PASS"
        offenders             = []
        reason                = id == "2.15" ? "no support role" : ""
        profile               = "Level 1"
        assessment            = "Automated"
        crosswalk             = {}
        securityhub_standards = []
      }
    }
    exceptions = [
      { account_id = "111111111111", control = "support_access", offender = null, reason = "r", expires = "2099-01-01", state = "active", covers = ["2.15"] },
      { account_id = "999999999999", control = "2.15", offender = null, reason = "r", expires = "2099-01-01", state = "other_account", covers = [] },
      { account_id = null, control = "X.3", offender = "public-role", reason = "r", expires = "2099-01-01", state = "stale", covers = [] },
    ]
  }
}

variables {
  accounts = [
    { id = "111111111111" },
    { id = "222222222222", accessible = true },
    { id = "333333333333", accessible = false, access_error = "sts:AssumeRole of arn:aws:iam::333333333333:role/OrganizationAccountAccessRole failed: AccessDenied" },
  ]
}

run "given_accounts" {
  command = plan


  assert {
    condition     = jsonencode(keys(module.account)) == jsonencode(["111111111111", "222222222222"])
    error_message = "audited: ${jsonencode(keys(module.account))}"
  }
  assert {
    condition     = jsonencode(keys(output.results)) == jsonencode(["111111111111", "222222222222", "333333333333"]) && length(output.results["333333333333"]) == 30
    error_message = "results: ${jsonencode(keys(output.results))}"
  }
  assert {
    condition = alltrue([
      for id, r in output.results["333333333333"] : r.status == "UNKNOWN" && r.reason == "account 333333333333 could not be reached, so none of its controls was audited: sts:AssumeRole of arn:aws:iam::333333333333:role/OrganizationAccountAccessRole failed: AccessDenied"
    ])
    error_message = "unreachable: ${jsonencode(output.results["333333333333"]["2.4"])}"
  }
  # Each audited account's results are its CIS module's.
  assert {
    condition     = jsonencode(output.results["111111111111"]) == jsonencode(module.account["111111111111"].results) && output.results["222222222222"]["2.15"].status == "FAIL"
    error_message = "audited results: ${jsonencode(output.results["222222222222"]["2.15"])}"
  }
  assert {
    condition = jsonencode(output.summary["2.15"]) == jsonencode({
      counts           = { EXCEPTED = 0, FAIL = 2, MANUAL = 0, PASS = 0, UNKNOWN = 1 }
      failing_accounts = ["111111111111", "222222222222"]
      title            = "Ensure a support role has been created to manage incidents with AWS Support"
      unknown_accounts = ["333333333333"]
    })
    error_message = "summary 2.15: ${jsonencode(output.summary["2.15"])}"
  }
  assert {
    condition     = output.unreachable == tomap({ "333333333333" = "sts:AssumeRole of arn:aws:iam::333333333333:role/OrganizationAccountAccessRole failed: AccessDenied" })
    error_message = "unreachable: ${jsonencode(output.unreachable)}"
  }
  assert {
    condition     = jsonencode(output.failed_controls["111111111111"]) == jsonencode(["2.15"]) && length(output.unknown_controls["333333333333"]) == 30
    error_message = "failed_controls: ${jsonencode(output.failed_controls)}"
  }
  assert {
    condition = (
      output.report.organization_id == null && output.report.standard == "cis-aws-7.0.0" &&
      jsonencode(output.report.shard) == jsonencode({ count = 1, index = 0 }) &&
      jsonencode(output.report.snapshot) == jsonencode(["111111111111", "222222222222", "333333333333"]) &&
      jsonencode(output.report.account_ids) == jsonencode(["111111111111", "222222222222", "333333333333"]) &&
      output.report.results == output.results && output.report.unreachable == output.unreachable
    )
    error_message = "report: ${jsonencode({ for k, v in output.report : k => v if k != "results" })}"
  }
}

# Shard 1 of 2: the accounts whose id is odd.
run "shard" {
  command = plan

  variables {
    shard_count = 2
    shard_index = 1
  }

  assert {
    condition     = jsonencode(keys(module.account)) == jsonencode(["111111111111"]) && jsonencode(output.account_ids) == jsonencode(["111111111111", "333333333333"])
    error_message = "shard 1: ${jsonencode(output.account_ids)}"
  }
  assert {
    condition     = jsonencode(output.snapshot) == jsonencode(["111111111111", "222222222222", "333333333333"]) && jsonencode(output.report.shard) == jsonencode({ count = 2, index = 1 })
    error_message = "snapshot: ${jsonencode(output.snapshot)}"
  }
  assert {
    condition     = jsonencode(keys(output.results)) == jsonencode(["111111111111", "333333333333"])
    error_message = "shard 1 results: ${jsonencode(keys(output.results))}"
  }
}

# enforce lists every failing account and control.
run "enforce_fails_on_any_account" {
  command = plan

  variables {
    enforce = true
  }
  expect_failures = [output.results]
}

# Only unreachable accounts: UNKNOWN fails enforce ...
run "enforce_fails_on_an_unreachable_account" {
  command = plan

  variables {
    enforce  = true
    accounts = [{ id = "333333333333", accessible = false, access_error = "AccessDenied" }]
  }
  expect_failures = [output.results]
}

# ... unless UNKNOWN is not a failure.
run "enforce_on_fail_only" {
  command = plan

  variables {
    enforce            = true
    unknown_is_failure = false
    accounts           = [{ id = "333333333333", accessible = false, access_error = "AccessDenied" }]
  }

  assert {
    condition     = length(module.account) == 0 && output.summary["2.4"].counts.UNKNOWN == 1
    error_message = "summary: ${jsonencode(output.summary["2.4"])}"
  }
}

# Exceptions reach every account (each reports them as they stand there);
# one for an account outside the organization, or stale in every account it
# applies to, is stale for the organization.
run "exceptions" {
  command = plan

  variables {
    exceptions = [
      { account_id = "111111111111", control = "support_access", reason = "Enterprise support through the payer", expires = "2099-01-01" },
      { account_id = "999999999999", control = "2.15", reason = "Not ours", expires = "2099-01-01" },
      { control = "X.3", offender = "public-role", reason = "Nothing matches", expires = "2099-01-01" },
    ]
  }

  assert {
    condition     = jsonencode(keys(output.exceptions)) == jsonencode(["111111111111", "222222222222"]) && output.exceptions["111111111111"][0].state == "active"
    error_message = "exceptions: ${jsonencode(output.exceptions)}"
  }
  assert {
    condition = jsonencode([for x in output.stale_exceptions : [x.account_id, x.control, x.why]]) == jsonencode([
      ["999999999999", "2.15", "account 999999999999 is not one of the organization's audited accounts"],
      [null, "X.3", "it matches no finding in any account it applies to"],
    ])
    error_message = "stale_exceptions: ${jsonencode(output.stale_exceptions)}"
  }
}

run "shard_index_out_of_range" {
  command = plan

  variables {
    shard_count = 2
    shard_index = 2
  }
  expect_failures = [var.shard_index]
}

run "malformed_exclude_account_ids" {
  command = plan

  variables {
    exclude_account_ids = ["prod"]
  }
  expect_failures = [var.exclude_account_ids]
}
