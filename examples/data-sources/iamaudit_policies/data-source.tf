data "iamaudit_policies" "customer" {}

# CIS 1.16: no customer managed policy grants full admin: "*" on "*", or
# the same written another way (NotAction that leaves IAM, Resource "arn:*",
# split over statements); full_admin_reason says which.
locals {
  full_admin_policies = [
    for p in data.iamaudit_policies.customer.policies : "${p.arn} (${p.full_admin_reason})" if p.grants_full_admin
  ]
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
