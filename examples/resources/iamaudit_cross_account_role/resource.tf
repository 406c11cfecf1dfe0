# In a member account: a role the central security account's auditor role
# assumes with an external ID, with the audit reader policy and the AWS
# managed SecurityAudit policy.
resource "iamaudit_cross_account_role" "auditor" {
  name                   = "iam-auditor"
  description            = "IAM audit from the security account"
  trusted_principal_arns = ["arn:aws:iam::111122223333:role/central-auditor"]
  external_id            = "acme-7f3c9e21"
  max_session_duration   = 14400 # 4 hours

  purpose             = "audit"
  managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]
}

output "auditor_role_arn" {
  value = iamaudit_cross_account_role.auditor.arn
}

# A vendor's role that requires MFA and uses the vendor's own policy.
resource "iamaudit_cross_account_role" "vendor" {
  name                   = "vendor-readonly"
  trusted_principal_arns = ["444455556666"] # becomes arn:aws:iam::444455556666:root
  external_id            = "vendor-tenant-0042"
  require_mfa            = true

  policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:GetAccountSummary", "iam:ListRoles"]
      Resource = "*"
    }]
  })
}
