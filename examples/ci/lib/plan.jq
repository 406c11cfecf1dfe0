# Reading the audit from `terraform show -json` of the saved plan.

# from_output is the root output named $output when it holds per-control
# results (an object of objects with a status); empty otherwise.
def from_output($output):
  .planned_values.outputs[$output].value // null
  | select(type == "object" and length > 0 and all(.[]; type == "object" and has("status")));

# from_organization_output is the root output named $output when it holds
# an organization's report (organization-iam's report output); empty
# otherwise.
def from_organization_output($output):
  .planned_values.outputs[$output].value // null
  | select(type == "object" and (.snapshot | type) == "array" and (.account_ids | type) == "array" and (.results | type) == "object");

# from_checks is one result per check block instance: status PASS, FAIL
# (fail or error) or UNKNOWN, the check's messages as the reason.
def from_checks:
  [(.checks // [])[]
   | select(.address.kind == "check")
   | . as $check
   | ($check.instances // [{}])[]
   | (.address.to_display // $check.address.to_display) as $address
   | {
       key: $address,
       value: {
         title: $address,
         status: ({"pass": "PASS", "fail": "FAIL", "error": "FAIL"}[.status // $check.status] // "UNKNOWN"),
         offenders: [],
         reason: ([(.problems // [])[].message] | join("\n"))
       }
     }]
  | from_entries;
