package policydoc

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// powerUserAccess is the shape of the AWS managed PowerUserAccess policy:
// everything but IAM, Organizations and Account, plus a few IAM reads.
const powerUserAccess = `{"Version":"2012-10-17","Statement":[
	{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
	{"Effect":"Allow","Action":["account:GetAccountInformation","account:ListRegions","iam:CreateServiceLinkedRole",
		"iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]}`

// adminDoc is a policy of the given Allow statements, each given as its
// action element ("Action": … or "NotAction": …) and resource element.
func adminDoc(statements ...[2]string) string {
	parts := make([]string, 0, len(statements))
	for _, s := range statements {
		parts = append(parts, fmt.Sprintf(`{"Effect":"Allow",%s,%s}`, s[0], s[1]))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(parts, ",") + `]}`
}

// everyServiceBut returns Action patterns "a*:*" … "z*:*" without the
// letters in skip.
func everyServiceBut(skip string) string {
	var patterns []string
	for _, r := range lowerLetters {
		if !strings.ContainsRune(skip, r) {
			patterns = append(patterns, fmt.Sprintf(`"%c*:*"`, r))
		}
	}
	return `"Action":[` + strings.Join(patterns, ",") + `]`
}

// grants_full_admin: the all-resource Allow statements together admit every
// action. Each admin look-alike beside its mirror that must not count.
func TestGrantsFullAdmin(t *testing.T) {
	t.Parallel()
	const (
		admin = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		star  = `"Resource":"*"`
	)
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"AdministratorAccess", admin, true},
		{"mirror: service wildcard only", adminDoc([2]string{`"Action":"iam:*"`, star}), false},
		{"URL-encoded", url.QueryEscape(admin), true},
		{"mirror: scoped resource", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws:s3:::bucket/*"`}), false},
		{"URL-encoded as IAM returns it", pathEscape(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`), true},
		{"mirror: Deny", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, false},
		{"single statement object", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, true},
		{"mirror: no Resource", `{"Statement":[{"Effect":"Allow","Action":"*"}]}`, false},
		{"*:* in lists", adminDoc([2]string{`"Action":["iam:ListUsers","*:*"]`, `"Resource":["arn:aws:s3:::b","*"]`}), true},
		{"mirror: *:Get* on *", adminDoc([2]string{`"Action":"*:Get*"`, star}), false},
		{"condition does not matter", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, true},
		{"mirror: ReadOnlyAccess-like", adminDoc([2]string{`"Action":["iam:Get*","iam:List*"]`, star}), false},
		{"lowercase effect, after a Deny", `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"allow","Action":"*","Resource":"*"}]}`, true},
		{"mirror: no statements", `{"Version":"2012-10-17"}`, false},
		{"the same element in two statements is no duplicate key", `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}`, true},
		// Issue: admin written another way.
		{"NotAction that leaves IAM writes", adminDoc([2]string{`"NotAction":"iam:DeleteAccountAlias"`, star}), true},
		{"mirror: NotAction iam:*", adminDoc([2]string{`"NotAction":"iam:*"`, star}), false},
		{"NotAction iam:Create* leaves other IAM writes", adminDoc([2]string{`"NotAction":["iam:Create*","s3:*"]`, star}), true},
		{"mirror: NotAction with iam:* in a list", adminDoc([2]string{`"NotAction":["s3:*","iam:*"]`, star}), false},
		{"NotAction that excludes nothing", adminDoc([2]string{`"NotAction":[]`, star}), true},
		{"mirror: PowerUserAccess shape", powerUserAccess, false},
		{"Action * with a NotResource", adminDoc([2]string{`"Action":"*"`, `"NotResource":"arn:aws:s3:::b"`}), true},
		{"mirror: NotResource * excludes everything", adminDoc([2]string{`"Action":"*"`, `"NotResource":"*"`}), false},
		{"Resource arn:*", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:*"`}), true},
		{"mirror: Resource of one service", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws:s3:::*"`}), false},
		{"Resource arn:aws:*", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws:*"`}), true},
		{"mirror: Resource in another partition", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws-cn:*"`}), false},
		{"Resource arn:aws:*:*:*:*", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws:*:*:*:*"`}), true},
		{"mirror: Resource in one account", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:aws:*:*:111122223333:*"`}), false},
		{"Resource *rn:* matches every ARN", adminDoc([2]string{`"Action":"*"`, `"Resource":"*rn:*"`}), true},
		{"mirror: Resource ?", adminDoc([2]string{`"Action":"*"`, `"Resource":"?"`}), false},
		{"Resource ?* matches every ARN", adminDoc([2]string{`"Action":"*"`, `"Resource":"?*"`}), true},
		{"Action ?*", adminDoc([2]string{`"Action":"?*"`, star}), true},
		{"mirror: Action ?", adminDoc([2]string{`"Action":"?"`, star}), false},
		{"admin split across two statements", adminDoc([2]string{`"Action":"iam:*"`, star}, [2]string{`"NotAction":"iam:*"`, star}), true},
		{"mirror: the split misses IAM writes", adminDoc([2]string{`"Action":"iam:Get*"`, star}, [2]string{`"NotAction":"iam:*"`, star}), false},
		{"two NotActions that exclude different services", adminDoc([2]string{`"NotAction":"iam:*"`, star}, [2]string{`"NotAction":"s3:*"`, star}), true},
		{"mirror: two NotActions that both exclude IAM", adminDoc([2]string{`"NotAction":"iam:*"`, star}, [2]string{`"NotAction":["iam:*","s3:*"]`, star}), false},
		{"service globs that cover every service", adminDoc([2]string{everyServiceBut(""), star}), true},
		{"mirror: service globs that miss q…", adminDoc([2]string{everyServiceBut("q"), star}), false},
		{"the split on two all-resource forms", adminDoc([2]string{`"Action":"iam:*"`, `"Resource":"arn:*"`}, [2]string{`"NotAction":"iam:*"`, `"NotResource":"arn:aws:s3:::b"`}), true},
		{"mirror: the second half on one bucket", adminDoc([2]string{`"Action":"iam:*"`, star}, [2]string{`"NotAction":"iam:*"`, `"Resource":"arn:aws:s3:::b"`}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := GrantsFullAdmin(tt.doc, "aws")
			if err != nil {
				t.Fatalf("GrantsFullAdmin() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("GrantsFullAdmin() = %v, want %v\n%s", got, tt.want, tt.doc)
			}
		})
	}
}

// The literal CIS test and the reason, for the module's 1.16 message.
func TestAnalyzeAdmin_literalAndReason(t *testing.T) {
	t.Parallel()
	const star = `"Resource":"*"`
	tests := []struct {
		name string
		doc  string
		want Admin
	}{
		{"Action * on *", adminDoc([2]string{`"Action":"*"`, star}),
			Admin{FullAdmin: true, Literal: true, Reason: `Action "*" on Resource "*" allows every action`}},
		{"*:* in a list", adminDoc([2]string{`"Action":["s3:GetObject","*:*"]`, `"Resource":["*"]`}),
			Admin{FullAdmin: true, Literal: true, Reason: `Action ["s3:GetObject","*:*"] on Resource ["*"] allows every action`}},
		{"NotAction", adminDoc([2]string{`"NotAction":"iam:DeleteAccountAlias"`, star}),
			Admin{FullAdmin: true, Reason: `NotAction "iam:DeleteAccountAlias" on Resource "*" leaves IAM writes allowed, and with them every action`}},
		{"NotResource", adminDoc([2]string{`"Action":"*"`, `"NotResource":"arn:aws:s3:::b"`}),
			Admin{FullAdmin: true, Reason: `Action "*" on NotResource "arn:aws:s3:::b" allows every action`}},
		{"arn:*", adminDoc([2]string{`"Action":"*"`, `"Resource":"arn:*"`}),
			Admin{FullAdmin: true, Reason: `Action "*" on Resource "arn:*" allows every action`}},
		{"split", adminDoc([2]string{`"Action":"iam:*"`, star}, [2]string{`"NotAction":"iam:*"`, star}),
			Admin{FullAdmin: true, Reason: "2 Allow statements on all resources together allow every action"}},
		{"service globs", adminDoc([2]string{everyServiceBut(""), star}),
			Admin{FullAdmin: true, Reason: "the Action patterns of one statement on all resources together cover every service"}},
		{"literal on a scoped statement too", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":["arn:aws:s3:::b","*"]}]}`,
			Admin{FullAdmin: true, Literal: true, Reason: `Action "*" on Resource ["arn:aws:s3:::b","*"] allows every action`}},
		{"not admin", powerUserAccess, Admin{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := AnalyzeAdmin(tt.doc, "aws")
			if err != nil {
				t.Fatalf("AnalyzeAdmin() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("AnalyzeAdmin() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestGrantsFullAdminErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		doc       string
		partition string
		want      string
	}{
		{"invalid JSON", `{"Statement":[`, "aws", "invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 14)"},
		{"top-level string", `"*"`, "aws", "invalid policy document: the top-level value must be a JSON object"},
		{"statement number", `{"Statement":1}`, "aws", "invalid policy document: Statement must be a JSON object or a list of objects"},
		{"no partition", `{}`, "", "analyzing policy: partition must be a non-empty AWS partition name such as aws"},
		// Go keeps the last of duplicate keys: these read as no admin.
		{"duplicate Effect", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Effect":"Deny"}]}`, "aws",
			`invalid policy document: duplicate key "Statement.0.Effect", so what IAM enforces is ambiguous`},
		{"duplicate Resource", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Resource":"arn:aws:s3:::b"}]}`, "aws",
			`invalid policy document: duplicate key "Statement.0.Resource", so what IAM enforces is ambiguous`},
		{"duplicate Statement", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Statement":[]}`, "aws",
			`invalid policy document: duplicate key "Statement", so what IAM enforces is ambiguous`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := GrantsFullAdmin(tt.doc, tt.partition)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("GrantsFullAdmin() = %v, %v; want error %q", got, err, tt.want)
			}
			if got {
				t.Fatal("GrantsFullAdmin() = true on error")
			}
		})
	}
}

// TestUncovered exercises the coverage search directly.
func TestUncovered(t *testing.T) {
	t.Parallel()
	actions := actionLanguage{}
	iamActions := actionLanguage{prefix: []rune("iam:")}
	arns := newARNLanguage("aws")
	tests := []struct {
		name    string
		lang    language
		miss    []string
		hit     [][]string
		witness bool
	}{
		{"nothing covers nothing", actions, nil, nil, true},
		{"* covers every action", actions, []string{"*"}, nil, false},
		{"*:* covers every action", actions, []string{"*:*"}, nil, false},
		{"?:* misses longer services", actions, []string{"?:*"}, nil, true},
		{"?*:?* covers every action", actions, []string{"?*:?*"}, nil, false},
		{"case-insensitive patterns", iamActions, []string{"IAM:*"}, nil, false},
		{"iam:* covers IAM", iamActions, []string{"iam:*"}, nil, false},
		{"iam:Get* misses IAM writes", iamActions, []string{"iam:get*"}, nil, true},
		{"i*:* covers IAM", iamActions, []string{"i*:*"}, nil, false},
		// A hit group is a NotAction list: a witness must be in it (not admitted).
		{"NotAction iam:* leaves IAM actions out", iamActions, nil, [][]string{{"iam:*"}}, true},
		{"NotAction s3:* admits every IAM action", iamActions, nil, [][]string{{"s3:*"}}, false},
		{"arn:* covers ARNs", arns, []string{"arn:*"}, nil, false},
		{"arn:aws:s3:::* does not", arns, []string{"arn:aws:s3:::*"}, nil, true},
		{"every service's ARN pattern together", arns, []string{"arn:aws:?*:*"}, nil, false},
		{"empty service is no ARN", arns, []string{"arn:aws:?*"}, nil, false},
		{"an ARN without region and account escapes", arns, []string{"arn:aws:*:*:?*:*"}, nil, true},
		// Position sets of patterns longer than one 64-bit word.
		{"a run of 70 * across words covers IAM", iamActions, []string{"iam:" + strings.Repeat("*", 70)}, nil, false},
		{"70 ? across words miss short IAM actions", iamActions, []string{"iam:" + strings.Repeat("?", 70) + "*"}, nil, true},
		{"a long literal prefix then *", arns, []string{"arn:aws:s3:::" + strings.Repeat("b", 70) + "*", "arn:aws:?*:*"}, nil, false},
		{"mirror: the long literal alone", arns, []string{"arn:aws:s3:::" + strings.Repeat("b", 70) + "*"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			witness, decided := uncovered(tt.lang, tt.miss, tt.hit, newBudget())
			if !decided || witness != tt.witness {
				t.Fatalf("uncovered() = %v, decided %v; want %v", witness, decided, tt.witness)
			}
		})
	}
}

// Documents built to make the coverage search expensive get an answer
// within the document's work budget: the right one when a witness is
// cheap to find, else the one that errs towards a finding.
func TestAnalyzeAdmin_worstCase(t *testing.T) {
	t.Parallel()
	for _, tt := range worstCaseDocuments() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			work := newBudget()
			got, err := analyzeAdmin(tt.doc, "aws", work)
			if err != nil {
				t.Fatalf("analyzeAdmin() error = %v", err)
			}
			if got.FullAdmin != tt.want {
				t.Fatalf("FullAdmin = %v, want %v (%s)", got.FullAdmin, tt.want, got.Reason)
			}
			// The search stops at the first step past the budget.
			if spent := coverageWork - work.work; spent > coverageWork+coverageWork/100 {
				t.Fatalf("spent %d work units, budget %d", spent, coverageWork)
			}
		})
	}
}
