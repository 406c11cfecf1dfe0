# One check block per control the module decides, named after it: the
# same blocks whatever the standard, each failing when a recommendation of
# the selected standard that the control decides has status FAIL (not
# UNKNOWN, MANUAL or EXCEPTED). Its message carries the standard's id
# ("CIS v7.0.0 2.12: active access keys older than 90 days: alice (...)").
# A control the standard does not use never fails. A failed assertion is a
# warning in `terraform plan` (exit code 0); set enforce = true, or use the
# CI recipe in examples/ci, to fail the run.

check "root_access_keys" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "root_access_keys")
    error_message = lookup(module.controls.check_failures, "root_access_keys", "root_access_keys failed")
  }
}

check "root_mfa" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "root_mfa")
    error_message = lookup(module.controls.check_failures, "root_mfa", "root_mfa failed")
  }
}

check "root_hardware_mfa" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "root_hardware_mfa")
    error_message = lookup(module.controls.check_failures, "root_hardware_mfa", "root_hardware_mfa failed")
  }
}

check "root_user_unused" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "root_user_unused")
    error_message = lookup(module.controls.check_failures, "root_user_unused", "root_user_unused failed")
  }
}

check "centralized_root_access" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "centralized_root_access")
    error_message = lookup(module.controls.check_failures, "centralized_root_access", "centralized_root_access failed")
  }
}

check "password_policy" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "password_policy")
    error_message = lookup(module.controls.check_failures, "password_policy", "password_policy failed")
  }
}

check "console_user_mfa" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "console_user_mfa")
    error_message = lookup(module.controls.check_failures, "console_user_mfa", "console_user_mfa failed")
  }
}

check "user_mfa" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "user_mfa")
    error_message = lookup(module.controls.check_failures, "user_mfa", "user_mfa failed")
  }
}

check "initial_access_keys" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "initial_access_keys")
    error_message = lookup(module.controls.check_failures, "initial_access_keys", "initial_access_keys failed")
  }
}

check "unused_credentials" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "unused_credentials")
    error_message = lookup(module.controls.check_failures, "unused_credentials", "unused_credentials failed")
  }
}

check "multiple_active_access_keys" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "multiple_active_access_keys")
    error_message = lookup(module.controls.check_failures, "multiple_active_access_keys", "multiple_active_access_keys failed")
  }
}

check "access_key_rotation" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "access_key_rotation")
    error_message = lookup(module.controls.check_failures, "access_key_rotation", "access_key_rotation failed")
  }
}

check "permissions_through_groups" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "permissions_through_groups")
    error_message = lookup(module.controls.check_failures, "permissions_through_groups", "permissions_through_groups failed")
  }
}

check "centralized_user_management" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "centralized_user_management")
    error_message = lookup(module.controls.check_failures, "centralized_user_management", "centralized_user_management failed")
  }
}

check "user_tags" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "user_tags")
    error_message = lookup(module.controls.check_failures, "user_tags", "user_tags failed")
  }
}

check "full_admin_policies_attached" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "full_admin_policies_attached")
    error_message = lookup(module.controls.check_failures, "full_admin_policies_attached", "full_admin_policies_attached failed")
  }
}

check "full_admin_customer_policies" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "full_admin_customer_policies")
    error_message = lookup(module.controls.check_failures, "full_admin_customer_policies", "full_admin_customer_policies failed")
  }
}

check "service_wildcard_customer_policies" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "service_wildcard_customer_policies")
    error_message = lookup(module.controls.check_failures, "service_wildcard_customer_policies", "service_wildcard_customer_policies failed")
  }
}

check "inline_full_admin_policies" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "inline_full_admin_policies")
    error_message = lookup(module.controls.check_failures, "inline_full_admin_policies", "inline_full_admin_policies failed")
  }
}

check "support_access" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "support_access")
    error_message = lookup(module.controls.check_failures, "support_access", "support_access failed")
  }
}

check "cloudshell_full_access" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "cloudshell_full_access")
    error_message = lookup(module.controls.check_failures, "cloudshell_full_access", "cloudshell_full_access failed")
  }
}

check "expired_server_certificates" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "expired_server_certificates")
    error_message = lookup(module.controls.check_failures, "expired_server_certificates", "expired_server_certificates failed")
  }
}

check "third_party_trust_without_external_id" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "third_party_trust_without_external_id")
    error_message = lookup(module.controls.check_failures, "third_party_trust_without_external_id", "third_party_trust_without_external_id failed")
  }
}

check "unpinned_web_identity_trust" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "unpinned_web_identity_trust")
    error_message = lookup(module.controls.check_failures, "unpinned_web_identity_trust", "unpinned_web_identity_trust failed")
  }
}

check "public_trust" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "public_trust")
    error_message = lookup(module.controls.check_failures, "public_trust", "public_trust failed")
  }
}

check "role_tags" {
  assert {
    condition     = !contains(keys(module.controls.check_failures), "role_tags")
    error_message = lookup(module.controls.check_failures, "role_tags", "role_tags failed")
  }
}

# Exceptions that match nothing (unexpired, for this account) are waivers
# left behind: remove them.
check "stale_exceptions" {
  assert {
    condition     = length([for x in module.controls.exceptions : x if x.state == "stale"]) == 0
    error_message = "Exceptions that match no finding: ${join("; ", [for x in module.controls.exceptions : "${x.control} ${coalesce(x.offender, "(whole control)")} (${x.reason})" if x.state == "stale"])}"
  }
}
