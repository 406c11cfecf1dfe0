package policydoc

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
)

func TestActionLists(t *testing.T) {
	t.Parallel()
	wantInventory := []string{
		"iam:GetAccountSummary", "iam:GetGroup", "iam:GetGroupPolicy", "iam:GetLoginProfile",
		"iam:GetUser", "iam:GetUserPolicy", "iam:ListAccessKeys", "iam:ListAttachedGroupPolicies",
		"iam:ListAttachedUserPolicies", "iam:ListGroupPolicies", "iam:ListGroups",
		"iam:ListGroupsForUser", "iam:ListMFADevices", "iam:ListSSHPublicKeys",
		"iam:ListServiceSpecificCredentials", "iam:ListSigningCertificates",
		"iam:ListUserPolicies", "iam:ListUserTags", "iam:ListUsers",
	}
	wantAudit := []string{
		"iam:GenerateCredentialReport", "iam:GetAccessKeyLastUsed",
		"iam:GetAccountAuthorizationDetails", "iam:GetAccountPasswordPolicy",
		"iam:GetAccountSummary", "iam:GetCredentialReport", "iam:GetLoginProfile",
		"iam:ListAccessKeys", "iam:ListAccountAliases", "iam:ListMFADevices", "iam:ListOrganizationsFeatures",
		"iam:ListRoles", "iam:ListSAMLProviders", "iam:ListServerCertificates", "iam:ListUsers", "iam:ListVirtualMFADevices",
		"organizations:DescribeOrganization", "organizations:ListDelegatedAdministrators", "sts:AssumeRoot", "sts:GetCallerIdentity",
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"IAMInventoryActions", IAMInventoryActions, wantInventory},
		{"AuditActions", AuditActions, wantAudit},
		{"keyRotationActions", keyRotationActions, []string{
			"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed",
			"iam:GetUser", "iam:ListAccessKeys", "iam:UpdateAccessKey",
		}},
		{"Purposes", Purposes, []string{"audit", "iam-inventory", "key-rotation-self"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Fatalf("%s =\n%q\nwant\n%q", tt.name, tt.got, tt.want)
			}
			if tt.name == "Purposes" {
				return
			}
			if !slices.IsSorted(tt.got) || len(slices.Compact(slices.Clone(tt.got))) != len(tt.got) {
				t.Fatalf("%s is not sorted and unique", tt.name)
			}
			for _, a := range tt.got {
				if err := ValidateActionName(a, false); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if len(IAMInventoryActions) != 19 || slices.Contains(IAMInventoryActions, "iam:ListGroupTags") {
		t.Fatalf("IAMInventoryActions must be the 19 real actions without iam:ListGroupTags")
	}
}

func TestReaderPolicy(t *testing.T) {
	t.Parallel()
	auditJSON := `{"Statement":[{"Action":["iam:GenerateCredentialReport","iam:GetAccessKeyLastUsed","iam:GetAccountAuthorizationDetails","iam:GetAccountPasswordPolicy","iam:GetAccountSummary","iam:GetCredentialReport","iam:GetLoginProfile","iam:ListAccessKeys","iam:ListAccountAliases","iam:ListMFADevices","iam:ListOrganizationsFeatures","iam:ListRoles","iam:ListSAMLProviders","iam:ListServerCertificates","iam:ListUsers","iam:ListVirtualMFADevices","organizations:DescribeOrganization","organizations:ListDelegatedAdministrators","sts:GetCallerIdentity"],"Effect":"Allow","Resource":"*","Sid":"IAMAuditRead"},{"Action":["sts:AssumeRoot"],"Condition":{"ArnLike":{"sts:TaskPolicyArn":"arn:*:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}},"Effect":"Allow","Resource":"*","Sid":"IAMAuditRootUserCredentials"}],"Version":"2012-10-17"}`
	inventoryJSON := `{"Statement":[{"Action":["iam:GetAccountSummary","iam:GetGroup","iam:GetGroupPolicy","iam:GetLoginProfile","iam:GetUser","iam:GetUserPolicy","iam:ListAccessKeys","iam:ListAttachedGroupPolicies","iam:ListAttachedUserPolicies","iam:ListGroupPolicies","iam:ListGroups","iam:ListGroupsForUser","iam:ListMFADevices","iam:ListSSHPublicKeys","iam:ListServiceSpecificCredentials","iam:ListSigningCertificates","iam:ListUserPolicies","iam:ListUserTags","iam:ListUsers"],"Effect":"Allow","Resource":"*","Sid":"IAMInventoryRead"}],"Version":"2012-10-17"}`
	rotationJSON := `{"Statement":[{"Action":["iam:ListAccountAliases"],"Effect":"Allow","Resource":"*","Sid":"ListAccountAliases"},{"Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:GetAccessKeyLastUsed","iam:GetUser","iam:ListAccessKeys","iam:UpdateAccessKey"],"Effect":"Allow","Resource":["arn:aws:iam::111122223333:user/${aws:username}","arn:aws:iam::111122223333:user/*/${aws:username}"],"Sid":"RotateOwnAccessKeys"}],"Version":"2012-10-17"}`
	rotationActions := []string{"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "iam:GetUser", "iam:ListAccessKeys", "iam:ListAccountAliases", "iam:UpdateAccessKey"}
	tests := []struct {
		name        string
		purpose     string
		partition   string
		accountID   string
		extra       []string
		wantJSON    string
		wantActions []string
	}{
		{"audit", "audit", "aws", "111122223333", nil, auditJSON, AuditActions},
		{"audit ignores partition and account", "audit", "", "", nil, auditJSON, AuditActions},
		{
			name: "audit with extra actions, deduplicated and sorted", purpose: "audit",
			extra:       []string{"s3:ListAllMyBuckets", "iam:ListUsers", "iam:Get*", "s3:ListAllMyBuckets"},
			wantJSON:    `{"Statement":[{"Action":["iam:GenerateCredentialReport","iam:Get*","iam:GetAccessKeyLastUsed","iam:GetAccountAuthorizationDetails","iam:GetAccountPasswordPolicy","iam:GetAccountSummary","iam:GetCredentialReport","iam:GetLoginProfile","iam:ListAccessKeys","iam:ListAccountAliases","iam:ListMFADevices","iam:ListOrganizationsFeatures","iam:ListRoles","iam:ListSAMLProviders","iam:ListServerCertificates","iam:ListUsers","iam:ListVirtualMFADevices","organizations:DescribeOrganization","organizations:ListDelegatedAdministrators","s3:ListAllMyBuckets","sts:GetCallerIdentity"],"Effect":"Allow","Resource":"*","Sid":"IAMAuditRead"},{"Action":["sts:AssumeRoot"],"Condition":{"ArnLike":{"sts:TaskPolicyArn":"arn:*:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}},"Effect":"Allow","Resource":"*","Sid":"IAMAuditRootUserCredentials"}],"Version":"2012-10-17"}`,
			wantActions: []string{"iam:GenerateCredentialReport", "iam:Get*", "iam:GetAccessKeyLastUsed", "iam:GetAccountAuthorizationDetails", "iam:GetAccountPasswordPolicy", "iam:GetAccountSummary", "iam:GetCredentialReport", "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListAccountAliases", "iam:ListMFADevices", "iam:ListOrganizationsFeatures", "iam:ListRoles", "iam:ListSAMLProviders", "iam:ListServerCertificates", "iam:ListUsers", "iam:ListVirtualMFADevices", "organizations:DescribeOrganization", "organizations:ListDelegatedAdministrators", "s3:ListAllMyBuckets", "sts:AssumeRoot", "sts:GetCallerIdentity"},
		},
		{"iam-inventory", "iam-inventory", "aws", "111122223333", []string{}, inventoryJSON, IAMInventoryActions},
		{"key-rotation-self", "key-rotation-self", "aws", "111122223333", nil, rotationJSON, rotationActions},
		{
			name: "key-rotation-self in another partition", purpose: "key-rotation-self", partition: "aws-cn", accountID: "444455556666",
			wantJSON:    `{"Statement":[{"Action":["iam:ListAccountAliases"],"Effect":"Allow","Resource":"*","Sid":"ListAccountAliases"},{"Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:GetAccessKeyLastUsed","iam:GetUser","iam:ListAccessKeys","iam:UpdateAccessKey"],"Effect":"Allow","Resource":["arn:aws-cn:iam::444455556666:user/${aws:username}","arn:aws-cn:iam::444455556666:user/*/${aws:username}"],"Sid":"RotateOwnAccessKeys"}],"Version":"2012-10-17"}`,
			wantActions: rotationActions,
		},
		{
			name: "key-rotation-self with extra actions in their own statement", purpose: "key-rotation-self", partition: "aws", accountID: "111122223333",
			extra:       []string{"sts:GetCallerIdentity", "iam:ListAccountAliases", "iam:GetUser", "sts:GetCallerIdentity"},
			wantJSON:    `{"Statement":[{"Action":["iam:ListAccountAliases"],"Effect":"Allow","Resource":"*","Sid":"ListAccountAliases"},{"Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:GetAccessKeyLastUsed","iam:GetUser","iam:ListAccessKeys","iam:UpdateAccessKey"],"Effect":"Allow","Resource":["arn:aws:iam::111122223333:user/${aws:username}","arn:aws:iam::111122223333:user/*/${aws:username}"],"Sid":"RotateOwnAccessKeys"},{"Action":["iam:GetUser","sts:GetCallerIdentity"],"Effect":"Allow","Resource":"*","Sid":"ExtraActions"}],"Version":"2012-10-17"}`,
			wantActions: append(slices.Clone(rotationActions), "sts:GetCallerIdentity"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gotJSON, gotActions, err := ReaderPolicy(tt.purpose, tt.partition, tt.accountID, tt.extra)
			if err != nil {
				t.Fatalf("ReaderPolicy() error = %v", err)
			}
			if gotJSON != tt.wantJSON {
				t.Fatalf("ReaderPolicy() json =\n%s\nwant\n%s", gotJSON, tt.wantJSON)
			}
			if !reflect.DeepEqual(gotActions, tt.wantActions) {
				t.Fatalf("ReaderPolicy() actions =\n%q\nwant\n%q", gotActions, tt.wantActions)
			}
			if n, err := Normalize(gotJSON); err != nil || n != gotJSON {
				t.Fatalf("Normalize() changed the built policy: %q, %v", n, err)
			}
			if admin, err := GrantsFullAdmin(gotJSON, "aws"); err != nil || admin {
				t.Fatalf("GrantsFullAdmin() = %v, %v", admin, err)
			}
		})
	}
}

func TestReaderPolicyDoesNotShareSlices(t *testing.T) {
	t.Parallel()
	_, actions, err := ReaderPolicy("audit", "aws", "111122223333", nil)
	if err != nil {
		t.Fatal(err)
	}
	actions[0] = "changed"
	if AuditActions[0] != "iam:GenerateCredentialReport" {
		t.Fatalf("ReaderPolicy() returned AuditActions itself: %q", AuditActions[0])
	}
}

func TestReaderPolicyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		purpose   string
		partition string
		accountID string
		extra     []string
		want      string
	}{
		{"unknown purpose", "admin", "aws", "111122223333", nil, `unknown reader policy purpose "admin": allowed values are audit, iam-inventory, key-rotation-self`},
		{"unknown purpose reported before extra actions", "admin", "aws", "111122223333", []string{"*"}, `unknown reader policy purpose "admin": allowed values are audit, iam-inventory, key-rotation-self`},
		{"empty purpose", "", "aws", "111122223333", nil, `unknown reader policy purpose "": allowed values are audit, iam-inventory, key-rotation-self`},
		{"purpose is case-sensitive", "Audit", "aws", "111122223333", nil, `unknown reader policy purpose "Audit": allowed values are audit, iam-inventory, key-rotation-self`},
		{"invalid extra action", "audit", "aws", "111122223333", []string{"iam:ListUsers", "ListRoles"}, `extra actions: invalid action name "ListRoles": must be "service:Action", where service is lowercase letters, digits and hyphens (e.g. iam) and Action is letters, digits and "*" wildcards (e.g. ListUsers)`},
		{"bare wildcard extra action", "iam-inventory", "aws", "111122223333", []string{"*"}, `extra actions: invalid action name "*": must be "service:Action", where service is lowercase letters, digits and hyphens (e.g. iam) and Action is letters, digits and "*" wildcards (e.g. ListUsers)`},
		{"key-rotation-self without account", "key-rotation-self", "aws", "", nil, `key-rotation-self: account ID "" must be 12 digits`},
		{"key-rotation-self with a bad account", "key-rotation-self", "aws", "1111-2222-3333", nil, `key-rotation-self: account ID "1111-2222-3333" must be 12 digits`},
		{"key-rotation-self without partition", "key-rotation-self", "", "111122223333", nil, `key-rotation-self: partition "" is not an AWS partition name such as aws`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gotJSON, gotActions, err := ReaderPolicy(tt.purpose, tt.partition, tt.accountID, tt.extra)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("ReaderPolicy() error = %v, want %q", err, tt.want)
			}
			if gotJSON != "" || gotActions != nil {
				t.Fatalf("ReaderPolicy() = %q, %q on error, want empty", gotJSON, gotActions)
			}
		})
	}
}

