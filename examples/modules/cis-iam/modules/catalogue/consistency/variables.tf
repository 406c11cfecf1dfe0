variable "standards" {
  description = "The standards, keyed by name, as in the catalogue's JSON files (or a test catalogue's)."
  type        = any
  nullable    = false
}

variable "controls" {
  description = "The underlying controls, keyed by name, as in controls.json."
  type        = any
  nullable    = false
}
