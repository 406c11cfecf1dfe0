# The shipped catalogue is complete (every recommendation of each standard's
# IAM part once, the ids written out below independently of the JSON) and
# consistent (crosswalk symmetric, equivalents decided by the same control
# with the same parameters). The runs after "sound_look_alike" feed small
# broken catalogues and assert the exact problems, so the checks can fail.

run "shipped_catalogue_is_consistent" {
  command = plan

  assert {
    condition     = length(output.problems) == 0
    error_message = "The catalogue has problems:\n${join("\n", output.problems)}"
  }
  assert {
    condition     = jsonencode(sort(keys(output.standards))) == jsonencode(["cis-aws-3.0.0", "cis-aws-5.0.0", "cis-aws-7.0.0", "securityhub-iam"])
    error_message = "Standards: ${jsonencode(sort(keys(output.standards)))}."
  }
}

run "every_control_of_every_standard_once" {
  command = plan

  # CIS v7.0.0 section 2, v5.0.0 and v3.0.0 section 1 (Prowler's
  # cis_{7.0,5.0,3.0}_aws.json), Security Hub IAM.1-IAM.28 (AWS's IAM
  # controls page), and the extra controls in every standard.
  assert {
    condition = jsonencode(output.ids["cis-aws-7.0.0"]) == jsonencode([
      "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10",
      "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18", "2.19", "2.20", "2.21", "X.1", "X.2", "X.3", "X.4",
    ])
    error_message = "cis-aws-7.0.0 ids: ${jsonencode(output.ids["cis-aws-7.0.0"])}."
  }
  assert {
    condition = jsonencode(output.ids["cis-aws-5.0.0"]) == jsonencode([
      "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16",
      "1.17", "1.18", "1.19", "1.20", "1.21", "X.1", "X.2", "X.3", "X.4",
    ])
    error_message = "cis-aws-5.0.0 ids: ${jsonencode(output.ids["cis-aws-5.0.0"])}."
  }
  assert {
    condition = jsonencode(output.ids["cis-aws-3.0.0"]) == jsonencode([
      "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16",
      "1.17", "1.18", "1.19", "1.20", "1.21", "1.22", "X.1", "X.2", "X.3", "X.4",
    ])
    error_message = "cis-aws-3.0.0 ids: ${jsonencode(output.ids["cis-aws-3.0.0"])}."
  }
  assert {
    condition = jsonencode(output.ids["securityhub-iam"]) == jsonencode(concat(
      [for n in range(1, 29) : "IAM.${n}"], ["X.1", "X.2", "X.3", "X.4"],
    ))
    error_message = "securityhub-iam ids: ${jsonencode(output.ids["securityhub-iam"])}."
  }
}

