# The CIS AWS Foundations Benchmark v3.0.0 section 1 (IAM) controls, decided
# on IAM data passed in as variables (the parent module reads it with the
# iamaudit data sources). No provider: terraform test exercises every
# control with literal inputs.

locals {
  root = "<root_account>"

  # Day thresholds as timestamps, for the dates that have no *_days
  # attribute. "t is at least N days before now" (floor((now - t) / 24h) >= N,
  # the provider's day arithmetic) is exactly timecmp(t, now - N*24h) <= 0.
  now               = var.now != null ? var.now : plantimestamp()
  unused_cutoff     = timeadd(local.now, "-${var.unused_credentials_days * 24}h")
  root_unused_since = timeadd(local.now, "-${var.root_unused_days * 24}h")
  # 1.14 compares the creation time itself: a key 90 days and 12 hours old
  # is older than 90 days, though its age_days is 90.
  rotation_cutoff = timeadd(local.now, "-${var.key_rotation_days * 24}h")

  partition             = var.partition
  support_policy_arn    = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
  cloudshell_policy_arn = "arn:${local.partition}:iam::aws:policy/AWSCloudShellFullAccess"

  users = [for u in var.users : u if !contains(var.exclude_users, u.name)]
  roles = [for r in var.roles : r if !contains(var.exclude_roles, r.name)]

  excluded_users = sort([for u in var.users : u.name if contains(var.exclude_users, u.name)])
  excluded_roles = sort([for r in var.roles : r.name if contains(var.exclude_roles, r.name)])

  # The credential report's age, in whole hours and minutes before now. AWS
  # regenerates the report at most every 4 hours and HCL has no duration
  # arithmetic, so count the steps that fit (range is capped at 1024).
  report_at          = var.credential_report_generated_at
  report_age_hours   = local.report_at == null ? 0 : length([for h in range(1, 25) : h if timecmp(timeadd(local.report_at, "${h}h"), local.now) <= 0])
  report_age_minutes = local.report_at == null ? 0 : length([for m in range(1, 60) : m if timecmp(timeadd(local.report_at, "${local.report_age_hours}h${m}m"), local.now) <= 0])
  report_age = local.report_at == null ? null : (
    local.report_age_hours >= 24 ? "more than 24 h" : (
      local.report_age_hours > 0 ? "${local.report_age_hours} h ${local.report_age_minutes} min" : "${local.report_age_minutes} min"
    )
  )
  report_note = local.report_at == null ? "credential report time unknown" : "credential report generated ${local.report_at}, ${local.report_age} before this plan"

  # Users whose password and key facts are the report's (the provider's
  # default credential_data = "report") rather than read live.
  users_from_report = [for u in local.users : u.name if u.credentials_as_of == null || u.credentials_as_of == local.report_at]
  user_facts_note = length(local.users) == 0 || length(local.users_from_report) > 0 ? "as of the ${local.report_note}" : (
    "read live; ${local.report_note}"
  )
  # The controls decided on credential report facts, and what their message
  # says of the facts' age: the root row is always the report's; the users'
  # facts are the report's unless the provider reads them live.
  report_notes = {
    "1.4"  = "root key slots as of the ${local.report_note}"
    "1.7"  = "root facts as of the ${local.report_note}"
    "1.10" = "password facts ${local.user_facts_note}"
    "1.11" = "password and key facts ${local.user_facts_note}"
    "1.12" = "password and key facts ${local.user_facts_note}"
    "1.13" = "key facts ${local.user_facts_note}"
    "1.14" = "key facts ${local.user_facts_note}"
  }

  # The credential report's root row; null when the report has none (moto,
  # for one), which makes 1.7 UNKNOWN rather than PASS.
  root_row = one([for r in var.credential_report_rows : r if r.user == local.root])

  # Each control below is a map of offender name => detail for the check
  # message; the results output keeps the sorted names only.

  # 1.4: root access keys, from GetAccountSummary or the report's root row.
  root_keys_in_report = local.root_row == null ? [] : [
    for slot, active in {
      "1" = local.root_row.access_key_1_active
      "2" = local.root_row.access_key_2_active
    } : "slot ${slot}" if coalesce(active, false)
  ]
  c1_4 = var.account.root_access_keys_present || length(local.root_keys_in_report) > 0 ? {
    (local.root) = length(local.root_keys_in_report) > 0 ? "active access key ${join(", ", local.root_keys_in_report)}" : "AccountAccessKeysPresent = 1"
  } : {}

  # 1.5 and 1.6: root MFA, and root MFA that is a hardware device.
  c1_5 = var.account.root_mfa_enabled ? {} : {
    (local.root) = "no MFA device"
  }
  c1_6 = var.account.root_mfa_type == "hardware" ? {} : {
    (local.root) = var.account.root_mfa_type == "virtual" ? "virtual MFA device, not hardware" : "no MFA device"
  }

  # 1.7: root password or keys used within root_unused_days.
  root_uses = local.root_row == null ? {} : {
    for what, at in {
      "password"     = local.root_row.password_last_used
      "access key 1" = local.root_row.access_key_1_last_used_date
      "access key 2" = local.root_row.access_key_2_last_used_date
    } : what => at if at != null
  }
  root_recent_uses = [for what, at in local.root_uses : "${what} used ${at}" if timecmp(at, local.root_unused_since) > 0]
  c1_7             = length(local.root_recent_uses) > 0 ? { (local.root) = join(", ", local.root_recent_uses) } : {}

  # 1.8 and 1.9: account password policy (account-level: no offenders).
  pp = var.password_policy
  c1_8_problem = !local.pp.exists ? "no account password policy is set" : (
    coalesce(local.pp.minimum_password_length, 0) < var.minimum_password_length
    ? "minimum password length is ${coalesce(local.pp.minimum_password_length, 0)}, must be at least ${var.minimum_password_length}" : ""
  )
  c1_9_problem = !local.pp.exists ? "no account password policy is set" : (
    coalesce(local.pp.password_reuse_prevention, 0) < var.password_reuse_prevention
    ? (local.pp.password_reuse_prevention == null ? "password reuse prevention is off" : "password reuse prevention remembers ${local.pp.password_reuse_prevention} passwords, must be at least ${var.password_reuse_prevention}")
    : ""
  )

  # 1.10: console users without MFA.
  c1_10 = {
    for u in local.users : u.name => (
      u.password_last_used_days == null ? "console password, no MFA, password never used" : "console password, no MFA, password used ${u.password_last_used_days} days ago"
    ) if u.password_enabled && !u.mfa_enabled
  }

  # 1.11: console users with an active access key that was never used.
  c1_11 = {
    for u in local.users : u.name => join(", ", [
      for k in u.access_keys : "slot ${k.slot}, never used, ${k.age_days} days old" if k.active && k.last_used_date == null
    ]) if u.password_enabled && anytrue([for k in u.access_keys : k.active && k.last_used_date == null])
  }

  # 1.12: console password or active key unused for unused_credentials_days.
  # A password never used counts from password_last_changed (or the user's
  # creation when that is unknown); a key never used from its creation.
  stale_credentials = {
    for u in local.users : u.name => concat(
      !u.password_enabled ? [] : (
        u.password_last_used_days != null ? (
          u.password_last_used_days >= var.unused_credentials_days ? ["password unused ${u.password_last_used_days} days"] : []
          ) : (
          u.password_last_changed != null ? (
            timecmp(u.password_last_changed, local.unused_cutoff) <= 0 ? ["password never used since ${u.password_last_changed}"] : []
            ) : (
            u.age_days >= var.unused_credentials_days ? ["password never used, user ${u.age_days} days old"] : []
          )
        )
      ),
      [
        for k in u.access_keys : (
          k.last_used_days != null ? "key slot ${k.slot} unused ${k.last_used_days} days" : "key slot ${k.slot} never used, ${k.age_days} days old"
        ) if k.active && coalesce(k.last_used_days, k.age_days) >= var.unused_credentials_days
      ]
    )
  }
  c1_12 = { for name, problems in local.stale_credentials : name => join(", ", problems) if length(problems) > 0 }

  # 1.13: more than one active access key.
  c1_13 = {
    for u in local.users : u.name => "${u.active_access_key_count} active keys" if u.active_access_key_count > 1
  }

  # 1.14: active access keys older than key_rotation_days, to the second.
  c1_14 = {
    for u in local.users : u.name => join(", ", [
      for k in u.access_keys : "slot ${k.slot}, ${k.age_days} days, created ${k.create_date}" if k.active && timecmp(k.create_date, local.rotation_cutoff) < 0
    ]) if anytrue([for k in u.access_keys : k.active && timecmp(k.create_date, local.rotation_cutoff) < 0])
  }

  # 1.15: users with directly attached or inline policies.
  c1_15 = {
    for u in local.users : u.name => join("; ", concat(
      length(u.attached_policy_arns) > 0 ? ["attached ${join(", ", [for arn in u.attached_policy_arns : regex("[^/]+$", arn)])}"] : [],
      length(u.inline_policy_names) > 0 ? ["inline ${join(", ", u.inline_policy_names)}"] : [],
    )) if length(u.attached_policy_arns) + length(u.inline_policy_names) > 0
  }

  # 1.16: attached managed policies (customer or AWS) granting full admin:
  # "*" on "*" as CIS tests it, or the same written another way
  # (grants_full_admin), which the message then explains.
  admin_policies = [for p in var.policies : p if p.attachment_count > 0 && p.grants_full_admin]

  # Who an admin policy is attached to: "user alice", "group admins", "role ci".
  # Only admin policies: every policy × every principal is the costliest
  # expression of the module in large accounts.
  attached_to = {
    for p in local.admin_policies : p.arn => sort(concat(
      [for u in var.users : "user ${u.name}" if contains(u.attached_policy_arns, p.arn)],
      [for g in var.groups : "group ${g.name}" if contains(g.attached_policy_arns, p.arn)],
      [for r in var.roles : "role ${r.name}" if contains(r.attached_policy_arns, p.arn)],
    ))
  }
  c1_16 = {
    for name in distinct([for p in local.admin_policies : p.name]) : name => join("; ", [
      for p in local.admin_policies : format("%s, attached to %s%s", p.aws_managed ? "AWS managed" : "customer managed",
        length(local.attached_to[p.arn]) > 0 ? join(", ", local.attached_to[p.arn]) : "${p.attachment_count} entities",
        p.grants_star_on_star ? "" : "; full admin under the stricter-than-CIS rule, not the literal \"*:*\" test: ${coalesce(p.full_admin_reason, "no reason given")}"
      ) if p.name == name
    ])
  }

  # 1.17: some role has AWSSupportAccess attached (account-level: no offenders).
  support_roles = sort([for r in var.roles : r.name if contains(r.attached_policy_arns, local.support_policy_arn)])

  # 1.19: expired server certificates.
  c1_19 = {
    for c in var.server_certificates : c.name => "expired ${c.expiration}" if c.expired
  }

  # 1.22: AWSCloudShellFullAccess attached to anything; the offenders are the
  # users, groups and roles it is attached to.
  cloudshell_attached = anytrue([
    for p in var.policies : p.arn == local.cloudshell_policy_arn && p.attachment_count > 0
  ])
  c1_22 = merge(
    { for u in var.users : u.name => "user" if contains(u.attached_policy_arns, local.cloudshell_policy_arn) },
    { for g in var.groups : g.name => "group" if contains(g.attached_policy_arns, local.cloudshell_policy_arn) },
    { for r in var.roles : r.name => "role" if contains(r.attached_policy_arns, local.cloudshell_policy_arn) },
  )

  # X.1: roles a third party can assume without an external ID that
  # restricts (principals of first_party_account_ids, the own account and
  # the own organization are not third parties).
  cx_1 = {
    for r in local.roles : r.name => "trusts ${join(", ", r.trusted_aws_principals)}" if r.third_party_trust && !r.external_id_required
  }

  # X.2: web identity roles (OIDC providers, Google, Cognito, Facebook,
  # Login with Amazon) whose trust pins no token subject.
  cx_2 = {
    for r in local.roles : r.name => "trusts ${join(", ", r.trusted_federated)} for any subject" if r.oidc_subject_unrestricted
  }

  # X.3: roles anyone can assume.
  cx_3 = {
    for r in local.roles : r.name => "trust policy allows Principal \"*\"" if r.public
  }

  # X.4: inline policies granting full admin, on every user, group and role
  # (exclusions do not apply): "<kind>/<entity>/<policy>" => why.
  cx_4 = merge(
    { for e in flatten([for u in var.users : [for p in u.inline_policies : { key = "user/${u.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
    { for e in flatten([for g in var.groups : [for p in g.inline_policies : { key = "group/${g.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
    { for e in flatten([for r in var.roles : [for p in r.inline_policies : { key = "role/${r.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
  )

  # Offender name => detail, per control; an account-level failure has an
  # empty map and its problem in account_problems.
  findings = {
    "1.4"  = local.c1_4
    "1.5"  = local.c1_5
    "1.6"  = local.c1_6
    "1.7"  = local.c1_7
    "1.8"  = {}
    "1.9"  = {}
    "1.10" = local.c1_10
    "1.11" = local.c1_11
    "1.12" = local.c1_12
    "1.13" = local.c1_13
    "1.14" = local.c1_14
    "1.15" = local.c1_15
    "1.16" = local.c1_16
    "1.17" = {}
    "1.19" = local.c1_19
    "1.22" = local.c1_22
    "X.1"  = local.cx_1
    "X.2"  = local.cx_2
    "X.3"  = local.cx_3
    "X.4"  = local.cx_4
  }
  account_problems = {
    "1.8"  = local.c1_8_problem
    "1.9"  = local.c1_9_problem
    "1.17" = length(local.support_roles) > 0 ? "" : "no role has ${local.support_policy_arn} attached"
    # A root row's absence is not a failure, but 1.7 cannot pass without it.
    "1.7"  = local.root_row == null ? "the credential report has no <root_account> row" : ""
    "1.22" = local.cloudshell_attached && length(local.c1_22) == 0 ? "${local.cloudshell_policy_arn} is attached" : ""
  }

  titles = {
    "1.4"  = "Ensure no 'root' user account access key exists"
    "1.5"  = "Ensure MFA is enabled for the 'root' user account"
    "1.6"  = "Ensure hardware MFA is enabled for the 'root' user account"
    "1.7"  = "Eliminate use of the 'root' user for administrative and daily tasks"
    "1.8"  = "Ensure IAM password policy requires minimum length of ${var.minimum_password_length} or greater"
    "1.9"  = "Ensure IAM password policy prevents password reuse"
    "1.10" = "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password"
    "1.11" = "Do not setup access keys during initial user setup for all IAM users that have a console password"
    "1.12" = "Ensure credentials unused for ${var.unused_credentials_days} days or greater are disabled"
    "1.13" = "Ensure there is only one active access key available for any single IAM user"
    "1.14" = "Ensure access keys are rotated every ${var.key_rotation_days} days or less"
    "1.15" = "Ensure IAM Users Receive Permissions Only Through Groups"
    "1.16" = "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"
    "1.17" = "Ensure a support role has been created to manage incidents with AWS Support"
    "1.19" = "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed"
    "1.22" = "Ensure access to AWSCloudShellFullAccess is restricted"
    "X.1"  = "Ensure every role a third party can assume requires an external ID"
    "X.2"  = "Ensure no web identity role trusts any token subject"
    "X.3"  = "Ensure no role is assumable by anyone"
    "X.4"  = "Ensure no inline policy grants full administrative privileges"
  }

  # The controls in report order.
  control_ids = ["1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16", "1.17", "1.19", "1.22", "X.1", "X.2", "X.3", "X.4"]

  statuses = {
    for id in local.control_ids : id => (
      length(local.findings[id]) > 0 ? "FAIL" : (
        id == "1.7" && local.root_row == null ? "UNKNOWN" : (
          lookup(local.account_problems, id, "") != "" ? "FAIL" : "PASS"
        )
      )
    )
  }

  results = tomap({
    for id in local.control_ids : id => {
      title     = local.titles[id]
      status    = local.statuses[id]
      offenders = sort(keys(local.findings[id]))
    }
  })

  # What a failure of each control means, for its check message.
  summaries = {
    "1.4"  = "the root user has access keys"
    "1.5"  = "the root user has no MFA"
    "1.6"  = "the root user has no hardware MFA"
    "1.7"  = "the root user was used in the last ${var.root_unused_days} days"
    "1.8"  = "weak password policy"
    "1.9"  = "weak password policy"
    "1.10" = "console users without MFA"
    "1.11" = "console users with an active access key never used"
    "1.12" = "credentials unused for ${var.unused_credentials_days} days or more"
    "1.13" = "users with more than one active access key"
    "1.14" = "active access keys older than ${var.key_rotation_days} days"
    "1.15" = "users with policies not from a group"
    "1.16" = "attached policies granting full administrative privileges"
    "1.17" = "no support role"
    "1.19" = "expired server certificates"
    "1.22" = "AWSCloudShellFullAccess is attached"
    "X.1"  = "third-party roles without an external ID that restricts"
    "X.2"  = "web identity roles that pin no subject"
    "X.3"  = "publicly assumable roles"
    "X.4"  = "inline policies granting full administrative privileges"
  }

  # The check message of each control: the control, what failed and the
  # offenders with detail, e.g. "CIS 1.14: active access keys older than 90
  # days: alice (slot 1, 213 days), bob (slot 2, 97 days)".
  # Report-based controls end with the report's age: "... (key facts as of
  # the credential report generated 2025-01-02T03:04:05Z, 2 h 14 min before
  # this plan)".
  messages = {
    for id in local.control_ids : id => format("%s: %s: %s%s", startswith(id, "X.") ? id : "CIS ${id}", local.summaries[id], (
      length(local.findings[id]) > 0
      ? join(", ", [for name in sort(keys(local.findings[id])) : "${name} (${local.findings[id][name]})"])
      : lookup(local.account_problems, id, "")
    ), contains(keys(local.report_notes), id) ? " (${local.report_notes[id]})" : "")
  }

  failed  = tolist([for id in local.control_ids : id if local.statuses[id] == "FAIL"])
  unknown = tolist([for id in local.control_ids : id if local.statuses[id] == "UNKNOWN"])

  # Why each UNKNOWN control could not be decided.
  unknown_reasons = {
    "1.7" = "the credential report has no <root_account> row, so the root user's last use is unknown"
  }

  # One line for the whole audit: the counts per status and how old the
  # credential facts are.
  status_counts = { for s in ["PASS", "FAIL", "UNKNOWN"] : s => length([for id in local.control_ids : id if local.statuses[id] == s]) }
  summary = format("%d controls: %d PASS, %d FAIL, %d UNKNOWN; user credential facts %s", length(local.control_ids),
  local.status_counts["PASS"], local.status_counts["FAIL"], local.status_counts["UNKNOWN"], local.user_facts_note)
}
