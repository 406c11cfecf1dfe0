variable "standard" {
  description = "The standard to audit against: cis-aws-7.0.0 (the newest CIS AWS Foundations Benchmark, section 2), cis-aws-5.0.0 (what Security Hub CSPM runs), cis-aws-3.0.0, or securityhub-iam (Security Hub CSPM's IAM.1 to IAM.28). Every recommendation of its IAM part is in results; X.1 to X.4 are added to each."
  type        = string
  default     = "cis-aws-7.0.0"
  nullable    = false

  validation {
    condition     = contains(["cis-aws-7.0.0", "cis-aws-5.0.0", "cis-aws-3.0.0", "securityhub-iam"], var.standard)
    error_message = "standard must be one of cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0, securityhub-iam."
  }
}

# Thresholds. null (the default) keeps each recommendation's own value, for
# example 45 days for CIS's unused credentials and IAM.22 but 90 for IAM.8;
# a value overrides every recommendation that has the threshold.

variable "unused_credentials_days" {
  description = "A console password or active access key unused for this many days or more is a finding (CIS v7.0.0 2.11, v5.0.0 1.11, v3.0.0 1.12, Security Hub IAM.22: 45; IAM.8: 90). null: each recommendation's own value."
  type        = number
  default     = null

  validation {
    condition     = var.unused_credentials_days == null || try(var.unused_credentials_days >= 1 && floor(var.unused_credentials_days) == var.unused_credentials_days, false)
    error_message = "unused_credentials_days must be a whole number of days, at least 1."
  }
}

variable "key_rotation_days" {
  description = "An active access key older than this many days (to the second) is a finding (CIS v7.0.0 2.12, v5.0.0 1.13, v3.0.0 1.14, Security Hub IAM.3: 90). null: each recommendation's own value."
  type        = number
  default     = null

  validation {
    condition     = var.key_rotation_days == null || try(var.key_rotation_days >= 1 && floor(var.key_rotation_days) == var.key_rotation_days, false)
    error_message = "key_rotation_days must be a whole number of days, at least 1."
  }
}

variable "root_unused_days" {
  description = "The root user's password or access keys used within this many days is a finding (CIS v7.0.0 2.7, v5.0.0 1.6, v3.0.0 1.7). CIS names no window; the recommendations' own value is 90. null: that value."
  type        = number
  default     = null

  validation {
    condition     = var.root_unused_days == null || try(var.root_unused_days >= 1 && floor(var.root_unused_days) == var.root_unused_days, false)
    error_message = "root_unused_days must be a whole number of days, at least 1."
  }
}

variable "minimum_password_length" {
  description = "The account password policy must require at least this many characters (CIS 2.8 / 1.7 / 1.8 and Security Hub IAM.15: 14; IAM.7: 8; IAM.10: 7). null: each recommendation's own value."
  type        = number
  default     = null

  validation {
    condition     = var.minimum_password_length == null || try(var.minimum_password_length >= 6 && var.minimum_password_length <= 128 && floor(var.minimum_password_length) == var.minimum_password_length, false)
    error_message = "minimum_password_length must be a whole number between 6 and 128, the range IAM accepts."
  }
}

variable "password_reuse_prevention" {
  description = "The account password policy must remember at least this many previous passwords (CIS 2.9 / 1.8 / 1.9 and Security Hub IAM.16: 24; IAM.10: 4). null: each recommendation's own value."
  type        = number
  default     = null

  validation {
    condition     = var.password_reuse_prevention == null || try(var.password_reuse_prevention >= 1 && var.password_reuse_prevention <= 24 && floor(var.password_reuse_prevention) == var.password_reuse_prevention, false)
    error_message = "password_reuse_prevention must be a whole number between 1 and 24, the range IAM accepts."
  }
}

variable "max_password_age" {
  description = "Passwords must expire within this many days (Security Hub IAM.10 and IAM.17: 90). null: each recommendation's own value."
  type        = number
  default     = null

  validation {
    condition     = var.max_password_age == null || try(var.max_password_age >= 1 && var.max_password_age <= 1095 && floor(var.max_password_age) == var.max_password_age, false)
    error_message = "max_password_age must be a whole number of days between 1 and 1095, the range IAM accepts."
  }
}

variable "require_uppercase_characters" {
  description = "Whether the password policy must require an uppercase letter (Security Hub IAM.7, IAM.10, IAM.11: true). null: each recommendation's own value; false drops the requirement."
  type        = bool
  default     = null
}

variable "require_lowercase_characters" {
  description = "Whether the password policy must require a lowercase letter (Security Hub IAM.7, IAM.10, IAM.12: true). null: each recommendation's own value; false drops the requirement."
  type        = bool
  default     = null
}

