#!/usr/bin/env bash
# iam-audit.sh -- run a Terraform IAM audit, write its reports and fail when
# any check or control fails.
#
# `terraform plan` reports a failed check block as a warning and exits 0. This
# script saves the plan, reads it back with `terraform show -json`, prints the
# CIS module's results as a table (when the configuration outputs them) and
# every check block that did not pass, writes the reports, and exits non-zero
# when a check block or a control failed.
#
# Usage: iam-audit.sh [options] [-- extra terraform plan arguments]
#
#   -C, --chdir DIR          Terraform configuration to audit (default: .)
#   -o, --results-output N   root output holding the CIS module's results,
#                            or organization-iam's report (default: results;
#                            without it, each check block is reported as a
#                            control)
#       --allow-unknown      do not fail on checks Terraform could not
#                            evaluate at plan time (status "unknown"), nor on
#                            controls with status UNKNOWN (skipped in JUnit)
#       --reports DIR        write results.json, junit.xml and summary.md to
#                            DIR (default: iam-audit-report)
#       --no-reports         write no reports
#       --summary FILE       also append the Markdown summary to FILE
#                            (default: $GITHUB_STEP_SUMMARY when set)
#       --suite NAME         JUnit test suite name (default: iam-audit)
#       --no-init            skip `terraform init`
#       --json FILE          also write the plan's JSON to FILE (CI artifact)
#   -h, --help               show this help
#
# Reports: results.json is the results map (control id -> title, status,
# offenders, reason, profile, assessment, crosswalk); junit.xml has one test
# case per control (FAIL: a failure listing the offenders; MANUAL: skipped
# with the reason; EXCEPTED: passed, the reason in system-out; UNKNOWN: a
# failure, or skipped with --allow-unknown); summary.md is a Markdown table
# for $GITHUB_STEP_SUMMARY or a merge request. For an organization (the
# output is organization-iam's report) results.json is that report (what
# merge-shards.sh joins), junit.xml has a test suite per account and
# summary.md the accounts x controls matrix.
#
# Exit status: 0 every check and control passed (MANUAL and EXCEPTED pass);
# 1 some check failed, errored or was unknown, or some control has status
# FAIL or UNKNOWN (without --allow-unknown); 2 terraform itself failed -- for
# example a data source was denied (the audit fails closed) or the module's
# `enforce` precondition stopped the plan.
#
# Needs terraform (>= 1.5) and jq (>= 1.6) on PATH.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
dir=.
results_output=results
allow_unknown=false
reports=iam-audit-report
summary="${GITHUB_STEP_SUMMARY:-}"
suite=iam-audit
do_init=true
json_out=""
plan_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -C | --chdir) dir="$2"; shift 2 ;;
    -o | --results-output) results_output="$2"; shift 2 ;;
    --allow-unknown) allow_unknown=true; shift ;;
    --reports) reports="$2"; shift 2 ;;
    --no-reports) reports=""; shift ;;
    --summary) summary="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --no-init) do_init=false; shift ;;
    --json) json_out="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; plan_args=("$@"); break ;;
    *) echo "iam-audit: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in terraform jq; do
  command -v "$tool" >/dev/null || { echo "iam-audit: $tool not found on PATH" >&2; exit 2; }
