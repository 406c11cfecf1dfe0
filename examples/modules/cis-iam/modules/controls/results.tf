# The standard's recommendations mapped onto the findings, the exceptions
# applied, and the results, messages and summaries.

locals {
  # ---- Which finding decides each recommendation.
  finding_key = {
    for id, e in local.entries : id => (
      e.control == "unused_credentials" ? "unused_credentials:${coalesce(var.unused_credentials_days, try(e.parameters.unused_credentials_days, 0))}" : (
        e.control == "access_key_rotation" ? "access_key_rotation:${coalesce(var.key_rotation_days, try(e.parameters.key_rotation_days, 0))}" : (
          e.control == "root_user_unused" ? "root_user_unused:${coalesce(var.root_unused_days, try(e.parameters.root_unused_days, 0))}" : (
            e.control == "support_access" ? "support_access:${join(",", sort(try(e.parameters.support_access_entity_types, [])))}" : (
              e.control == "password_policy" ? "password_policy:${id}" : e.control
            )
          )
        )
      )
    )
  }
  # MANUAL: no IAM, STS or Organizations data decides it, or a tag control
  # without required_tag_keys.
  manual = {
    for id, e in local.entries : id => (
      local.controls[e.control].decision == "manual" ||
      (local.controls[e.control].decision == "manual_unless_parameter" && var.required_tag_keys == null)
    )
  }
  decided_ids = [for id in local.ids : id if !local.manual[id]]
  finding     = { for id in local.decided_ids : id => local.findings[local.finding_key[id]] }

  # What a failure of each recommendation means, for its message.
  thresholds = {
    for id, e in local.entries : id => (
      e.control == "unused_credentials" ? coalesce(var.unused_credentials_days, try(e.parameters.unused_credentials_days, 0)) : (
        e.control == "access_key_rotation" ? coalesce(var.key_rotation_days, try(e.parameters.key_rotation_days, 0)) : (
          e.control == "root_user_unused" ? coalesce(var.root_unused_days, try(e.parameters.root_unused_days, 0)) : 0
        )
      )
    )
  }
  summaries = {
    for id, e in local.entries : id => lookup({
      root_access_keys                      = "the root user has access keys"
      root_mfa                              = "the root user has no MFA"
      root_hardware_mfa                     = "the root user has no hardware MFA"
      root_user_unused                      = "the root user was used in the last ${local.thresholds[id]} days"
      password_policy                       = "weak password policy"
      console_user_mfa                      = "console users without MFA"
      user_mfa                              = "users without MFA"
      initial_access_keys                   = "console users with an active access key never used"
      unused_credentials                    = "credentials unused for ${local.thresholds[id]} days or more"
      multiple_active_access_keys           = "users with more than one active access key"
      access_key_rotation                   = "active access keys older than ${local.thresholds[id]} days"
      permissions_through_groups            = "users with policies not from a group"
      full_admin_policies_attached          = "attached policies granting full administrative privileges"
      full_admin_customer_policies          = "customer managed policies granting full administrative privileges"
      service_wildcard_customer_policies    = "customer managed policies allowing every action of a service"
      support_access                        = "no support role"
      expired_server_certificates           = "expired server certificates"
      cloudshell_full_access                = "AWSCloudShellFullAccess is attached"
      centralized_user_management           = "IAM users sign in with console passwords instead of federation"
      centralized_root_access               = "centralized root access is not enabled"
      third_party_trust_without_external_id = "third-party roles without an external ID that restricts"
      unpinned_web_identity_trust           = "web identity roles that pin no subject"
      public_trust                          = "publicly assumable roles"
      inline_full_admin_policies            = "inline policies granting full administrative privileges"
      user_tags                             = "users without the required tags"
      role_tags                             = "roles without the required tags"
    }, e.control, e.title)
  }
  # "CIS v7.0.0 2.12", "Security Hub IAM.3", "X.1".
  names = { for id in local.ids : id => startswith(id, "X.") ? id : "${local.label} ${id}" }

  # ---- Exceptions. A date expires at the end of that day (UTC); an
  # exception for another account does not apply here.
  exceptions = [
    for i, x in var.exceptions : {
      index         = i
      control       = x.control
      offender      = x.offender
      reason        = x.reason
      expires       = x.expires
      expires_at    = length(x.expires) == 10 ? timeadd("${x.expires}T00:00:00Z", "24h") : x.expires
      other_account = x.account_id != null && x.account_id != var.account_id
    }
  ]
  expired_indexes = toset([for x in local.exceptions : x.index if !x.other_account && timecmp(x.expires_at, local.now) <= 0])
  active          = [for x in local.exceptions : x if !x.other_account && !contains(local.expired_indexes, x.index)]
  # Active exceptions by "<control>|<offender>" and, for those without an
  # offender (the whole control), by control; a control is a
  # recommendation id of the standard or an underlying control's name.
  by_offender = { for x in local.active : "${x.control}|${x.offender}" => x.index... if x.offender != null }
  by_control  = { for x in local.active : x.control => x.index... if x.offender == null }

  # The exceptions covering each decided recommendation, proportional to
  # the exceptions rather than the offenders: a whole-control exception (for
  # the id or the control's name) covers every offender; a named one covers
  # its offender, first those for the id, then those for the control's name,
  # then the whole-control ones.
  #
  # Lists of offenders are built without sort() and join(): a function that
  # takes a list converts a for expression's tuple to one, and Terraform
  # unifies the element types of that tuple pairwise, which is quadratic in
  # its length (about 0.6 s for 8 000 names). Object keys iterate in sorted
  # order already; a template's for directive joins, and split() makes the
  # list (names of IAM entities and offender keys hold no newline).
  control_exceptions = {
    for id, f in local.finding : id => concat(lookup(local.by_control, id, []), lookup(local.by_control, local.entries[id].control, []))
  }
  whole_control_excepted = { for id, xs in local.control_exceptions : id => length(xs) > 0 }
  named_offender_exceptions = {
    for id, f in local.finding : id => {
      for name in distinct([
        for x in local.active : x.offender
        if x.offender != null && (x.control == id || x.control == local.entries[id].control) && lookup(f.offenders, coalesce(x.offender, "-"), null) != null
        ]) : name => concat(
        lookup(local.by_offender, "${id}|${name}", []), lookup(local.by_offender, "${local.entries[id].control}|${name}", []), local.control_exceptions[id],
      )
    }
  }
  excepted_offenders = {
    for id, f in local.finding : id => merge(
      { for name in flatten([for _ in [true] : keys(f.offenders) if local.whole_control_excepted[id]]) : name => local.control_exceptions[id] },
      local.named_offender_exceptions[id],
    )
  }
  # An account-level failure is covered only by an exception for the whole control.
  account_exceptions = {
    for id, f in local.finding : id => f.problem == "" ? [] : local.control_exceptions[id]
  }
  matched_indexes = toset(flatten(concat(
    [for id, xs in local.control_exceptions : xs if length(local.finding[id].offenders) > 0 || local.finding[id].problem != ""],
    [for id, named in local.named_offender_exceptions : values(named)],
  )))

  # ---- Statuses.
  # Without exceptions (the usual case) every offender fails: no
  # per-offender work (see all_users in main.tf for the idiom).
  failing_offenders = {
    for id, f in local.finding : id => flatten([
      [for _ in [true] : keys(f.offenders) if !local.whole_control_excepted[id] && length(local.named_offender_exceptions[id]) == 0],
      [
        for _ in [true] : [for name in keys(f.offenders) : name if lookup(local.named_offender_exceptions[id], name, null) == null]
        if !local.whole_control_excepted[id] && length(local.named_offender_exceptions[id]) > 0
      ],
    ])
  }
  # Every offender's name, sorted, as a list (see above).
  offender_names = {
    for id, f in local.finding : id => length(f.offenders) == 0 ? [] : split("\n", trimprefix("%{for name in keys(f.offenders)}\n${name}%{endfor}", "\n"))
  }
  statuses = {
    for id in local.ids : id => local.manual[id] ? "MANUAL" : (
      length(local.failing_offenders[id]) > 0 || (local.finding[id].problem != "" && length(local.account_exceptions[id]) == 0) ? "FAIL" : (
        local.finding[id].unknown != "" ? "UNKNOWN" : (
          length(local.excepted_offenders[id]) > 0 || length(local.account_exceptions[id]) > 0 ? "EXCEPTED" : "PASS"
        )
      )
    )
  }

  # "alice (slot 1, 213 days), bob (slot 2, 97 days)", and the problem.
  details = {
    for id, f in local.finding : id => join("; ", compact([
      trimprefix("%{for name in local.failing_offenders[id]}, ${name} (${f.offenders[name]})%{endfor}", ", "),
      length(local.account_exceptions[id]) > 0 ? "" : f.problem,
    ]))
  }
  exception_notes = {
    for id, f in local.finding : id => join("; ", compact([
      "%{for i, name in keys(local.excepted_offenders[id])}${i > 0 ? "; " : ""}${name} (${var.exceptions[local.excepted_offenders[id][name][0]].reason}; until ${var.exceptions[local.excepted_offenders[id][name][0]].expires})%{endfor}",
      length(local.account_exceptions[id]) > 0 ? "${f.problem} (${var.exceptions[local.account_exceptions[id][0]].reason}; until ${var.exceptions[local.account_exceptions[id][0]].expires})" : "",
    ]))
  }
  report_suffix = {
    for id in local.decided_ids : id => contains(keys(local.report_notes), local.entries[id].control) ? " (${local.report_notes[local.entries[id].control]})" : ""
  }

  # The check message of each failed recommendation: the standard's id, what
  # failed and the offenders with detail, e.g. "CIS v7.0.0 2.12: active
  # access keys older than 90 days: alice (slot 1, 213 days, created …)
  # (key facts as of the credential report generated …, 2 h 14 min before
  # this plan)".
  messages = {
    for id in local.decided_ids : id => format("%s: %s: %s%s", local.names[id], local.summaries[id], local.details[id], local.report_suffix[id])
    if local.statuses[id] == "FAIL"
  }

  # Why each recommendation has its status, for every status but a bare PASS.
  manual_reasons = {
    for id, e in local.entries : id => format("%s%s", local.controls[e.control].manual_reason,
      contains(["organizations_delegated_administrator", "service_delegated_administrators"], e.control) ? " ${local.delegated_admin_evidence}" : ""
    ) if local.manual[id]
  }
  reasons = {
    for id in local.ids : id => local.manual[id] ? local.manual_reasons[id] : {
      FAIL     = "${local.summaries[id]}: ${local.details[id]}${local.exception_notes[id] == "" ? "" : "; excepted: ${local.exception_notes[id]}"}${local.report_suffix[id]}"
      UNKNOWN  = local.finding[id].unknown
      EXCEPTED = format("%s, every finding excepted: %s%s", local.summaries[id], local.exception_notes[id], local.report_suffix[id])
      PASS     = local.finding[id].note
    }[local.statuses[id]]
  }

  results = tomap({
    for id in local.ids : id => {
      title      = local.entries[id].title
      status     = local.statuses[id]
      offenders  = local.manual[id] ? [] : local.offender_names[id]
      reason     = local.reasons[id]
      profile    = local.entries[id].profile
      assessment = local.entries[id].assessment
      crosswalk = tomap({
        for other, items in local.entries[id].crosswalk : other => [for item in items : { id = item.id, relation = item.relation }]
      })
      securityhub_standards = [for s in local.entries[id].securityhub_standards : tostring(s)]
    }
  })

  failed   = [for id in local.ids : id if local.statuses[id] == "FAIL"]
  unknown  = [for id in local.ids : id if local.statuses[id] == "UNKNOWN"]
  excepted = [for id in local.ids : id if local.statuses[id] == "EXCEPTED"]
  manuals  = [for id in local.ids : id if local.statuses[id] == "MANUAL"]

  # The check block of each underlying control fails when a recommendation
  # it decides fails; its message is theirs (two for password_policy in CIS,
  # up to nine in Security Hub).
  check_failures = {
    for control in distinct([for id in local.failed : local.entries[id].control]) : control => join("\n", [
      for id in local.failed : local.messages[id] if local.entries[id].control == control
    ])
  }

  # ---- The exceptions as they stand: active (covering a finding), stale
  # (active but covering nothing: remove it), expired (counts as none) or
  # other_account (for another account: not applied here).
  exception_report = [
    for x in local.exceptions : {
      account_id = var.exceptions[x.index].account_id
      control    = x.control
      offender   = x.offender
      reason     = x.reason
      expires    = x.expires
      state = x.other_account ? "other_account" : (
        contains(local.expired_indexes, x.index) ? "expired" : (contains(local.matched_indexes, x.index) ? "active" : "stale")
      )
      covers = sort(concat(
        flatten([for id, offenders in local.excepted_offenders : [for name, xs in offenders : "${id} ${name}" if contains(xs, x.index)]]),
        [for id, xs in local.account_exceptions : id if contains(xs, x.index)],
      ))
    }
  ]

  # One line for the whole audit: the standard, the counts per status and
  # how old the credential facts are.
  status_counts = { for s in ["PASS", "FAIL", "UNKNOWN", "EXCEPTED", "MANUAL"] : s => length([for id in local.ids : id if local.statuses[id] == s]) }
  summary = format("%s: %d controls: %d PASS, %d FAIL, %d UNKNOWN, %d EXCEPTED, %d MANUAL; user credential facts %s",
    local.standard.title, length(local.ids), local.status_counts["PASS"], local.status_counts["FAIL"], local.status_counts["UNKNOWN"],
  local.status_counts["EXCEPTED"], local.status_counts["MANUAL"], local.user_facts_note)
}