variable "require_numbers" {
  description = "Whether the password policy must require a number (Security Hub IAM.7, IAM.10, IAM.14: true). null: each recommendation's own value; false drops the requirement."
  type        = bool
  default     = null
}

variable "require_symbols" {
  description = "Whether the password policy must require a symbol (Security Hub IAM.7, IAM.13: true). null: each recommendation's own value; false drops the requirement."
  type        = bool
  default     = null
}

variable "required_tag_keys" {
  description = "The tag keys every IAM user and role must carry (Security Hub IAM.24, IAM.25; case-sensitive). null leaves those two MANUAL: which keys a tagging policy requires is yours to say (Security Hub itself, without configured keys, fails users and roles that have no tag at all)."
  type        = set(string)
  default     = null

  validation {
    condition     = var.required_tag_keys == null || try(length(var.required_tag_keys) > 0 && alltrue([for k in var.required_tag_keys : length(k) >= 1 && length(k) <= 128 && !startswith(lower(k), "aws:")]), false)
    error_message = "required_tag_keys must be null or hold at least one tag key of 1 to 128 characters; keys starting with aws: are AWS's own and cannot be set on users or roles."
  }
}

variable "exclude_users" {
  description = "IAM user names left out of the user controls (MFA, credentials, keys, permissions through groups, console sign-in, tags), e.g. break-glass accounts; AWSCloudShellFullAccess, attached full-admin policies and X.4 still cover them. Excluded users are listed in the excluded_users output. For a finding accepted until a date, prefer exceptions."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "exclude_roles" {
  description = "IAM role names left out of the role controls X.1 to X.3 and the role tag control. X.4 (inline full-admin policies) covers every user, group and role. For roles trusting your own organization's accounts, prefer first_party_account_ids."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "account_id" {
  description = "The account to audit, reached through the provider's member_role (sts:AssumeRole of arn:<partition>:iam::<account_id>:role<path><role_name>). null (the default), or the provider's own account: the provider's own credentials. The organization module sets it for every account of the organization."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be null or a 12-digit AWS account ID."
  }
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

variable "exceptions" {
  description = <<-EOT
    Accepted findings: a list of { account_id (optional), control, offender (optional), reason, expires }.
    control is a recommendation id of the selected standard ("2.11", "IAM.3", "X.1") or an underlying
    control's name, which holds in every standard (unused_credentials, public_trust, ...: see the
    README). offender is the name as results lists it ("break-glass", "<root_account>",
    "role/ops/break-glass"); null covers the whole control, account-level failures included.
    expires is an RFC 3339 timestamp or a date (YYYY-MM-DD, valid through that day, UTC); an expired
    exception counts as none. account_id limits it to one account (for a list shared by many accounts).
    A recommendation whose findings are all excepted is EXCEPTED; excepted offenders stay listed, with
    the reason. Exceptions that match nothing are reported in the exceptions output as stale.
  EOT
  type = list(object({
    account_id = optional(string)
    control    = string
    offender   = optional(string)
    reason     = string
    expires    = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for x in var.exceptions : x.account_id == null || can(regex("^[0-9]{12}$", x.account_id))])
    error_message = "Each exception's account_id must be null or a 12-digit AWS account ID."
  }
  validation {
    condition     = alltrue([for x in var.exceptions : trimspace(x.control) != "" && (x.offender == null || trimspace(coalesce(x.offender, " ")) != "")])
    error_message = "Each exception needs a control (a recommendation id or a control name), and an offender that is null or not empty."
  }
  validation {
    condition     = alltrue([for x in var.exceptions : length(trimspace(x.reason)) > 0])
    error_message = "Each exception needs a reason: why the finding is accepted."
  }
  validation {
    condition = alltrue([
      for x in var.exceptions : can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", x.expires)) ? can(timeadd("${x.expires}T00:00:00Z", "0s")) : can(timeadd(x.expires, "0s"))
    ])
    error_message = "Each exception's expires must be an RFC 3339 timestamp (2026-01-31T00:00:00Z) or a date (2026-01-31)."
  }
}

variable "enforce" {
  description = "When true, any recommendation with status FAIL fails the plan (an output precondition), and so does any with status UNKNOWN unless unknown_is_failure = false. MANUAL and EXCEPTED never do. When false, findings are warnings from check blocks and the plan succeeds."
  type        = bool
  default     = false
  nullable    = false
}

variable "unknown_is_failure" {
  description = "With enforce = true, whether a recommendation the data could not decide (status UNKNOWN, e.g. root use without the credential report's root row) fails the plan too. An audit that cannot decide has not passed; set false to enforce on FAIL only."
  type        = bool
  default     = true
  nullable    = false
}
