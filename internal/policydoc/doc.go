// Package policydoc reads, normalizes, compares, analyzes and builds IAM
// policy documents.
//
// IAM returns policy documents URL-encoded (RFC 3986) from
// GetAccountAuthorizationDetails, GetRolePolicy, GetPolicyVersion and friends;
// every function that takes a document accepts it either URL-encoded or as
// plain JSON. The package has no AWS SDK or Terraform dependencies so that the
// collection engine and the provider share one implementation.
package policydoc
