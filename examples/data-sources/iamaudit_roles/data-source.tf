data "iamaudit_roles" "all" {
  exclude_service_linked = true
}

locals {
  public_roles = [for r in data.iamaudit_roles.all.roles : r.name if r.public]

  # Cross-account roles without an external ID invite the confused deputy.
  cross_account_without_external_id = [
    for r in data.iamaudit_roles.all.roles : r.name
    if r.cross_account && !r.external_id_required
  ]

  # OIDC roles any token of the issuer can assume (e.g. any GitHub repository).
  oidc_unrestricted = [for r in data.iamaudit_roles.all.roles : r.name if r.oidc_subject_unrestricted]

  unused_roles = [
    for r in data.iamaudit_roles.all.roles : r.name
    if r.last_used_days == null || coalesce(r.last_used_days, 0) > 90
  ]
}

check "role_trust" {
  assert {
    condition     = length(local.public_roles) == 0
    error_message = "Roles anyone can assume: ${join(", ", local.public_roles)}."
  }

  assert {
    condition     = length(local.cross_account_without_external_id) == 0
    error_message = "Cross-account roles without an external ID: ${join(", ", local.cross_account_without_external_id)}."
  }

  assert {
    condition     = length(local.oidc_unrestricted) == 0
    error_message = "OIDC roles without a condition on the token subject: ${join(", ", local.oidc_unrestricted)}."
  }
}

output "roles_unused_for_90_days" {
  value = local.unused_roles
}
