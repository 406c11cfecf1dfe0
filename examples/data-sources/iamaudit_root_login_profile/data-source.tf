# From the organization's management account: does a member account's root
# user still have a password? (sts:AssumeRoot with IAMAuditRootUserCredentials,
# then iam:GetLoginProfile; CloudTrail records the root session.)
data "iamaudit_root_login_profile" "workloads" {
  account_id = "111122223333"
}

check "member_root_has_no_password" {
  assert {
    condition     = data.iamaudit_root_login_profile.workloads.checked && !data.iamaudit_root_login_profile.workloads.password_enabled
    error_message = data.iamaudit_root_login_profile.workloads.checked ? "The root user of 111122223333 has a password (set ${data.iamaudit_root_login_profile.workloads.create_date}): delete it in IAM, Root access management." : "Not checked: ${data.iamaudit_root_login_profile.workloads.unchecked_reason}."
  }
}
