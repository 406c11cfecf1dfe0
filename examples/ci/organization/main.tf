# The configuration each shard of the organization audit runs (see
# ../github/iam-audit-organization.yml): every account of the AWS
# Organization, audited in one plan by one provider configuration through
# member_role, split into shard_count parallel jobs by account id.
#
# The credentials Terraform starts with belong to the central audit role in
# the management account or a delegated administrator (the
# organization-central reader policy: the organization's account lists and
# sts:AssumeRole on the member role). The member role in every account
# carries the audit reader policy and trusts the central role.

terraform {
  required_version = ">= 1.9.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}

variable "shard_index" {
  description = "Which shard this job audits: 0 to shard_count - 1."
  type        = number
  default     = 0
}

variable "shard_count" {
  description = "How many parallel jobs share the organization."
  type        = number
  default     = 1
}

variable "external_id" {
  description = "The external ID every member role requires (not a secret; it prevents the confused deputy problem)."
  type        = string
  default     = "iam-audit"
}

provider "iamaudit" {
  region = "us-east-1"

  member_role {
    role_name   = "iam-audit-reader"
    external_id = var.external_id
    # Pair with terraform plan -parallelism (the workflow passes 32).
    max_parallel_accounts = 16
  }
}

module "organization_iam" {
  source = "../../modules/organization-iam"

  standard      = "cis-aws-7.0.0"
  shard_index   = var.shard_index
  shard_count   = var.shard_count
  exclude_users = ["break-glass"]
  exclude_roles = ["OrganizationAccountAccessRole"]
}

# iam-audit.sh writes this report as the shard's results.json; merge-shards.sh
# joins the shards'.
output "results" {
  description = "This shard's report: the organization's snapshot, this shard's accounts, their results and the unreachable ones."
  value       = module.organization_iam.report
}
