# The read-only role the CI recipe assumes with GitHub OIDC. Apply it once
# per audited account with administrator credentials; store the role_arn
# output in the repository variable IAM_AUDIT_ROLE_ARN.
#
# Its permissions are exactly the actions the provider's data sources call
# (iamaudit_reader_policy, purpose "audit"), and its trust policy names the
# repository and branch: a role trusting token.actions.githubusercontent.com
# without a `sub` condition would let any GitHub workflow in the world
# assume it -- which is what control X.2 of the CIS module reports.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}

variable "github_repository" {
  description = "The repository whose workflows may assume the role, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. example/infrastructure."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false when it already exists)."
  type        = bool
  default     = true
}

provider "aws" {
  region = "us-east-1"
}

provider "iamaudit" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  oidc_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

data "iamaudit_reader_policy" "audit" {
  purpose = "audit"
}

resource "aws_iam_role" "iam_audit" {
  name                 = "iam-audit-reader"
  description          = "Read-only IAM audit from GitHub Actions (${var.github_repository})."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike = {
          "token.actions.githubusercontent.com:sub" = [
            "repo:${var.github_repository}:ref:refs/heads/main",
            "repo:${var.github_repository}:pull_request",
          ]
        }
      }
    }]
  })

  depends_on = [aws_iam_openid_connect_provider.github]
}

resource "aws_iam_policy" "iam_audit" {
  name        = "iam-audit-reader"
  description = "Exactly the IAM and STS read actions of the iamaudit provider's data sources."
  policy      = data.iamaudit_reader_policy.audit.json
}

resource "aws_iam_role_policy_attachment" "iam_audit" {
  role       = aws_iam_role.iam_audit.name
  policy_arn = aws_iam_policy.iam_audit.arn
}

output "role_arn" {
  description = "Store this in the repository variable IAM_AUDIT_ROLE_ARN."
  value       = aws_iam_role.iam_audit.arn
}