func TestValidateActionName(t *testing.T) {
	t.Parallel()
	const (
		plain    = `must be "service:Action", where service is lowercase letters, digits and hyphens (e.g. iam) and Action is letters and digits (e.g. ListUsers)`
		wildcard = `must be "service:Action", where service is lowercase letters, digits and hyphens (e.g. iam) and Action is letters, digits and "*" wildcards (e.g. ListUsers)`
	)
	tests := []struct {
		s              string
		allowWildcards bool
		wantErr        string
	}{
		{"iam:ListUsers", false, ""},
		{"sts:GetCallerIdentity", false, ""},
		{"access-analyzer:ListAnalyzers", false, ""},
		{"ec2:DescribeInstances", true, ""},
		{"s3:ListAllMyBuckets", false, ""},
		{"iam:Get*", true, ""},
		{"iam:*", true, ""},
		{"iam:*Policy*", true, ""},
		{"iam:Get*", false, plain},
		{"iam:*", false, plain},
		{"*", true, wildcard},
		{"*:*", true, wildcard},
		{"", false, plain},
		{"iam:", false, plain},
		{":ListUsers", false, plain},
		{"IAM:ListUsers", false, plain},
		{"iam:List Users", false, plain},
		{"iam:List-Users", true, wildcard},
		{"iam:ListUsers:x", false, plain},
		{"iam:List?", true, wildcard},
		{" iam:ListUsers", false, plain},
	}
	for _, tt := range tests {
		err := ValidateActionName(tt.s, tt.allowWildcards)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ValidateActionName(%q, %v) error = %v", tt.s, tt.allowWildcards, err)
			}
			continue
		}
		want := "invalid action name " + strconv.Quote(tt.s) + ": " + tt.wantErr
		if err == nil || err.Error() != want {
			t.Errorf("ValidateActionName(%q, %v) error = %v, want %q", tt.s, tt.allowWildcards, err, want)
		}
	}
}
