# Shared definitions of the iam-audit report converters (jq 1.6 or later).
#
# Input: the audit's results, a map of control id to
#   { title, status, offenders, reason, profile, assessment, crosswalk }
# as the CIS module's `results` output holds it. Fields an older module
# does not output yet (reason, profile, assessment, crosswalk) are read as
# empty.

# id_key orders control ids naturally: 2.1.1 < 2.2 < 2.10 < IAM.2 < IAM.10 < X.1.
def id_key: split(".") | map(tonumber? // .);

# controls lists the results in report order, every field present.
def controls:
  to_entries
  | sort_by(.key | id_key)
  | map(.value as $r | {
      id: .key,
      title: ($r.title // "" | tostring),
      status: ($r.status // "UNKNOWN" | tostring | ascii_upcase),
      offenders: [($r.offenders // [])[] | tostring],
      reason: ($r.reason // "" | tostring),
      profile: ($r.profile // "" | tostring),
      assessment: ($r.assessment // "" | tostring),
      crosswalk: ($r.crosswalk // {})
    });

# printable drops the control characters that neither XML 1.0 nor a
# Markdown table can carry, keeping tabs and line breaks.
def printable: explode | map(select(. == 9 or . == 10 or . == 13 or . >= 32)) | implode;

# outcome is what CI makes of a status: PASS and EXCEPTED pass, MANUAL is
# skipped, UNKNOWN fails unless allowed (then skipped), anything else fails.
def outcome($allow_unknown):
  if .status == "PASS" or .status == "EXCEPTED" then "passed"
  elif .status == "MANUAL" or (.status == "UNKNOWN" and $allow_unknown) then "skipped"
  else "failed"
  end;

# statuses is the order reports count statuses in.
def statuses: ["FAIL", "UNKNOWN", "PASS", "EXCEPTED", "MANUAL"];

# count_by_status counts a list of controls per status; statuses outside
# the known five are counted as FAIL, as outcome fails them.
def count_by_status:
  reduce .[] as $c ({}; .[if ($c.status | IN(statuses[])) then $c.status else "FAIL" end] += 1);
