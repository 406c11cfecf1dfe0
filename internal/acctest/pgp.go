package acctest

import (
	"bytes"
	"encoding/base64"
	"io"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// PGPKey generates a PGP key pair and returns it with the public key
// base64-encoded, as pgp_key takes it.
func PGPKey(t testing.TB) (*openpgp.Entity, string) {
	t.Helper()
	entity, err := openpgp.NewEntity("iamaudit test", "", "test@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := entity.Serialize(&buf); err != nil {
		t.Fatal(err)
	}
	return entity, base64.StdEncoding.EncodeToString(buf.Bytes())
}

// ArmoredPGPKey is the entity's public key ASCII-armored.
func ArmoredPGPKey(t testing.TB, entity *openpgp.Entity) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := entity.Serialize(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// PGPDecrypt decrypts a base64 message with the entity's private key.
func PGPDecrypt(entity *openpgp.Entity, encrypted string) (string, error) {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return "", err
	}
	md, err := openpgp.ReadMessage(bytes.NewReader(data), openpgp.EntityList{entity}, nil, nil)
	if err != nil {
		return "", err
	}
	plain, err := io.ReadAll(md.UnverifiedBody)
	return string(plain), err
}
