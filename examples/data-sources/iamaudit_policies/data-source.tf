data "iamaudit_policies" "customer" {}

# CIS 1.16: no customer managed policy grants "*" on "*".
locals {
  full_admin_policies = [for p in data.iamaudit_policies.customer.policies : p.arn if p.grants_full_admin]
}

check "no_full_admin_policies" {
  assert {
    condition     = length(local.full_admin_policies) == 0
    error_message = "Customer managed policies granting full administrative privileges: ${join(", ", local.full_admin_policies)}."
  }
}

# scope = "All" adds the AWS managed policies attached to something.
data "iamaudit_policies" "all" {
  scope = "All"
}

output "attached_aws_managed_policies" {
  value = [for p in data.iamaudit_policies.all.policies : p.name if p.aws_managed]
}
