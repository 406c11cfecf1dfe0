output "results" {
  description = "Per account of this shard (audited and unreachable), then per control of the standard: title, status, offenders, reason, profile, assessment, crosswalk, securityhub_standards (as the CIS module's results). An unreachable account has every control UNKNOWN, the reason naming the error."
  value       = module.report.results

  precondition {
    condition     = !var.enforce || (length(module.report.failures) == 0 && (!var.unknown_is_failure || length(module.report.unknowns) == 0))
    error_message = "IAM audit of the organization failed (enforce = true). ${join(" ", concat([for line in module.report.failures : "${line}."], var.unknown_is_failure ? [for line in module.report.unknowns : "${line} (UNKNOWN; set unknown_is_failure = false to enforce on FAIL only)."] : []))}"
  }
}

output "summary" {
  description = "Per control of the standard, over this shard's accounts: title, counts (accounts per status: PASS, FAIL, UNKNOWN, EXCEPTED, MANUAL), failing_accounts and unknown_accounts."
  value       = module.report.summary
}

output "unreachable" {
  description = "This shard's accounts the provider could not act in, keyed by account id: the error (role ARN and AWS's answer). Each is UNKNOWN for every control in results."
  value       = module.shard.unreachable
}

output "failed_controls" {
  description = "Per account of this shard, the ids of its controls with status FAIL."
  value       = module.report.failed_controls
}

output "unknown_controls" {
  description = "Per account of this shard, the ids of its controls with status UNKNOWN."
  value       = module.report.unknown_controls
}

output "account_ids" {
  description = "This shard's accounts, sorted (audited and unreachable)."
  value       = module.shard.account_ids
}

output "snapshot" {
  description = "Every account of the organization (or of the accounts given), sorted: what the shards together must cover exactly once."
  value       = module.shard.snapshot
}

output "stale_exceptions" {
  description = "Exceptions that cover nothing: for an account outside the organization, or matching no finding in any audited account they apply to; each with why. Remove them."
  value       = local.stale_exceptions
}

output "exceptions" {
  description = "Per audited account, every exception as it stands there (the CIS module's exceptions output: state active, stale, expired or other_account, and what it covers)."
  value       = { for id, audit in module.account : id => audit.exceptions }
}

output "report" {
  description = "This shard's report for CI (examples/ci/iam-audit.sh writes it as results.json; examples/ci/merge-shards.sh joins the shards'): organization_id, standard, snapshot, shard { index, count }, account_ids, results and unreachable."
  value = {
    organization_id = local.organization_id
    standard        = var.standard
    snapshot        = module.shard.snapshot
    shard           = { index = var.shard_index, count = var.shard_count }
    account_ids     = module.shard.account_ids
    results         = module.report.results
    unreachable     = module.shard.unreachable
  }
}
