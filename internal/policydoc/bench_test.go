package policydoc

import (
	"fmt"
	"strings"
	"testing"
)

// readOnlyShape is a policy shaped like the AWS managed ReadOnlyAccess:
// read patterns of 300 services on Resource "*", the largest document an
// audit analyzes in practice.
func readOnlyShape() string {
	patterns := make([]string, 0, 900)
	for i := range 300 {
		svc := fmt.Sprintf("svc%03dx", i)
		patterns = append(patterns, `"`+svc+`:Get*"`, `"`+svc+`:List*"`, `"`+svc+`:Describe*"`)
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":[` + strings.Join(patterns, ",") + `]}]}`
}

func BenchmarkAnalyzeAdmin(b *testing.B) {
	for _, bc := range []struct{ name, doc string }{
		{"AdministratorAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
		{"PowerUserAccess", powerUserAccess},
		{"ReadOnlyAccess shape", readOnlyShape()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := AnalyzeAdmin(bc.doc, "aws"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAnalyzeTrust(b *testing.B) {
	tc := TrustContext{AccountID: ownAccount, Partition: "aws", OrganizationID: ownOrg}
	doc := trustDoc(
		allowStmt(awsPrincipalJSON(otherAccount), `"sts:AssumeRole"`, `{"StringEquals":{"sts:ExternalId":"tenant-7731"}}`),
		allowStmt(`"*"`, `"sts:AssumeRole"`, `{"StringEquals":{"aws:PrincipalOrgID":"`+ownOrg+`"}}`),
		allowStmt(githubProvider, `"sts:AssumeRoleWithWebIdentity"`, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}`),
	)
	for b.Loop() {
		if _, err := AnalyzeTrust(doc, tc); err != nil {
			b.Fatal(err)
		}
	}
}

// multiStarPatterns returns n patterns of the given length, each mixing
// *, ? and literal runes (a fixed pseudo-random sequence): patterns that
// stay alive on every input and make the coverage search's product states
// many, the worst a document can ask of it.
func multiStarPatterns(n, length int) []string {
	const runes = "abcdefghijklmnopqrstuvwxyz0123456789-:"
	state := uint32(2463534242)
	rnd := func(k uint32) uint32 {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		return state % k
	}
	out := make([]string, 0, n)
	for range n {
		var b strings.Builder
		for range length {
			switch r := rnd(10); {
			case r < 3:
				b.WriteByte('*')
			case r < 4:
				b.WriteByte('?')
			default:
				b.WriteByte(runes[rnd(uint32(len(runes)))])
			}
		}
		out = append(out, `"`+b.String()+`"`)
	}
	return out
}

// worstCaseDocuments are documents of IAM's size (6 KB) built to make the
// coverage search expensive, with what AnalyzeAdmin must answer.
func worstCaseDocuments() []struct {
	name, doc string
	want      bool
} {
	patterns := strings.Join(multiStarPatterns(400, 12), ",")
	var notActions []string
	for i := range 60 {
		notActions = append(notActions, fmt.Sprintf(`{"Effect":"Allow","NotAction":["iam:*","s%d*:*","*%c*"],"Resource":"*"}`, i, 'a'+i%26))
	}
	return []struct {
		name, doc string
		want      bool
	}{
		// Too costly to decide whether the resources are all: counted as
		// all (the answer that errs towards a finding).
		{"Action * on 400 multi-star resources", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":[` + patterns + `]}]}`, true},
		// No action is admitted everywhere, whatever the resources.
		{"s3:GetObject on 400 multi-star resources", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[` + patterns + `]}]}`, false},
		{"400 multi-star actions on *", `{"Statement":[{"Effect":"Allow","Action":[` + patterns + `],"Resource":"*"}]}`, false},
		// Too costly to find the action left out, if any: full admin.
		{"iam:* beside 400 multi-star actions on *", `{"Statement":[{"Effect":"Allow","Action":["iam:*",` + patterns + `],"Resource":"*"}]}`, true},
		{"60 NotAction statements keeping IAM out", `{"Statement":[` + strings.Join(notActions, ",") + `]}`, false},
	}
}

func BenchmarkAnalyzeAdmin_worstCase(b *testing.B) {
	for _, bc := range worstCaseDocuments() {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := AnalyzeAdmin(bc.doc, "aws"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
