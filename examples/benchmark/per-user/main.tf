# Benchmark: the data sources that need per-user IAM calls (ListAccessKeys,
# GetAccessKeyLastUsed, ListMFADevices), bounded by max_concurrency.

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
  region = "us-east-1"
}

data "iamaudit_access_keys" "all" {}

data "iamaudit_mfa_devices" "all" {}

output "access_key_count" {
  description = "Access keys of all IAM users."
  value       = length(data.iamaudit_access_keys.all.access_keys)
}

output "mfa_device_count" {
  description = "MFA devices of the root user and all IAM users."
  value       = length(data.iamaudit_mfa_devices.all.mfa_devices)
}
