# A least-privilege user for a SaaS audit connector that asks for an access
# key: the user, a group "security-audit-connector" carrying the policy
# "security-audit-connector-reader" (the actions of the provider's own data
# sources), and one access key that is rotated every 90 days.
resource "iamaudit_reader_user" "connector" {
  name              = "security-audit-connector"
  path              = "/connectors/"
  purpose           = "audit"
  rotate_after_days = 90

  # The secret is stored in state only encrypted with this PGP key:
  # gpg --export KEYID | base64
  pgp_key = var.connector_pgp_public_key

  tags = {
    owner = "security"
  }
}

variable "connector_pgp_public_key" {
  description = "Base64-encoded PGP public key of the team that hands the key to the connector."
  type        = string
}

output "connector_access_key_id" {
  value = iamaudit_reader_user.connector.access_key_id
}

# terraform output -raw connector_secret_access_key | base64 --decode | gpg --decrypt
output "connector_secret_access_key" {
  value = iamaudit_reader_user.connector.encrypted_secret_access_key
}

# An IAM asset inventory connector: its 19 read actions plus one extra.
resource "iamaudit_reader_user" "inventory" {
  name          = "asset-inventory-connector"
  purpose       = "iam-inventory"
  extra_actions = ["organizations:DescribeOrganization"]
}
