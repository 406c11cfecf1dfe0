package policydoc

import (
	"net/url"
	"testing"
)

func TestGrantsFullAdmin(t *testing.T) {
	t.Parallel()
	const admin = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"AdministratorAccess", admin, true},
		{"URL-encoded", url.QueryEscape(admin), true},
		{"URL-encoded as IAM returns it", pathEscape(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`), true},
		{"single statement object", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, true},
		{"*:* in lists", `{"Statement":[{"Effect":"Allow","Action":["iam:ListUsers","*:*"],"Resource":["arn:aws:s3:::b","*"]}]}`, true},
		{"condition does not matter", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, true},
		{"second statement", `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}`, true},
		{"lowercase effect", `{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`, true},
		{"Deny", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, false},
		{"service wildcard only", `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`, false},
		{"scoped resource", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::bucket/*"}]}`, false},
		{"NotAction", `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`, false},
		{"NotResource", `{"Statement":[{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::b"}]}`, false},
		{"no Resource", `{"Statement":[{"Effect":"Allow","Action":"*"}]}`, false},
		{"ReadOnlyAccess-like", `{"Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`, false},
		{"no statements", `{"Version":"2012-10-17"}`, false},
		{"empty statement list", `{"Statement":[]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := GrantsFullAdmin(tt.doc)
			if err != nil {
				t.Fatalf("GrantsFullAdmin() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("GrantsFullAdmin() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGrantsFullAdminErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"invalid JSON", `{"Statement":[`, "invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 14)"},
		{"top-level string", `"*"`, "invalid policy document: the top-level value must be a JSON object"},
		{"statement number", `{"Statement":1}`, "invalid policy document: Statement must be a JSON object or a list of objects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := GrantsFullAdmin(tt.doc)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("GrantsFullAdmin() = %v, %v; want error %q", got, err, tt.want)
			}
			if got {
				t.Fatal("GrantsFullAdmin() = true on error")
			}
		})
	}
}
