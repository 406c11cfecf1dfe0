# The break-glass user: console access with MFA only, no access keys,
# permissions only through its group.
data "iamaudit_user" "break_glass" {
  name = "break-glass"
}

check "break_glass_user" {
  assert {
    condition     = data.iamaudit_user.break_glass.mfa_enabled
    error_message = "The break-glass user has no MFA device."
  }

  assert {
    condition     = length(data.iamaudit_user.break_glass.access_keys) == 0
    error_message = "The break-glass user has access keys; it must only sign in to the console."
  }

  assert {
    condition     = data.iamaudit_user.break_glass.groups == tolist(["break-glass"])
    error_message = "The break-glass user must belong to exactly the break-glass group, not ${jsonencode(data.iamaudit_user.break_glass.groups)}."
  }
}

# Alert when the break-glass user has been used in the last week.
check "break_glass_unused" {
  assert {
    condition     = coalesce(data.iamaudit_user.break_glass.password_last_used_days, 9999) > 7
    error_message = "The break-glass user signed in on ${coalesce(data.iamaudit_user.break_glass.password_last_used, "never")}; review why."
  }
}
