# Import a cross-account role by its role name. trusted_principal_arns are
# read back as IAM stores them: account IDs as arn:aws:iam::<id>:root.
terraform import iamaudit_cross_account_role.auditor iam-auditor
