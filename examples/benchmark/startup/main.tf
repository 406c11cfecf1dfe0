# Benchmark: the floor of any plan (terraform start-up, provider start-up and
# configuration, one sts:GetCallerIdentity).

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

data "iamaudit_caller_identity" "this" {}

output "account_id_length" {
  description = "A number, so the benchmark sees the data source was read."
  value       = length(data.iamaudit_caller_identity.this.account_id)
}
