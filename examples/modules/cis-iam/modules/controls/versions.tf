terraform {
  # check blocks and plantimestamp() need 1.5; optional() defaults need 1.3.
  required_version = ">= 1.5.0"
}
