# Benchmark: the CIS IAM module with the provider's credential_data = "live":
# every user's password, access keys, key last use and MFA devices read with
# per-user calls. `make bench` copies this directory and ../../modules, adds
# the provider override of ../cis (moto through a latency-injecting proxy),
# and times `terraform plan`.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}

provider "iamaudit" {
  region          = "us-east-1"
  credential_data = "live"
}

module "cis_iam" {
  source = "../../modules/cis-iam"
}

output "failed_control_count" {
  description = "How many CIS controls failed (the plan succeeds: enforce is false)."
  value       = length(module.cis_iam.failed_controls)
}
