package policydoc

import (
	"strings"
	"testing"
)

func TestTrustPolicyForCrossAccountRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		partition  string
		principals []string
		externalID string
		requireMFA bool
		want       string
	}{
		{
			name:       "account ID becomes a root ARN string",
			partition:  "aws",
			principals: []string{"444455556666"},
			externalID: "vendor-tenant-42",
			want:       `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor-tenant-42"}},"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"}}],"Version":"2012-10-17"}`,
		},
		{
			name:       "with MFA",
			partition:  "aws",
			principals: []string{"arn:aws:iam::444455556666:root"},
			externalID: "ab",
			requireMFA: true,
			want:       `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"sts:ExternalId":"ab"}},"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"}}],"Version":"2012-10-17"}`,
		},
		{
			name:      "several principals sorted and deduplicated after rewriting",
			partition: "aws",
			principals: []string{
				"arn:aws:iam::777788889999:user/ops/bob",
				"444455556666",
				"arn:aws:iam::444455556666:root",
				"arn:aws:iam::444455556666:role/Auditor",
			},
			externalID: "x=y,z.@:/-_+",
			want:       `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x=y,z.@:/-_+"}},"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/Auditor","arn:aws:iam::444455556666:root","arn:aws:iam::777788889999:user/ops/bob"]}}],"Version":"2012-10-17"}`,
		},
		{
			name:       "other partition",
			partition:  "aws-us-gov",
			principals: []string{"444455556666", "arn:aws-us-gov:iam::111122223333:role/a/b/R"},
			externalID: "ext",
			want:       `{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext"}},"Effect":"Allow","Principal":{"AWS":["arn:aws-us-gov:iam::111122223333:role/a/b/R","arn:aws-us-gov:iam::444455556666:root"]}}],"Version":"2012-10-17"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := TrustPolicyForCrossAccountRole(tt.partition, tt.principals, tt.externalID, tt.requireMFA)
			if err != nil {
				t.Fatalf("TrustPolicyForCrossAccountRole() error = %v", err)
			}
			if got != tt.want {
				t.Fatalf("TrustPolicyForCrossAccountRole() =\n%s\nwant\n%s", got, tt.want)
			}
			if n, err := Normalize(got); err != nil || n != got {
				t.Fatalf("Normalize() changed the built policy: %q, %v", n, err)
			}
			tr, err := AnalyzeTrust(got, TrustContext{AccountID: "111122223333", Partition: tt.partition})
			if err != nil {
				t.Fatalf("AnalyzeTrust() error = %v", err)
			}
			if !tr.CrossAccount || !tr.ThirdPartyTrust || !tr.ExternalIDRequired || tr.MFARequired != tt.requireMFA || tr.Public {
				t.Fatalf("AnalyzeTrust() of the built policy = %+v", tr)
			}
		})
	}
}

func TestTrustPolicyForCrossAccountRoleErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		partition  string
		principals []string
		externalID string
		want       string
	}{
		{"no principals", "aws", nil, "ext", "trust policy: at least one trusted principal is required"},
		{"empty partition", "", []string{"444455556666"}, "ext", `trust policy: partition "" is not an AWS partition name such as aws`},
		{"short account ID", "aws", []string{"44445555666"}, "ext", `trust policy: trusted principal "44445555666" must be a 12-digit account ID, an account root ARN (arn:aws:iam::123456789012:root), or a user or role ARN`},
		{"wildcard", "aws", []string{"*"}, "ext", `trust policy: trusted principal "*" must be a 12-digit account ID, an account root ARN (arn:aws:iam::123456789012:root), or a user or role ARN`},
		{"group ARN", "aws", []string{"arn:aws:iam::444455556666:group/g"}, "ext", `trust policy: trusted principal "arn:aws:iam::444455556666:group/g" must be a 12-digit account ID, an account root ARN (arn:aws:iam::123456789012:root), or a user or role ARN`},
		{"wildcard in name", "aws", []string{"arn:aws:iam::444455556666:role/*"}, "ext", `trust policy: trusted principal "arn:aws:iam::444455556666:role/*" must be a 12-digit account ID, an account root ARN (arn:aws:iam::123456789012:root), or a user or role ARN`},
		{"assumed-role session", "aws", []string{"arn:aws:sts::444455556666:assumed-role/R/s"}, "ext", `trust policy: trusted principal "arn:aws:sts::444455556666:assumed-role/R/s" must be a 12-digit account ID, an account root ARN (arn:aws:iam::123456789012:root), or a user or role ARN`},
		{"other partition", "aws", []string{"arn:aws-cn:iam::444455556666:root"}, "ext", `trust policy: trusted principal "arn:aws-cn:iam::444455556666:root" is in partition "aws-cn", not "aws"`},
		{"external ID too short", "aws", []string{"444455556666"}, "x", "trust policy: the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-"},
		{"external ID too long", "aws", []string{"444455556666"}, strings.Repeat("x", 1225), "trust policy: the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-"},
		{"external ID with a space", "aws", []string{"444455556666"}, "a b", "trust policy: the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-"},
		{"empty external ID", "aws", []string{"444455556666"}, "", "trust policy: the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := TrustPolicyForCrossAccountRole(tt.partition, tt.principals, tt.externalID, false)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("TrustPolicyForCrossAccountRole() = %q, %v; want error %q", got, err, tt.want)
			}
			if got != "" {
				t.Fatalf("TrustPolicyForCrossAccountRole() = %q on error, want empty", got)
			}
		})
	}
}

func TestTrustPolicyForCrossAccountRoleMaxExternalID(t *testing.T) {
	t.Parallel()
	id := strings.Repeat("a", 1224)
	got, err := TrustPolicyForCrossAccountRole("aws", []string{"444455556666"}, id, false)
	if err != nil {
		t.Fatalf("TrustPolicyForCrossAccountRole() error = %v", err)
	}
	if !strings.Contains(got, `"sts:ExternalId":"`+id+`"`) {
		t.Fatalf("TrustPolicyForCrossAccountRole() = %q, want the external ID", got)
	}
}
