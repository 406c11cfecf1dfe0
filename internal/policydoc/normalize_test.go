package policydoc

import (
	"net/url"
	"strings"
	"testing"
)

// pathEscape URL-encodes s the way IAM (and moto's urllib.parse.quote) do:
// RFC 3986, spaces as %20, "+" as %2B.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	pretty := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "A",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": "*",
      "Condition": {"StringLike": {"aws:UserAgent": "a+b <c> & d"}}
    }
  ]
}`
	canonical := `{"Statement":[{"Action":["s3:GetObject","s3:ListBucket"],"Condition":{"StringLike":{"aws:UserAgent":"a+b <c> & d"}},"Effect":"Allow","Resource":"*","Sid":"A"}],"Version":"2012-10-17"}`
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"already canonical", canonical, canonical},
		{"pretty printed, keys unsorted", pretty, canonical},
		{"URL-encoded as IAM returns it", pathEscape(pretty), canonical},
		{"URL-encoded with QueryEscape (spaces as +)", url.QueryEscape(pretty), canonical},
		{"surrounding whitespace", "\n\t " + canonical + " \n", canonical},
		{"numbers kept as written", `{"b": 1.50, "a": 1e+5, "c": 100000000000000000000001, "d": -0}`, `{"a":1e+5,"b":1.50,"c":100000000000000000000001,"d":-0}`},
		{"URL-encoded with raw + in an exponent", "%7B%22a%22%3A1e+5%7D", `{"a":1e+5}`},
		{"percent sequences in plain JSON are not decoded", `{"a": "%41%2B"}`, `{"a":"%41%2B"}`},
		{"policy variables stay literal", `{"Resource": "arn:aws:iam::111122223333:user/${aws:username}"}`, `{"Resource":"arn:aws:iam::111122223333:user/${aws:username}"}`},
		{"unicode escapes become UTF-8", `{"a": "caf\u00e9 \u2603"}`, `{"a":"café ☃"}`},
		{"HTML characters not escaped", `{"a": "\u003cx\u003e \u0026"}`, `{"a":"<x> &"}`},
		{"list order preserved", `{"a": [3, 1, 2]}`, `{"a":[3,1,2]}`},
		{"nested objects sorted", `{"z": {"y": 1, "x": {"b": true, "a": null}}}`, `{"z":{"x":{"a":null,"b":true},"y":1}}`},
		{"duplicate keys keep the last", `{"a": 1, "a": 2}`, `{"a":2}`},
		{"non-object JSON is kept", `[ "x" , 1 ]`, `["x",1]`},
		{"empty object", `{ }`, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatalf("Normalize() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("Normalize() =\n%s\nwant\n%s", got, tt.want)
			}
			again, err := Normalize(got)
			if err != nil || again != got {
				t.Fatalf("Normalize() not idempotent: %q, %v", again, err)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "invalid policy document: empty"},
		{"blank", " \n\t", "invalid policy document: empty"},
		{"truncated", `{`, "invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 1)"},
		{"truncated URL-encoded", "%7B%22a%22%3A", "invalid policy document: not valid JSON after URL-decoding: unexpected end of JSON input (at byte offset 5)"},
		{"trailing data", `{"a":1} x`, "invalid policy document: not valid JSON: invalid character 'x' after top-level value (at byte offset 9)"},
		{"two values", `{"a":1}{"b":2}`, "invalid policy document: not valid JSON: invalid character '{' after top-level value (at byte offset 8)"},
		{"bad percent escape", "%ZZ", "invalid policy document: not valid JSON: invalid character '%' looking for beginning of value (at byte offset 1)"},
		{"not JSON at all", "Version=2012-10-17", "invalid policy document: not valid JSON: invalid character 'V' looking for beginning of value (at byte offset 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tt.in)
			if err == nil {
				t.Fatalf("Normalize() = %q, want error %q", got, tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("Normalize() error =\n%s\nwant\n%s", err, tt.want)
			}
			if got != "" {
				t.Fatalf("Normalize() = %q on error, want empty", got)
			}
		})
	}
}
