package iamidentity

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/policydoc"
)

func TestPermissionProbesCoverEveryPurpose(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	for _, purpose := range policydoc.Purposes {
		_, actions, err := policydoc.ReaderPolicy(purpose, "aws", testAccount.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			used[a] = true
			if _, ok := permissionProbes[a]; !ok && !slices.Contains(UncheckedActions, a) {
				t.Errorf("purpose %s: no permission probe for %s", purpose, a)
			}
		}
	}
	for a := range permissionProbes {
		if !used[a] {
			t.Errorf("permission probe for %s, which no purpose grants", a)
		}
	}
}

func TestCallerUserName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"arn:aws:iam::123456789012:user/alice":                            "alice",
		"arn:aws:iam::123456789012:user/connectors/audit/bob":             "bob",
		"arn:aws-us-gov:iam::123456789012:user/carol":                     "carol",
		"arn:aws:sts::123456789012:assumed-role/Auditor/session":          absentEntityName,
		"arn:aws:iam::123456789012:root":                                  absentEntityName,
		"":                                                                absentEntityName,
		"arn:aws:sts::123456789012:federated-user/user/someone-federated": absentEntityName,
	}
	for arn, want := range tests {
		if got := callerUserName(arn); got != want {
			t.Errorf("callerUserName(%q) = %q, want %q", arn, got, want)
		}
	}
}

func TestProbeOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err         error
		wantAllowed bool
		wantErr     bool
	}{
		{nil, true, false},
		{&smithy.GenericAPIError{Code: "NoSuchEntity"}, true, false},
		{&smithy.GenericAPIError{Code: "ReportNotPresent"}, true, false},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, false, false},
		{&smithy.GenericAPIError{Code: "Throttling"}, false, true},
		{&smithy.GenericAPIError{Code: "ServiceFailure"}, false, true},
		{errors.New("connection reset"), false, true},
	}
	for _, tt := range tests {
		allowed, err := probeOutcome(tt.err)
		if allowed != tt.wantAllowed || (err != nil) != tt.wantErr {
			t.Errorf("probeOutcome(%v) = %v, %v; want %v, error %v", tt.err, allowed, err, tt.wantAllowed, tt.wantErr)
		}
	}
}

// TestCheckPermissions runs every probe of every purpose through the real
// SDK against a local endpoint that denies some actions, answers
// NoSuchEntity to others (authorized, then not found) and fails one.
func TestCheckPermissions(t *testing.T) {
	t.Parallel()
	denied := map[string]bool{"ListRoles": true, "GetCredentialReport": true, "DeleteAccessKey": true}
	absent := map[string]bool{"GetGroup": true, "GetLoginProfile": true, "UpdateAccessKey": true}
	srv := newQueryServer(t, func(action string, _ int) queryAnswer {
		switch {
		case denied[action]:
			return fail(403, "AccessDenied")
		case absent[action]:
			return fail(404, "NoSuchEntity")
		case action == "ListOrganizationsFeatures":
			// Not the management account: answered after authorizing, so allowed.
			return fail(409, "AccountNotManagementOrDelegatedAdministratorException")
		case action == "DescribeOrganization", action == "ListDelegatedAdministrators":
			// The account is in no organization: answered, so allowed.
			return queryAnswer{status: 400, contentType: "application/x-amz-json-1.1",
				body: `{"__type":"AWSOrganizationsNotInUseException","Message":"not in an organization"}`}
		case action == "GetCallerIdentity":
			return queryAnswer{status: 200, body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
				`<Arn>arn:aws:iam::123456789012:user/ci</Arn><Account>123456789012</Account><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`}
		default:
			return ok(action)
		}
	})
	caller := Caller{IAM: srv.iam(1), STS: srv.sts(), Organizations: srv.organizations(), ARN: "arn:aws:iam::123456789012:user/ci", AccessKeyID: "ASIATEMPORARY"}
	for _, purpose := range policydoc.Purposes {
		_, actions, err := policydoc.ReaderPolicy(purpose, "aws", testAccount.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CheckPermissions(t.Context(), caller, actions, 4)
		if err != nil {
			t.Fatalf("%s: %v", purpose, err)
		}
		var wantAllowed, wantMissing, wantUnchecked []string
		for _, a := range actions {
			switch op := a[strings.Index(a, ":")+1:]; {
			case slices.Contains(UncheckedActions, a):
				wantUnchecked = append(wantUnchecked, a)
			case denied[op]:
				wantMissing = append(wantMissing, a)
			default:
				wantAllowed = append(wantAllowed, a)
			}
		}
		if !slices.Equal(got.Allowed, wantAllowed) || !slices.Equal(got.Missing, wantMissing) || !slices.Equal(got.Unchecked, wantUnchecked) {
			t.Errorf("%s: CheckPermissions = %+v; want allowed %v, missing %v, unchecked %v", purpose, got, wantAllowed, wantMissing, wantUnchecked)
		}
	}

	failing := newQueryServer(t, func(action string, _ int) queryAnswer {
		if action == "ListUsers" {
			return fail(500, "ServiceFailure")
		}
		return ok(action)
	})
	_, err := CheckPermissions(t.Context(), Caller{IAM: failing.iam(1), STS: failing.sts()}, []string{"iam:ListGroups", "iam:ListUsers"}, 1)
	if err == nil || !strings.Contains(err.Error(), "ServiceFailure") {
		t.Errorf("an error that says nothing about authorization must fail the check: %v", err)
	}
	if _, err := CheckPermissions(t.Context(), caller, []string{"iam:NoSuchAction"}, 1); err == nil {
		t.Error("an action without a probe must fail the check")
	}
	noOrg := caller
	noOrg.Organizations = nil
	if _, err := CheckPermissions(t.Context(), noOrg, []string{"organizations:DescribeOrganization"}, 1); err == nil {
		t.Error("an Organizations action without a client must fail the check, not pass or panic")
	}
}
