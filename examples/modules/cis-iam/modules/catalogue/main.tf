# The control catalogue: which recommendations each standard has, what each
# is called there (id, title, profile, assessment), which underlying control
# decides it (written once, in controls.json) with which parameters, and how
# it crosswalks to the other standards. No provider: the parent module reads
# it, and terraform test checks it is complete and consistent (the checks
# are in ./consistency).

locals {
  # try() rather than a conditional: a test catalogue and the shipped one
  # have different types, which a conditional cannot return.
  standards = try(var.catalogue.standards, {
    for f in fileset("${path.module}/standards", "*.json") :
    trimsuffix(f, ".json") => jsondecode(file("${path.module}/standards/${f}"))
  })
  controls = try(var.catalogue.controls, jsondecode(file("${path.module}/controls.json")))

  # Each standard's ids in report order ("" for an entry without one).
  ids = { for s in sort(keys(local.standards)) : s => [for e in local.standards[s].controls : try(tostring(e.id), "")] }
}

# The consistency checks read every entry and crosswalk item of every
# standard: about 0.6 s of CPU, on every plan and for every account of an
# organization audit. The controls module turns them off: it reads only the
# shipped files, which catalogue.tftest.hcl checks in CI, and they cannot
# change between that test and a plan.
module "consistency" {
  source = "./consistency"
  count  = var.check_consistency ? 1 : 0

  standards = local.standards
  controls  = local.controls
}
