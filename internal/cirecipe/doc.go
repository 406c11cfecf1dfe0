// Package cirecipe tests the CI recipe in examples/ci: iam-audit.sh and its
// jq report converters (results.json, JUnit XML, Markdown summary) run on
// saved-plan fixtures with a stand-in terraform, and their outputs are
// compared byte for byte with reviewed golden files. The recipe itself is
// bash and jq, which is what users copy into their pipelines; this package
// has no code of its own.
package cirecipe
