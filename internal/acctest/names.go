package acctest

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// maxNameLength is IAM's limit for user and role names (the tightest).
const maxNameLength = 64

// nameSuffixLength is the number of random characters RandomName appends.
const nameSuffixLength = 10

var invalidNameChars = regexp.MustCompile(`[^\w+=,.@-]`)

// RandomName returns prefix-<10 random characters>, unique per call and a
// valid IAM user, role, group and policy name (at most 64 characters of
// [\w+=,.@-]): characters outside that set in prefix become "-" and a long
// prefix is shortened.
func RandomName(prefix string) string {
	prefix = invalidNameChars.ReplaceAllString(prefix, "-")
	if limit := maxNameLength - nameSuffixLength - 1; len(prefix) > limit {
		prefix = prefix[:limit]
	}
	if prefix == "" {
		prefix = "acctest"
	}
	return prefix + "-" + randomString(nameSuffixLength)
}

// UniquePath returns "/t-<random>/", an IAM path no other test uses, so a
// test on a shared server can create its entities under it and read them
// back with path_prefix.
func UniquePath(t testing.TB) string {
	t.Helper()
	return "/t-" + randomString(nameSuffixLength) + "/"
}

// randomString returns n random lower-case letters and digits.
func randomString(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand docs)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// ProviderConfig returns a provider "iamaudit" block for this server (region
// us-east-1, static test credentials, iam and sts endpoints); extraHCL lines
// are added inside the block.
func (s *Server) ProviderConfig(extraHCL ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `provider "iamaudit" {
  region     = %[1]q
  access_key = %[2]q
  secret_key = %[3]q

  endpoints {
    iam = %[4]q
    sts = %[4]q
    organizations = %[4]q
  }
`, Region, AccessKey, SecretKey, s.endpoint)
	for _, extra := range extraHCL {
		b.WriteString("\n" + extra + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}
