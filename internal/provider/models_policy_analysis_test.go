package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/iamcollect"
)

// adminExpect is the expected full-admin verdict on a policy document.
type adminExpect struct {
	admin, starOnStar bool
	reason            string // "" for null
}

// checks returns the exact checks of the verdict attributes.
func (a adminExpect) checks() map[string]knownvalue.Check {
	var reason knownvalue.Check = knownvalue.Null()
	if a.reason != "" {
		reason = knownvalue.StringExact(a.reason)
	}
	return map[string]knownvalue.Check{
		"grants_full_admin":   knownvalue.Bool(a.admin),
		"grants_star_on_star": knownvalue.Bool(a.starOnStar),
		"full_admin_reason":   reason,
	}
}

// Verdicts the acceptance tests expect, with their reasons.
var (
	starOnStar    = adminExpect{admin: true, starOnStar: true, reason: `Action "*" on Resource "*" allows every action`}
	notActionLeak = adminExpect{admin: true, reason: `NotAction "iam:DeleteAccountAlias" on Resource "*" leaves IAM writes allowed, and with them every action`}
)

// inlineExpect is one expected element of inline_policies.
type inlineExpect struct {
	name, document string
	adminExpect
}

// knownInlinePolicies is the exact check of an inline_policies list.
func knownInlinePolicies(policies []inlineExpect) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(policies))
	for _, p := range policies {
		attrs := p.checks()
		attrs["name"] = knownvalue.StringExact(p.name)
		attrs["document"] = knownvalue.StringExact(p.document)
		checks = append(checks, knownvalue.ObjectExact(attrs))
	}
	return knownvalue.ListExact(checks)
}

func TestInlinePoliciesValue(t *testing.T) {
	t.Parallel()
	value, err := inlinePoliciesTerraformValue("arn:aws-cn:iam::111122223333:role/ops", []iamcollect.InlinePolicy{
		{Name: "break-glass", Document: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws-cn:*"}],"Version":"2012-10-17"}`},
		{Name: "other-partition", Document: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:*"}],"Version":"2012-10-17"}`},
	})
	if err != nil {
		t.Fatalf("inlinePoliciesTerraformValue(): %v", err)
	}
	list, err := inlinePolicyType.frameworkList(t.Context(), value)
	if err != nil {
		t.Fatalf("frameworkList: %v", err)
	}
	got := decodeList[inlinePolicyModel](t, list)
	if len(got) != 2 {
		t.Fatalf("inlinePoliciesTerraformValue() = %+v", got)
	}
	if !got[0].GrantsFullAdmin.ValueBool() || got[0].GrantsStarOnStar.ValueBool() ||
		got[0].FullAdminReason.ValueString() != `Action "*" on Resource "arn:aws-cn:*" allows every action` {
		t.Errorf("break-glass in aws-cn = %+v", got[0])
	}
	if got[1].GrantsFullAdmin.ValueBool() || !got[1].FullAdminReason.IsNull() {
		t.Errorf("arn:aws:* in an aws-cn account = %+v, want not admin", got[1])
	}

	// A document that cannot be analyzed fails the read, naming it.
	_, err = inlinePoliciesTerraformValue("arn:aws:iam::111122223333:user/alice", []iamcollect.InlinePolicy{{Name: "broken", Document: "{"}})
	if err == nil {
		t.Fatal("inlinePoliciesTerraformValue(broken): no error")
	}
	var diags diag.Diagnostics
	addValueError(&diags, err)
	if detail := diags.Errors()[0].Detail(); detail != `The inline policy "broken" of arn:aws:iam::111122223333:user/alice could not be parsed: `+
		`invalid policy document: not valid JSON: unexpected end of JSON input (at byte offset 1). Please report this, with the document if you can share it.` {
		t.Errorf("detail = %q", detail)
	}
}

func TestPartitionOf(t *testing.T) {
	t.Parallel()
	for arn, want := range map[string]string{
		"arn:aws:iam::111122223333:user/a":        "aws",
		"arn:aws-us-gov:iam::111122223333:role/r": "aws-us-gov",
		"arn:aws-cn:iam::111122223333:group/g":    "aws-cn",
		"":                                        "aws",
		"not-an-arn":                              "aws",
	} {
		if got := partitionOf(arn); got != want {
			t.Errorf("partitionOf(%q) = %q, want %q", arn, got, want)
		}
	}
}
