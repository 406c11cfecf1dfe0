# The audit's results (results.json) as a Markdown summary for
# $GITHUB_STEP_SUMMARY (or a merge request note): counts per status, one
# table row per control, and the reasons of the controls that have one.
#
# jq -r -L lib --arg title "IAM audit" --argjson allow_unknown false -f lib/markdown.jq results.json

include "common";
include "cells";

def row: "| \(.id | md) | \(.status | icon) \(.status | md) | \(.title | md) | \(.offenders | offenders_cell) |";

controls as $controls
| ($controls | count_by_status) as $counts
| ($controls | map(select(outcome($allow_unknown) == "failed")) | length) as $failing
| [
    "## \($title | md): \(if $failing == 0 then "passed" else "\($failing) of \($controls | length) controls failed" end)",
    "",
    ([statuses[] | select($counts[.] != null) | "\(icon) \($counts[.]) \(status_word)"] | join(" · ")),
    "",
    "| Control | Status | Title | Offenders |",
    "| --- | --- | --- | --- |",
    ($controls[] | row),
    (
      [$controls[] | select(.reason != "")] as $explained
      | select($explained | length > 0)
      | "",
        "<details><summary>Reasons (\($explained | length))</summary>",
        "",
        ($explained[] | "- **\(.id | md)** \(.status): \(.reason | md)"),
        "",
        "</details>"
    )
  ]
| join("\n")