done
for program in common plan results junit markdown testcase cells organization organization-junit organization-markdown organization-text; do
  [[ -r "$lib/$program.jq" ]] || { echo "iam-audit: $lib/$program.jq is missing: keep lib/ next to the script" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plan="$work/audit.tfplan"
export TF_IN_AUTOMATION=1 TF_INPUT=0

if $do_init; then
  terraform -chdir="$dir" init -input=false -no-color >"$work/init.log" 2>&1 || {
    cat "$work/init.log" >&2
    echo "iam-audit: terraform init failed" >&2
    exit 2
  }
fi

# The plan's own output (warnings for failed checks included) goes to stderr
# so that stdout carries only the audit report.
if ! terraform -chdir="$dir" plan -input=false -no-color -lock=false -out="$plan" ${plan_args[@]+"${plan_args[@]}"} >&2; then
  echo "iam-audit: terraform plan failed: the audit could not run, or enforce = true stopped it (see above)" >&2
  exit 2
fi
terraform -chdir="$dir" show -json "$plan" >"$work/plan.json" || {
  echo "iam-audit: terraform show -json failed" >&2
  exit 2
}
if [[ -n "$json_out" ]]; then
  cp "$work/plan.json" "$json_out"
fi

jq -L "$lib" --arg output "$results_output" -f "$lib/results.jq" "$work/plan.json" >"$work/results.json"

# An organization's report (organization-iam) or one account's results.
junit=junit markdown=markdown organization=false
if jq -e -L "$lib" 'include "organization"; is_organization' "$work/results.json" >/dev/null; then
  junit=organization-junit markdown=organization-markdown organization=true
fi

if [[ -n "$reports" ]]; then
  mkdir -p "$reports"
  cp "$work/results.json" "$reports/results.json"
  jq -r -L "$lib" --arg suite "$suite" --argjson allow_unknown "$allow_unknown" \
    -f "$lib/$junit.jq" "$work/results.json" >"$reports/junit.xml"
  jq -r -L "$lib" --arg title "IAM audit" --argjson allow_unknown "$allow_unknown" \
    -f "$lib/$markdown.jq" "$work/results.json" >"$reports/summary.md"
fi
if [[ -n "$summary" ]]; then
  jq -r -L "$lib" --arg title "IAM audit" --argjson allow_unknown "$allow_unknown" \
    -f "$lib/$markdown.jq" "$work/results.json" >>"$summary"
fi

# The results table and failing controls, when the configuration outputs
# the module's results (otherwise the check blocks below say it all).
has_results=false
if $organization; then
  has_results=true
  jq -r -L "$lib" --argjson allow_unknown "$allow_unknown" -f "$lib/organization-text.jq" "$work/results.json"
elif jq -e -L "$lib" --arg output "$results_output" 'include "plan"; [from_output($output)] | length > 0' "$work/plan.json" >/dev/null; then
  has_results=true
  jq -r -L "$lib" '
    include "common";
    def pad($n): . + (" " * ($n - length));
    controls
    | select(length > 0)
    | map([.id, .status, (if (.offenders | length) == 0 then "-" else .offenders | join(", ") end)])
    | ([["CONTROL", "STATUS", "OFFENDERS"]] + .) as $rows
    | ($rows | map(.[0] | length) | max) as $w0
    | ($rows | map(.[1] | length) | max) as $w1
    | $rows[]
    | "\(.[0] | pad($w0))  \(.[1] | pad($w1))  \(.[2])"
  ' "$work/results.json"
fi

# Every check result that is not "pass" (fail, error, or unknown unless
# --allow-unknown), one per check instance, with its messages.
jq --argjson allow_unknown "$allow_unknown" '
  [(.checks // [])[]
   | select(.status == "fail" or .status == "error" or (.status == "unknown" and ($allow_unknown | not)))
   | . as $c
   | ($c.instances // [{}])[]
   | {
       address: (.address.to_display // $c.address.to_display),
       status: (.status // $c.status),
       messages: [(.problems // [])[].message]
     }
   | select(.status != "pass")]
  # natural order: cis_1_6 before cis_1_10
  | sort_by(.address | [scan("[0-9]+|[^0-9]+") | (tonumber? // .)])
' "$work/plan.json" >"$work/problems.json"

total=$(jq '[(.checks // [])[] | select(.address.kind == "check")] | length' "$work/plan.json")
failed=$(jq 'length' "$work/problems.json")
failing_controls=""
if $organization; then
  failing_controls=$(jq -r -L "$lib" --argjson allow_unknown "$allow_unknown" 'include "organization"; failing($allow_unknown) | join(", ")' "$work/results.json")
elif $has_results; then
  failing_controls=$(jq -r -L "$lib" --argjson allow_unknown "$allow_unknown" '
    include "common";
    [controls[] | select(outcome($allow_unknown) == "failed") | .id] | join(" ")
  ' "$work/results.json")
fi

echo
if [[ "$failed" -eq 0 && -z "$failing_controls" ]]; then
  if $has_results; then
    echo "iam-audit: no control failed, and all $total check blocks passed"
  else
    echo "iam-audit: all $total check blocks passed"
  fi
  exit 0
fi
if [[ -n "$failing_controls" ]]; then
  echo "iam-audit: controls that did not pass: $failing_controls"
fi
if [[ "$failed" -gt 0 ]]; then
  echo "iam-audit: $failed of $total check blocks did not pass:"
  echo
  jq -r '.[]
    | "\(.status | ascii_upcase)  \(.address)",
      (if (.messages | length) == 0 then "      (no message: Terraform could not evaluate the check at plan time)" else (.messages[] | "      " + .) end)
  ' "$work/problems.json"
fi
exit 1
