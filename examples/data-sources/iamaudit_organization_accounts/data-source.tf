# Read from the management account (or a delegated administrator); member
# accounts are reached through the provider's member_role.
provider "iamaudit" {
  member_role {
    role_name = "OrganizationAccountAccessRole"
  }
}

# Every active account, and whether the member role can be assumed in it.
data "iamaudit_organization_accounts" "all" {
  check_access = true
}

# The accounts in two OUs and every OU below them.
data "iamaudit_organization_accounts" "workloads" {
  parent_ids          = ["ou-ab12-prod1234", "ou-ab12-stag5678"]
  exclude_account_ids = ["444455556666"]
}

# One audit data source per reachable account, in one plan.
data "iamaudit_credential_report" "each" {
  for_each   = { for a in data.iamaudit_organization_accounts.all.accounts : a.id => a if a.accessible }
  account_id = each.key
}

output "unreachable_accounts" {
  value = { for a in data.iamaudit_organization_accounts.all.accounts : a.id => a.access_error if !a.accessible }
}
