# The IAM data the controls are decided on, shaped as the iamaudit data
# sources expose it (extra attributes are ignored), and the thresholds.
# The parent module passes the data sources' values; tests pass literals.

variable "partition" {
  description = "The AWS partition (iamaudit_caller_identity.partition), for AWS managed policy ARNs."
  type        = string
  default     = "aws"
  nullable    = false
}

variable "account" {
  description = "Root user state: iamaudit_account."
  type = object({
    root_access_keys_present = bool
    root_mfa_enabled         = bool
    root_mfa_type            = string
  })
  nullable = false
}

variable "password_policy" {
  description = "The account password policy: iamaudit_password_policy."
  type = object({
    exists                    = bool
    minimum_password_length   = optional(number)
    password_reuse_prevention = optional(number)
  })
  nullable = false
}

variable "credential_report_rows" {
  description = "iamaudit_credential_report.rows; only the <root_account> row is read (1.4, 1.7)."
  type = list(object({
    user                        = string
    password_last_used          = optional(string)
    access_key_1_active         = optional(bool, false)
    access_key_1_last_used_date = optional(string)
    access_key_2_active         = optional(bool, false)
    access_key_2_last_used_date = optional(string)
  }))
  default  = []
  nullable = false
}

variable "users" {
  description = "iamaudit_users.users."
  type = list(object({
    name                    = string
    age_days                = number
    attached_policy_arns    = optional(list(string), [])
    inline_policy_names     = optional(list(string), [])
    password_enabled        = bool
    password_last_used_days = optional(number)
    password_last_changed   = optional(string)
    mfa_enabled             = bool
    access_keys = optional(list(object({
      slot           = number
      active         = bool
      create_date    = string
      age_days       = number
      last_used_date = optional(string)
      last_used_days = optional(number)
    })), [])
    active_access_key_count = optional(number, 0)
    credentials_as_of       = optional(string)
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })), [])
  }))
  default  = []
  nullable = false
}

variable "credential_report_generated_at" {
  description = "iamaudit_users.credential_report_generated_at: when the credential report the password, access key and root facts come from was generated (RFC 3339); null when unknown."
  type        = string
  default     = null
}

variable "groups" {
  description = "iamaudit_groups.groups (names policy attachments in 1.16 and 1.22; inline policies for X.4)."
  type = list(object({
    name                 = string
    attached_policy_arns = optional(list(string), [])
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })), [])
  }))
  default  = []
  nullable = false
}

variable "roles" {
  description = "iamaudit_roles.roles."
  type = list(object({
    name                      = string
    attached_policy_arns      = optional(list(string), [])
    trusted_aws_principals    = optional(list(string), [])
    trusted_federated         = optional(list(string), [])
    public                    = optional(bool, false)
    cross_account             = optional(bool, false)
    third_party_trust         = optional(bool, false)
    external_id_required      = optional(bool, false)
    oidc_subject_unrestricted = optional(bool, false)
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })), [])
  }))
  default  = []
  nullable = false
}

variable "policies" {
  description = "iamaudit_policies.policies with scope = \"All\" (customer managed and attached AWS managed policies)."
  type = list(object({
    name                = string
    arn                 = string
    aws_managed         = optional(bool, false)
    attachment_count    = number
    grants_full_admin   = bool
    grants_star_on_star = optional(bool, false)
    full_admin_reason   = optional(string)
  }))
  default  = []
  nullable = false
}

variable "server_certificates" {
  description = "iamaudit_server_certificates.server_certificates."
  type = list(object({
    name       = string
    expiration = string
    expired    = bool
  }))
  default  = []
  nullable = false
}

variable "now" {
  description = "The time the controls are evaluated at (RFC 3339); null means plantimestamp(). Tests pin it."
  type        = string
  default     = null
}

variable "unused_credentials_days" {
  description = "CIS 1.12 threshold in days (CIS default 45)."
  type        = number
  default     = 45
  nullable    = false
}

variable "key_rotation_days" {
  description = "CIS 1.14 threshold in days (CIS default 90)."
  type        = number
  default     = 90
  nullable    = false
}

variable "minimum_password_length" {
  description = "CIS 1.8 threshold (CIS default 14)."
  type        = number
  default     = 14
  nullable    = false
}

variable "password_reuse_prevention" {
  description = "CIS 1.9 threshold (CIS default 24)."
  type        = number
  default     = 24
  nullable    = false
}

variable "root_unused_days" {
  description = "CIS 1.7 window in days (default 90)."
  type        = number
  default     = 90
  nullable    = false
}

variable "exclude_users" {
  description = "User names left out of 1.10 to 1.15."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "exclude_roles" {
  description = "Role names left out of X.1 to X.3 (X.4 covers every role)."
  type        = list(string)
  default     = []
  nullable    = false
}
