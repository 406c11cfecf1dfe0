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
