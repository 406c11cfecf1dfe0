data "iamaudit_account" "this" {}

# CIS 1.4 / 1.5 / 1.6: no root access keys, root MFA, hardware MFA for root.
check "root_user" {
  assert {
    condition     = !data.iamaudit_account.this.root_access_keys_present
    error_message = "The root user has access keys; delete them."
  }

  assert {
    condition     = data.iamaudit_account.this.root_mfa_enabled
    error_message = "The root user has no MFA device."
  }

  assert {
    condition     = data.iamaudit_account.this.root_mfa_type == "hardware"
    error_message = "The root user's MFA is ${data.iamaudit_account.this.root_mfa_type}; CIS 1.6 asks for a hardware device."
  }
}

output "iam_users" {
  value = data.iamaudit_account.this.summary["Users"]
}
