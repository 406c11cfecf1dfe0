data "iamaudit_credential_report" "this" {}

locals {
  # AWS always writes the root user's row first.
  root                    = one([for r in data.iamaudit_credential_report.this.rows : r if r.user == "<root_account>"])
  root_password_last_used = try(local.root.password_last_used, null)
}

# CIS 1.4: no root access keys.
check "no_root_access_keys" {
  assert {
    condition     = local.root == null ? false : !local.root.access_key_1_active && !local.root.access_key_2_active
    error_message = "The root user has an active access key (or the report has no root row); delete the key."
  }
}

# CIS 1.7: the root user is not used for everyday tasks.
check "root_not_used_recently" {
  assert {
    condition = (
      local.root_password_last_used == null ? true :
      provider::iamaudit::days_between(local.root_password_last_used, plantimestamp()) > 30
    )
    error_message = "The root user signed in on ${coalesce(local.root_password_last_used, "never")}; use it only for tasks that require it."
  }
}

# The report can be up to 4 hours old; iamaudit_users compensates for that,
# this data source shows it as AWS generated it.
output "credential_report_generated_at" {
  value = data.iamaudit_credential_report.this.generated_at
}
