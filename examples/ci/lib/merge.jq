# Joins the shards' results.json of one organization audit into one report,
# or lists why they do not make one: the shards must agree on the
# organization, the standard, the shard count and the snapshot of accounts,
# each shard must be there once, and the shards' accounts must be exactly
# the snapshot, each account once and in its own shard (account id mod
# shard count).
#
# Input: an array of { file, report }. Output: { problems: [...], merged }.
#
# jq -L lib -f lib/merge.jq shards.json

include "common";
include "organization";

def ids_text: if length == 0 then "none" else join(", ") end;

. as $shards
| (map(select(.report | is_organization | not) | "\(.file) is not an organization report (organization-iam's report output, written by iam-audit.sh as results.json)")) as $malformed
| if $shards == [] then {problems: ["no shard results given"], merged: null}
  elif $malformed != [] then {problems: $malformed, merged: null}
  else
    $shards[0] as $first
    | ($first.report.shard.count // 0) as $count
    | ($first.report.snapshot | sort) as $snapshot
    | [
        # One organization, one standard, one split.
        ($shards[1:][] | select(.report.organization_id != $first.report.organization_id)
         | "\(.file) audits organization \(.report.organization_id // "null"), \($first.file) \($first.report.organization_id // "null")"),
        ($shards[1:][] | select(.report.standard != $first.report.standard)
         | "\(.file) audits against \(.report.standard), \($first.file) against \($first.report.standard)"),
        ($shards[] | select((.report.shard.count // 0) != $count or (.report.shard.index | type) != "number")
         | "\(.file) is shard \(.report.shard.index // "null") of \(.report.shard.count // "null"), not one of \($count) shards"),
        # The same snapshot: an account that joined or left between the
        # shards' plans is named.
        ($shards[1:][] | (.report.snapshot | sort) as $other | select($other != $snapshot)
         | "\(.file) saw another snapshot of the organization than \($first.file): accounts only in \(.file): \($other - $snapshot | ids_text); only in \($first.file): \($snapshot - $other | ids_text)"),
        # Every shard once.
        ([range(0; $count)] - [$shards[].report.shard.index] | .[] | "shard \(.) of \($count) is missing (a gap)"),
        ($shards | group_by(.report.shard.index) | .[] | select(length > 1)
         | "shard \(.[0].report.shard.index) is given \(length) times (duplicates): \(map(.file) | join(", "))"),
        # Each shard's results are its accounts'.
        ($shards[] | select((.report.results | keys) != (.report.account_ids | sort))
         | "\(.file) has results for \(.report.results | keys | ids_text) but lists accounts \(.report.account_ids | sort | ids_text)"),
        # Every account of the snapshot once, in its own shard.
        ([$shards[] | .file as $file | .report.account_ids[] | {account: ., file: $file}] | group_by(.account) | .[] | select(length > 1)
         | "account \(.[0].account) is in several shards' results (duplicates): \(map(.file) | join(", "))"),
        ($snapshot - [$shards[].report.account_ids[]] | .[]
         | "account \(.) (shard \(tonumber % $count)) is in no shard's results (a gap)"),
        ([$shards[].report.account_ids[]] - $snapshot | unique | .[]
         | "account \(.) is not in the organization snapshot"),
        ($shards[] | .report.shard.index as $index | .file as $file | .report.account_ids[] | select($count > 0 and (tonumber % $count) != $index)
         | "account \(.) is in \($file) (shard \($index)) but belongs to shard \(tonumber % $count)")
      ] as $problems
    | {
        problems: $problems,
        merged: (if $problems != [] then null else {
          organization_id: $first.report.organization_id,
          standard: $first.report.standard,
          snapshot: $snapshot,
          shards: $count,
          account_ids: $snapshot,
          results: (reduce $shards[] as $s ({}; . + $s.report.results)),
          unreachable: (reduce $shards[] as $s ({}; . + ($s.report.unreachable // {})))
        } end)
      }
  end
