# Every account of an AWS Organization -- or a given list -- audited with the
# CIS module against one standard, in one plan and one provider process: the
# provider reaches each account through its member_role (account_id), and
# collects each account once.
#
# The organization's accounts are read once without touching them (the
# snapshot every shard agrees on), split into shards by account id, and only
# this shard's accounts are checked for access: the session made by that
# check is the one the audit then uses. Unreachable accounts are reported
# UNKNOWN for every control, never left out. The organization's accounts are
# first party for X.1 in every account.

data "iamaudit_organization_accounts" "organization" {
  count = var.accounts == null ? 1 : 0

  parent_ids          = var.parent_ids
  exclude_account_ids = var.exclude_account_ids
}

locals {
  listed = var.accounts != null ? var.accounts : [
    for a in data.iamaudit_organization_accounts.organization[0].accounts : { id = a.id, accessible = null, access_error = null }
  ]
}

# This shard's accounts, from ids alone.
module "assignment" {
  source = "./modules/shard"

  accounts    = [for a in local.listed : { id = a.id }]
  shard_count = var.shard_count
  shard_index = var.shard_index
}

# Whether member_role can be assumed in each of this shard's accounts; the
# other shards' accounts are left alone.
data "iamaudit_organization_accounts" "access" {
  count = var.accounts == null && var.check_access ? 1 : 0

  exclude_account_ids = setunion(var.exclude_account_ids, setsubtract(module.assignment.snapshot, module.assignment.account_ids))
  check_access        = true
}

locals {
  access = { for a in try(data.iamaudit_organization_accounts.access[0].accounts, []) : a.id => a }

  # An account of this shard that left the organization between the two
  # reads cannot be audited: it is reported, not dropped.
  checked = var.accounts != null || !var.check_access ? local.listed : [
    for a in local.listed : !contains(module.assignment.account_ids, a.id) ? a : {
      id           = a.id
      accessible   = try(local.access[a.id].accessible, false)
      access_error = try(local.access[a.id].access_error, "the account was no longer listed by organizations:ListAccounts when its access was checked")
    }
  ]
}

module "shard" {
  source = "./modules/shard"

  accounts    = local.checked
  shard_count = var.shard_count
  shard_index = var.shard_index
}

module "account" {
  source   = "../cis-iam"
  for_each = toset(module.shard.audited_account_ids)

  account_id              = each.key
  standard                = var.standard
  first_party_account_ids = setunion(module.shard.snapshot, var.first_party_account_ids)

  unused_credentials_days      = var.thresholds.unused_credentials_days
  key_rotation_days            = var.thresholds.key_rotation_days
  root_unused_days             = var.thresholds.root_unused_days
  minimum_password_length      = var.thresholds.minimum_password_length
  password_reuse_prevention    = var.thresholds.password_reuse_prevention
  max_password_age             = var.thresholds.max_password_age
  require_uppercase_characters = var.thresholds.require_uppercase_characters
  require_lowercase_characters = var.thresholds.require_lowercase_characters
  require_numbers              = var.thresholds.require_numbers
  require_symbols              = var.thresholds.require_symbols
  required_tag_keys            = var.thresholds.required_tag_keys

  exclude_users = var.exclude_users
  exclude_roles = var.exclude_roles
  # Every exception goes to every account, so that each keeps its index:
  # one for another account is reported there as other_account.
  exceptions = var.exceptions

  # Enforced here, over every account at once.
  enforce = false
}

module "report" {
  source = "./modules/report"

  standard        = var.standard
  account_results = { for id, audit in module.account : id => audit.results }
  unreachable     = module.shard.unreachable
}

locals {
  organization_id = var.accounts == null ? data.iamaudit_organization_accounts.organization[0].organization_id : null

  # Per exception (by index): its state in each audited account it applies to.
  exception_states = [
    for i, x in var.exceptions : [
      for id, audit in module.account : audit.exceptions[i].state if x.account_id == null || x.account_id == id
    ]
  ]
  # Stale in the organization: it names an account outside the snapshot, or
  # covers nothing in any audited account it applies to.
  stale_exceptions = [
    for i, x in var.exceptions : merge(x, {
      why = x.account_id != null && !contains(module.shard.snapshot, coalesce(x.account_id, "-")) ? "account ${x.account_id} is not one of the organization's audited accounts" : "it matches no finding in any account it applies to"
    })
    if(x.account_id != null && !contains(module.shard.snapshot, coalesce(x.account_id, "-"))) ||
    (length(local.exception_states[i]) > 0 && alltrue([for s in local.exception_states[i] : s == "stale"]))
  ]
}
