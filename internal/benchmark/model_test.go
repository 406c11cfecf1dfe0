package main

import (
	"maps"
	"strings"
	"testing"
)

func TestPageSize(t *testing.T) {
	tests := []struct {
		maxItems, want int
	}{
		{0, 100},
		{-5, 100},
		{1, 1},
		{100, 100},
		{1000, 1000},
		{5000, 1000},
	}
	for _, tt := range tests {
		if got := PageSize(tt.maxItems); got != tt.want {
			t.Errorf("PageSize(%d) = %d, want %d", tt.maxItems, got, tt.want)
		}
	}
}

func TestAWSPages(t *testing.T) {
	tests := []struct {
		items, pageSize, want int
	}{
		{0, 1000, 1},      // an empty list is still one call
		{1, 1000, 1},      // one item
		{1000, 1000, 1},   // exactly one full page
		{1001, 1000, 2},   // one over
		{10146, 1000, 11}, // GAAD at N = 10 000: users + groups + roles + policies
		{250, 100, 3},     // IAM's default page size
		{7, 0, 1},         // invalid page size falls back to 100
		{101, 0, 2},
	}
	for _, tt := range tests {
		if got := AWSPages(tt.items, tt.pageSize); got != tt.want {
			t.Errorf("AWSPages(%d, %d) = %d, want %d", tt.items, tt.pageSize, got, tt.want)
		}
	}
}

func TestModelledCalls(t *testing.T) {
	tests := []struct {
		name      string
		items     int
		pageSize  int
		truncated bool
		want      int
	}{
		{"moto returned everything in one page", 2500, 1000, false, 3},
		{"the server paged (IsTruncated)", 1000, 1000, true, 1},
		{"last page of a paged list", 400, 1000, false, 1},
		{"non-list response", 0, 100, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ModelledCalls(tt.items, tt.pageSize, tt.truncated); got != tt.want {
				t.Errorf("ModelledCalls(%d, %d, %v) = %d, want %d", tt.items, tt.pageSize, tt.truncated, got, tt.want)
			}
		})
	}
}

func TestIsPaginated(t *testing.T) {
	for action, want := range map[string]bool{
		"ListUsers":                      true,
		"ListAccessKeys":                 true,
		"ListVirtualMFADevices":          true,
		"GetAccountAuthorizationDetails": true,
		"GetGroup":                       true,
		"GetCredentialReport":            false,
		"GenerateCredentialReport":       false,
		"GetAccessKeyLastUsed":           false,
		"GetAccountSummary":              false,
		"":                               false,
	} {
		if got := IsPaginated(action); got != want {
			t.Errorf("IsPaginated(%q) = %v, want %v", action, got, want)
		}
	}
}

// gaadBody is a GetAccountAuthorizationDetails response with 2 users (one
// with a nested GroupList of 2), 1 group, 1 role and 2 policies.
const gaadBody = `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
<GetAccountAuthorizationDetailsResult>
  <IsTruncated>false</IsTruncated>
  <UserDetailList>
    <member><UserName>a</UserName><GroupList><member>g1</member><member>g2</member></GroupList></member>
    <member><UserName>b</UserName></member>
  </UserDetailList>
  <GroupDetailList><member><GroupName>g1</GroupName></member></GroupDetailList>
  <RoleDetailList><member><RoleName>r</RoleName><AttachedManagedPolicies><member/></AttachedManagedPolicies></member></RoleDetailList>
  <Policies><member><PolicyName>p1</PolicyName></member><member><PolicyName>p2</PolicyName></member></Policies>
</GetAccountAuthorizationDetailsResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</GetAccountAuthorizationDetailsResponse>`

func TestListItems(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		wantItems     int
		wantTruncated bool
	}{
		{"GAAD counts every entity list, not nested lists", gaadBody, 6, false},
		{
			"ListUsers truncated",
			`<ListUsersResponse><ListUsersResult><Users><member><UserName>a</UserName></member></Users>` +
				`<IsTruncated>true</IsTruncated><Marker>m</Marker></ListUsersResult></ListUsersResponse>`,
			1, true,
		},
		{
			"empty list",
			`<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata/><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>`,
			0, false,
		},
		{
			"no list",
			`<GetCredentialReportResponse><GetCredentialReportResult><Content>dXNlcg==</Content></GetCredentialReportResult></GetCredentialReportResponse>`,
			0, false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, truncated, err := ListItems([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if items != tt.wantItems || truncated != tt.wantTruncated {
				t.Errorf("ListItems = %d, %v; want %d, %v", items, truncated, tt.wantItems, tt.wantTruncated)
			}
		})
	}
}

func TestListItemsInvalid(t *testing.T) {
	if _, _, err := ListItems([]byte("<a><b></a>")); err == nil || !strings.Contains(err.Error(), "parsing response XML") {
		t.Errorf("ListItems(invalid) error = %v, want a parse error", err)
	}
}

func TestModelCounts(t *testing.T) {
	observed := map[string]int{
		"iam:GetAccountAuthorizationDetails": 2,
		"iam:ListVirtualMFADevices":          1,
		"iam:GetCredentialReport":            1,
		"sts:GetCallerIdentity":              1,
	}
	pages := map[string]PageStats{
		// A combined pass over 10 146 entities and a pass over 0 AWS managed policies.
		"iam:GetAccountAuthorizationDetails": {Responses: 2, Modelled: 11 + 1},
		"iam:ListVirtualMFADevices":          {Responses: 1, Modelled: 5},
	}
	want := map[string]int{
		"iam:GetAccountAuthorizationDetails": 12,
		"iam:ListVirtualMFADevices":          5,
		"iam:GetCredentialReport":            1,
		"sts:GetCallerIdentity":              1,
	}
	got := ModelCounts(observed, pages)
	if !maps.Equal(got, want) {
		t.Errorf("ModelCounts = %v, want %v", got, want)
	}
	if n := Sum(got, ""); n != 19 {
		t.Errorf("Sum(all) = %d, want 19", n)
	}
	if n := Sum(got, "iam:"); n != 18 {
		t.Errorf("Sum(iam:) = %d, want 18", n)
	}
}

func TestModelCountsFaultedResponses(t *testing.T) {
	// A faulted call reaches the proxy but not the tap: it counts as itself.
	got := ModelCounts(map[string]int{"iam:ListUsers": 3}, map[string]PageStats{"iam:ListUsers": {Responses: 1, Modelled: 10}})
	if got["iam:ListUsers"] != 12 {
		t.Errorf("ListUsers = %d, want 2 faulted + 10 modelled", got["iam:ListUsers"])
	}
}

func TestSummarizeReport(t *testing.T) {
	report := "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
		"mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region," +
		"access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
		"access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n" +
		"<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
		"a,arn:aws:iam::123456789012:user/a,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,true,2021-01-01T00:00:00+00:00,N/A,N/A,N/A,false,2022-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n" +
		"b,arn:aws:iam::123456789012:user/b,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
	got, err := summarizeReport([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	want := auditSummary{Users: 2, Keys: 2, LoginProfiles: 1, MFADevices: 1}
	if got != want {
		t.Errorf("summarizeReport = %+v, want %+v", got, want)
	}
	if _, err := summarizeReport([]byte("user,arn\na,b\n")); err == nil {
		t.Error("summarizeReport without columns succeeded")
	}
}
