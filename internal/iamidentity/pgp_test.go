package iamidentity

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

func testPGPKey(t *testing.T) (fingerprint, publicKey string) {
	entity, key := acctest.PGPKey(t)
	return hex.EncodeToString(entity.PrimaryKey.Fingerprint), key
}

func TestEncryptWithPGP(t *testing.T) {
	t.Parallel()
	entity, key := acctest.PGPKey(t)
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for name, k := range map[string]string{"base64": key, "armored": acctest.ArmoredPGPKey(t, entity), "base64 with line breaks": wrapLines(key, 64)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := ValidatePGPKey(k); err != nil {
				t.Fatal(err)
			}
			encrypted, fingerprint, err := encryptWithPGP(k, secret)
			if err != nil {
				t.Fatal(err)
			}
			if fingerprint != hex.EncodeToString(entity.PrimaryKey.Fingerprint) {
				t.Fatalf("fingerprint = %s", fingerprint)
			}
			if strings.Contains(encrypted, secret) {
				t.Fatal("the secret is in the message")
			}
			plain, err := acctest.PGPDecrypt(entity, encrypted)
			if err != nil || plain != secret {
				t.Fatalf("decrypted %q, %v", plain, err)
			}
		})
	}
	for _, bad := range []string{"", "bm90IGEga2V5", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----", "!!!"} {
		if _, _, err := encryptWithPGP(bad, "s"); err == nil {
			t.Errorf("encryptWithPGP(%q) succeeded", bad)
		}
		if ValidatePGPKey(bad) == nil {
			t.Errorf("ValidatePGPKey(%q) accepted it", bad)
		}
	}
}

func wrapLines(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		b.WriteString(s[i:min(i+n, len(s))] + "\n")
	}
	return b.String()
}
