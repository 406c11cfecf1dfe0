package provider

import (
	"bytes"
	"context"
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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// pgpKeyValidator checks at plan time that pgp_key is a usable public key.
type pgpKeyValidator struct{}

func (pgpKeyValidator) Description(_ context.Context) string {
	return "must be a PGP public key with an encryption subkey, base64-encoded (`gpg --export KEYID | base64`) or ASCII-armored"
}

func (v pgpKeyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v pgpKeyValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := pgpPublicKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid PGP Key",
			fmt.Sprintf("The value %s: %s.", v.Description(ctx), err))
	}
}
