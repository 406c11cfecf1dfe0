package policydoc

import (
	"net/url"
	"testing"
)

func TestEquivalent(t *testing.T) {
	t.Parallel()
	base := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}`
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", base, base, true},
		{"whitespace and key order", base, `{"Statement":[{"Resource":"*","Action":["iam:GetUser","iam:ListUsers"],"Effect":"Allow"}],
			"Version":"2012-10-17"}`, true},
		{"URL-encoded against plain", url.QueryEscape(base), base, true},
		{"both URL-encoded", pathEscape(base), url.QueryEscape(base), true},
		{"single-element list against string", `{"Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}]}`, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, true},
		{"account ID against root ARN", `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"111122223333"}}]}`, `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}`, true},
		{"different action", base, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers"],"Resource":"*"}]}`, false},
		{"different effect", base, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}`, false},
		{"different version", base, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}`, false},
		{"different condition", `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a"}}}]}`, `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"b"}}}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Equivalent(tt.a, tt.b)
			if err != nil {
				t.Fatalf("Equivalent() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("Equivalent() = %v, want %v", got, tt.want)
			}
			back, err := Equivalent(tt.b, tt.a)
			if err != nil || back != tt.want {
				t.Fatalf("Equivalent() not symmetric: %v, %v", back, err)
			}
		})
	}
}

func TestEquivalentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"first invalid", `{`, `{}`, "first document: invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 1)"},
		{"second empty", `{}`, ``, "second document: invalid policy document: empty"},
		{"null statement does not panic", `{"Statement":[null]}`, `{"Statement":[{}]}`, "comparing policy documents: malformed statement: runtime error: invalid memory address or nil pointer dereference"},
		{"statement of wrong type", `{"Statement":"x"}`, `{}`, "comparing policy documents: parsing policy 1: unknown statement parsing problem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Equivalent(tt.a, tt.b)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Equivalent() = %v, %v; want error %q", got, err, tt.want)
			}
			if got {
				t.Fatal("Equivalent() = true on error")
			}
		})
	}
}
