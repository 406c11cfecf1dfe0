# The recommendations of one standard (CIS AWS Foundations v7.0.0, v5.0.0,
# v3.0.0 or Security Hub's IAM controls), decided on IAM data passed in as
# variables (the parent module reads it with the iamaudit data sources). No
# provider: terraform test drives every control with literal inputs.
#
# The catalogue (../catalogue) says which recommendations a standard has and
# which underlying control decides each, with which parameters. Each
# underlying control is written once, in decisions.tf, as a finding:
#   offenders: offender name => detail (for the check message)
#   problem:   an account-level failure, or ""
#   unknown:   why the data cannot decide it, or ""
#   note:      what a PASS rests on, or ""
# A parameterized control (a day threshold, a password policy requirement,
# the entity types of the support control) has one finding per parameter
# value the standard uses. results.tf maps the standard's ids onto the
# findings and applies the exceptions.

module "catalogue" {
  source   = "../catalogue"
  standard = var.standard

  # The shipped files are checked by the catalogue's terraform test; they
  # cannot change between that test and this plan.
  check_consistency = false
}

locals {
  root = "<root_account>"

  # The time every day threshold is measured from. "t is at least N days
  # before now" (floor((now - t) / 24h) >= N, the provider's day arithmetic)
  # is exactly timecmp(t, now - N*24h) <= 0.
  now = var.now != null ? var.now : plantimestamp()

  # The standard: its title and its recommendations in report order.
  standard = module.catalogue.standards[var.standard]
  ids      = module.catalogue.ids[var.standard]
  entries  = module.catalogue.selected
  controls = module.catalogue.controls

  # How check messages name the standard: "CIS v7.0.0 2.12", "Security Hub
  # IAM.3", and the extra controls by their id alone ("X.1").
  label = startswith(var.standard, "cis-") ? "CIS v${local.standard.version}" : "Security Hub"

  # The lists with their omitted attributes filled (see variables.tf for
  # why the variables declare no defaults): an omitted list is empty, an
  # omitted flag false, an omitted count 0.
  #
  # The users data source omits none of the users' lists, so a plan takes
  # var.users as it is; only literal users (tests) that omit one are copied
  # with merge(), which costs about 40 µs per user. A splat of a null list
  # is an error, so can() tells whether any user omits one. The count and
  # the tags, which can() cannot tell, are filled where they are read.
  users_complete = alltrue([
    can(var.users[*].attached_policy_arns[*]),
    can(var.users[*].inline_policy_names[*]),
    can(var.users[*].access_keys[*]),
    can(var.users[*].inline_policies[*]),
  ])
  # A for expression evaluates its value only for the elements its
  # condition keeps, where a conditional evaluates both of its branches:
  # [for _ in [true] : X if c] is [X] when c holds and [] without computing
  # X otherwise. (Not try(): it evaluates its argument twice and walks it.)
  filled_users = [for _ in [true] : [for u in var.users : merge(u, {
    attached_policy_arns    = u.attached_policy_arns == null ? [] : u.attached_policy_arns
    inline_policy_names     = u.inline_policy_names == null ? [] : u.inline_policy_names
    access_keys             = u.access_keys == null ? [] : u.access_keys
    active_access_key_count = coalesce(u.active_access_key_count, 0)
    tags                    = u.tags == null ? {} : u.tags
    inline_policies         = u.inline_policies == null ? [] : u.inline_policies
  })] if !local.users_complete]
  all_users = (local.users_complete ? [var.users] : local.filled_users)[0]
  groups = [for g in var.groups : merge(g, {
    attached_policy_arns = g.attached_policy_arns == null ? [] : g.attached_policy_arns
    inline_policies      = g.inline_policies == null ? [] : g.inline_policies
  })]
  all_roles = [for r in var.roles : merge(r, {
    attached_policy_arns      = r.attached_policy_arns == null ? [] : r.attached_policy_arns
    trusted_aws_principals    = r.trusted_aws_principals == null ? [] : r.trusted_aws_principals
    trusted_federated         = r.trusted_federated == null ? [] : r.trusted_federated
    public                    = coalesce(r.public, false)
    third_party_trust         = coalesce(r.third_party_trust, false)
    external_id_required      = coalesce(r.external_id_required, false)
    oidc_subject_unrestricted = coalesce(r.oidc_subject_unrestricted, false)
    tags                      = r.tags == null ? {} : r.tags
    inline_policies           = r.inline_policies == null ? [] : r.inline_policies
  })]
  policies = [for p in var.policies : merge(p, {
    aws_managed                      = coalesce(p.aws_managed, false)
    permissions_boundary_usage_count = coalesce(p.permissions_boundary_usage_count, 0)
    grants_star_on_star              = coalesce(p.grants_star_on_star, false)
    service_wildcards                = p.service_wildcards == null ? [] : p.service_wildcards
  })]

  users = [for u in local.all_users : u if !contains(var.exclude_users, u.name)]
  roles = [for r in local.all_roles : r if !contains(var.exclude_roles, r.name)]

  # (No pass over the users without exclusions.)
  excluded_users = sort(flatten([for _ in [true] : [for u in var.users : u.name if contains(var.exclude_users, u.name)] if length(var.exclude_users) > 0]))
  excluded_roles = sort([for r in var.roles : r.name if contains(var.exclude_roles, r.name)])

  partition             = var.partition
  support_policy_arn    = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
  cloudshell_policy_arn = "arn:${local.partition}:iam::aws:policy/AWSCloudShellFullAccess"

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

  # Whether the users' password and key facts are the report's (the
  # provider's default credential_data = "report") or read live: "report"
  # and "live" are keys when some user's are. (One comparison per user:
  # every operator and function call costs Terraform microseconds per user.)
  report_key         = coalesce(local.report_at, "-")
  credential_sources = { for u in local.users : coalesce(u.credentials_as_of, local.report_key) == local.report_key ? "report" : "live" => true... }
  user_facts_note = can(local.credential_sources.live) && !can(local.credential_sources.report) ? "read live; ${local.report_note}" : (
    "as of the ${local.report_note}"
  )
  # The controls decided on credential report facts, and what their message
  # says of the facts' age: the root row is always the report's; the users'
  # facts are the report's unless the provider reads them live.
  report_notes = {
    root_access_keys            = "root key slots as of the ${local.report_note}"
    root_user_unused            = "root facts as of the ${local.report_note}"
    console_user_mfa            = "password facts ${local.user_facts_note}"
    centralized_user_management = "password facts ${local.user_facts_note}"
    initial_access_keys         = "password and key facts ${local.user_facts_note}"
    unused_credentials          = "password and key facts ${local.user_facts_note}"
    multiple_active_access_keys = "key facts ${local.user_facts_note}"
    access_key_rotation         = "key facts ${local.user_facts_note}"
  }
}
