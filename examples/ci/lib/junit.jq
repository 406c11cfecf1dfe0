# The audit's results (results.json) as a JUnit XML report, one test case
# per control: FAIL a failure listing the offenders, MANUAL skipped with the
# reason, EXCEPTED passed with the reason in system-out, UNKNOWN a failure
# unless $allow_unknown (then skipped). GitLab, Jenkins, Azure DevOps and
# the GitHub test-report actions read it.
#
# jq -r -L lib --arg suite iam-audit --argjson allow_unknown false -f lib/junit.jq results.json

include "common";

# xml escapes text for XML content and attributes.
def xml:
  printable
  | gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;") | gsub("\""; "&quot;") | gsub("'"; "&apos;");

def offender_lines: map("- " + .) | join("\n");

# detail is the text of a failure, skip or system-out: the reason and the offenders.
def detail:
  [ (select(.reason != "") | .reason),
    (select(.offenders | length > 0) | "Offenders:\n" + (.offenders | offender_lines)) ]
  | join("\n\n");

# message is the one-line summary a report shows next to the test name.
def message:
  .status + ": " + (
    if .reason != "" then .reason | split("\n")[0]
    elif (.offenders | length) > 0 then "\(.offenders | length) offender\(if (.offenders | length) == 1 then "" else "s" end): \(.offenders[:5] | join(", "))\(if (.offenders | length) > 5 then ", …" else "" end)"
    else "no detail"
    end);

def testcase($allow_unknown):
  outcome($allow_unknown) as $outcome
  | [ (select($outcome == "failed") | "<failure type=\"\(.status | xml)\" message=\"\(message | xml)\">\(detail | xml)</failure>"),
      (select($outcome == "skipped") | "<skipped message=\"\(message | xml)\"/>"),
      (select($outcome != "failed" and detail != "") | "<system-out>\(.status | xml): \(detail | xml)</system-out>") ] as $children
  | "    <testcase classname=\"\($suite | xml)\" name=\"\(.id | xml)\(if .title != "" then " " + (.title | xml) else "" end)\" time=\"0\""
    + if $children == [] then "/>" else ">" + ($children | map("\n      " + .) | join("")) + "\n    </testcase>" end;

controls as $controls
| ($controls | map(outcome($allow_unknown))) as $outcomes
| ($controls | length) as $tests
| ($outcomes | map(select(. == "failed")) | length) as $failures
| ($outcomes | map(select(. == "skipped")) | length) as $skipped
| "tests=\"\($tests)\" failures=\"\($failures)\" errors=\"0\" skipped=\"\($skipped)\" time=\"0\"" as $counts
| ([
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<testsuites name=\"\($suite | xml)\" \($counts)>",
    "  <testsuite name=\"\($suite | xml)\" \($counts)>"
  ]
  + [$controls[] | testcase($allow_unknown)]
  + ["  </testsuite>", "</testsuites>"])
| join("\n")
