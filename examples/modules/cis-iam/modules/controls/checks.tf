# One check block per control. A failed assertion is a warning in
# `terraform plan` (exit code 0); set enforce = true, or use the CI recipe in
# examples/ci, to fail the run. Each assertion fails exactly when the
# control's status in the results output is FAIL (not when it is UNKNOWN).

check "cis_1_4" {
  assert {
    condition     = local.statuses["1.4"] != "FAIL"
    error_message = local.messages["1.4"]
  }
}

check "cis_1_5" {
  assert {
    condition     = local.statuses["1.5"] != "FAIL"
    error_message = local.messages["1.5"]
  }
}

check "cis_1_6" {
  assert {
    condition     = local.statuses["1.6"] != "FAIL"
    error_message = local.messages["1.6"]
  }
}

check "cis_1_7" {
  assert {
    condition     = local.statuses["1.7"] != "FAIL"
    error_message = local.messages["1.7"]
  }
}

check "cis_1_8" {
  assert {
    condition     = local.statuses["1.8"] != "FAIL"
    error_message = local.messages["1.8"]
  }
}

check "cis_1_9" {
  assert {
    condition     = local.statuses["1.9"] != "FAIL"
    error_message = local.messages["1.9"]
  }
}

check "cis_1_10" {
  assert {
    condition     = local.statuses["1.10"] != "FAIL"
    error_message = local.messages["1.10"]
  }
}

check "cis_1_11" {
  assert {
    condition     = local.statuses["1.11"] != "FAIL"
    error_message = local.messages["1.11"]
  }
}

check "cis_1_12" {
  assert {
    condition     = local.statuses["1.12"] != "FAIL"
    error_message = local.messages["1.12"]
  }
}

check "cis_1_13" {
  assert {
    condition     = local.statuses["1.13"] != "FAIL"
    error_message = local.messages["1.13"]
  }
}

check "cis_1_14" {
  assert {
    condition     = local.statuses["1.14"] != "FAIL"
    error_message = local.messages["1.14"]
  }
}

check "cis_1_15" {
  assert {
    condition     = local.statuses["1.15"] != "FAIL"
    error_message = local.messages["1.15"]
  }
}

check "cis_1_16" {
  assert {
    condition     = local.statuses["1.16"] != "FAIL"
    error_message = local.messages["1.16"]
  }
}

check "cis_1_17" {
  assert {
    condition     = local.statuses["1.17"] != "FAIL"
    error_message = local.messages["1.17"]
  }
}

check "cis_1_19" {
  assert {
    condition     = local.statuses["1.19"] != "FAIL"
    error_message = local.messages["1.19"]
  }
}

check "cis_1_22" {
  assert {
    condition     = local.statuses["1.22"] != "FAIL"
    error_message = local.messages["1.22"]
  }
}

check "x_1" {
  assert {
    condition     = local.statuses["X.1"] != "FAIL"
    error_message = local.messages["X.1"]
  }
}

check "x_2" {
  assert {
    condition     = local.statuses["X.2"] != "FAIL"
    error_message = local.messages["X.2"]
  }
}

check "x_3" {
  assert {
    condition     = local.statuses["X.3"] != "FAIL"
    error_message = local.messages["X.3"]
  }
}
