data "iamaudit_roles" "all" {
  exclude_service_linked = true

  # Your organization's other accounts: roles trusting them are not
  # third-party (OrganizationAccountAccessRole, Control Tower, StackSets).
  first_party_account_ids = ["111122223333", "444455556666"]
}

locals {
  public_roles = [for r in data.iamaudit_roles.all.roles : r.name if r.public]

  # Third-party roles without an external ID that restricts invite the
  # confused deputy (StringLike "*" does not restrict).
  third_party_without_external_id = [
    for r in data.iamaudit_roles.all.roles : r.name
    if r.third_party_trust && !r.external_id_required
  ]

  # Web identity roles any token of the issuer can assume (any GitHub
  # repository, any Google user).
  oidc_unrestricted = [for r in data.iamaudit_roles.all.roles : r.name if r.oidc_subject_unrestricted]

  # Inline policies granting full admin, however written.
  inline_admin = flatten([
    for r in data.iamaudit_roles.all.roles : [
      for p in r.inline_policies : "${r.name}/${p.name}: ${p.full_admin_reason}" if p.grants_full_admin
    ]
  ])

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
    condition     = length(local.third_party_without_external_id) == 0
    error_message = "Third-party roles without an external ID: ${join(", ", local.third_party_without_external_id)}."
  }

  assert {
    condition     = length(local.oidc_unrestricted) == 0
    error_message = "Web identity roles that pin no token subject: ${join(", ", local.oidc_unrestricted)}."
  }

  assert {
    condition     = length(local.inline_admin) == 0
    error_message = "Inline policies granting full admin: ${join("; ", local.inline_admin)}."
  }
}

output "roles_unused_for_90_days" {
  value = local.unused_roles
}
