output "results" {
  description = "Per recommendation of the standard, keyed by its own id (\"2.12\", \"IAM.3\", \"X.1\"): title, status (PASS, FAIL, UNKNOWN, MANUAL or EXCEPTED), offenders (sorted names of the offending users, roles, groups, policies or certificates, excepted ones included; \"<root_account>\" for root controls, \"<kind>/<entity>/<policy>\" for X.4, empty for account-level and MANUAL recommendations), reason (why: the offenders with detail, what UNKNOWN could not read, what to check for MANUAL, which exceptions apply), profile (CIS level or Security Hub severity), assessment (the standard's own Automated/Manual label), crosswalk (per other standard, a list of { id, relation = equivalent | related }) and securityhub_standards (the Security Hub standards an IAM.* control belongs to)."
  value       = module.controls.results

  precondition {
    condition     = !var.enforce || (length(module.controls.failed_controls) == 0 && (!var.unknown_is_failure || length(module.controls.unknown_controls) == 0))
    error_message = "IAM audit failed (enforce = true). ${join(" ", concat([for id in module.controls.failed_controls : "${module.controls.messages[id]}."], var.unknown_is_failure ? [for id in module.controls.unknown_controls : "${module.controls.unknown_messages[id]} (set unknown_is_failure = false to enforce on FAIL only)."] : []))}"
  }
}

output "standard" {
  description = "The standard audited against: name (the standard variable), title and version."
  value       = module.controls.standard
}

output "failed_controls" {
  description = "The ids of the recommendations with status FAIL, in report order."
  value       = module.controls.failed_controls
}

output "unknown_controls" {
  description = "The ids of the recommendations with status UNKNOWN: automatable, but the data could not decide them (unknown_messages says why)."
  value       = module.controls.unknown_controls
}

output "unknown_messages" {
  description = "Why each UNKNOWN recommendation could not be decided, keyed by id."
  value       = module.controls.unknown_messages
}

output "excepted_controls" {
  description = "The ids of the recommendations with status EXCEPTED (every finding covered by an unexpired exception), in report order."
  value       = module.controls.excepted_controls
}

output "manual_controls" {
  description = "The ids of the recommendations with status MANUAL (their reason says what to check and how), in report order."
  value       = module.controls.manual_controls
}

output "messages" {
  description = "The check message of every failed recommendation (the offenders with detail), keyed by id."
  value       = module.controls.messages
}

output "exceptions" {
  description = "Every exception as it stands: account_id, control, offender, reason, expires, state (active: it covers a finding; stale: it matches nothing, remove it; expired: it counts as none; other_account: it is for another account) and covers (\"<id> <offender>\", or \"<id>\" for an account-level finding)."
  value       = module.controls.exceptions
}

output "stale_exceptions" {
  description = "The exceptions that match no finding of this audit (unexpired, for this account): waivers to remove."
  value       = [for x in module.controls.exceptions : x if x.state == "stale"]
}

output "excluded_users" {
  description = "Users that exist and were left out of the user controls by exclude_users."
  value       = module.controls.excluded_users
}

output "excluded_roles" {
  description = "Roles that exist and were left out of the role controls by exclude_roles."
  value       = module.controls.excluded_roles
}

output "summary" {
  description = "One line: the standard, the number of recommendations per status and how old the credential facts are (AWS regenerates the credential report at most every 4 hours; configure the provider with credential_data = \"live\" to verify a remediation now)."
  value       = module.controls.summary
}

output "credential_report" {
  description = "The credential report the report-based controls (root keys and use, console MFA and sign-in, key and credential age) were decided on: generated_at (RFC 3339) and age at the time of the plan."
  value       = module.controls.credential_report
}
