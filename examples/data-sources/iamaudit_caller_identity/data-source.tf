data "iamaudit_caller_identity" "current" {}

output "audited_account" {
  value = data.iamaudit_caller_identity.current.account_id
}

# Fail the plan when credentials point at an unexpected account.
check "audited_account" {
  assert {
    condition     = data.iamaudit_caller_identity.current.account_id == "111122223333"
    error_message = "Auditing account ${data.iamaudit_caller_identity.current.account_id}, expected 111122223333."
  }
}
