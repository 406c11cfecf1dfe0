# One finding per underlying control (the names of controls.json in the
# catalogue), each written once; parameterized controls have one finding
# per parameter value the selected standard uses. Every expression over
# users, roles or policies is linear in their number: lookups go through
# sets and maps, never a list search per user. Each operator or function
# call costs Terraform microseconds per user, and both branches of a
# conditional are always evaluated, so per-user expressions do the least
# work that decides, and build an offender's detail only in the value of a
# for expression whose condition has selected it.

locals {
  # ---- Parameters: each recommendation's own value unless a variable
  # overrides it. Keys of the parameterized findings are these values.
  unused_windows   = toset([for id, e in local.entries : tostring(coalesce(var.unused_credentials_days, e.parameters.unused_credentials_days)) if e.control == "unused_credentials"])
  rotation_windows = toset([for id, e in local.entries : tostring(coalesce(var.key_rotation_days, e.parameters.key_rotation_days)) if e.control == "access_key_rotation"])
  root_windows     = toset([for id, e in local.entries : tostring(coalesce(var.root_unused_days, e.parameters.root_unused_days)) if e.control == "root_user_unused"])
  support_scopes   = toset([for id, e in local.entries : join(",", sort(e.parameters.support_access_entity_types)) if e.control == "support_access"])

  # ---- Root user.
  # The credential report's root row; null when the report has none (moto,
  # for one), which makes root_user_unused UNKNOWN rather than PASS.
  root_row = one([for r in var.credential_report_rows : r if r.user == local.root])

  root_keys_in_report = local.root_row == null ? [] : [
    for slot, active in {
      "1" = local.root_row.access_key_1_active
      "2" = local.root_row.access_key_2_active
    } : "slot ${slot}" if coalesce(active, false)
  ]
  root_access_keys = {
    offenders = var.account.root_access_keys_present || length(local.root_keys_in_report) > 0 ? {
      (local.root) = length(local.root_keys_in_report) > 0 ? "active access key ${join(", ", local.root_keys_in_report)}" : "AccountAccessKeysPresent = 1"
    } : {}
    problem = ""
    unknown = ""
    note    = ""
  }

  # Centralized root access (design: Controls): a member account whose root
  # user has no MFA, access keys or signing certificates passes the root MFA
  # controls when RootCredentialsManagement is enabled and a root session
  # shows no root password; it fails when the session shows one; it is
  # UNKNOWN when the features or the password cannot be read. Elsewhere a
  # root user without MFA fails as it always did.
  in_organization  = var.organization.organization_id != null
  member_account   = local.in_organization && coalesce(var.organization.management_account_id, var.account_id) != var.account_id
  enabled_features = var.organization.readable ? coalesce(var.organization.enabled_features, []) : []
  centralized_root = contains(local.enabled_features, "RootCredentialsManagement")
  root_without_credentials = (!var.account.root_mfa_enabled && !var.account.root_access_keys_present &&
  !var.account.root_signing_certificates_present)
  root_rule = !(local.member_account && local.root_without_credentials) ? "" : (
    !var.organization.readable ? "unknown" : (
      !local.centralized_root ? "" : (
        var.root_login_profile == null ? "unknown" : (
          !var.root_login_profile.checked ? "unknown" : (coalesce(var.root_login_profile.password_enabled, true) ? "fail" : "pass")
        )
      )
    )
  )
  root_rule_subject = "the root user of member account ${var.account_id} has no MFA device, access keys or signing certificates"
  root_rule_reason = {
    "" = ""
    unknown = !var.organization.readable ? format(
      "%s; under centralized root access that passes if it has no password either, but whether centralized root access is enabled is unknown (%s). Audit with the organization's management account or the IAM delegated administrator, or check Root access management in the IAM console",
      local.root_rule_subject, coalesce(var.organization.reason, "the features are unreadable")
      ) : format("%s and centralized root access is enabled, but no root session could read whether it has a password: %s",
    local.root_rule_subject, try(coalesce(var.root_login_profile.unchecked_reason), "the root login profile was not read"))
    pass = "${local.root_rule_subject}, and no console password (read in a root session: sts:AssumeRoot with IAMAuditRootUserCredentials, iam:GetLoginProfile) under centralized root access: it has no credentials to protect"
    fail = ""
  }[local.root_rule]
  root_without_mfa_detail = local.root_rule == "fail" ? "console password and no MFA device (read in a root session under centralized root access)" : "no MFA device"
  root_rule_decides       = contains(["pass", "unknown"], local.root_rule)

  root_mfa = {
    offenders = var.account.root_mfa_enabled || local.root_rule_decides ? {} : { (local.root) = local.root_without_mfa_detail }
    problem   = ""
    unknown   = local.root_rule == "unknown" ? local.root_rule_reason : ""
    note      = local.root_rule == "pass" ? local.root_rule_reason : ""
  }
  root_hardware_mfa = {
    offenders = var.account.root_mfa_type == "hardware" || (!var.account.root_mfa_enabled && local.root_rule_decides) ? {} : {
      (local.root) = var.account.root_mfa_type == "virtual" ? "virtual MFA device, not hardware" : local.root_without_mfa_detail
    }
    problem = ""
    unknown = local.root_rule == "unknown" ? local.root_rule_reason : ""
    note = local.root_rule == "pass" ? local.root_rule_reason : (
      var.account.root_mfa_type == "hardware" ? "the root user's MFA is not a virtual device: hardware, or a passkey (AWS reports both alike)" : ""
    )
  }

  # Root password or keys used within each window.
  root_uses = local.root_row == null ? {} : {
    for what, at in {
      "password"     = local.root_row.password_last_used
      "access key 1" = local.root_row.access_key_1_last_used_date
      "access key 2" = local.root_row.access_key_2_last_used_date
    } : what => at if at != null
  }
  root_user_unused = {
    for days in local.root_windows : days => {
      offenders = anytrue([for what, at in local.root_uses : timecmp(at, timeadd(local.now, "-${days * 24}h")) > 0]) ? {
        (local.root) = join(", ", [for what, at in local.root_uses : "${what} used ${at}" if timecmp(at, timeadd(local.now, "-${days * 24}h")) > 0])
      } : {}
      problem = ""
      unknown = local.root_row == null ? "the credential report has no <root_account> row, so the root user's last use is unknown" : ""
      note    = ""
    }
  }

  # ---- Password policy: every requirement of a recommendation must hold;
  # no account password policy fails them all.
  password_requirements = {
    for id, e in local.entries : id => {
      minimum_password_length      = try(e.parameters.minimum_password_length, null) == null ? null : coalesce(var.minimum_password_length, e.parameters.minimum_password_length)
      password_reuse_prevention    = try(e.parameters.password_reuse_prevention, null) == null ? null : coalesce(var.password_reuse_prevention, e.parameters.password_reuse_prevention)
      max_password_age             = try(e.parameters.max_password_age, null) == null ? null : coalesce(var.max_password_age, e.parameters.max_password_age)
      require_uppercase_characters = try(e.parameters.require_uppercase_characters, null) == null ? false : coalesce(var.require_uppercase_characters, e.parameters.require_uppercase_characters)
      require_lowercase_characters = try(e.parameters.require_lowercase_characters, null) == null ? false : coalesce(var.require_lowercase_characters, e.parameters.require_lowercase_characters)
      require_numbers              = try(e.parameters.require_numbers, null) == null ? false : coalesce(var.require_numbers, e.parameters.require_numbers)
      require_symbols              = try(e.parameters.require_symbols, null) == null ? false : coalesce(var.require_symbols, e.parameters.require_symbols)
    } if e.control == "password_policy"
  }
  pp = var.password_policy
  password_policy = {
    for id, p in local.password_requirements : id => {
      offenders = {}
      problem = join("; ", !local.pp.exists ? ["no account password policy is set"] : compact([
        p.minimum_password_length == null ? "" : (
          coalesce(local.pp.minimum_password_length, 0) >= p.minimum_password_length ? "" :
          "minimum password length is ${coalesce(local.pp.minimum_password_length, 0)}, must be at least ${p.minimum_password_length}"
        ),
        p.password_reuse_prevention == null ? "" : (
          local.pp.password_reuse_prevention == null ? "password reuse prevention is off, must remember at least ${p.password_reuse_prevention} passwords" : (
            local.pp.password_reuse_prevention >= p.password_reuse_prevention ? "" :
            "password reuse prevention remembers ${local.pp.password_reuse_prevention} passwords, must be at least ${p.password_reuse_prevention}"
          )
        ),
        p.max_password_age == null ? "" : (
          !local.pp.expire_passwords || local.pp.max_password_age == null ? "passwords do not expire, must expire within ${p.max_password_age} days" : (
            local.pp.max_password_age <= p.max_password_age ? "" :
            "passwords expire after ${local.pp.max_password_age} days, must expire within ${p.max_password_age}"
          )
        ),
        p.require_uppercase_characters && !local.pp.require_uppercase_characters ? "an uppercase letter is not required" : "",
        p.require_lowercase_characters && !local.pp.require_lowercase_characters ? "a lowercase letter is not required" : "",
        p.require_numbers && !local.pp.require_numbers ? "a number is not required" : "",
        p.require_symbols && !local.pp.require_symbols ? "a symbol is not required" : "",
      ]))
      unknown = ""
      note    = ""
    }
  }

  # ---- Users.
  # Whether the standard has each underlying control: the per-user findings
  # of the others are {} without a pass over the users (Terraform evaluates
  # every local, read or not), as merge([for _ in [true] : X if c]...):
  # see all_users in main.tf.
  standard_controls = toset([for id, e in local.entries : e.control])
  decides           = { for c in keys(local.controls) : c => contains(local.standard_controls, c) }

  # "password never used" / "password used 3 days ago", for the console
  # users a finding names: every one for centralized user management, those
  # without MFA for console MFA.
  console_users           = [for u in local.users : u if u.password_enabled]
  all_console_users_named = local.decides.centralized_user_management
  password_use = {
    for u in local.console_users : u.name => u.password_last_used_days == null ? "never used" : format("used %d %s ago", u.password_last_used_days, u.password_last_used_days == 1 ? "day" : "days")
    if local.all_console_users_named || !u.mfa_enabled
  }
  console_user_mfa = {
    offenders = {
      for u in local.console_users : u.name => "console password, no MFA, password ${local.password_use[u.name]}" if !u.mfa_enabled
    }
    problem = ""
    unknown = ""
    note    = ""
  }

  user_mfa = {
    offenders = merge([for _ in [true] : {
      for u in local.users : u.name => u.password_enabled ? "no MFA, console password" : "no MFA, programmatic access only" if !u.mfa_enabled
    } if local.decides.user_mfa]...)
    problem = ""
    unknown = ""
    note    = ""
  }

  # Numbers go into details through format("%d"): a template converts a
  # number to a string about five times slower (the shortest decimal of a
  # 512-bit float), and every day count of every offender is one.
  #
  # Offender details that list several credentials of a user are built from
  # { name, detail } pairs, one per credential, in the order of the message,
  # and grouped by name; most users have none, and a user with none costs
  # no detail.
  initial_access_keys = {
    offenders = merge([for _ in [true] : {
      for name, keys in {
        for k in flatten([for u in local.console_users : [
          for k in u.access_keys : { name = u.name, detail = format("slot %d, never used, %d %s old", k.slot, k.age_days, k.age_days == 1 ? "day" : "days") } if k.active && k.last_used_date == null
        ]]) : k.name => k.detail...
      } : name => join(", ", keys)
    } if local.decides.initial_access_keys]...)
    problem = ""
    unknown = ""
    note    = ""
  }

  # A console password or active key unused for `days` or more. A password
  # never used counts from password_last_changed (or the user's creation when
  # that is unknown); a key never used from its creation. Console users are
  # grouped once by what their password's disuse counts from.
  password_unused_since = merge({ last_use = [], last_change = [], creation = [] }, {
    for u in local.console_users : u.password_last_used_days != null ? "last_use" : (u.password_last_changed != null ? "last_change" : "creation") => u...
  })
  unused_thresholds = { for days in local.unused_windows : days => { days = tonumber(days), cutoff = timeadd(local.now, "-${days * 24}h") } }
  stale_credentials = {
    for days, t in local.unused_thresholds : days => concat(
      [for u in local.password_unused_since.last_use : { name = u.name, detail = format("password unused %d days", u.password_last_used_days) } if u.password_last_used_days >= t.days],
      [for u in local.password_unused_since.last_change : { name = u.name, detail = "password never used since ${u.password_last_changed}" } if timecmp(u.password_last_changed, t.cutoff) <= 0],
      [for u in local.password_unused_since.creation : { name = u.name, detail = format("password never used, user %d days old", u.age_days) } if u.age_days >= t.days],
      flatten([for u in local.users : [
        for k in u.access_keys : {
          name   = u.name
          detail = format(k.last_used_days != null ? "key slot %d unused %d days" : "key slot %d never used, %d days old", k.slot, coalesce(k.last_used_days, k.age_days))
        } if k.active && coalesce(k.last_used_days, k.age_days) >= t.days
      ]]),
    )
  }
  unused_credentials = {
    for days, stale in local.stale_credentials : days => {
      offenders = { for name, details in { for c in stale : c.name => c.detail... } : name => join(", ", details) }
      problem   = ""
      unknown   = ""
      note      = ""
    }
  }

  multiple_active_access_keys = {
    offenders = merge([for _ in [true] : {
      for u in local.users : u.name => format("%d active keys", u.active_access_key_count) if coalesce(u.active_access_key_count, 0) > 1
    } if local.decides.multiple_active_access_keys]...)
    problem = ""
    unknown = ""
    note    = ""
  }

  # Active access keys older than `days`, to the second: a key 90 days and
  # 12 hours old is older than 90 days, though its age_days is 90.
  rotation_cutoffs = { for days in local.rotation_windows : days => timeadd(local.now, "-${days * 24}h") }
  old_keys = {
    for days, cutoff in local.rotation_cutoffs : days => flatten([for u in local.users : [
      for k in u.access_keys : { name = u.name, detail = format("slot %d, %d days, created %s", k.slot, k.age_days, k.create_date) } if k.active && timecmp(k.create_date, cutoff) < 0
    ]])
  }
  access_key_rotation = {
    for days, keys in local.old_keys : days => {
      offenders = { for name, details in { for k in keys : k.name => k.detail... } : name => join(", ", details) }
      problem   = ""
      unknown   = ""
      note      = ""
    }
  }

  permissions_through_groups = {
    offenders = {
      for u in local.users : u.name => join("; ", concat(
        length(u.attached_policy_arns) > 0 ? ["attached ${join(", ", [for arn in u.attached_policy_arns : regex("[^/]+$", arn)])}"] : [],
        length(u.inline_policy_names) > 0 ? ["inline ${join(", ", u.inline_policy_names)}"] : [],
      )) if length(u.attached_policy_arns) + length(u.inline_policy_names) > 0
    }
    problem = ""
    unknown = ""
    note    = ""
  }

  # People signing in as IAM users rather than through federation: users
  # with a console password. SAML providers are the evidence.
  saml_names = [for p in var.saml_providers : coalesce(p.expired, false) ? "${p.name} (metadata expired)" : p.name]
  saml_evidence = length(local.saml_names) == 0 ? "the account has no SAML identity provider (IAM Identity Center or roles assumed from another account may still federate it)" : (
    "SAML identity providers: ${join(", ", local.saml_names)}"
  )
  centralized_user_management = {
    offenders = merge([for _ in [true] : {
      for u in local.console_users : u.name => "console password, ${local.password_use[u.name]}"
    } if local.decides.centralized_user_management]...)
    problem = ""
    unknown = ""
    note    = local.saml_evidence
  }

  # ---- Policies.
  # Attached managed policies (customer or AWS) granting full admin: "*" on
  # "*" as CIS tests it, or the same written another way
  # (grants_full_admin), which the detail then explains.
  # (None for a standard without the control: no pass over the users.)
  admin_policies = flatten([for _ in [true] : [for p in local.policies : p if p.attachment_count > 0 && p.grants_full_admin] if local.decides.full_admin_policies_attached])
  # Who an admin policy is attached to: "user alice", "group admins", "role
  # ci". Only admin policies: every policy × every principal would be the
  # costliest expression of the module in large accounts.
  admin_policy_arns = toset([for p in local.admin_policies : p.arn])
  attached_to = {
    for arn in local.admin_policy_arns : arn => sort(concat(
      [for u in local.all_users : "user ${u.name}" if contains(u.attached_policy_arns, arn)],
      [for g in local.groups : "group ${g.name}" if contains(g.attached_policy_arns, arn)],
      [for r in local.all_roles : "role ${r.name}" if contains(r.attached_policy_arns, arn)],
    ))
  }
  full_admin_policies_attached = {
    offenders = {
      for name in distinct([for p in local.admin_policies : p.name]) : name => join("; ", [
        for p in local.admin_policies : format("%s, attached to %s%s", p.aws_managed ? "AWS managed" : "customer managed",
          length(local.attached_to[p.arn]) > 0 ? join(", ", local.attached_to[p.arn]) : "${p.attachment_count} entities",
          p.grants_star_on_star ? "" : "; full admin under the stricter-than-CIS rule, not the literal \"*:*\" test: ${coalesce(p.full_admin_reason, "no reason given")}"
        ) if p.name == name
      ])
    }
    problem = ""
    unknown = ""
    note    = ""
  }

  # Customer managed policies, attached or not, except those used only as
  # permissions boundaries (Security Hub's excludePermissionBoundaryPolicy):
  # a policy attached somewhere and also used as a boundary is judged.
  customer_policies = [
    for p in local.policies : p if !p.aws_managed && !(p.permissions_boundary_usage_count > 0 && p.attachment_count == 0)
  ]
  full_admin_customer_policies = {
    offenders = {
      for p in local.customer_policies : p.name => format("%s%s", p.attachment_count > 0 ? "attached to ${p.attachment_count} entities" : "attached to nothing",
        p.grants_star_on_star ? "" : "; full admin under the stricter-than-Security Hub rule, not the literal \"*\" test: ${coalesce(p.full_admin_reason, "no reason given")}"
      ) if p.grants_full_admin
    }
    problem = ""
    unknown = ""
    note    = ""
  }
  service_wildcard_customer_policies = {
    offenders = { for p in local.customer_policies : p.name => join(", ", p.service_wildcards) if length(p.service_wildcards) > 0 }
    problem   = ""
    unknown   = ""
    note      = ""
  }

  # AWSSupportAccess attached to an entity of the types a recommendation
  # accepts: CIS asks for a role, Security Hub accepts a user or group too.
  support_holders = {
    role  = sort([for r in local.all_roles : "role ${r.name}" if contains(r.attached_policy_arns, local.support_policy_arn)])
    group = contains(flatten([for s in local.support_scopes : split(",", s)]), "group") ? sort([for g in local.groups : "group ${g.name}" if contains(g.attached_policy_arns, local.support_policy_arn)]) : []
    user  = sort(flatten([for _ in [true] : [for u in local.all_users : "user ${u.name}" if contains(u.attached_policy_arns, local.support_policy_arn)] if contains(flatten([for s in local.support_scopes : split(",", s)]), "user")]))
  }
  support_access = {
    for scope in local.support_scopes : scope => {
      offenders = {}
      problem = length(flatten([for t in split(",", scope) : local.support_holders[t]])) > 0 ? "" : format("no %s has %s attached",
        length(split(",", scope)) == 1 ? scope : "${join(", ", slice(split(",", scope), 0, length(split(",", scope)) - 1))} or ${element(split(",", scope), length(split(",", scope)) - 1)}",
      local.support_policy_arn)
      unknown = ""
      note    = length(flatten([for t in split(",", scope) : local.support_holders[t]])) > 0 ? "AWSSupportAccess is attached to ${join(", ", flatten([for t in split(",", scope) : local.support_holders[t]]))}" : ""
    }
  }

  expired_server_certificates = {
    offenders = { for c in var.server_certificates : c.name => "expired ${c.expiration}" if c.expired }
    problem   = ""
    unknown   = ""
    note      = ""
  }

  # AWSCloudShellFullAccess attached to anything; the offenders are the
  # users, groups and roles it is attached to (a name that is a user and a
  # role is listed once, with both kinds).
  cloudshell_attached = anytrue([for p in local.policies : p.arn == local.cloudshell_policy_arn && p.attachment_count > 0])
  cloudshell_holders = {
    for h in concat(
      [for u in local.all_users : { name = u.name, kind = "user" } if contains(u.attached_policy_arns, local.cloudshell_policy_arn)],
      [for g in local.groups : { name = g.name, kind = "group" } if contains(g.attached_policy_arns, local.cloudshell_policy_arn)],
      [for r in local.all_roles : { name = r.name, kind = "role" } if contains(r.attached_policy_arns, local.cloudshell_policy_arn)],
    ) : h.name => h.kind...
  }
  cloudshell_full_access = {
    offenders = { for name, kinds in local.cloudshell_holders : name => join(", ", kinds) }
    problem   = local.cloudshell_attached && length(local.cloudshell_holders) == 0 ? "${local.cloudshell_policy_arn} is attached" : ""
    unknown   = ""
    note      = ""
  }

  # ---- Roles.
  # Roles a third party can assume without an external ID that restricts
  # (principals of first_party_account_ids, the own account and the own
  # organization are not third parties).
  third_party_trust_without_external_id = {
    offenders = { for r in local.roles : r.name => "trusts ${join(", ", r.trusted_aws_principals)}" if r.third_party_trust && !r.external_id_required }
    problem   = ""
    unknown   = ""
    note      = ""
  }
  # Web identity roles (OIDC providers, Google, Cognito, Facebook, Login
  # with Amazon) whose trust pins no token subject.
  unpinned_web_identity_trust = {
    offenders = { for r in local.roles : r.name => "trusts ${join(", ", r.trusted_federated)} for any subject" if r.oidc_subject_unrestricted }
    problem   = ""
    unknown   = ""
    note      = ""
  }
  public_trust = {
    offenders = { for r in local.roles : r.name => "trust policy allows Principal \"*\"" if r.public }
    problem   = ""
    unknown   = ""
    note      = ""
  }
  # Inline policies granting full admin, on every user, group and role
  # (exclusions do not apply): "<kind>/<entity>/<policy>" => why.
  inline_full_admin_policies = {
    offenders = merge(
      { for e in flatten([for u in local.all_users : [for p in u.inline_policies : { key = "user/${u.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
      { for e in flatten([for g in local.groups : [for p in g.inline_policies : { key = "group/${g.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
      { for e in flatten([for r in local.all_roles : [for p in r.inline_policies : { key = "role/${r.name}/${p.name}", why = p.full_admin_reason } if p.grants_full_admin]]) : e.key => coalesce(e.why, "grants full admin") },
    )
    problem = ""
    unknown = ""
    note    = ""
  }

  # ---- Tags (decided only with required_tag_keys; MANUAL otherwise).
  required_tag_keys = var.required_tag_keys == null ? [] : sort(var.required_tag_keys)
  tags_required     = length(local.required_tag_keys) > 0
  # Without required keys the tag controls are MANUAL: no per-entity work.
  missing_user_tags = merge([for _ in [true] : { for u in local.users : u.name => setsubtract(local.required_tag_keys, keys(coalesce(u.tags, {}))) } if local.tags_required]...)
  missing_role_tags = merge([for _ in [true] : { for r in local.roles : r.name => setsubtract(local.required_tag_keys, keys(r.tags)) } if local.tags_required]...)
  user_tags = {
    offenders = {
      for name, missing in local.missing_user_tags : name => "missing tag keys ${join(", ", sort(missing))}" if length(missing) > 0
    }
    problem = ""
    unknown = ""
    note    = ""
  }
  role_tags = {
    offenders = {
      for name, missing in local.missing_role_tags : name => "missing tag keys ${join(", ", sort(missing))}" if length(missing) > 0
    }
    problem = ""
    unknown = ""
    note    = ""
  }

  # ---- Organizations.
  centralized_root_access = {
    offenders = {}
    problem = !local.in_organization ? "account ${var.account_id} belongs to no AWS Organization, so its root credentials cannot be managed centrally" : (
      var.organization.readable && !local.centralized_root ? format("RootCredentialsManagement is not enabled in organization %s (enabled features: %s)%s",
        var.organization.organization_id, length(local.enabled_features) > 0 ? join(", ", local.enabled_features) : "none",
      var.organization.reason == null ? "" : ": ${var.organization.reason}") : ""
    )
    unknown = local.in_organization && !var.organization.readable ? "whether centralized root access is enabled is unknown: ${coalesce(var.organization.reason, "the organization's features are unreadable")}" : ""
    note = local.centralized_root ? format("RootCredentialsManagement is enabled in organization %s%s", var.organization.organization_id,
    contains(local.enabled_features, "RootSessions") ? ", and RootSessions" : "") : ""
  }

  # The delegated administrators, the evidence the MANUAL delegated
  # administrator recommendations show.
  delegated_admin_evidence = !var.delegated_administrators.readable ? "The delegated administrators could not be listed: ${coalesce(var.delegated_administrators.reason, "unreadable")}." : (
    !local.in_organization ? "The account belongs to no AWS Organization." : (
      length(var.delegated_administrators.delegated_administrators) == 0 ? "The organization has no delegated administrator." : format("Delegated administrators: %s.",
      join(", ", [for a in var.delegated_administrators.delegated_administrators : a.name == null ? a.id : "${a.id} (${a.name})"]))
    )
  )

  # Every finding by key: the control's name, or "<control>:<parameter>"
  # for the parameterized ones (password_policy by recommendation id).
  findings = merge(
    {
      root_access_keys                      = local.root_access_keys
      root_mfa                              = local.root_mfa
      root_hardware_mfa                     = local.root_hardware_mfa
      console_user_mfa                      = local.console_user_mfa
      user_mfa                              = local.user_mfa
      initial_access_keys                   = local.initial_access_keys
      multiple_active_access_keys           = local.multiple_active_access_keys
      permissions_through_groups            = local.permissions_through_groups
      centralized_user_management           = local.centralized_user_management
      full_admin_policies_attached          = local.full_admin_policies_attached
      full_admin_customer_policies          = local.full_admin_customer_policies
      service_wildcard_customer_policies    = local.service_wildcard_customer_policies
      expired_server_certificates           = local.expired_server_certificates
      cloudshell_full_access                = local.cloudshell_full_access
      third_party_trust_without_external_id = local.third_party_trust_without_external_id
      unpinned_web_identity_trust           = local.unpinned_web_identity_trust
      public_trust                          = local.public_trust
      inline_full_admin_policies            = local.inline_full_admin_policies
      user_tags                             = local.user_tags
      role_tags                             = local.role_tags
      centralized_root_access               = local.centralized_root_access
    },
    { for days, f in local.root_user_unused : "root_user_unused:${days}" => f },
    { for days, f in local.unused_credentials : "unused_credentials:${days}" => f },
    { for days, f in local.access_key_rotation : "access_key_rotation:${days}" => f },
    { for scope, f in local.support_access : "support_access:${scope}" => f },
    { for id, f in local.password_policy : "password_policy:${id}" => f },
  )
}
