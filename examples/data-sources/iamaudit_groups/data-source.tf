data "iamaudit_groups" "all" {}

# Only the break-glass group may hold AdministratorAccess.
locals {
  admin_groups = [
    for g in data.iamaudit_groups.all.groups : g.name
    if contains(g.attached_policy_arns, "arn:aws:iam::aws:policy/AdministratorAccess") && g.name != "break-glass"
  ]
}

check "administrator_groups" {
  assert {
    condition     = length(local.admin_groups) == 0
    error_message = "Groups with AdministratorAccess: ${join(", ", local.admin_groups)}."
  }
}

# Filters: groups under a path whose name matches a regular expression.
data "iamaudit_groups" "platform" {
  path_prefix = "/platform/"
  name_regex  = "^platform-"
}
