package policydoc

import (
	"reflect"
	"strings"
	"testing"
)

func TestOrganizationCentralPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		partition, path, rn string
		extra               []string
		wantJSON            string
		wantActions         []string
	}{
		{
			name: "OrganizationAccountAccessRole", partition: "aws", rn: "OrganizationAccountAccessRole",
			wantJSON: `{"Statement":[{"Action":["organizations:ListAccounts","organizations:ListAccountsForParent",` +
				`"organizations:ListOrganizationalUnitsForParent","organizations:ListRoots"],"Effect":"Allow","Resource":"*",` +
				`"Sid":"OrganizationAccountsRead"},{"Action":["sts:AssumeRole"],"Effect":"Allow",` +
				`"Resource":["arn:aws:iam::*:role/OrganizationAccountAccessRole"],"Sid":"AssumeMemberRole"}],"Version":"2012-10-17"}`,
			wantActions: []string{"organizations:ListAccounts", "organizations:ListAccountsForParent",
				"organizations:ListOrganizationalUnitsForParent", "organizations:ListRoots", "sts:AssumeRole"},
		},
		{
			name: "path, partition and extra actions", partition: "aws-us-gov", path: "/audit/", rn: "iamaudit-reader",
			extra: []string{"organizations:DescribeOrganization", "organizations:ListRoots"},
			wantJSON: `{"Statement":[{"Action":["organizations:DescribeOrganization","organizations:ListAccounts",` +
				`"organizations:ListAccountsForParent","organizations:ListOrganizationalUnitsForParent","organizations:ListRoots"],` +
				`"Effect":"Allow","Resource":"*","Sid":"OrganizationAccountsRead"},{"Action":["sts:AssumeRole"],"Effect":"Allow",` +
				`"Resource":["arn:aws-us-gov:iam::*:role/audit/iamaudit-reader"],"Sid":"AssumeMemberRole"}],"Version":"2012-10-17"}`,
			wantActions: []string{"organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListAccountsForParent",
				"organizations:ListOrganizationalUnitsForParent", "organizations:ListRoots", "sts:AssumeRole"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, actions, err := OrganizationCentralPolicy(tt.partition, tt.path, tt.rn, tt.extra)
			if err != nil {
				t.Fatal(err)
			}
			if doc != tt.wantJSON {
				t.Fatalf("policy =\n%s\nwant\n%s", doc, tt.wantJSON)
			}
			if !reflect.DeepEqual(actions, tt.wantActions) {
				t.Fatalf("actions = %q, want %q", actions, tt.wantActions)
			}
			if n, err := Normalize(doc); err != nil || n != doc {
				t.Fatalf("Normalize() = %s, %v: the built policy is not normalized", n, err)
			}
		})
	}
}

func TestOrganizationCentralPolicy_invalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, partition, path, rn string
		extra                     []string
		want                      string
	}{
		{"no role name", "aws", "", "", nil, "member role name"},
		{"role ARN as name", "aws", "", "arn:aws:iam::123456789012:role/x", nil, "member role name"},
		{"wildcard name", "aws", "", "*", nil, "member role name"},
		{"path without slash", "aws", "audit", "r", nil, "member role path"},
		{"wildcard path", "aws", "/*/", "r", nil, "member role path"},
		{"bad partition", "AWS", "", "r", nil, "partition"},
		{"bad extra", "aws", "", "r", []string{"ListRoots"}, "extra actions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, actions, err := OrganizationCentralPolicy(tt.partition, tt.path, tt.rn, tt.extra)
			if err == nil || !strings.Contains(err.Error(), tt.want) || doc != "" || actions != nil {
				t.Fatalf("OrganizationCentralPolicy() = %q, %q, %v; want an error about %s", doc, actions, err, tt.want)
			}
		})
	}
}
