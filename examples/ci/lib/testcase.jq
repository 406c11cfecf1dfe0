# The pieces of a JUnit XML report both converters build: XML escaping and
# one test case per control (junit.jq for one account, organization-junit.jq
# for every account of an organization).

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

# testcase is one control as a test case of class $classname.
def testcase($classname; $allow_unknown):
  outcome($allow_unknown) as $outcome
  | [ (select($outcome == "failed") | "<failure type=\"\(.status | xml)\" message=\"\(message | xml)\">\(detail | xml)</failure>"),
      (select($outcome == "skipped") | "<skipped message=\"\(message | xml)\"/>"),
      (select($outcome != "failed" and detail != "") | "<system-out>\(.status | xml): \(detail | xml)</system-out>") ] as $children
  | "    <testcase classname=\"\($classname | xml)\" name=\"\(.id | xml)\(if .title != "" then " " + (.title | xml) else "" end)\" time=\"0\""
    + if $children == [] then "/>" else ">" + ($children | map("\n      " + .) | join("")) + "\n    </testcase>" end;
