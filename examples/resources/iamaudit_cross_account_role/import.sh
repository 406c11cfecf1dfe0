# Import a cross-account role by its role name. trusted_principal_arns are
# read back as IAM stores them: account IDs as arn:aws:iam::<id>:root.
terraform import iamaudit_cross_account_role.auditor iam-auditor

# A role in another account, reached through the provider's member_role:
# <account_id>:<name>.
terraform import 'iamaudit_cross_account_role.member["222222222222"]' 222222222222:iam-auditor
