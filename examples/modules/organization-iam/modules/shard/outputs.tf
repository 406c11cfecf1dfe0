output "snapshot" {
  description = "Every account of the organization, sorted: the union of all shards."
  value       = sort(keys(local.by_id))
}

output "shard_of" {
  description = "Each account's shard, keyed by account id."
  value       = local.shard_of
}

output "account_ids" {
  description = "This shard's accounts, sorted: audited and unreachable."
  value       = local.account_ids
}

output "audited_account_ids" {
  description = "This shard's accounts the provider can act in, sorted: each is audited."
  value       = local.audited_ids
}

output "unreachable" {
  description = "This shard's accounts the provider cannot act in, keyed by account id: why (the role ARN and the error)."
  value       = local.unreachable
}
