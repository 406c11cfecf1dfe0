variable "unused_credentials_days" {
  description = "CIS 1.12: a console password or active access key unused for this many days or more is a finding (CIS default 45)."
  type        = number
  default     = 45
  nullable    = false

  validation {
    condition     = var.unused_credentials_days >= 1 && floor(var.unused_credentials_days) == var.unused_credentials_days
    error_message = "unused_credentials_days must be a whole number of days, at least 1."
  }
}

variable "key_rotation_days" {
  description = "CIS 1.14: an active access key older than this many days is a finding (CIS default 90)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.key_rotation_days >= 1 && floor(var.key_rotation_days) == var.key_rotation_days
    error_message = "key_rotation_days must be a whole number of days, at least 1."
  }
}

variable "minimum_password_length" {
  description = "CIS 1.8: the account password policy must require at least this many characters (CIS default 14)."
  type        = number
  default     = 14
  nullable    = false

  validation {
    condition     = var.minimum_password_length >= 6 && var.minimum_password_length <= 128
    error_message = "minimum_password_length must be between 6 and 128, the range IAM accepts."
  }
}

variable "password_reuse_prevention" {
  description = "CIS 1.9: the account password policy must remember at least this many previous passwords (CIS default 24)."
  type        = number
  default     = 24
  nullable    = false

  validation {
    condition     = var.password_reuse_prevention >= 1 && var.password_reuse_prevention <= 24
    error_message = "password_reuse_prevention must be between 1 and 24, the range IAM accepts."
  }
}

variable "root_unused_days" {
  description = "CIS 1.7: the root user's password or access keys used within this many days is a finding. CIS names no window; the default is 90."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.root_unused_days >= 1 && floor(var.root_unused_days) == var.root_unused_days
    error_message = "root_unused_days must be a whole number of days, at least 1."
  }
}

variable "exclude_users" {
  description = "IAM user names left out of the user controls (1.10 to 1.15), e.g. break-glass accounts. Excluded users are listed in the excluded_users output."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "exclude_roles" {
  description = "IAM role names left out of the role controls X.1 to X.3. X.4 (inline full-admin policies) covers every user, group and role. For roles trusting your own organization's accounts, prefer first_party_account_ids."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "first_party_account_ids" {
  description = "Accounts, besides the audited one, whose principals are not third parties for X.1: typically every account of your organization (the organization module passes them), so that OrganizationAccountAccessRole, Control Tower and StackSet roles trusting a sibling account pass without an external ID."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.first_party_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "first_party_account_ids must be 12-digit AWS account IDs."
  }
}

variable "enforce" {
  description = "When true, any control with status FAIL fails the plan (an output precondition), and so does any control with status UNKNOWN unless unknown_is_failure = false. When false, findings are warnings from check blocks and the plan succeeds."
  type        = bool
  default     = false
  nullable    = false
}

variable "unknown_is_failure" {
  description = "With enforce = true, whether a control the data could not decide (status UNKNOWN, e.g. 1.7 without the credential report's root row) fails the plan too. An audit that cannot decide has not passed; set false to enforce on FAIL only."
  type        = bool
  default     = true
  nullable    = false
}
