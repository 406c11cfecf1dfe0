# Benchmark: the data sources the CIS IAM module reads, with arguments as
# the module sets them, and no controls. Against ../cis it separates what
# Terraform spends on the data (decoding, state, plan) from what it spends
# evaluating the controls' expressions.

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

data "iamaudit_account" "this" {}

data "iamaudit_password_policy" "this" {}

data "iamaudit_credential_report" "root" {
  users = ["<root_account>"]
}

data "iamaudit_users" "this" {}

data "iamaudit_groups" "this" {}

data "iamaudit_roles" "this" {}

data "iamaudit_policies" "all" {
  scope = "All"
}

data "iamaudit_server_certificates" "this" {}

data "iamaudit_saml_providers" "this" {}

data "iamaudit_organization_features" "this" {}

data "iamaudit_delegated_administrators" "this" {}

output "user_count" {
  description = "A number, so the benchmark sees the users were read."
  value       = length(data.iamaudit_users.this.users)
}
