# An organization's report as the text table the scripts print: per
# account, the controls that did not pass.
#
# jq -r -L lib --argjson allow_unknown false -f lib/organization-text.jq results.json

include "common";
include "organization";

def pad($n): . + (" " * ($n - length));

accounts
| map([
    .id,
    (if .unreachable then "UNREACHABLE" elif any(.controls[]; outcome($allow_unknown) == "failed") then "FAIL" else "PASS" end),
    ([.controls[] | select(.status == "FAIL")] | length | tostring),
    ([.controls[] | select(.status == "UNKNOWN")] | length | tostring),
    (if .unreachable then "every control UNKNOWN: \(.unreachable)"
     else [.controls[] | select(.status == "FAIL" or (.status == "UNKNOWN" and ($allow_unknown | not))) | .id] | if length == 0 then "-" else join(" ") end
     end)
  ])
| ([["ACCOUNT", "STATUS", "FAIL", "UNKNOWN", "NOT PASSING"]] + .) as $rows
| [range(0; 4) as $i | $rows | map(.[$i] | length) | max] as $w
| $rows[]
| "\(.[0] | pad($w[0]))  \(.[1] | pad($w[1]))  \(.[2] | pad($w[2]))  \(.[3] | pad($w[3]))  \(.[4])"
