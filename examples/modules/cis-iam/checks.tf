# One check block per control. A failed assertion is a warning in
# `terraform plan` (exit code 0); set enforce = true, or use the CI recipe in
# examples/ci, to fail the run. An assertion fails exactly when the
# control's status in the results output is FAIL (not when it is UNKNOWN);
# its message names the control and every offender with detail.

check "cis_1_4" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.4")
    error_message = lookup(module.controls.messages, "1.4", "CIS 1.4 failed")
  }
}

check "cis_1_5" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.5")
    error_message = lookup(module.controls.messages, "1.5", "CIS 1.5 failed")
  }
}

check "cis_1_6" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.6")
    error_message = lookup(module.controls.messages, "1.6", "CIS 1.6 failed")
  }
}

check "cis_1_7" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.7")
    error_message = lookup(module.controls.messages, "1.7", "CIS 1.7 failed")
  }
}

check "cis_1_8" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.8")
    error_message = lookup(module.controls.messages, "1.8", "CIS 1.8 failed")
  }
}

check "cis_1_9" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.9")
    error_message = lookup(module.controls.messages, "1.9", "CIS 1.9 failed")
  }
}

check "cis_1_10" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.10")
    error_message = lookup(module.controls.messages, "1.10", "CIS 1.10 failed")
  }
}

check "cis_1_11" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.11")
    error_message = lookup(module.controls.messages, "1.11", "CIS 1.11 failed")
  }
}

check "cis_1_12" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.12")
    error_message = lookup(module.controls.messages, "1.12", "CIS 1.12 failed")
  }
}

check "cis_1_13" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.13")
    error_message = lookup(module.controls.messages, "1.13", "CIS 1.13 failed")
  }
}

check "cis_1_14" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.14")
    error_message = lookup(module.controls.messages, "1.14", "CIS 1.14 failed")
  }
}

check "cis_1_15" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.15")
    error_message = lookup(module.controls.messages, "1.15", "CIS 1.15 failed")
  }
}

check "cis_1_16" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.16")
    error_message = lookup(module.controls.messages, "1.16", "CIS 1.16 failed")
  }
}

check "cis_1_17" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.17")
    error_message = lookup(module.controls.messages, "1.17", "CIS 1.17 failed")
  }
}

check "cis_1_19" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.19")
    error_message = lookup(module.controls.messages, "1.19", "CIS 1.19 failed")
  }
}

check "cis_1_22" {
  assert {
    condition     = !contains(module.controls.failed_controls, "1.22")
    error_message = lookup(module.controls.messages, "1.22", "CIS 1.22 failed")
  }
}

check "x_1" {
  assert {
    condition     = !contains(module.controls.failed_controls, "X.1")
    error_message = lookup(module.controls.messages, "X.1", "X.1 failed")
  }
}

check "x_2" {
  assert {
    condition     = !contains(module.controls.failed_controls, "X.2")
    error_message = lookup(module.controls.messages, "X.2", "X.2 failed")
  }
}

check "x_3" {
  assert {
    condition     = !contains(module.controls.failed_controls, "X.3")
    error_message = lookup(module.controls.messages, "X.3", "X.3 failed")
  }
}

check "x_4" {
  assert {
    condition     = !contains(module.controls.failed_controls, "X.4")
    error_message = lookup(module.controls.messages, "X.4", "X.4 failed")
  }
}
