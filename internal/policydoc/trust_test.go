package policydoc

import (
	"net/url"
	"reflect"
	"testing"
)

const testAccount = "111122223333"

// trust builds the expected Trust: the lists exactly as given (nil means
// empty) and the named flags set.
func trust(aws, services, federated []string, flags ...string) Trust {
	t := Trust{AWSPrincipals: nonNil(aws), Services: nonNil(services), Federated: nonNil(federated)}
	for _, f := range flags {
		switch f {
		case "public":
			t.Public = true
		case "cross":
			t.CrossAccount = true
		case "extid":
			t.ExternalIDRequired = true
		case "mfa":
			t.MFARequired = true
		case "third":
			t.ThirdPartyTrust = true
		case "oidc":
			t.OIDCSubjectUnrestricted = true
		default:
			panic("unknown flag " + f)
		}
	}
	return t
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func TestAnalyzeTrust(t *testing.T) {
	t.Parallel()
	const (
		github    = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
		eks       = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"
		saml      = "arn:aws:iam::111122223333:saml-provider/Okta"
		ownRoot   = "arn:aws:iam::111122223333:root"
		otherRoot = "arn:aws:iam::444455556666:root"
		otherRole = "arn:aws:iam::444455556666:role/path/Auditor"
		ownUser   = "arn:aws:iam::111122223333:user/alice"
		uniqueID  = "AROAEXAMPLEID1234567"
	)
	tests := []struct {
		name      string
		doc       string
		account   string
		partition string
		want      Trust
	}{
		{
			name: "service role",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			want: trust(nil, []string{"ec2.amazonaws.com"}, nil),
		},
		{
			name: "services sorted and unique across statements",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:TagSession"}]}`,
			want: trust(nil, []string{"ec2.amazonaws.com", "lambda.amazonaws.com"}, nil),
		},
		{
			name: "own account ID rewritten to root ARN",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "own account user ARN",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/alice"]},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{ownUser}, nil, nil),
		},
		{
			name: "other account with external ID",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third", "extid"),
		},
		{
			name: "external ID with StringLike",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"abc-*"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third", "extid"),
		},
		{
			name: "operator and key compared case-insensitively",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"stringequals":{"STS:EXTERNALID":"abc"},"BOOL":{"aws:multifactorauthpresent":"TRUE"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third", "extid", "mfa"),
		},
		{
			name: "StringEqualsIfExists does not require an external ID",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"abc"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third"),
		},
		{
			name: "ForAllValues does not require an external ID",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"ForAllValues:StringEquals":{"sts:ExternalId":"abc"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third"),
		},
		{
			name: "external ID key under another operator does not count",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}}}]}`,
			want: trust([]string{otherRoot}, nil, nil, "cross", "third"),
		},
		{
			// Changed definition: first-party statements do not count.
			name: "own-account statement beside a vendor statement needs no external ID",
			doc: `{"Statement":[
				{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}},
				{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{ownRoot, otherRoot}, nil, nil, "cross", "third", "extid"),
		},
		{
			name: "service-only statements do not need an external ID",
			doc: `{"Statement":[
				{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}},
				{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{otherRoot}, []string{"ec2.amazonaws.com"}, nil, "cross", "third", "extid", "mfa"),
		},
		{
			name: "no AWS statement: external ID and MFA not required",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`,
			want: trust(nil, []string{"ec2.amazonaws.com"}, nil),
		},
		{
			name: "MFA with boolean true",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`,
			want: trust([]string{ownRoot}, nil, nil, "mfa"),
		},
		{
			name: "MFA with a one-element list",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":["true"]}}}]}`,
			want: trust([]string{ownRoot}, nil, nil, "mfa"),
		},
		{
			name: "MFA list allowing false does not count",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "MFA false does not count",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "BoolIfExists does not require MFA",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "MFA age with NumericLessThan",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}`,
			want: trust([]string{ownRoot}, nil, nil, "mfa"),
		},
		{
			name: "MFA age with NumericGreaterThan does not count",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600"}}}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "public string principal",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`,
			want: trust([]string{"*"}, nil, nil, "public", "cross", "third"),
		},
		{
			name: "public AWS principal with external ID",
			doc:  `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`,
			want: trust([]string{"*"}, nil, nil, "public", "cross", "third", "extid"),
		},
		{
			name: "public in an AWS list",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{"*", ownRoot}, nil, nil, "public", "cross", "third"),
		},
		{
			name: "Deny statements are not trust",
			doc: `{"Statement":[
				{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"x"}}},
				{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
		{
			name: "NotPrincipal is ignored",
			doc:  `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}]}`,
			want: trust(nil, nil, nil),
		},
		{
			name: "unique ID is kept and not counted as cross-account",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEID1234567"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{uniqueID}, nil, nil),
		},
		{
			name: "unique ID beside another account's role",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/path/Auditor","AROAEXAMPLEID1234567","arn:aws:iam::444455556666:role/path/Auditor"]},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{uniqueID, otherRole}, nil, nil, "cross", "third"),
		},
		{
			name:      "partition used for account IDs",
			doc:       `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws-cn:iam::444455556666:root"]},"Action":"sts:AssumeRole"}]}`,
			partition: "aws-cn",
			want:      trust([]string{"arn:aws-cn:iam::111122223333:root", "arn:aws-cn:iam::444455556666:root"}, nil, nil, "cross", "third"),
		},
		{
			name:    "unknown account: every account counts as other",
			doc:     `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
			account: "-",
			want:    trust([]string{ownRoot}, nil, nil, "cross", "third"),
		},
		{
			name: "SAML federation",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}`,
			want: trust(nil, nil, []string{saml}),
		},
		{
			name: "GitHub OIDC without a sub condition",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}`,
			want: trust(nil, nil, []string{github}, "oidc"),
		},
		{
			name: "GitHub OIDC restricted by sub",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":["sts:AssumeRoleWithWebIdentity"],"Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/app:*"}}}]}`,
			want: trust(nil, nil, []string{github}),
		},
		{
			name: "sub key compared case-insensitively, any operator",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"ForAnyValue:StringLike":{"Token.Actions.GitHubUserContent.com:SUB":"repo:octo/*"}}}]}`,
			want: trust(nil, nil, []string{github}),
		},
		{
			name: "OIDC with a wildcard action",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRole*"}]}`,
			want: trust(nil, nil, []string{github}, "oidc"),
		},
		{
			name: "OIDC with action *",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]},"Action":["sts:TagSession","*"]}]}`,
			want: trust(nil, nil, []string{github}, "oidc"),
		},
		{
			name: "OIDC with NotAction not excluding web identity",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"NotAction":"sts:AssumeRole"}]}`,
			want: trust(nil, nil, []string{github}, "oidc"),
		},
		{
			name: "OIDC with NotAction excluding web identity",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"NotAction":"sts:AssumeRoleWith*"}]}`,
			want: trust(nil, nil, []string{github}),
		},
		{
			// Changed definition: a statement granting only sts:TagSession
			// admits no one, so its principal is not listed.
			name: "OIDC provider with only sts:TagSession is no trust",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:TagSession"}]}`,
			want: trust(nil, nil, nil),
		},
		{
			name: "EKS OIDC: sub key includes the issuer path",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub":"system:serviceaccount:default:app"}}}]}`,
			want: trust(nil, nil, []string{eks}),
		},
		{
			name: "EKS OIDC: sub key without the path does not restrict",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com:sub":"system:serviceaccount:default:app"}}}]}`,
			want: trust(nil, nil, []string{eks}, "oidc"),
		},
		{
			name: "two OIDC providers, one unrestricted",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com","arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123"]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/*"}}}]}`,
			want: trust(nil, nil, []string{eks, github}, "oidc"),
		},
		{
			name: "Deny OIDC statement is not trust",
			doc:  `{"Statement":[{"Effect":"Deny","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			want: trust(nil, nil, nil),
		},
		{
			// Changed definition: built-in providers are examined too.
			name: "Cognito federation without an aud condition admits any identity pool",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			want: trust(nil, nil, []string{"cognito-identity.amazonaws.com"}, "oidc"),
		},
		{
			name: "URL-encoded document as IAM returns it",
			doc:  pathEscape(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "a+b"}}}]}`),
			want: trust([]string{otherRoot}, nil, nil, "cross", "third", "extid"),
		},
		{
			name: "no statements",
			doc:  `{"Version":"2012-10-17"}`,
			want: trust(nil, nil, nil),
		},
		{
			name: "lowercase effect and non-string principal values",
			doc:  `{"Statement":[{"Effect":"allow","Principal":{"AWS":[1,"111122223333",null],"Service":true,"CanonicalUser":"abc"},"Action":"sts:AssumeRole"}]}`,
			want: trust([]string{ownRoot}, nil, nil),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			account, partition := tt.account, tt.partition
			switch account {
			case "":
				account = testAccount
			case "-":
				account = ""
			}
			if partition == "" {
				partition = "aws"
			}
			got, err := AnalyzeTrust(tt.doc, TrustContext{AccountID: account, Partition: partition})
			if err != nil {
				t.Fatalf("AnalyzeTrust() error = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("AnalyzeTrust() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestAnalyzeTrustErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		doc       string
		partition string
		want      string
	}{
		{"invalid JSON", `{"Statement":`, "aws", "invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 13)"},
		{"empty", ``, "aws", "invalid policy document: empty"},
		{"top-level list", `[{"Statement":[]}]`, "aws", "invalid policy document: the top-level value must be a JSON object"},
		{"statement string", `{"Statement":"x"}`, "aws", "invalid policy document: Statement must be a JSON object or a list of objects"},
		{"statement element not an object", `{"Statement":[{},1]}`, "aws", "invalid policy document: every element of Statement must be a JSON object"},
		// Go keeps the last of duplicate keys: this reads as the own
		// account, a reader keeping the first as public.
		{"duplicate Principal", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Principal":{"AWS":"111122223333"}}]}`, "aws",
			`invalid policy document: duplicate key "Statement.0.Principal", so what IAM enforces is ambiguous`},
		{"duplicate condition operator", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"*"},"StringLike":{"sts:ExternalId":"abc"}}}]}`, "aws",
			`invalid policy document: duplicate key "Statement.0.Condition.StringLike", so what IAM enforces is ambiguous`},
		{"duplicate Version spelled with an escape", `{"Version":"2012-10-17","\u0056ersion":"2008-10-17","Statement":[]}`, "aws",
			`invalid policy document: duplicate key "Version", so what IAM enforces is ambiguous`},
		{"duplicate key among colons and escapes in strings", `{"Statement":[{"Sid":"a\":b","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"x\\":"y:z","x\\":"w"}}}]}`, "aws",
			`invalid policy document: duplicate key "Statement.0.Condition.StringEquals.x\", so what IAM enforces is ambiguous`},
		{"duplicate key in a URL-encoded document", url.QueryEscape(`{"Statement":{"Effect":"Allow","Effect":"Deny"}}`), "aws",
			`invalid policy document: duplicate key "Statement.Effect", so what IAM enforces is ambiguous`},
		{"empty partition", `{}`, "", "analyzing trust policy: partition must be a non-empty AWS partition name such as aws"},
		{"partition with a colon", `{}`, "aws:x", "analyzing trust policy: partition must be a non-empty AWS partition name such as aws"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := AnalyzeTrust(tt.doc, TrustContext{AccountID: testAccount, Partition: tt.partition})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("AnalyzeTrust() = %+v, %v; want error %q", got, err, tt.want)
			}
			if !reflect.DeepEqual(got, Trust{}) {
				t.Fatalf("AnalyzeTrust() = %+v on error, want zero Trust", got)
			}
		})
	}
}

func TestWildcardMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "sts:assumerolewithwebidentity", true},
		{"sts:*", "sts:assumerole", true},
		{"sts:assumerole", "sts:assumerole", true},
		{"sts:assumerole", "sts:assumerolewithsaml", false},
		{"sts:assume?ole*", "sts:assumerolewithsaml", true},
		{"*:*", "sts:x", true},
		{"*:*", "stsx", false},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"", "", true},
		{"", "a", false},
		{"**", "", true},
		{"?", "", false},
	}
	for _, tt := range tests {
		if got := wildcardMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
