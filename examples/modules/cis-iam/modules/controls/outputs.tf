output "results" {
  description = "Per control: title, status (PASS, FAIL or UNKNOWN) and sorted offender names."
  value       = local.results
}

output "failed_controls" {
  description = "The IDs of the controls with status FAIL, in report order."
  value       = local.failed
}

output "unknown_controls" {
  description = "The IDs of the controls with status UNKNOWN (the data could not decide them), in report order."
  value       = local.unknown
}

output "unknown_messages" {
  description = "Why each UNKNOWN control could not be decided, keyed by control ID."
  value       = tomap({ for id in local.unknown : id => format("%s: UNKNOWN: %s", startswith(id, "X.") ? id : "CIS ${id}", local.unknown_reasons[id]) })
}

output "messages" {
  description = "The check message of every failed control, keyed by control ID."
  value       = tomap({ for id in local.failed : id => local.messages[id] })
}

output "excluded_users" {
  description = "Users that exist and were left out by exclude_users."
  value       = local.excluded_users
}

output "excluded_roles" {
  description = "Roles that exist and were left out by exclude_roles."
  value       = local.excluded_roles
}

output "summary" {
  description = "One line: the number of controls per status and the credential report's age (\"19 controls: 4 PASS, 14 FAIL, 1 UNKNOWN; user credential facts as of the credential report generated 2025-01-02T03:04:05Z, 2 h 14 min before this plan\")."
  value       = local.summary
}

output "credential_report" {
  description = "The credential report the report-based controls (1.4, 1.7, 1.10 to 1.14) were decided on: generated_at (RFC 3339) and age (\"2 h 14 min\") at the time of the plan; null values when unknown."
  value = {
    generated_at = local.report_at
    age          = local.report_age
  }
}
