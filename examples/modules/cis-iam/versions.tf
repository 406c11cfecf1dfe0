terraform {
  # check blocks and plantimestamp() need 1.5 (its terraform test files,
  # with mock_provider and override_module, need 1.7).
  required_version = ">= 1.5.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}
