#!/usr/bin/env bash
# merge-shards.sh -- join the reports of an organization audit split into
# shards (parallel CI jobs, organization-iam's shard_index / shard_count),
# and fail unless together they are the whole organization.
#
# Each shard's job runs iam-audit.sh on a configuration whose results output
# is organization-iam's report output; its results.json is one shard's
# report. This script checks that the shards make exactly one audit of one
# organization snapshot -- the same organization, standard, shard count and
# snapshot of accounts; every shard once; every account of the snapshot in
# exactly one shard, its own (account id mod shard count) -- and lists every
# gap and duplicate when they do not. Then it writes the merged reports and
# prints, per account, the controls that did not pass.
#
# Usage: merge-shards.sh [options] SHARD_RESULTS.json...
#
#       --reports DIR      write results.json (the merged report), junit.xml
#                          (a test suite per account, a test case per
#                          control) and summary.md (the accounts x controls
#                          matrix) to DIR (default: iam-audit-report)
#       --summary FILE     also append the Markdown summary to FILE
#                          (default: $GITHUB_STEP_SUMMARY when set)
#       --suite NAME       JUnit test suite name (default: iam-audit)
#       --allow-unknown    do not fail on controls with status UNKNOWN
#                          (unreachable accounts' included)
#   -h, --help             show this help
#
# Exit status: 0 every control of every account passed (MANUAL and EXCEPTED
# pass); 1 some control has status FAIL, or UNKNOWN without --allow-unknown;
# 2 the shards are not one audit of one snapshot (nothing is written), or a
# file is missing or unreadable.
#
# Needs jq (>= 1.6) on PATH.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
reports=iam-audit-report
summary="${GITHUB_STEP_SUMMARY:-}"
suite=iam-audit
allow_unknown=false
files=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --reports) reports="$2"; shift 2 ;;
    --summary) summary="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --allow-unknown) allow_unknown=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; files+=("$@"); break ;;
    -*) echo "merge-shards: unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done

command -v jq >/dev/null || { echo "merge-shards: jq not found on PATH" >&2; exit 2; }
for program in common organization testcase cells merge organization-junit organization-markdown organization-text; do
  [[ -r "$lib/$program.jq" ]] || { echo "merge-shards: $lib/$program.jq is missing: keep lib/ next to the script" >&2; exit 2; }
done
[[ ${#files[@]} -gt 0 ]] || { echo "merge-shards: no shard results given (see --help)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for file in "${files[@]}"; do
  jq --arg file "$file" '{file: $file, report: .}' "$file" >>"$work/shards.json" 2>"$work/jq.err" || {
    echo "merge-shards: cannot read $file as JSON: $(cat "$work/jq.err")" >&2
    exit 2
  }
done
jq -s -L "$lib" -f "$lib/merge.jq" "$work/shards.json" >"$work/merge.json"

if [[ $(jq '.problems | length' "$work/merge.json") -gt 0 ]]; then
  echo "merge-shards: the ${#files[@]} shard results are not one audit of one organization snapshot:" >&2
  jq -r '.problems[] | "  - " + .' "$work/merge.json" >&2
  exit 2
fi
# Sorted keys: the same report whatever the order of the shards.
jq -S '.merged' "$work/merge.json" >"$work/results.json"

mkdir -p "$reports"
cp "$work/results.json" "$reports/results.json"
jq -r -L "$lib" --arg suite "$suite" --argjson allow_unknown "$allow_unknown" \
  -f "$lib/organization-junit.jq" "$work/results.json" >"$reports/junit.xml"
jq -r -L "$lib" --arg title "IAM audit" --argjson allow_unknown "$allow_unknown" \
  -f "$lib/organization-markdown.jq" "$work/results.json" >"$reports/summary.md"
if [[ -n "$summary" ]]; then
  cat "$reports/summary.md" >>"$summary"
fi

jq -r -L "$lib" --argjson allow_unknown "$allow_unknown" -f "$lib/organization-text.jq" "$work/results.json"
failing=$(jq -r -L "$lib" --argjson allow_unknown "$allow_unknown" 'include "organization"; failing($allow_unknown) | length' "$work/results.json")
accounts=$(jq '.account_ids | length' "$work/results.json")
echo
if [[ "$failing" -eq 0 ]]; then
  echo "merge-shards: $accounts accounts in ${#files[@]} shards: every control passed"
  exit 0
fi
echo "merge-shards: $accounts accounts in ${#files[@]} shards: $failing controls did not pass"
exit 1
