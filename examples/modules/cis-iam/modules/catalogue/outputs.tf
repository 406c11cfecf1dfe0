output "standards" {
  description = "Every standard, keyed by name: title, version, source, profiles and controls (its recommendations in report order: id, title, profile, assessment, control, parameters, securityhub_standards, note, crosswalk)."
  value       = local.standards

  precondition {
    condition     = alltrue([for c in module.consistency : length(c.problems) == 0])
    error_message = "The control catalogue is inconsistent: ${join("; ", flatten(module.consistency[*].problems))}."
  }
}

output "controls" {
  description = "The underlying controls, keyed by name: summary, decision (automated, manual, manual_unless_parameter), data, new_data, offenders and manual_reason."
  value       = local.controls
}

output "selected" {
  description = "The recommendations of var.standard, keyed by id."
  # Grouped, so that a duplicate id is reported in problems, not a crash here.
  value = { for id, group in { for e in try(local.standards[var.standard].controls, []) : e.id => e... } : id => group[0] }
}

output "ids" {
  description = "Each standard's control ids in report order."
  value       = local.ids
}

output "problems" {
  description = "Everything that makes the catalogue incomplete or inconsistent; empty when it is sound, null when check_consistency is false."
  value       = one(module.consistency[*].problems)
}
