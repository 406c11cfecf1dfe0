data "iamaudit_saml_providers" "this" {}

locals {
  expired_saml_providers = [for p in data.iamaudit_saml_providers.this.saml_providers : p.name if coalesce(p.expired, false)]
}

# Federated sign-in through an expired provider fails: renew its metadata.
check "no_expired_saml_providers" {
  assert {
    condition     = length(local.expired_saml_providers) == 0
    error_message = "SAML providers with expired metadata: ${join(", ", local.expired_saml_providers)}."
  }
}

# Evidence for CIS 2.19 (v3.0.0 1.21): how people sign in to this account.
output "federation" {
  value = {
    saml_providers = [for p in data.iamaudit_saml_providers.this.saml_providers : p.arn]
  }
}
