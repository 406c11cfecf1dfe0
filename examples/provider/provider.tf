# Credentials come from the usual AWS chain (environment, shared files,
# SSO, instance role) unless set here, exactly as in hashicorp/aws.
provider "iamaudit" {
  region = "us-east-1"

  # Audit a member account through a read-only role.
  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/iam-auditor"
    external_id  = "audit-7f3a9c"
    session_name = "iam-audit"
    duration     = "1h"
  }

  # Never run against the wrong account.
  allowed_account_ids = ["111122223333"]

  # Bound on parallel per-user IAM calls.
  max_concurrency = 8
}
