output "results" {
  description = "Per control (\"1.4\" … \"1.22\", \"X.1\" … \"X.3\"): title, status (PASS, FAIL or UNKNOWN) and the sorted names of the offending users, roles, groups, policies or certificates (\"<root_account>\" for root controls; empty for account-level controls and when none)."
  value       = local.results

  precondition {
    condition     = !var.enforce || length(local.failed) == 0
    error_message = "IAM audit failed (enforce = true): ${join("; ", [for id in local.failed : local.messages[id]])}"
  }
}

output "failed_controls" {
  description = "The IDs of the controls with status FAIL, in report order."
  value       = local.failed
}

output "excluded_users" {
  description = "Users that exist and were left out of the user controls by exclude_users."
  value       = local.excluded_users
}

output "excluded_roles" {
  description = "Roles that exist and were left out of X.1 to X.3 by exclude_roles."
  value       = local.excluded_roles
}
