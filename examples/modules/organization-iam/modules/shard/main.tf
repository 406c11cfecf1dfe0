# Which accounts this shard audits, and which of them cannot be reached.
#
# An account belongs to shard (account id mod shard_count): the assignment
# depends on the account alone, so accounts joining or leaving the
# organization never move another account to another shard, and the shards
# of one snapshot cover every account exactly once. A 12-digit id is below
# 2^53, so the arithmetic is exact.

locals {
  by_id = { for a in var.accounts : a.id => a }

  shard_of = tomap({ for id in keys(local.by_id) : id => tonumber(id) % var.shard_count })

  account_ids = sort([for id, shard in local.shard_of : id if shard == var.shard_index])

  # Not checked (accessible null) counts as reachable: reading it then fails
  # the plan, closed, instead of reporting it.
  unreachable = tomap({
    for id in local.account_ids : id => coalesce(local.by_id[id].access_error, "the provider cannot act in the account (no error was given)")
    if local.by_id[id].accessible == false
  })
  audited_ids = [for id in local.account_ids : id if !contains(keys(local.unreachable), id)]
}
