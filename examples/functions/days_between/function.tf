# Provider functions need Terraform 1.8 or later and the provider in required_providers.
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    iamaudit = {
      source = "iamaudit/iamaudit"
    }
  }
}

# 90: whole days, rounded down.
output "days" {
  value = provider::iamaudit::days_between("2024-01-01T08:30:00Z", "2024-03-31T09:00:00Z")
}

# Negative when end is before start, rounded down: half a day backwards is -1.
output "backwards" {
  value = provider::iamaudit::days_between("2024-01-02T00:00:00Z", "2024-01-01T12:00:00Z")
}

# Warn 30 days before an IAM server certificate expires.
data "iamaudit_server_certificates" "this" {}

check "certificates_not_expiring_soon" {
  assert {
    condition = alltrue([
      for c in data.iamaudit_server_certificates.this.server_certificates :
      provider::iamaudit::days_between(plantimestamp(), c.expiration) >= 30
    ])
    error_message = "A server certificate expires within 30 days; renew it."
  }
}
