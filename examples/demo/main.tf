# The demo of `make demo`: an IAM audit of one account against CIS AWS
# Foundations Benchmark v7.0.0 with the module in ../modules/cis-iam.
# `make demo` runs it against a moto server it seeds with compliant and
# violating principals, adding a provider override file that points the
# provider at moto. Run by hand, it audits the account your AWS credentials
# belong to: `terraform init && terraform plan`.

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

module "cis_iam" {
  source = "../modules/cis-iam"

  standard      = var.standard
  exclude_users = var.exclude_users
  exclude_roles = var.exclude_roles
  enforce       = var.enforce

  # An accepted finding: reported EXCEPTED with its reason until it expires.
  exceptions = [
    {
      control  = "cloudshell_full_access"
      offender = "developers"
      reason   = "Developers debug with CloudShell until the bastion replaces it (change CHG-1042)"
      expires  = "2030-06-30"
    },
  ]
}

variable "standard" {
  description = "The standard to audit against: cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0 or securityhub-iam."
  type        = string
  default     = "cis-aws-7.0.0"
}

variable "exclude_users" {
  description = "Break-glass users left out of the user controls."
  type        = set(string)
  default     = ["break-glass"]
}

variable "exclude_roles" {
  description = "Roles left out of the role trust controls."
  type        = set(string)
  default     = ["OrganizationAccountAccessRole"]
}

variable "enforce" {
  description = "Fail the plan on any FAIL."
  type        = bool
  default     = false
}

output "standard" {
  description = "The standard audited against."
  value       = module.cis_iam.standard
}

output "results" {
  description = "Status, offenders, reason and crosswalk per recommendation."
  value       = module.cis_iam.results
}

output "failed_controls" {
  description = "The recommendations that failed."
  value       = module.cis_iam.failed_controls
}

output "excluded" {
  description = "Principals the exclusions left out of the audit."
  value = {
    users = module.cis_iam.excluded_users
    roles = module.cis_iam.excluded_roles
  }
}
