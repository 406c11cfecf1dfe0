variable "standard" {
  description = "The standard the accounts were audited against: cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0 or securityhub-iam. Its recommendations are the controls an unreachable account is UNKNOWN for."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["cis-aws-7.0.0", "cis-aws-5.0.0", "cis-aws-3.0.0", "securityhub-iam"], var.standard)
    error_message = "standard must be one of cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0, securityhub-iam."
  }
}

variable "account_results" {
  description = "The results of every audited account, keyed by account id: the CIS module's results output (control id -> title, status, offenders, reason, profile, assessment, crosswalk, securityhub_standards)."
  type = map(map(object({
    title      = string
    status     = string
    offenders  = list(string)
    reason     = string
    profile    = string
    assessment = string
    crosswalk = map(list(object({
      id       = string
      relation = string
    })))
    securityhub_standards = list(string)
  })))
  nullable = false
}

variable "unreachable" {
  description = "The accounts that could not be reached, keyed by account id: why. Each is reported UNKNOWN for every control, never left out."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for id, reason in var.unreachable : can(regex("^[0-9]{12}$", id))])
    error_message = "unreachable must be keyed by 12-digit AWS account IDs."
  }
}
