# The demo of `make demo`: a CIS IAM audit of one account with the module in
# ../modules/cis-iam. `make demo` runs it against a moto server it seeds with
# compliant and violating principals, adding a provider override file that
# points the provider at moto. Run by hand, it audits the account your AWS
# credentials belong to: `terraform init && terraform plan`.

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

  exclude_users = var.exclude_users
  exclude_roles = var.exclude_roles
  enforce       = var.enforce
}

variable "exclude_users" {
  description = "Break-glass users left out of the user controls."
  type        = list(string)
  default     = ["break-glass"]
}

variable "exclude_roles" {
  description = "Roles left out of X.1 to X.3."
  type        = list(string)
  default     = ["OrganizationAccountAccessRole"]
}

variable "enforce" {
  description = "Fail the plan on any FAIL."
  type        = bool
  default     = false
}

output "results" {
  description = "Status and offenders per control."
  value       = module.cis_iam.results
}

output "failed_controls" {
  description = "The controls that failed."
  value       = module.cis_iam.failed_controls
}

output "excluded" {
  description = "Principals the exclusions left out of the audit."
  value = {
    users = module.cis_iam.excluded_users
    roles = module.cis_iam.excluded_roles
  }
}
