#!/usr/bin/env bash
# iam-audit.sh -- run a Terraform IAM audit and fail when any check fails.
#
# `terraform plan` reports a failed check block as a warning and exits 0. This
# script saves the plan, reads it back with `terraform show -json`, prints a
# readable list of the failed checks (and the CIS module's results table when
# the configuration outputs it) and exits non-zero when any check failed.
#
# Usage: iam-audit.sh [options] [-- extra terraform plan arguments]
#
#   -C, --chdir DIR          Terraform configuration to audit (default: .)
#   -o, --results-output N   root output holding the CIS module's results
#                            (default: results; ignored when absent)
#       --allow-unknown      do not fail on checks Terraform could not
#                            evaluate at plan time (status "unknown")
#       --no-init            skip `terraform init`
#       --json FILE          also write the plan's JSON to FILE (CI artifact)
#   -h, --help               show this help
#
# Exit status: 0 every check passed; 1 some check failed (or errored, or was
# unknown without --allow-unknown); 2 terraform itself failed -- for example a
# data source was denied (the audit fails closed) or the module's `enforce`
# precondition stopped the plan.
#
# Needs terraform (>= 1.5) and jq (>= 1.6) on PATH.

set -euo pipefail

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; }

dir=.
results_output=results
allow_unknown=false
do_init=true
json_out=""
plan_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -C | --chdir) dir="$2"; shift 2 ;;
    -o | --results-output) results_output="$2"; shift 2 ;;
    --allow-unknown) allow_unknown=true; shift ;;
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

# The results table, when the configuration outputs the module's results.
jq -r --arg out "$results_output" '
  def order: (.key | split(".")) as [$a, $b]
    | [(if $a == "X" then 1000 else ($a | tonumber) end), ($b | tonumber)];
  def pad($n): . + (" " * ($n - length));
  (.planned_values.outputs[$out].value // empty)
  | select(type == "object")
  | to_entries
  | select(length > 0 and all(.[]; (.value | type) == "object" and (.value | has("status"))))
  | sort_by(order)
  | map([.key, .value.status, ((.value.offenders // []) | if length == 0 then "-" else join(", ") end)])
  | ([["CONTROL", "STATUS", "OFFENDERS"]] + .) as $rows
  | ($rows | map(.[0] | length) | max) as $w0
  | ($rows | map(.[1] | length) | max) as $w1
  | $rows[]
  | "\(.[0] | pad($w0))  \(.[1] | pad($w1))  \(.[2])"
' "$work/plan.json"

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
echo
if [[ "$failed" -eq 0 ]]; then
  echo "iam-audit: all $total check blocks passed"
  exit 0
fi
echo "iam-audit: $failed of $total check blocks did not pass:"
echo
jq -r '.[]
  | "\(.status | ascii_upcase)  \(.address)",
    (if (.messages | length) == 0 then "      (no message: Terraform could not evaluate the check at plan time)" else (.messages[] | "      " + .) end)
' "$work/problems.json"
exit 1
