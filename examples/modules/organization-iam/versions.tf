terraform {
  # Validations that refer to other variables need 1.9 (terraform test with
  # mock_provider 1.7).
  required_version = ">= 1.9.0"

  required_providers {
    iamaudit = {
      source  = "iamaudit/iamaudit"
      version = ">= 0.1.0"
    }
  }
}
