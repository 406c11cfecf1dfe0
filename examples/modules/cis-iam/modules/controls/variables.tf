# The IAM data the controls are decided on, shaped as the iamaudit data
# sources expose it (extra attributes are ignored, so the parent passes the
# data sources' values as they are), the standard, the thresholds and the
# exceptions. Tests pass literals.
#
# The optional attributes of the lists (users, groups, roles, policies,
# credential report rows) have no
# default here: main.tf fills them (an omitted list is empty, an omitted
# flag false). Terraform applies an optional attribute's default to a list
# by unifying the types of all its elements pairwise, which is quadratic in
# the list's length: about 8 s of plan CPU at 8 000 users, against a few
# milliseconds to fill them in main.tf.

variable "standard" {
  description = "The standard whose recommendations are decided: cis-aws-7.0.0, cis-aws-5.0.0, cis-aws-3.0.0 or securityhub-iam."
  type        = string
  default     = "cis-aws-7.0.0"
  nullable    = false
}

variable "account_id" {
  description = "The audited account's ID: exceptions with an account_id apply only to it, and a member account is told from the organization's management account."
  type        = string
  nullable    = false
}

variable "partition" {
  description = "The AWS partition (iamaudit_caller_identity.partition), for AWS managed policy ARNs."
  type        = string
  default     = "aws"
  nullable    = false
}

variable "account" {
  description = "Root user state: iamaudit_account."
  type = object({
    root_access_keys_present          = bool
    root_mfa_enabled                  = bool
    root_mfa_type                     = string
    root_signing_certificates_present = optional(bool, false)
  })
  nullable = false
}

variable "password_policy" {
  description = "The account password policy: iamaudit_password_policy."
  type = object({
    exists                       = bool
    minimum_password_length      = optional(number)
    password_reuse_prevention    = optional(number)
    require_symbols              = optional(bool, false)
    require_numbers              = optional(bool, false)
    require_uppercase_characters = optional(bool, false)
    require_lowercase_characters = optional(bool, false)
    expire_passwords             = optional(bool, false)
    max_password_age             = optional(number)
  })
  nullable = false
}

variable "credential_report_rows" {
  description = "iamaudit_credential_report.rows; only the <root_account> row is read."
  type = list(object({
    user                        = string
    password_last_used          = optional(string)
    access_key_1_active         = optional(bool)
    access_key_1_last_used_date = optional(string)
    access_key_2_active         = optional(bool)
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
    attached_policy_arns    = optional(list(string))
    inline_policy_names     = optional(list(string))
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
    })))
    active_access_key_count = optional(number)
    credentials_as_of       = optional(string)
    tags                    = optional(map(string))
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })))
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
  description = "iamaudit_groups.groups (policy attachments and inline policies)."
  type = list(object({
    name                 = string
    attached_policy_arns = optional(list(string))
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })))
  }))
  default  = []
  nullable = false
}

variable "roles" {
  description = "iamaudit_roles.roles."
  type = list(object({
    name                      = string
    attached_policy_arns      = optional(list(string))
    trusted_aws_principals    = optional(list(string))
    trusted_federated         = optional(list(string))
    public                    = optional(bool)
    third_party_trust         = optional(bool)
    external_id_required      = optional(bool)
    oidc_subject_unrestricted = optional(bool)
    tags                      = optional(map(string))
    inline_policies = optional(list(object({
      name              = string
      grants_full_admin = bool
      full_admin_reason = optional(string)
    })))
  }))
  default  = []
  nullable = false
}

variable "policies" {
  description = "iamaudit_policies.policies with scope = \"All\" (customer managed and attached AWS managed policies)."
  type = list(object({
    name                             = string
    arn                              = string
    aws_managed                      = optional(bool)
    attachment_count                 = number
    permissions_boundary_usage_count = optional(number)
    grants_full_admin                = bool
    grants_star_on_star              = optional(bool)
    full_admin_reason                = optional(string)
    service_wildcards                = optional(list(string))
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

variable "saml_providers" {
  description = "iamaudit_saml_providers.saml_providers: the evidence of federated sign-in."
  type = list(object({
    name    = string
    expired = optional(bool)
  }))
  default  = []
  nullable = false
}

variable "organization" {
  description = "iamaudit_organization_features: the organization, its management account and centralized root access."
  type = object({
    organization_id       = optional(string)
    management_account_id = optional(string)
    readable              = optional(bool, true)
    reason                = optional(string)
    enabled_features      = optional(list(string))
  })
  default  = {}
  nullable = false
}

variable "root_login_profile" {
  description = "iamaudit_root_login_profile of the audited account, read only when it decides the root MFA controls (a member account under centralized root access whose root user has no MFA, access keys or signing certificates); null otherwise."
  type = object({
    checked          = bool
    unchecked_reason = optional(string)
    password_enabled = optional(bool)
  })
  default = null
}

variable "delegated_administrators" {
  description = "iamaudit_delegated_administrators: the evidence shown with the delegated administrator recommendations."
  type = object({
    readable = optional(bool, true)
    reason   = optional(string)
    delegated_administrators = optional(list(object({
      id   = string
      name = optional(string)
    })), [])
  })
  default  = {}
  nullable = false
}

variable "now" {
  description = "The time the controls are evaluated at (RFC 3339); null means plantimestamp(). Tests pin it."
  type        = string
  default     = null
}

# Thresholds: null keeps each recommendation's own value (see the parent's
# variables); a value overrides every recommendation that has the parameter.

variable "unused_credentials_days" {
  type    = number
  default = null
}

variable "key_rotation_days" {
  type    = number
  default = null
}

variable "root_unused_days" {
  type    = number
  default = null
}

variable "minimum_password_length" {
  type    = number
  default = null
}

variable "password_reuse_prevention" {
  type    = number
  default = null
}

variable "max_password_age" {
  type    = number
  default = null
}

variable "require_uppercase_characters" {
  type    = bool
  default = null
}

variable "require_lowercase_characters" {
  type    = bool
  default = null
}

variable "require_numbers" {
  type    = bool
  default = null
}

variable "require_symbols" {
  type    = bool
  default = null
}

variable "required_tag_keys" {
  type    = set(string)
  default = null
}

variable "exclude_users" {
  description = "User names left out of the user controls."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "exclude_roles" {
  description = "Role names left out of the role trust and tag controls."
  type        = set(string)
  default     = []
  nullable    = false
}

variable "exceptions" {
  description = "Accepted findings (see the parent's variable)."
  type = list(object({
    account_id = optional(string)
    control    = string
    offender   = optional(string)
    reason     = string
    expires    = string
  }))
  default  = []
  nullable = false
}
