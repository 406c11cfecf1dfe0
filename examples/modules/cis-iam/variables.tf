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
  description = "IAM role names left out of the role controls X.1 to X.3, e.g. OrganizationAccountAccessRole, which trusts the management account without an external ID."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "enforce" {
  description = "When true, any control with status FAIL fails the plan (an output precondition). When false, findings are warnings from check blocks and the plan succeeds."
  type        = bool
  default     = false
  nullable    = false
}
