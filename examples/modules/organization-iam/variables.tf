variable "standard" {
  description = "The standard every account is audited against: cis-aws-7.0.0 (default), cis-aws-5.0.0, cis-aws-3.0.0 or securityhub-iam (see the CIS module)."
  type        = string
  default     = "cis-aws-7.0.0"
  nullable    = false

  validation {
    condition     = contains(["cis-aws-7.0.0", "cis-aws-5.0.0", "cis-aws-3.0.0", "securityhub-iam"], var.standard)
    error_message = "standard must be one of cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0, securityhub-iam."
  }
}

# Which accounts.

variable "accounts" {
  description = "The accounts to audit instead of the organization's: a list of { id, accessible (optional), access_error (optional) }, e.g. a filtered iamaudit_organization_accounts' accounts, or literal ids. accessible = false reports the account UNKNOWN for every control with access_error; unset, the account is audited (a failure to reach it fails the plan). null (the default): every ACTIVE account of the organization, read with iamaudit_organization_accounts from the management account or a delegated administrator."
  type = list(object({
    id           = string
    accessible   = optional(bool)
    access_error = optional(string)
  }))
  default = null
}

variable "parent_ids" {
  description = "With accounts = null: only the accounts in these roots or OUs and every OU below them (iamaudit_organization_accounts' parent_ids). The organization's other accounts are then not first party unless listed in first_party_account_ids."
  type        = set(string)
  default     = null
}

variable "exclude_account_ids" {
  description = "With accounts = null: accounts of the organization to leave out (neither audited nor in the snapshot), by 12-digit id."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.exclude_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "exclude_account_ids must be 12-digit AWS account IDs."
  }
}

variable "check_access" {
  description = "With accounts = null: find out first whether member_role can be assumed in each of this shard's accounts (one sts:AssumeRole and sts:GetCallerIdentity each, the session then reused by the audit), and report the unreachable ones UNKNOWN for every control with the error. false: an unreachable account fails the plan."
  type        = bool
  default     = true
  nullable    = false
}

variable "first_party_account_ids" {
  description = "Accounts outside the audited list whose principals are not third parties for X.1 (every audited account is first party already): e.g. the rest of the organization when parent_ids or accounts narrows the audit."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.first_party_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "first_party_account_ids must be 12-digit AWS account IDs."
  }
}

# Sharding: split one organization across parallel CI jobs.

variable "shard_count" {
  description = "How many shards (parallel CI jobs) the organization is split into. An account belongs to shard (account id mod shard_count): stable as accounts join and leave. 1: one plan audits every account."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.shard_count >= 1 && floor(var.shard_count) == var.shard_count
    error_message = "shard_count must be a whole number, at least 1."
  }
}

variable "shard_index" {
  description = "Which shard this plan audits: 0 to shard_count - 1."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.shard_index >= 0 && floor(var.shard_index) == var.shard_index && var.shard_index < var.shard_count
    error_message = "shard_index must be a whole number from 0 to shard_count - 1."
  }
}

# Passed to the CIS module in every account.

variable "thresholds" {
  description = "The CIS module's threshold variables, the same in every account: unused_credentials_days, key_rotation_days, root_unused_days, minimum_password_length, password_reuse_prevention, max_password_age, require_uppercase_characters, require_lowercase_characters, require_numbers, require_symbols, required_tag_keys. Unset: each recommendation's own value."
  type = object({
    unused_credentials_days      = optional(number)
    key_rotation_days            = optional(number)
    root_unused_days             = optional(number)
    minimum_password_length      = optional(number)
    password_reuse_prevention    = optional(number)
    max_password_age             = optional(number)
    require_uppercase_characters = optional(bool)
    require_lowercase_characters = optional(bool)
    require_numbers              = optional(bool)
    require_symbols              = optional(bool)
    required_tag_keys            = optional(set(string))
  })
  default  = {}
  nullable = false
}

variable "exclude_users" {
  description = "IAM user names left out of the user controls in every account (the CIS module's exclude_users)."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "exclude_roles" {
  description = "IAM role names left out of the role controls in every account (the CIS module's exclude_roles), e.g. OrganizationAccountAccessRole."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "exceptions" {
  description = "Accepted findings, as the CIS module takes them: a list of { account_id (optional), control, offender (optional), reason, expires }. With account_id, an exception applies in that account only; without, in every account."
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
}

variable "enforce" {
  description = "When true, a control with status FAIL in any account fails the plan (the results output's precondition lists every one), and so does UNKNOWN (an unreachable account included) unless unknown_is_failure = false."
  type        = bool
  default     = false
  nullable    = false
}

variable "unknown_is_failure" {
  description = "With enforce = true, whether UNKNOWN controls (an unreachable account's among them) fail the plan too."
  type        = bool
  default     = true
  nullable    = false
}