# The v3 -> v5 -> v7 mapping as the benchmarks publish it: v5 drops security
# questions (v3 1.4..1.22 -> v5 1.3..1.21); v7 moves IAM to section 2, and v3
# 1.11 and 1.13 have no v7 counterpart.
run "cis_versions_map_as_published" {
  command = plan

  variables {
    v3_to_v5 = {
      "1.1"  = "1.1", "1.2" = "1.2", "1.3" = "", "1.4" = "1.3", "1.5" = "1.4", "1.6" = "1.5", "1.7" = "1.6", "1.8" = "1.7",
      "1.9"  = "1.8", "1.10" = "1.9", "1.11" = "1.10", "1.12" = "1.11", "1.13" = "1.12", "1.14" = "1.13", "1.15" = "1.14",
      "1.16" = "1.15", "1.17" = "1.16", "1.18" = "1.17", "1.19" = "1.18", "1.20" = "1.19", "1.21" = "1.20", "1.22" = "1.21",
    }
    v3_to_v7 = {
      "1.1"  = "2.2", "1.2" = "2.3", "1.3" = "", "1.4" = "2.4", "1.5" = "2.5", "1.6" = "2.6", "1.7" = "2.7", "1.8" = "2.8",
      "1.9"  = "2.9", "1.10" = "2.10", "1.11" = "", "1.12" = "2.11", "1.13" = "", "1.14" = "2.12", "1.15" = "2.13",
      "1.16" = "2.14", "1.17" = "2.15", "1.18" = "2.16", "1.19" = "2.17", "1.20" = "2.18", "1.21" = "2.19", "1.22" = "2.20",
    }
  }

  assert {
    condition = alltrue([
      for id, want in var.v3_to_v5 : jsonencode(output.standards["cis-aws-3.0.0"].controls[index(output.ids["cis-aws-3.0.0"], id)].crosswalk["cis-aws-5.0.0"])
      == jsonencode(want == "" ? [] : [{ id = want, relation = "equivalent" }])
    ])
    error_message = "v3 -> v5 differs from the published mapping."
  }
  assert {
    condition = alltrue([
      for id, want in var.v3_to_v7 : jsonencode(output.standards["cis-aws-3.0.0"].controls[index(output.ids["cis-aws-3.0.0"], id)].crosswalk["cis-aws-7.0.0"])
      == jsonencode(want == "" ? [] : [{ id = want, relation = "equivalent" }])
    ])
    error_message = "v3 -> v7 differs from the published mapping."
  }
  # New in v7: the Organizations subsection and resource policies.
  assert {
    condition = alltrue([
      for id in ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.21"] :
      jsonencode(output.standards["cis-aws-7.0.0"].controls[index(output.ids["cis-aws-7.0.0"], id)].crosswalk) == jsonencode({ "cis-aws-3.0.0" = [], "cis-aws-5.0.0" = [], "securityhub-iam" = [] })
    ])
    error_message = "A recommendation new in v7.0.0 crosswalks to an older one."
  }
}

# One control, two thresholds: IAM.8 90 days, IAM.22 and CIS 45 days.
run "thresholds_per_standard_control" {
  command = plan

  variables {
    standard = "securityhub-iam"
  }

  assert {
    condition = (
      output.selected["IAM.8"].control == "unused_credentials" && output.selected["IAM.8"].parameters.unused_credentials_days == 90 &&
      output.selected["IAM.22"].control == "unused_credentials" && output.selected["IAM.22"].parameters.unused_credentials_days == 45 &&
      output.selected["IAM.3"].parameters.key_rotation_days == 90
    )
    error_message = "IAM.8 / IAM.22 / IAM.3 thresholds are wrong."
  }
  assert {
    condition = (
      jsonencode(output.selected["IAM.8"].crosswalk["cis-aws-7.0.0"]) == jsonencode([{ id = "2.11", relation = "related" }]) &&
      jsonencode(output.selected["IAM.22"].crosswalk["cis-aws-7.0.0"]) == jsonencode([{ id = "2.11", relation = "equivalent" }]) &&
      jsonencode(output.selected["IAM.7"].crosswalk["cis-aws-7.0.0"]) == jsonencode([{ id = "2.8", relation = "related" }, { id = "2.9", relation = "related" }])
    )
    error_message = "IAM.8 / IAM.22 / IAM.7 crosswalk to CIS v7.0.0 is wrong."
  }
  # Security Hub standards each control belongs to (AWS's IAM controls page
  # and the FSBP control list): IAM.1 is not in CIS v3.0.0 or v5.0.0, IAM.9
  # is not in FSBP, IAM.20 was retired.
  assert {
    condition = (
      !contains(output.selected["IAM.1"].securityhub_standards, "CIS AWS Foundations Benchmark v5.0.0") &&
      contains(output.selected["IAM.1"].securityhub_standards, "AWS Foundational Security Best Practices v1.0.0") &&
      !contains(output.selected["IAM.9"].securityhub_standards, "AWS Foundational Security Best Practices v1.0.0") &&
      length(output.selected["IAM.20"].securityhub_standards) == 0 &&
      jsonencode(output.selected["IAM.24"].securityhub_standards) == jsonencode(["AWS Resource Tagging Standard v1.0.0"])
    )
    error_message = "Security Hub standard membership is wrong."
  }
  assert {
    condition     = output.selected["IAM.4"].profile == "Critical" && output.selected["IAM.28"].profile == "High" && output.selected["IAM.2"].profile == "Low"
    error_message = "Security Hub severities are wrong."
  }
}

