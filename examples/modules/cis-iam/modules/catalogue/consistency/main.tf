# Everything that makes a control catalogue incomplete or inconsistent: ids
# twice or missing, entries without the keys every entry has or with
# unknown values, crosswalk items that are not symmetric or name no
# control, equivalents decided differently, and underlying controls unused
# or without a reason for MANUAL. No provider.

locals {
  standards = var.standards
  controls  = var.controls

  # The keys every entry of a standard has (null or empty where unused), so
  # that consumers can read any of them without try().
  entry_keys     = ["assessment", "control", "crosswalk", "id", "note", "parameters", "profile", "securityhub_standards", "title"]
  assessments    = ["Automated", "Manual"]
  relations      = ["equivalent", "related"]
  decisions      = ["automated", "manual", "manual_unless_parameter"]
  standard_names = sort(keys(local.standards))
  ids            = { for s in local.standard_names : s => [for e in local.standards[s].controls : try(tostring(e.id), "")] }
  extra_ids      = sort(distinct(flatten([for s, ids in local.ids : [for id in ids : id if startswith(id, "X.")]])))

  # Every entry of every standard, with the standard it belongs to.
  entries = flatten([
    for s in local.standard_names : [
      for e in local.standards[s].controls : {
        standard   = s
        id         = try(tostring(e.id), "")
        keys       = join(",", sort(keys(e)))
        title      = try(tostring(e.title), "")
        profile    = try(tostring(e.profile), "")
        assessment = try(tostring(e.assessment), "")
        control    = try(tostring(e.control), "")
        parameters = jsonencode(try(e.parameters, null))
        crosswalk  = try(e.crosswalk, {})
      }
    ]
  ])

  # One edge per crosswalk item: "<standard>|<id>|<other standard>|<other id>|<relation>".
  edges = flatten([
    for e in local.entries : [
      for other, items in e.crosswalk : [
        for item in items : join("|", [e.standard, e.id, other, try(tostring(item.id), ""), try(tostring(item.relation), "")])
      ]
    ]
  ])
  edge_parts = [for edge in local.edges : split("|", edge)]
  # Indexes instead of contains(): these checks run on every plan of the
  # parent module, and contains() compares element by element.
  edge_index = { for edge in local.edges : edge => true... }
  # Crosswalk items grouped by source and target, whatever their relation.
  edges_by_target = { for p in local.edge_parts : join("|", slice(p, 0, 4)) => p[4]... }

  decision_of = { for e in local.entries : "${e.standard}|${e.id}" => "${e.control}|${e.parameters}"... }
  # Entries decided alike: the same control with the same parameters.
  entries_by_decision = { for e in local.entries : "${e.control}|${e.parameters}" => { standard = e.standard, id = e.id }... }

  problems = sort(distinct(concat(
    # Each id once per standard; the extra controls (X.*) in every standard.
    flatten([
      for s, ids in local.ids : concat(
        [for id in distinct(ids) : "${s}: ${id == "" ? "an entry without id" : id} appears ${length([for x in ids : x if x == id])} times" if length([for x in ids : x if x == id]) > 1],
        [for id in local.extra_ids : "${s}: extra control ${id} is missing" if !contains(ids, id)],
      )
    ]),
    # Entry shape and values.
    flatten([
      for e in local.entries : concat(
        e.keys == join(",", local.entry_keys) ? [] : ["${e.standard} ${e.id}: keys are ${e.keys}, want ${join(",", local.entry_keys)}"],
        e.title != "" ? [] : ["${e.standard} ${e.id}: no title"],
        contains(try(local.standards[e.standard].profiles, []), e.profile) ? [] : ["${e.standard} ${e.id}: profile \"${e.profile}\" is not one of the standard's profiles"],
        contains(local.assessments, e.assessment) ? [] : ["${e.standard} ${e.id}: assessment \"${e.assessment}\" is not Automated or Manual"],
        contains(keys(local.controls), e.control) ? [] : ["${e.standard} ${e.id}: control \"${e.control}\" is not in controls.json"],
        join(",", sort(keys(e.crosswalk))) == join(",", [for s in local.standard_names : s if s != e.standard]) ? [] : [
          "${e.standard} ${e.id}: crosswalk lists ${jsonencode(sort(keys(e.crosswalk)))}, want every other standard ${jsonencode([for s in local.standard_names : s if s != e.standard])}"
        ],
      )
    ]),
    # Crosswalk items: a known relation, an existing target, no target twice.
    flatten([
      for p in local.edge_parts : concat(
        contains(local.relations, p[4]) ? [] : ["${p[0]} ${p[1]} -> ${p[2]} ${p[3]}: relation \"${p[4]}\" is not equivalent or related"],
        contains(try(local.ids[p[2]], []), p[3]) ? [] : ["${p[0]} ${p[1]} -> ${p[2]} ${p[3]}: no such control in ${p[2]}"],
        length(local.edges_by_target[join("|", slice(p, 0, 4))]) == 1 ? [] : ["${p[0]} ${p[1]} -> ${p[2]} ${p[3]}: listed more than once"],
      )
    ]),
    # Symmetry: A -> B with a relation implies B -> A with the same relation.
    [for p in local.edge_parts : "${p[0]} ${p[1]} -> ${p[2]} ${p[3]} (${p[4]}): no reverse entry" if lookup(local.edge_index, join("|", [p[2], p[3], p[0], p[1], p[4]]), null) == null],
    # Equivalent means the same control with the same parameters ...
    [
      for p in local.edge_parts : "${p[0]} ${p[1]} -> ${p[2]} ${p[3]}: equivalent, but decided by a different control or parameters"
      if p[4] == "equivalent" && lookup(local.decision_of, "${p[0]}|${p[1]}", null) != null && lookup(local.decision_of, "${p[2]}|${p[3]}", null) != null
      && lookup(local.decision_of, "${p[0]}|${p[1]}", []) != lookup(local.decision_of, "${p[2]}|${p[3]}", [])
    ],
    # ... and the same control with the same parameters is equivalent.
    flatten([
      for group in values(local.entries_by_decision) : [
        for pair in setproduct(group, group) : "${pair[0].standard} ${pair[0].id} -> ${pair[1].standard} ${pair[1].id}: the same control and parameters, but not crosswalked as equivalent"
        if pair[0].standard != pair[1].standard && lookup(local.edge_index, join("|", [pair[0].standard, pair[0].id, pair[1].standard, pair[1].id, "equivalent"]), null) == null
      ]
    ]),
    # Underlying controls: a known decision, a reason wherever one can be
    # MANUAL, and each used by some standard.
    flatten([
      for name, c in local.controls : concat(
        contains(local.decisions, try(c.decision, "")) ? [] : ["control ${name}: decision \"${try(c.decision, "")}\" is not one of ${join(", ", local.decisions)}"],
        (try(c.decision, "") == "automated") == (try(c.manual_reason, null) == null) ? [] : ["control ${name}: a manual_reason is required exactly when the decision can be MANUAL"],
        try(trimspace(c.summary), "") != "" ? [] : ["control ${name}: no summary"],
        contains([for e in local.entries : e.control], name) ? [] : ["control ${name}: used by no standard"],
      )
    ]),
  )))
}
