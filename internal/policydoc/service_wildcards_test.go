package policydoc

import (
	"net/url"
	"slices"
	"testing"
)

// service_wildcards (Security Hub IAM.21): every finding beside the
// look-alike that must not be one.
func TestServiceWildcards(t *testing.T) {
	t.Parallel()
	const bucket = `"Resource":"arn:aws:s3:::reports/*"`
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"ec2:*", adminDoc([2]string{`"Action":"ec2:*"`, `"Resource":"*"`}), []string{`Action "ec2:*"`}},
		{"mirror: ec2:Describe*", adminDoc([2]string{`"Action":"ec2:Describe*"`, `"Resource":"*"`}), []string{}},
		{"scoped resource still counts", adminDoc([2]string{`"Action":"s3:*"`, bucket}), []string{`Action "s3:*"`}},
		{"mirror: s3:Get* on the same resource", adminDoc([2]string{`"Action":"s3:Get*"`, bucket}), []string{}},
		{"case does not matter", adminDoc([2]string{`"Action":"S3:*"`, bucket}), []string{`Action "S3:*"`}},
		{"s3:?* matches every action", adminDoc([2]string{`"Action":"s3:?*"`, bucket}), []string{`Action "s3:?*"`}},
		{"mirror: s3:?? matches two-letter actions only", adminDoc([2]string{`"Action":"s3:??"`, bucket}), []string{}},
		{"s3:** matches every action", adminDoc([2]string{`"Action":"s3:**"`, bucket}), []string{`Action "s3:**"`}},
		{"a service glob", adminDoc([2]string{`"Action":"s3*:*"`, bucket}), []string{`Action "s3*:*"`}},
		{"mirror: a service glob with some actions", adminDoc([2]string{`"Action":"s3*:Get*"`, bucket}), []string{}},
		{"* is every service", adminDoc([2]string{`"Action":"*"`, `"Resource":"*"`}), []string{`Action "*"`}},
		{"*:* is every service", adminDoc([2]string{`"Action":["iam:ListUsers","*:*"]`, `"Resource":"*"`}), []string{`Action "*:*"`}},
		{"mirror: a single action", adminDoc([2]string{`"Action":"iam:ListUsers"`, `"Resource":"*"`}), []string{}},
		{"one entry per pattern, sorted", adminDoc([2]string{`"Action":["sqs:*","ec2:*","ec2:Describe*"]`, `"Resource":"*"`}),
			[]string{`Action "ec2:*"`, `Action "sqs:*"`}},
		{"NotAction iam:* allows every other service", adminDoc([2]string{`"NotAction":"iam:*"`, `"Resource":"*"`}),
			[]string{`NotAction "iam:*"`}},
		{"NotAction of one action", adminDoc([2]string{`"NotAction":["iam:DeleteUser","s3:*"]`, bucket}),
			[]string{`NotAction ["iam:DeleteUser","s3:*"]`}},
		{"mirror: NotAction * allows nothing", adminDoc([2]string{`"NotAction":"*"`, `"Resource":"*"`}), []string{}},
		{"mirror: NotAction *:Get* leaves no service whole", adminDoc([2]string{`"NotAction":"*:Get*"`, `"Resource":"*"`}), []string{}},
		{"mirror: Deny", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, []string{}},
		{"conditions do not matter", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*",` +
			`"Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}`, []string{`Action "kms:*"`}},
		{"URL-encoded as IAM returns it", url.QueryEscape(adminDoc([2]string{`"Action":"ec2:*"`, `"Resource":"*"`})), []string{`Action "ec2:*"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ServiceWildcards(tt.doc)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("ServiceWildcards() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestServiceWildcards_invalidDocument(t *testing.T) {
	t.Parallel()
	if got, err := ServiceWildcards(`{"Statement":`); err == nil {
		t.Fatalf("ServiceWildcards() on a broken document = %q, want an error", got)
	}
}
