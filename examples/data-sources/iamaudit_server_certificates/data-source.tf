data "iamaudit_server_certificates" "this" {}

locals {
  expired_certificates = [for c in data.iamaudit_server_certificates.this.server_certificates : c.name if c.expired]
}

# CIS 1.19: remove expired certificates stored in IAM.
check "no_expired_server_certificates" {
  assert {
    condition     = length(local.expired_certificates) == 0
    error_message = "Expired server certificates: ${join(", ", local.expired_certificates)}."
  }
}

# Certificates that expire within 30 days.
output "expiring_soon" {
  value = [
    for c in data.iamaudit_server_certificates.this.server_certificates : c.name
    if !c.expired && provider::iamaudit::days_between(plantimestamp(), c.expiration) < 30
  ]
}
