variable "accounts" {
  description = "Every account of the organization (one snapshot, as iamaudit_organization_accounts lists them, or a given list): id, and whether the provider can act in it (accessible, access_error; accessible null = not checked = reachable, so that a read failure fails the plan instead)."
  type = list(object({
    id           = string
    accessible   = optional(bool)
    access_error = optional(string)
  }))
  nullable = false

  validation {
    condition     = alltrue([for a in var.accounts : can(regex("^[0-9]{12}$", a.id))])
    error_message = "Each account id must be a 12-digit AWS account ID."
  }
  validation {
    condition     = length(distinct([for a in var.accounts : a.id])) == length(var.accounts)
    error_message = "Each account may be listed once; repeated: ${join(", ", sort(distinct([for id, n in { for a in var.accounts : a.id => a.id... } : id if length(n) > 1])))}."
  }
}

variable "shard_count" {
  description = "How many shards (parallel CI jobs) the organization is split into: an account belongs to shard (account id mod shard_count), so an account keeps its shard as others join and leave."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.shard_count >= 1 && floor(var.shard_count) == var.shard_count
    error_message = "shard_count must be a whole number, at least 1."
  }
}

variable "shard_index" {
  description = "Which shard to audit: 0 to shard_count - 1."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.shard_index >= 0 && floor(var.shard_index) == var.shard_index && var.shard_index < var.shard_count
    error_message = "shard_index must be a whole number from 0 to shard_count - 1."
  }
}
