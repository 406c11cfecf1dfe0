package policydoc

import (
	"slices"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, wantErr string
	}{
		{"valid", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`, ""},
		{"single statement object, legacy version", `{"Version":"2008-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}}`, ""},
		{"no version", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""},
		{"URL-encoded", `%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D`, ""},
		{"exactly the size limit", sizedDocument(MaxManagedPolicyLength), ""},
		{"one character over the size limit", sizedDocument(MaxManagedPolicyLength + 1), "IAM allows at most 6144"},
		{"not JSON", `{"Statement": [`, "invalid policy document: not valid JSON"},
		{"not an object", `["Allow"]`, "the top-level value must be a JSON object"},
		{"bad version", `{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, `the policy Version must be "2012-10-17"`},
		{"no statement", `{"Version":"2012-10-17"}`, "the policy document needs a Statement"},
		{"empty statements", `{"Statement":[]}`, "the policy document needs a Statement"},
		{"statement a string", `{"Statement":"Allow"}`, "Statement must be a JSON object or a list of objects"},
		{"statement not an object", `{"Statement":["x"]}`, "every element of Statement must be a JSON object"},
		{"bad effect", `{"Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}`, `statement 1: Effect must be "Allow" or "Deny"`},
		{"no action", `{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, "statement 1: exactly one of Action and NotAction is required"},
		{"both actions", `{"Statement":[{"Effect":"Allow","Action":"a:b","NotAction":"c:d","Resource":"*"}]}`, "statement 1: exactly one of Action and NotAction is required"},
		{"second statement bad", `{"Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"},{"Effect":"Allow","Resource":"*"}]}`, "statement 2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Validate(tt.doc)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

// sizedDocument is a valid policy exactly n characters long without whitespace.
func sizedDocument(n int) string {
	const head, tail = `{"Statement":[{"Action":"s3:`, `","Effect":"Allow","Resource":"*"}]}`
	return head + strings.Repeat("A", n-len(head)-len(tail)) + tail
}

func TestActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"list and string, unique and sorted", `{"Statement":[{"Effect":"Allow","Action":["s3:B","s3:A"],"Resource":"*"},` +
			`{"Effect":"Deny","Action":"s3:A","Resource":"*"}]}`, []string{"s3:A", "s3:B"}},
		{"single statement", `{"Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}`, []string{"iam:GetUser"}},
		{"NotAction is not an action", `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`, []string{}},
		{"not a policy", `{"Statement":`, nil},
		{"no statement", `{"Version":"2012-10-17"}`, nil},
	}
	for _, tt := range tests {
		if got := Actions(tt.doc); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("%s: Actions() = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

// auditReadActions are the audit actions granted on "*" (all but sts:AssumeRoot).
var auditReadActions = slices.DeleteFunc(slices.Clone(AuditActions), func(a string) bool { return a == rootSessionAction })

func TestInferReaderPolicy(t *testing.T) {
	t.Parallel()
	const account = "123456789012"
	build := func(purpose string, extra ...string) string {
		doc, _, err := ReaderPolicy(purpose, "aws", account, extra)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	tests := []struct {
		name        string
		doc         string
		wantPurpose string
		wantExtra   []string
		wantOK      bool
	}{
		{"audit", build("audit"), "audit", nil, true},
		{"inventory with extras", build("iam-inventory", "s3:ListAllMyBuckets", "iam:Get*"), "iam-inventory", []string{"iam:Get*", "s3:ListAllMyBuckets"}, true},
		{"key rotation", build("key-rotation-self"), "key-rotation-self", nil, true},
		{"key rotation with extras", build("key-rotation-self", "sts:GetCallerIdentity"), "key-rotation-self", []string{"sts:GetCallerIdentity"}, true},
		{"reformatted audit", `{"Version":"2012-10-17","Statement":[{"Sid":"IAMAuditRead","Effect":"Allow","Resource":["*"],"Action":` +
			`["` + strings.Join(auditReadActions, `","`) + `"]},` +
			`{"Sid":"IAMAuditRootUserCredentials","Effect":"Allow","Action":"sts:AssumeRoot","Resource":"*",` +
			`"Condition":{"ArnLike":{"sts:TaskPolicyArn":["` + RootAuditTaskPolicyARNPattern + `"]}}}]}`, "audit", nil, true},
		{"audit without its root statement", `{"Version":"2012-10-17","Statement":[{"Sid":"IAMAuditRead","Effect":"Allow","Resource":"*","Action":` +
			`["` + strings.Join(auditReadActions, `","`) + `"]}]}`, "", nil, false},
		{"key rotation in another partition", mustReader(t, "key-rotation-self", "aws-cn", account), "", nil, false},
		{"key rotation of another account", mustReader(t, "key-rotation-self", "aws", "210987654321"), "", nil, false},
		{"custom", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, "", nil, false},
		{"audit minus an action", `{"Version":"2012-10-17","Statement":[{"Sid":"IAMAuditRead","Effect":"Allow","Action":["iam:ListRoles"],"Resource":"*"}]}`, "", nil, false},
		{"not a policy", `[]`, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			purpose, extra, ok := InferReaderPolicy(tt.doc, "aws", account)
			if purpose != tt.wantPurpose || !slices.Equal(extra, tt.wantExtra) || ok != tt.wantOK {
				t.Fatalf("InferReaderPolicy() = %q, %v, %v; want %q, %v, %v", purpose, extra, ok, tt.wantPurpose, tt.wantExtra, tt.wantOK)
			}
		})
	}
}

func mustReader(t *testing.T, purpose, partition, account string) string {
	t.Helper()
	doc, _, err := ReaderPolicy(purpose, partition, account, nil)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestParseCrossAccountTrust(t *testing.T) {
	t.Parallel()
	for _, mfa := range []bool{false, true} {
		doc, err := TrustPolicyForCrossAccountRole("aws", []string{"111122223333", "arn:aws:iam::444455556666:user/a/b"}, "ext:id/1", mfa)
		if err != nil {
			t.Fatal(err)
		}
		principals, externalID, gotMFA := ParseCrossAccountTrust(doc)
		want := []string{"arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:user/a/b"}
		if !slices.Equal(principals, want) || externalID != "ext:id/1" || gotMFA != mfa {
			t.Errorf("ParseCrossAccountTrust(%s) = %v, %q, %v", doc, principals, externalID, gotMFA)
		}
	}
	lookAlikes := []struct {
		name, doc      string
		wantPrincipals []string
		wantExternalID string
		wantMFA        bool
	}{
		{"a Deny statement grants nothing", `{"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"},` +
			`"Condition":{"StringEquals":{"sts:ExternalId":"x1"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, nil, "", false},
		{"two external IDs are not one", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},` +
			`"Condition":{"StringEquals":{"sts:ExternalId":["a1","b2"]}}}}`, []string{"arn:aws:iam::111122223333:root"}, "", false},
		{"MFA false", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"},` +
			`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}}`, []string{"arn:aws:iam::111122223333:root"}, "", false},
		{"service principal only", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}}`, nil, "", false},
		{"not a policy", `{`, nil, "", false},
	}
	for _, tt := range lookAlikes {
		principals, externalID, mfa := ParseCrossAccountTrust(tt.doc)
		if !slices.Equal(principals, tt.wantPrincipals) || externalID != tt.wantExternalID || mfa != tt.wantMFA {
			t.Errorf("%s: ParseCrossAccountTrust() = %v, %q, %v; want %v, %q, %v", tt.name, principals, externalID, mfa,
				tt.wantPrincipals, tt.wantExternalID, tt.wantMFA)
		}
	}
}