run "manual_controls_say_what_to_check" {
  command = plan

  assert {
    condition = alltrue([
      for id in ["2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.2", "2.3", "2.16", "2.18", "2.21"] :
      output.controls[output.selected[id].control].decision == "manual" && length(output.controls[output.selected[id].control].manual_reason) > 100
    ])
    error_message = "A v7 recommendation that no IAM, STS or Organizations data decides is not MANUAL with a reason."
  }
  assert {
    condition = alltrue([
      for id in ["2.1.1", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.17", "2.19", "2.20", "X.1", "X.2", "X.3", "X.4"] :
      output.controls[output.selected[id].control].decision == "automated"
    ])
    error_message = "A v7 recommendation the provider's data decides is not automated."
  }
}

# A small sound catalogue: the look-alike of the broken ones below.
run "sound_look_alike" {
  command = plan

  variables {
    catalogue = {
      controls = {
        root_access_keys   = { summary = "Root has no keys.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
        unused_credentials = { summary = "No unused credentials.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
        contact_details    = { summary = "Contacts are current.", decision = "manual", data = [], new_data = [], offenders = "", manual_reason = "Check the contacts." }
      }
      standards = {
        "cis-aws-7.0.0" = {
          title = "CIS", version = "7.0.0", source = "test", profiles = ["Level 1", "Extra"]
          controls = [
            { id = "2.2", title = "Contacts", profile = "Level 1", assessment = "Manual", control = "contact_details", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [] } },
            { id = "2.4", title = "Root keys", profile = "Level 1", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.4", relation = "equivalent" }] } },
            { id = "2.11", title = "Unused", profile = "Level 1", assessment = "Automated", control = "unused_credentials", parameters = { unused_credentials_days = 45 }, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.8", relation = "related" }, { id = "IAM.22", relation = "equivalent" }] } },
          ]
        }
        "securityhub-iam" = {
          title = "Security Hub", version = "IAM", source = "test", profiles = ["Critical", "Medium", "Extra"]
          controls = [
            { id = "IAM.4", title = "Root keys", profile = "Critical", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = ["FSBP"], note = null, crosswalk = { "cis-aws-7.0.0" = [{ id = "2.4", relation = "equivalent" }] } },
            { id = "IAM.8", title = "Unused 90", profile = "Medium", assessment = "Automated", control = "unused_credentials", parameters = { unused_credentials_days = 90 }, securityhub_standards = ["FSBP"], note = null, crosswalk = { "cis-aws-7.0.0" = [{ id = "2.11", relation = "related" }] } },
            { id = "IAM.22", title = "Unused 45", profile = "Medium", assessment = "Automated", control = "unused_credentials", parameters = { unused_credentials_days = 45 }, securityhub_standards = [], note = null, crosswalk = { "cis-aws-7.0.0" = [{ id = "2.11", relation = "equivalent" }] } },
          ]
        }
      }
    }
  }

  assert {
    condition     = length(output.problems) == 0
    error_message = "The sound catalogue has problems:\n${join("\n", output.problems)}"
  }
}

# The same broken catalogue with the checks off: nothing is checked, so
# nothing fails and problems is null rather than an empty (sound) list.
run "checks_off" {
  command = plan

  variables {
    check_consistency = false
    catalogue = {
      controls = {
        root_access_keys = { summary = "Root has no keys.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
      }
      standards = {
        "cis-aws-7.0.0" = {
          title = "CIS", version = "7.0.0", source = "test", profiles = ["Level 1"]
          controls = [
            { id = "2.4", title = "Root keys", profile = "Level 1", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.4", relation = "equivalent" }] } },
          ]
        }
      }
    }
  }

  assert {
    condition     = output.problems == null
    error_message = "problems with the checks off: ${jsonencode(output.problems)}."
  }
  assert {
    condition     = jsonencode(keys(output.selected)) == jsonencode(["2.4"])
    error_message = "selected: ${jsonencode(keys(output.selected))}."
  }
}

# A -> B without B -> A, and a relation that differs by direction.
run "asymmetric_crosswalk" {
  command = plan

  variables {
    catalogue = {
      controls = {
        root_access_keys   = { summary = "Root has no keys.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
        unused_credentials = { summary = "No unused credentials.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
      }
      standards = {
        "cis-aws-7.0.0" = {
          title = "CIS", version = "7.0.0", source = "test", profiles = ["Level 1"]
          controls = [
            { id = "2.4", title = "Root keys", profile = "Level 1", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.4", relation = "equivalent" }] } },
            { id = "2.11", title = "Unused", profile = "Level 1", assessment = "Automated", control = "unused_credentials", parameters = { unused_credentials_days = 45 }, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.8", relation = "related" }] } },
          ]
        }
        "securityhub-iam" = {
          title = "Security Hub", version = "IAM", source = "test", profiles = ["Critical", "Medium"]
          controls = [
            { id = "IAM.4", title = "Root keys", profile = "Critical", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "cis-aws-7.0.0" = [] } },
            { id = "IAM.8", title = "Unused 90", profile = "Medium", assessment = "Automated", control = "unused_credentials", parameters = { unused_credentials_days = 90 }, securityhub_standards = [], note = null, crosswalk = { "cis-aws-7.0.0" = [{ id = "2.11", relation = "equivalent" }] } },
          ]
        }
      }
    }
  }

  # The plan fails on the inconsistent catalogue: consumers cannot use it.
  expect_failures = [output.standards]

  assert {
    condition = jsonencode(output.problems) == jsonencode(sort([
      "cis-aws-7.0.0 2.4 -> securityhub-iam IAM.4 (equivalent): no reverse entry",
      "securityhub-iam IAM.4 -> cis-aws-7.0.0 2.4: the same control and parameters, but not crosswalked as equivalent",
      "cis-aws-7.0.0 2.11 -> securityhub-iam IAM.8 (related): no reverse entry",
      "securityhub-iam IAM.8 -> cis-aws-7.0.0 2.11 (equivalent): no reverse entry",
      "securityhub-iam IAM.8 -> cis-aws-7.0.0 2.11: equivalent, but decided by a different control or parameters",
    ]))
    error_message = "Problems:\n${join("\n", output.problems)}"
  }
}

# Duplicate ids, unknown values and dangling or repeated crosswalk targets.
run "malformed_entries" {
  command = plan

  variables {
    catalogue = {
      controls = {
        root_access_keys = { summary = "Root has no keys.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
      }
      standards = {
        "cis-aws-7.0.0" = {
          title = "CIS", version = "7.0.0", source = "test", profiles = ["Level 1"]
          controls = [
            { id = "2.4", title = "Root keys", profile = "Level 1", assessment = "Automated", control = "root_access_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.4", relation = "equivalent" }] } },
            { id = "2.4", title = "", profile = "Level 3", assessment = "Automatic", control = "root_keys", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [{ id = "IAM.99", relation = "similar" }] } },
          ]
        }
        "securityhub-iam" = {
          title = "Security Hub", version = "IAM", source = "test", profiles = ["Critical"]
          controls = [
            { id = "IAM.4", title = "Root keys", profile = "Critical", assessment = "Automated", control = "root_access_keys", parameters = {}, note = null, crosswalk = { "cis-aws-7.0.0" = [{ id = "2.4", relation = "equivalent" }, { id = "2.4", relation = "related" }] } },
          ]
        }
      }
    }
  }

  expect_failures = [output.standards]

  assert {
    condition = jsonencode(output.problems) == jsonencode(sort([
      "cis-aws-7.0.0: 2.4 appears 2 times",
      "cis-aws-7.0.0 2.4: no title",
      "cis-aws-7.0.0 2.4: profile \"Level 3\" is not one of the standard's profiles",
      "cis-aws-7.0.0 2.4: assessment \"Automatic\" is not Automated or Manual",
      "cis-aws-7.0.0 2.4: control \"root_keys\" is not in controls.json",
      "cis-aws-7.0.0 2.4 -> securityhub-iam IAM.99: relation \"similar\" is not equivalent or related",
      "cis-aws-7.0.0 2.4 -> securityhub-iam IAM.99: no such control in securityhub-iam",
      "cis-aws-7.0.0 2.4 -> securityhub-iam IAM.99 (similar): no reverse entry",
      "securityhub-iam IAM.4: keys are assessment,control,crosswalk,id,note,parameters,profile,title, want assessment,control,crosswalk,id,note,parameters,profile,securityhub_standards,title",
      "securityhub-iam IAM.4 -> cis-aws-7.0.0 2.4: listed more than once",
      # Two entries 2.4, decided by two controls: neither equals IAM.4's.
      "cis-aws-7.0.0 2.4 -> securityhub-iam IAM.4: equivalent, but decided by a different control or parameters",
      "securityhub-iam IAM.4 -> cis-aws-7.0.0 2.4: equivalent, but decided by a different control or parameters",
      "securityhub-iam IAM.4 -> cis-aws-7.0.0 2.4 (related): no reverse entry",
    ]))
    error_message = "Problems:\n${join("\n", output.problems)}"
  }
}

# A crosswalk that names no other standard or itself; an extra control
# missing from one standard; underlying controls without a reason or unused.
run "incomplete_standards_and_controls" {
  command = plan

  variables {
    catalogue = {
      controls = {
        public_trust      = { summary = "No public trust.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = "Not needed." }
        contact_details   = { summary = "Contacts are current.", decision = "manual", data = [], new_data = [], offenders = "", manual_reason = null }
        security_contact  = { summary = "", decision = "sometimes", data = [], new_data = [], offenders = "", manual_reason = null }
        unused_everywhere = { summary = "Nobody uses this.", decision = "automated", data = [], new_data = [], offenders = "", manual_reason = null }
      }
      standards = {
        "cis-aws-7.0.0" = {
          title = "CIS", version = "7.0.0", source = "test", profiles = ["Level 1", "Extra"]
          controls = [
            { id = "2.2", title = "Contacts", profile = "Level 1", assessment = "Manual", control = "contact_details", parameters = {}, securityhub_standards = [], note = null, crosswalk = {} },
            { id = "2.3", title = "Security contact", profile = "Level 1", assessment = "Manual", control = "security_contact", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "cis-aws-7.0.0" = [], "securityhub-iam" = [] } },
            { id = "X.3", title = "Public trust", profile = "Extra", assessment = "Automated", control = "public_trust", parameters = {}, securityhub_standards = [], note = null, crosswalk = { "securityhub-iam" = [] } },
          ]
        }
        "securityhub-iam" = {
          title    = "Security Hub", version = "IAM", source = "test", profiles = ["Extra"]
          controls = []
        }
      }
    }
  }

  expect_failures = [output.standards]

  assert {
    condition = jsonencode(output.problems) == jsonencode(sort([
      "securityhub-iam: extra control X.3 is missing",
      "cis-aws-7.0.0 2.2: crosswalk lists [], want every other standard [\"securityhub-iam\"]",
      "cis-aws-7.0.0 2.3: crosswalk lists [\"cis-aws-7.0.0\",\"securityhub-iam\"], want every other standard [\"securityhub-iam\"]",
      "control public_trust: a manual_reason is required exactly when the decision can be MANUAL",
      "control contact_details: a manual_reason is required exactly when the decision can be MANUAL",
      "control security_contact: a manual_reason is required exactly when the decision can be MANUAL",
      "control security_contact: decision \"sometimes\" is not one of automated, manual, manual_unless_parameter",
      "control security_contact: no summary",
      "control unused_everywhere: used by no standard",
    ]))
    error_message = "Problems:\n${join("\n", output.problems)}"
  }
}
