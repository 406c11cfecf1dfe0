# An organization's report as a JUnit XML report: one test suite per
# account, one test case per control (class name: the account id), with the
# outcomes of junit.jq.
#
# jq -r -L lib --arg suite iam-audit --argjson allow_unknown false -f lib/organization-junit.jq results.json

include "common";
include "testcase";
include "organization";

def counts($cases; $allow_unknown):
  ($cases | map(outcome($allow_unknown))) as $outcomes
  | "tests=\"\($cases | length)\" failures=\"\($outcomes | map(select(. == "failed")) | length)\" errors=\"0\" skipped=\"\($outcomes | map(select(. == "skipped")) | length)\" time=\"0\"";

accounts as $accounts
| [
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<testsuites name=\"\($suite | xml)\" \(counts([$accounts[].controls[]]; $allow_unknown))>",
    ($accounts[]
     | "  <testsuite name=\"\("\($suite) \(.id)" | xml)\" \(counts(.controls; $allow_unknown))>",
       (.id as $account | .controls[] | testcase($account; $allow_unknown)),
       "  </testsuite>"),
    "</testsuites>"
  ]
| join("\n")
