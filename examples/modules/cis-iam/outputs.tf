output "results" {
  description = "Per control (\"1.4\" … \"1.22\", \"X.1\" … \"X.4\"): title, status (PASS, FAIL or UNKNOWN) and the sorted names of the offending users, roles, groups, policies or certificates (\"<root_account>\" for root controls; \"<kind>/<entity>/<policy>\" for X.4; empty for the account-level controls 1.8, 1.9 and 1.17, and when none)."
  value       = module.controls.results

  precondition {
    condition     = !var.enforce || (length(module.controls.failed_controls) == 0 && (!var.unknown_is_failure || length(module.controls.unknown_controls) == 0))
    error_message = "IAM audit failed (enforce = true). ${join(" ", concat([for id in module.controls.failed_controls : "${module.controls.messages[id]}."], var.unknown_is_failure ? [for id in module.controls.unknown_controls : "${module.controls.unknown_messages[id]} (set unknown_is_failure = false to enforce on FAIL only)."] : []))}"
  }
}

output "failed_controls" {
  description = "The IDs of the controls with status FAIL, in report order."
  value       = module.controls.failed_controls
}

output "unknown_controls" {
  description = "The IDs of the controls with status UNKNOWN: automatable, but the data could not decide them (unknown_messages says why)."
  value       = module.controls.unknown_controls
}

output "unknown_messages" {
  description = "Why each UNKNOWN control could not be decided, keyed by control ID."
  value       = module.controls.unknown_messages
}

output "messages" {
  description = "The check message of every failed control (the offenders with detail), keyed by control ID."
  value       = module.controls.messages
}

output "excluded_users" {
  description = "Users that exist and were left out of the user controls by exclude_users."
  value       = module.controls.excluded_users
}

output "excluded_roles" {
  description = "Roles that exist and were left out of X.1 to X.3 by exclude_roles."
  value       = module.controls.excluded_roles
}

output "summary" {
  description = "One line: the number of controls per status and how old the credential facts are (AWS regenerates the credential report at most every 4 hours; configure the provider with credential_data = \"live\" to verify a remediation now)."
  value       = module.controls.summary
}

output "credential_report" {
  description = "The credential report the report-based controls (1.4, 1.7, 1.10 to 1.14) were decided on: generated_at (RFC 3339) and age at the time of the plan."
  value       = module.controls.credential_report
}
