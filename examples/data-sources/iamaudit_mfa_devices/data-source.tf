data "iamaudit_mfa_devices" "all" {}

locals {
  root_virtual_devices = [
    for d in data.iamaudit_mfa_devices.all.mfa_devices : d.serial_number
    if d.user_name == "<root_account>" && d.type == "virtual"
  ]
  # Administrators must use a phishing-resistant FIDO security key.
  admins           = ["alice", "bob"]
  admins_with_fido = distinct([for d in data.iamaudit_mfa_devices.all.mfa_devices : d.user_name if d.type == "fido" && contains(local.admins, d.user_name)])
}

# CIS 1.6: hardware MFA for the root user (a virtual device is not enough).
check "root_hardware_mfa" {
  assert {
    condition     = length(local.root_virtual_devices) == 0
    error_message = "The root user uses a virtual MFA device (${join(", ", local.root_virtual_devices)}); use a hardware device."
  }
}

check "admins_use_fido" {
  assert {
    condition     = length(local.admins_with_fido) == length(local.admins)
    error_message = "Administrators without a FIDO security key: ${join(", ", setsubtract(local.admins, local.admins_with_fido))}."
  }
}
