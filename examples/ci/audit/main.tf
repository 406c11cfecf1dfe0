# The configuration the CI recipe audits: the CIS IAM module against the
# account whose credentials the environment provides (in GitHub Actions, the
# OIDC role assumed by aws-actions/configure-aws-credentials). Run it with
# ../iam-audit.sh, which fails when any check fails.

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

  # Refuse to audit any other account by mistake.
  # allowed_account_ids = ["123456789012"]
}

module "cis_iam" {
  source = "../../modules/cis-iam"

  # The newest CIS AWS Foundations Benchmark; cis-aws-5.0.0 is what Security
  # Hub runs, securityhub-iam its IAM.* controls.
  standard      = "cis-aws-7.0.0"
  exclude_users = ["break-glass"]
  exclude_roles = ["OrganizationAccountAccessRole"]

  # true fails `terraform plan` itself on any FAIL; the script fails the run
  # either way, and with false it can still print every finding.
  enforce = false
}

output "results" {
  description = "Status, offenders and reason per recommendation (iam-audit.sh prints them as a table and writes the reports)."
  value       = module.cis_iam.results
}
