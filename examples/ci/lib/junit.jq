# The audit's results (results.json) as a JUnit XML report, one test case
# per control: FAIL a failure listing the offenders, MANUAL skipped with the
# reason, EXCEPTED passed with the reason in system-out, UNKNOWN a failure
# unless $allow_unknown (then skipped). GitLab, Jenkins, Azure DevOps and
# the GitHub test-report actions read it.
#
# jq -r -L lib --arg suite iam-audit --argjson allow_unknown false -f lib/junit.jq results.json

include "common";
include "testcase";

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
  + [$controls[] | testcase($suite; $allow_unknown)]
  + ["  </testsuite>", "</testsuites>"])
| join("\n")
