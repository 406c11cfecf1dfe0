# "Test connection": every action the audit needs is called once with the
# provider's credentials; AccessDenied is reported, not raised, so all
# missing permissions show at once.
data "iamaudit_permissions_check" "audit" {}

check "audit_permissions" {
  assert {
    condition     = data.iamaudit_permissions_check.audit.ok
    error_message = "The audit credentials lack: ${join(", ", data.iamaudit_permissions_check.audit.missing_actions)}."
  }
}

# Fail the plan (not only warn) when a permission is missing.
output "audit_permissions_ok" {
  value = data.iamaudit_permissions_check.audit.ok

  precondition {
    condition     = data.iamaudit_permissions_check.audit.ok
    error_message = "Missing: ${join(", ", data.iamaudit_permissions_check.audit.missing_actions)}. Grant them with data.iamaudit_reader_policy."
  }
}
