terraform {
  # check blocks and plantimestamp() need 1.5; mock_provider tests need 1.7.
  required_version = ">= 1.7.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}
