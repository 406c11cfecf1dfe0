output "problems" {
  description = "Everything that makes the catalogue incomplete or inconsistent, sorted; empty when it is sound."
  value       = local.problems
}
