data "iamaudit_password_policy" "this" {}

# CIS 1.8 / 1.9: minimum length 14, no reuse of the last 24 passwords.
# Without a policy, exists is false and the numbers are null: coalesce them.
check "password_policy" {
  assert {
    condition     = data.iamaudit_password_policy.this.exists
    error_message = "The account has no password policy."
  }

  assert {
    condition     = coalesce(data.iamaudit_password_policy.this.minimum_password_length, 0) >= 14
    error_message = "Passwords may be shorter than 14 characters."
  }

  assert {
    condition     = coalesce(data.iamaudit_password_policy.this.password_reuse_prevention, 0) >= 24
    error_message = "Users may reuse one of their last 24 passwords."
  }
}
