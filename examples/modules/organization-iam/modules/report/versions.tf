terraform {
  # Like the organization module (validations that refer to other variables need 1.9).
  required_version = ">= 1.9.0"
}
