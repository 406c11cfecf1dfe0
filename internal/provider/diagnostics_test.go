package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/awsclient"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/awserr"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamidentity"
)

// sdkError is an error as the SDK returns it for op.
func sdkError(op string, status int, code, message string) error {
	return &smithy.OperationError{ServiceID: "IAM", OperationName: op, Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      &smithy.GenericAPIError{Code: code, Message: message},
		},
	}}
}

// TestAddAWSError: one helper for data sources and resources; the advice
// for AccessDenied depends on who asks.
func TestAddAWSError(t *testing.T) {
	t.Parallel()
	denied := sdkError("CreateUser", 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:CreateUser")
	tests := []struct {
		name   string
		err    error
		advice []accessAdvice
		want   []string
	}{
		{"data source denied", awserr.WithAction("iam:ListRoles", sdkError("ListRoles", 403, "AccessDenied", "no")), nil,
			[]string{"iam:ListRoles was denied: no", "Grant iam:ListRoles", "data.iamaudit_reader_policy", "fails closed"}},
		{"resource denied", denied, []accessAdvice{readerUserKind.access()},
			[]string{"iam:CreateUser was denied: User: arn:aws:iam::123456789012:user/ci", "iamaudit_reader_user creates, reads and changes",
				"such as iam:CreateUser", "deliberately do not grant", "iam:TagUser", "iam:UntagPolicy"}},
		{"other error", sdkError("GetUser", 500, "ServiceFailure", "boom"), nil, []string{"iam:GetUser failed:", "ServiceFailure: boom"}},
		{"report timeout", fmt.Errorf("reading: %w", iamcollect.ErrReportTimeout), nil, []string{"credential_report_timeout", "fails closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addAWSError(&diags, "Unable to Do It", tt.err, tt.advice...)
			if len(diags) != 1 || diags[0].Summary() != "Unable to Do It" {
				t.Fatalf("diagnostics = %v", diags)
			}
			for _, want := range tt.want {
				if !strings.Contains(diags[0].Detail(), want) {
					t.Errorf("detail %q does not contain %q", diags[0].Detail(), want)
				}
			}
		})
	}
}

// TestAccountScopeAWSError: in a member account the detail names the
// account and the member role, and a denied action is the role's to grant.
func TestAccountScopeAWSError(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::210987654321:role/audit/OrganizationAccountAccessRole"
	member := &accountScope{client: &awsclient.Client{AccountID: "210987654321"}, roleARN: role}
	denied := awserr.WithAction("iam:ListRoles", sdkError("ListRoles", 403, "AccessDenied", "no"))
	tests := []struct {
		name   string
		scope  *accountScope
		err    error
		advice []accessAdvice
		want   string
	}{
		{"own account: as before", &accountScope{}, denied, nil,
			"iam:ListRoles was denied: no\n\nGrant iam:ListRoles to the provider's credentials, for example with the policy from " +
				"data.iamaudit_reader_policy (purpose \"audit\"). The audit fails closed: it does not return partial data."},
		{"member account: the account and the role", member, denied, nil,
			"In AWS account 210987654321, through the member role " + role + ": iam:ListRoles was denied: no\n\nGrant iam:ListRoles to " +
				"the member role " + role + ", for example with the policy from data.iamaudit_reader_policy (purpose \"audit\"). " +
				"The audit fails closed: it does not return partial data."},
		{"member account, resource", member, awserr.WithAction("iam:CreateRole", sdkError("CreateRole", 403, "AccessDenied", "no")),
			[]accessAdvice{crossAccountRoleKind.access()},
			"In AWS account 210987654321, through the member role " + role + ": iam:CreateRole was denied: no\n\n" +
				"iamaudit_cross_account_role creates, reads and changes IAM users, groups, roles and policies, so the member role " + role +
				" must be allowed IAM administration actions such as iam:CreateRole"},
		{"member account, other error", member, awserr.WithAction("iam:GetAccountSummary", sdkError("GetAccountSummary", 500, "ServiceFailure", "boom")), nil,
			"In AWS account 210987654321, through the member role " + role + ": iam:GetAccountSummary failed: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			tt.scope.addAWSError(&diags, "Unable to Read IAM Roles", tt.err, tt.advice...)
			if len(diags) != 1 || diags[0].Summary() != "Unable to Read IAM Roles" || !strings.HasPrefix(diags[0].Detail(), tt.want) {
				t.Fatalf("diagnostics = %v, want the detail to start with %q", diags, tt.want)
			}
		})
	}
}

// TestCreateFailed maps the write side's create failures to diagnostics
// and, when something is left, to tainted state.
func TestCreateFailed(t *testing.T) {
	t.Parallel()
	exists := sdkError("CreatePolicy", 409, "EntityAlreadyExists", "A policy called r-reader already exists.")
	tests := []struct {
		name      string
		err       error
		summaries []string
		want      string
		saved     bool
	}{
		{"first step refused", &iamidentity.CreateError{Step: "user r", Err: sdkError("CreateUser", 403, "AccessDenied", "no")},
			[]string{"Unable to Create IAM Reader User"}, "iam:CreateUser was denied", false},
		{"rolled back", &iamidentity.CreateError{Step: "policy r-reader", Err: &iamidentity.ForeignEntityError{What: "policy r-reader", Err: exists},
			RolledBack: []string{"user r", "group r"}},
			[]string{"Unable to Create IAM Reader User", "Unable to Create IAM Reader User: Rolled Back"},
			"deleted again: user r, group r. Nothing is left in AWS", false},
		{"partly left", &iamidentity.CreateError{Step: "the access key", Err: sdkError("CreateAccessKey", 403, "AccessDenied", "no"),
			Left: []string{"group r (iam:DeleteGroup: AccessDenied)"}},
			[]string{"Unable to Create IAM Reader User", "Unable to Create IAM Reader User: Partially Rolled Back"},
			"could not be deleted again: group r (iam:DeleteGroup: AccessDenied)", true},
		{"may be left", &iamidentity.CreateError{Step: "user r", Err: &iamidentity.MaybeLeftError{What: "user r", Token: "t1",
			Err: sdkError("CreateUser", 500, "ServiceFailure", "lost")}},
			[]string{"Unable to Create IAM Reader User", "Unable to Create IAM Reader User: Check for Leftovers"},
			"it carries the tag iamaudit:create-token = t1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := readerUserSchema(t)
			resp := &resource.CreateResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(t.Context()), nil)}}
			plan := readerUserModel{Name: types.StringValue("r"), ARN: types.StringUnknown(), PolicyDocument: policyJSONUnknown(),
				ExtraActions: types.SetNull(types.StringType), Tags: types.MapNull(types.StringType)}
			createFailed(context.Background(), &accountScope{}, readerUserKind, resp, tt.err, &plan)
			var summaries []string
			for _, d := range resp.Diagnostics {
				summaries = append(summaries, d.Summary())
			}
			if fmt.Sprint(summaries) != fmt.Sprint(tt.summaries) {
				t.Fatalf("summaries = %q, want %q", summaries, tt.summaries)
			}
			if last := resp.Diagnostics[len(resp.Diagnostics)-1].Detail(); !strings.Contains(last, tt.want) {
				t.Errorf("detail %q does not contain %q", last, tt.want)
			}
			if saved := !resp.State.Raw.IsNull(); saved != tt.saved {
				t.Errorf("state saved = %v, want %v", saved, tt.saved)
			}
			if tt.saved && (!plan.ARN.IsNull() || !plan.PolicyDocument.IsNull()) {
				t.Errorf("unknown values saved: %+v", plan)
			}
		})
	}
}

func readerUserSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	NewReaderUserResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema
}
