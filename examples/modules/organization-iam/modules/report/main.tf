# The organization's results from each account's: unreachable accounts
# become UNKNOWN for every control of the standard (never left out), and a
# summary per control counts the statuses and names the failing accounts.

module "catalogue" {
  source = "../../../cis-iam/modules/catalogue"

  standard = var.standard
}

locals {
  ids     = module.catalogue.ids[var.standard]
  entries = module.catalogue.selected

  unreachable_results = {
    for account, error in var.unreachable : account => {
      for id in local.ids : id => {
        title                 = local.entries[id].title
        status                = "UNKNOWN"
        offenders             = []
        reason                = "account ${account} could not be reached, so none of its controls was audited: ${error}"
        profile               = local.entries[id].profile
        assessment            = local.entries[id].assessment
        crosswalk             = { for other, items in local.entries[id].crosswalk : other => [for item in items : { id = item.id, relation = item.relation }] }
        securityhub_standards = [for s in local.entries[id].securityhub_standards : tostring(s)]
      }
    }
  }

  # An account both audited and unreachable would be reported twice.
  both = sort(setintersection(keys(var.account_results), keys(var.unreachable)))

  # Through the declared type, so that audited and unreachable accounts'
  # results are one map type.
  results = { for account in sort(distinct(concat(keys(var.account_results), keys(var.unreachable)))) : account => try(var.account_results[account], local.unreachable_results[account]) }

  accounts = keys(local.results)
  statuses = ["PASS", "FAIL", "UNKNOWN", "EXCEPTED", "MANUAL"]

  summary = {
    for id in local.ids : id => {
      title            = local.entries[id].title
      counts           = { for s in local.statuses : s => length([for account in local.accounts : account if try(local.results[account][id].status, "") == s]) }
      failing_accounts = [for account in local.accounts : account if try(local.results[account][id].status, "") == "FAIL"]
      unknown_accounts = [for account in local.accounts : account if try(local.results[account][id].status, "") == "UNKNOWN"]
    }
  }

  failed_controls  = { for account in local.accounts : account => [for id in local.ids : id if try(local.results[account][id].status, "") == "FAIL"] }
  unknown_controls = { for account in local.accounts : account => [for id in local.ids : id if try(local.results[account][id].status, "") == "UNKNOWN"] }

  # "111122223333 2.12: active access keys older than 90 days: alice (…)".
  failures = flatten([
    for account in local.accounts : [for id in local.failed_controls[account] : "${account} ${id}: ${local.results[account][id].reason}"]
  ])
  unknowns = flatten([
    for account in local.accounts : [for id in local.unknown_controls[account] : "${account} ${id}: ${local.results[account][id].reason}"]
  ])
}
