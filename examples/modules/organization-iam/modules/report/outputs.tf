output "results" {
  description = "Per account, then per control of the standard: the CIS module's result; an unreachable account has every control UNKNOWN with why."
  value       = local.results

  precondition {
    condition     = length(local.both) == 0
    error_message = "Accounts both audited and unreachable: ${join(", ", local.both)}."
  }
  precondition {
    condition     = alltrue([for account, results in var.account_results : sort(keys(results)) == sort(local.ids)])
    error_message = "Each audited account's results must hold exactly the controls of ${var.standard}; they do not for: ${join(", ", [for account, results in var.account_results : account if sort(keys(results)) != sort(local.ids)])}."
  }
}

output "summary" {
  description = "Per control of the standard, in the accounts reported: title, counts (accounts per status: PASS, FAIL, UNKNOWN, EXCEPTED, MANUAL), failing_accounts and unknown_accounts (sorted account ids)."
  value       = local.summary
}

output "failed_controls" {
  description = "Per account, the ids of its controls with status FAIL, in report order."
  value       = local.failed_controls
}

output "unknown_controls" {
  description = "Per account, the ids of its controls with status UNKNOWN, in report order (every control of an unreachable account)."
  value       = local.unknown_controls
}

output "failures" {
  description = "One line per failed control of each account: \"<account> <id>: <reason>\"."
  value       = local.failures
}

output "unknowns" {
  description = "One line per UNKNOWN control of each account: \"<account> <id>: <reason>\"."
  value       = local.unknowns
}

output "control_ids" {
  description = "The standard's control ids in report order."
  value       = local.ids
}
