# An organization's report as a Markdown summary for $GITHUB_STEP_SUMMARY:
# the accounts x controls matrix (one icon per result), the failing
# controls with their offenders, and the unreachable accounts with why.
#
# jq -r -L lib --arg title "IAM audit" --argjson allow_unknown false -f lib/organization-markdown.jq results.json

include "common";
include "cells";
include "organization";

accounts as $accounts
| control_ids as $ids
| ([$accounts[].controls[]] | count_by_status) as $counts
| [$accounts[] | select(any(.controls[]; outcome($allow_unknown) == "failed")) | .id] as $failing
| [
    "## \(organization_title($title) | md): \(if $failing == [] then "passed" else "\($failing | length) of \($accounts | length) accounts failed" end)",
    "",
    "\($accounts | length) accounts, \($ids | length) controls (\(.standard // "" | md)): "
      + ([statuses[] | select($counts[.] != null) | "\(icon) \($counts[.]) \(status_word)"] | join(" · ")),
    "",
    "| Account | \($ids | map(md) | join(" | ")) |",
    "| --- |\($ids | map(" :-: |") | join(""))",
    ($accounts[]
     | . as $account
     | ($account.controls | map({key: .id, value: .status}) | from_entries) as $status
     | "| \($account.id | md)\(if $account.unreachable then " (unreachable)" else "" end) | \($ids | map(if $status[.] then ($status[.] | icon) else "-" end) | join(" | ")) |"),
    (
      [$accounts[] | .id as $account | .controls[] | select(outcome($allow_unknown) == "failed" and .status != "UNKNOWN") | {account: $account} + .] as $failures
      | select($failures | length > 0)
      | "",
        "### Failing controls (\($failures | length))",
        "",
        "| Account | Control | Title | Offenders |",
        "| --- | --- | --- | --- |",
        ($failures[] | "| \(.account | md) | \(.id | md) | \(.title | md) | \(.offenders | offenders_cell) |")
    ),
    (
      [$accounts[] | select(.unreachable)] as $unreachable
      | select($unreachable | length > 0)
      | "",
        "### Unreachable accounts (\($unreachable | length)): every control UNKNOWN",
        "",
        ($unreachable[] | "- **\(.id | md)**: \(.unreachable | md)")
    ),
    (
      [$accounts[] | select(.unreachable | not) | .id as $account | .controls[] | select(.status == "UNKNOWN") | {account: $account} + .] as $unknown
      | select($unknown | length > 0)
      | "",
        "<details><summary>UNKNOWN controls in reachable accounts (\($unknown | length))</summary>",
        "",
        ($unknown[] | "- **\(.account | md) \(.id | md)**: \(.reason | md)"),
        "",
        "</details>"
    )
  ]
| join("\n")
