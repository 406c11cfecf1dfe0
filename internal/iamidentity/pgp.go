package iamidentity

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// pgpPublicKey parses a PGP public key given as base64 of the binary key
// (what `gpg --export KEYID | base64` prints, as hashicorp/aws's pgp_key
// takes it) or as an ASCII-armored block.
func pgpPublicKey(key string) (*openpgp.Entity, error) {
	key = strings.TrimSpace(key)
	var r io.Reader
	if strings.HasPrefix(key, "-----BEGIN PGP") {
		block, err := armor.Decode(strings.NewReader(key))
		if err != nil {
			return nil, fmt.Errorf("decoding the ASCII-armored PGP key: %w", err)
		}
		r = block.Body
	} else {
		data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(key), ""))
		if err != nil {
			return nil, fmt.Errorf("the PGP key is neither base64 nor ASCII-armored: %w", err)
		}
		r = bytes.NewReader(data)
	}
	entity, err := openpgp.ReadEntity(packet.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("parsing the PGP public key: %w", err)
	}
	if _, ok := entity.EncryptionKey(time.Now()); !ok {
		return nil, errors.New("the PGP key has no valid encryption key (it may be expired, revoked or signing-only)")
	}
	return entity, nil
}

// ValidatePGPKey checks that key is a PGP public key with a usable
// encryption key, base64-encoded or ASCII-armored.
func ValidatePGPKey(key string) error {
	_, err := pgpPublicKey(key)
	return err
}

// encryptWithPGP encrypts secret for the key and returns the message as
// base64 (decrypt with `base64 -d | gpg --decrypt`) and the key's
// fingerprint in hex.
func encryptWithPGP(key, secret string) (encrypted, fingerprint string, err error) {
	entity, err := pgpPublicKey(key)
	if err != nil {
		return "", "", err
	}
	var buf bytes.Buffer
	w, err := openpgp.Encrypt(&buf, []*openpgp.Entity{entity}, nil, nil, nil)
	if err != nil {
		return "", "", fmt.Errorf("setting up PGP encryption: %w", err)
	}
	if _, err := io.WriteString(w, secret); err != nil {
		return "", "", fmt.Errorf("encrypting with PGP: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", "", fmt.Errorf("encrypting with PGP: %w", err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), hex.EncodeToString(entity.PrimaryKey.Fingerprint), nil
}
