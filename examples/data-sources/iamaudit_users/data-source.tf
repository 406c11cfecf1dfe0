# Declared at top level, not inside a check block: an AccessDenied then fails
# the plan instead of turning into a warning.
data "iamaudit_users" "all" {}

locals {
  users = data.iamaudit_users.all.users

  # CIS 1.10: every console user has MFA.
  console_users_without_mfa = [for u in local.users : u.name if u.password_enabled && !u.mfa_enabled]

  # CIS 1.12: credentials unused for 45 days are disabled. A user who never
  # signed in nor used a key counts from its creation.
  unused_credentials = [
    for u in local.users : u.name
    if coalesce(u.last_activity_days, u.age_days) > 45 && (u.password_enabled || u.active_access_key_count > 0)
  ]

  # CIS 1.13: at most one active access key per user.
  users_with_two_active_keys = [for u in local.users : u.name if u.active_access_key_count > 1]

  # CIS 1.14: active keys are rotated every 90 days.
  keys_to_rotate = flatten([
    for u in local.users : [
      for k in u.access_keys : "${u.name} (slot ${k.slot}, ${k.age_days} days)" if k.active && k.age_days > 90
    ]
  ])

  # CIS 1.15: permissions come through groups only.
  users_with_direct_policies = [
    for u in local.users : u.name
    if length(u.attached_policy_arns) > 0 || length(u.inline_policy_names) > 0
  ]
}

check "console_users_have_mfa" {
  assert {
    condition     = length(local.console_users_without_mfa) == 0
    error_message = "Console users without MFA: ${join(", ", local.console_users_without_mfa)}."
  }
}

check "no_unused_credentials" {
  assert {
    condition     = length(local.unused_credentials) == 0
    error_message = "Users with credentials unused for more than 45 days: ${join(", ", local.unused_credentials)}."
  }
}

check "one_active_key_per_user" {
  assert {
    condition     = length(local.users_with_two_active_keys) == 0
    error_message = "Users with two active access keys: ${join(", ", local.users_with_two_active_keys)}."
  }
}

check "access_keys_rotated" {
  assert {
    condition     = length(local.keys_to_rotate) == 0
    error_message = "Active access keys older than 90 days: ${join(", ", local.keys_to_rotate)}."
  }
}

check "permissions_through_groups_only" {
  assert {
    condition     = length(local.users_with_direct_policies) == 0
    error_message = "Users with directly attached or inline policies: ${join(", ", local.users_with_direct_policies)}."
  }
}

# Filters: the users under a path whose name matches a regular expression.
data "iamaudit_users" "contractors" {
  path_prefix = "/contractors/"
  name_regex  = "^ext-"
}

output "contractors_report_age" {
  value = data.iamaudit_users.contractors.credential_report_generated_at
}
