# Reading an organization's report: the `report` output of
# examples/modules/organization-iam (one shard's), or several shards' merged
# by merge-shards.sh. Its shape:
#   { organization_id, standard, snapshot, shard: { index, count } (one
#     shard) or shards (merged), account_ids, results: { account: { control
#     id: result } }, unreachable: { account: error } }

include "common";

# is_organization is true for an organization report.
def is_organization:
  type == "object" and (.snapshot | type) == "array" and (.account_ids | type) == "array" and (.results | type) == "object";

# accounts lists the report's accounts in order: id, unreachable (the error,
# or null) and controls (as common.jq's controls lists them).
def accounts:
  . as $report
  | [$report.account_ids[] | {id: ., unreachable: ($report.unreachable[.] // null), controls: ($report.results[.] // {} | controls)}];

# failing lists "<account> <control>" for every control that fails.
def failing($allow_unknown):
  [accounts[] | .id as $account | .controls[] | select(outcome($allow_unknown) == "failed") | "\($account) \(.id)"];

# control_ids is every control id of the report, in report order.
def control_ids: [accounts[].controls[].id] | unique_by(id_key) | sort_by(id_key);

# title names the organization for report headings.
def organization_title($title):
  $title
  + (if .organization_id then " of \(.organization_id)" else "" end)
  + (if .shard then " (shard \(.shard.index) of \(.shard.count))" elif .shards then " (\(.shards) shard\(if .shards == 1 then "" else "s" end) merged)" else "" end);
