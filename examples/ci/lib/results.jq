# The audit's results from `terraform show -json` of the saved plan: the
# root output named $output when it holds per-control results or an
# organization's report, otherwise one result per check block instance, so
# that any configuration with check blocks gets reports.
#
# jq -L lib --arg output results -f lib/results.jq plan.json

include "plan";

([from_organization_output($output)] | first) // ([from_output($output)] | first) // from_checks
