# Active keys by ID (unlike the slots of iamaudit_users, an ID never shifts).
data "iamaudit_access_keys" "active" {
  status = "Active"
}

# Inactive keys are only kept for a rollback after rotation.
data "iamaudit_access_keys" "inactive" {
  status = "Inactive"
}

locals {
  keys_to_rotate = [
    for k in data.iamaudit_access_keys.active.access_keys : "${k.user_name}/${k.access_key_id} (${k.age_days} days)"
    if k.age_days > 90
  ]
  inactive_to_delete = [
    for k in data.iamaudit_access_keys.inactive.access_keys : "${k.user_name}/${k.access_key_id}"
    if k.age_days > 30
  ]
}

# CIS 1.14: active keys are rotated every 90 days.
check "access_keys_rotated" {
  assert {
    condition     = length(local.keys_to_rotate) == 0
    error_message = "Rotate these access keys: ${join(", ", local.keys_to_rotate)}."
  }
}

check "no_stale_inactive_keys" {
  assert {
    condition     = length(local.inactive_to_delete) == 0
    error_message = "Delete these inactive access keys: ${join(", ", local.inactive_to_delete)}."
  }
}

# The keys of one user, e.g. a CI connector whose key must have been used
# in the last day.
data "iamaudit_access_keys" "ci" {
  user_name = "ci-deployer"
  status    = "Active"
}

check "ci_key_in_use" {
  assert {
    condition     = alltrue([for k in data.iamaudit_access_keys.ci.access_keys : coalesce(k.last_used_days, 9999) <= 1])
    error_message = "An active key of ci-deployer was not used in the last day."
  }
}
