variable "standard" {
  description = "The standard whose controls the selected output holds: cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0 or securityhub-iam."
  type        = string
  default     = "cis-aws-7.0.0"
  nullable    = false

  validation {
    condition     = contains(["cis-aws-7.0.0", "cis-aws-5.0.0", "cis-aws-3.0.0", "securityhub-iam"], var.standard)
    error_message = "standard must be one of cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0, securityhub-iam."
  }
}

variable "catalogue" {
  description = "A catalogue to check instead of the shipped JSON files, shaped like them ({ controls, standards }). For tests: leave it null."
  type        = any
  default     = null
}

variable "check_consistency" {
  description = "Check the catalogue (problems, and the precondition on standards). The controls module turns it off for the shipped files, which terraform test checks."
  type        = bool
  default     = true
  nullable    = false
}
