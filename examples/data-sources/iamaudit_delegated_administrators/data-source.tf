data "iamaudit_delegated_administrators" "all" {}

data "iamaudit_delegated_administrators" "security_hub" {
  service_principal = "securityhub.amazonaws.com"
}

# Evidence for CIS AWS Foundations v7.0.0 2.1.5 and 2.1.6.
output "delegated_administrators" {
  value = {
    readable     = data.iamaudit_delegated_administrators.all.readable
    every        = [for a in data.iamaudit_delegated_administrators.all.delegated_administrators : "${a.id} (${a.name})"]
    security_hub = [for a in data.iamaudit_delegated_administrators.security_hub.delegated_administrators : a.id]
  }
}
