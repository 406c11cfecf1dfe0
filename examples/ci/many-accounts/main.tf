# Audit several AWS accounts in one plan: one provider alias per account,
# each assuming that account's reader role, and one module call per alias.
#
# The credentials Terraform starts with (in CI: the OIDC role of
# ../github/iam-audit.yml in the security account) only need sts:AssumeRole
# on the reader roles. Each reader role -- created in its account with the
# iamaudit_cross_account_role resource, or ../reader-role -- trusts that
# role and requires the external ID, so it passes control X.1 itself.
#
# Terraform 1.11 cannot create providers with for_each, so every account is
# a provider block and a module block; generate them for large
# organizations, or run one configuration per account (see the guide
# "Audit many accounts").

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}

variable "external_id" {
  description = "The external ID every reader role requires (not a secret; it prevents the confused deputy problem)."
  type        = string
  default     = "iam-audit"
}

provider "iamaudit" {
  alias               = "production"
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]

  assume_role {
    role_arn     = "arn:aws:iam::111111111111:role/iam-audit-reader"
    external_id  = var.external_id
    session_name = "iam-audit"
  }
}

provider "iamaudit" {
  alias               = "staging"
  region              = "us-east-1"
  allowed_account_ids = ["222222222222"]

  assume_role {
    role_arn     = "arn:aws:iam::222222222222:role/iam-audit-reader"
    external_id  = var.external_id
    session_name = "iam-audit"
  }
}

module "cis_production" {
  source = "../../modules/cis-iam"
  providers = {
    iamaudit = iamaudit.production
  }

  exclude_users = ["break-glass"]
}

module "cis_staging" {
  source = "../../modules/cis-iam"
  providers = {
    iamaudit = iamaudit.staging
  }

  # Staging keys rotate less often.
  key_rotation_days = 180
}

locals {
  results = {
    production = module.cis_production.results
    staging    = module.cis_staging.results
  }
}

# Results per account, then per control.
output "results" {
  description = "CIS results keyed by account name, then control ID."
  value       = local.results
}

# The failed controls of every account, e.g. { production = ["1.14"] }.
output "failed_controls" {
  description = "The IDs of the failed controls per account."
  value = {
    for account, results in local.results :
    account => [for id, r in results : id if r.status == "FAIL"]
  }
}
