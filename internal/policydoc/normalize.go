package policydoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Normalize returns doc in canonical form: URL-decoded when needed, then
// re-marshaled compactly with object keys sorted, without HTML escaping and
// with numbers preserved exactly as written. Normalize is idempotent and two
// documents that differ only in formatting or key order normalize to the same
// string. It returns an error when doc is not valid JSON, URL-encoded or not.
func Normalize(doc string) (string, error) {
	v, err := parse(doc)
	if err != nil {
		return "", err
	}
	return marshal(v)
}

// decode returns the JSON text of doc, URL-decoding it only when it is not
// valid JSON as it stands (a document that parses as-is is never decoded, so
// a literal "%41" inside a plain JSON string survives).
//
// IAM encodes documents per RFC 3986, under which a raw "+" is a literal plus;
// form encoders use "+" for a space. Like terraform-provider-aws we decode
// with url.QueryUnescape first (IAM itself never leaves a raw "+", it sends
// "%2B"), and fall back to url.PathUnescape when that does not yield JSON
// (for example an exponent such as 1e+5 left unencoded).
func decode(doc string) (string, error) {
	trimmed := strings.TrimSpace(doc)
	if trimmed == "" {
		return "", errors.New("invalid policy document: empty")
	}
	if json.Valid([]byte(trimmed)) {
		return trimmed, nil
	}
	for _, unescape := range []func(string) (string, error){url.QueryUnescape, url.PathUnescape} {
		decoded, err := unescape(trimmed)
		if err != nil {
			continue
		}
		decoded = strings.TrimSpace(decoded)
		if decoded != trimmed && json.Valid([]byte(decoded)) {
			return decoded, nil
		}
	}
	return "", syntaxError(trimmed)
}

// syntaxError describes why text is not valid JSON, URL-decoding it first
// when it looks URL-encoded so that the offset refers to the JSON text.
func syntaxError(text string) error {
	target, note := text, ""
	if strings.Contains(text, "%") {
		if decoded, err := url.QueryUnescape(text); err == nil {
			target, note = strings.TrimSpace(decoded), " after URL-decoding"
		}
	}
	var v any
	err := json.Unmarshal([]byte(target), &v)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("invalid policy document: not valid JSON%s: %w (at byte offset %d)", note, err, se.Offset)
	case err != nil:
		return fmt.Errorf("invalid policy document: not valid JSON%s: %w", note, err)
	default:
		return fmt.Errorf("invalid policy document: not valid JSON%s", note)
	}
}

// parse decodes doc (see decode) and unmarshals it with numbers kept as
// json.Number.
func parse(doc string) (any, error) {
	text, err := decode(doc)
	if err != nil {
		return nil, err
	}
	return unmarshal(text)
}

// unmarshal unmarshals JSON text with numbers kept as json.Number.
func unmarshal(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid policy document: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid policy document: unexpected data after the top-level JSON value")
	}
	return v, nil
}

// marshal encodes v compactly with sorted object keys and without HTML
// escaping ("<", ">" and "&" stay as they are, as IAM stores them).
func marshal(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encoding policy document: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
