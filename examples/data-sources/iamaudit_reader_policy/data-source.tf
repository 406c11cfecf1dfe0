# The exact actions this provider's data sources call, for a role or user
# you manage with another tool.
data "iamaudit_reader_policy" "audit" {}

resource "aws_iam_policy" "iam_audit" {
  name   = "iam-audit-reader"
  policy = data.iamaudit_reader_policy.audit.json
}

# An asset inventory connector's read list, plus one action it also needs.
data "iamaudit_reader_policy" "inventory" {
  purpose       = "iam-inventory"
  extra_actions = ["organizations:DescribeOrganization"]
}

# Lets each user rotate only its own access keys (${aws:username} in the
# resource ARNs is filled in by IAM).
data "iamaudit_reader_policy" "rotate_own_keys" {
  purpose = "key-rotation-self"
}

output "inventory_actions" {
  value = data.iamaudit_reader_policy.inventory.actions
}

# What the central identity of an organization audit needs on top of
# "audit": the organization's account list, and sts:AssumeRole on the
# member role in every account (which itself gets "audit").
data "iamaudit_reader_policy" "central" {
  purpose          = "organization-central"
  member_role_name = "iamaudit-reader"
  member_role_path = "/audit/"
}
