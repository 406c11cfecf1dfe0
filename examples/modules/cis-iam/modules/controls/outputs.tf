output "standard" {
  description = "The selected standard: name, title and version."
  value = {
    name    = var.standard
    title   = local.standard.title
    version = local.standard.version
  }
}

output "results" {
  description = "Per recommendation of the standard, keyed by its id: title, status (PASS, FAIL, UNKNOWN, MANUAL or EXCEPTED), offenders (sorted names; excepted ones included), reason, profile, assessment, crosswalk and securityhub_standards."
  value       = local.results
}

output "failed_controls" {
  description = "The ids of the recommendations with status FAIL, in report order."
  value       = tolist(local.failed)
}

output "unknown_controls" {
  description = "The ids of the recommendations with status UNKNOWN (the data could not decide them), in report order."
  value       = tolist(local.unknown)
}

output "excepted_controls" {
  description = "The ids of the recommendations with status EXCEPTED, in report order."
  value       = tolist(local.excepted)
}

output "manual_controls" {
  description = "The ids of the recommendations with status MANUAL, in report order."
  value       = tolist(local.manuals)
}

output "unknown_messages" {
  description = "Why each UNKNOWN recommendation could not be decided, keyed by id."
  value       = tomap({ for id in local.unknown : id => "${local.names[id]}: UNKNOWN: ${local.reasons[id]}" })
}

output "messages" {
  description = "The check message of every failed recommendation, keyed by id."
  value       = tomap(local.messages)
}

output "check_failures" {
  description = "Per underlying control with a failed recommendation (root_access_keys, password_policy, …), the messages of its failed recommendations: what the module's check blocks assert on."
  value       = tomap(local.check_failures)
}

output "exceptions" {
  description = "Every exception with its state (active, stale, expired or other_account) and what it covers (\"<id> <offender>\", or \"<id>\" for an account-level finding), in input order."
  value       = local.exception_report
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
  description = "One line: the standard, the number of recommendations per status and the credential report's age."
  value       = local.summary
}

output "credential_report" {
  description = "The credential report the report-based controls were decided on: generated_at (RFC 3339) and age (\"2 h 14 min\") at the time of the plan; null values when unknown."
  value = {
    generated_at = local.report_at
    age          = local.report_age
  }
}
