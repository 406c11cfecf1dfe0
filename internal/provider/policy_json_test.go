package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

func TestPolicyJSONSemanticEquals(t *testing.T) {
	t.Parallel()
	base := policyJSONOf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListRoles"],"Resource":"*"}]}`)
	tests := []struct {
		other string
		want  bool
	}{
		{`{"Statement":{"Resource":"*","Action":"iam:ListRoles","Effect":"Allow"},"Version":"2012-10-17"}`, true},
		{`%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3AListRoles%22%2C%22Resource%22%3A%22*%22%7D%5D%7D`, true},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`, false},
		{`not json`, false},
	}
	for _, tt := range tests {
		got, diags := base.StringSemanticEquals(t.Context(), policyJSONOf(tt.other))
		if diags.HasError() || got != tt.want {
			t.Errorf("StringSemanticEquals(%s) = %v, %v; want %v", tt.other, got, diags, tt.want)
		}
	}
	if _, diags := base.StringSemanticEquals(t.Context(), basetypes.NewStringValue("x")); !diags.HasError() {
		t.Error("StringSemanticEquals(plain string) did not report an error")
	}
}

func TestKeepEquivalent(t *testing.T) {
	t.Parallel()
	prior := policyJSONOf(`{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`)
	same := `{"Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":["*"]}]}`
	other := `{"Statement":[{"Action":["s3:Get*"],"Effect":"Allow","Resource":["*"]}]}`
	if got := keepEquivalent(prior, same); !got.Equal(prior) {
		t.Errorf("keepEquivalent(equivalent) = %s, want the prior formatting", got)
	}
	if got := keepEquivalent(prior, other); got.ValueString() != other {
		t.Errorf("keepEquivalent(different) = %s, want %s", got, other)
	}
	if got := keepEquivalent(policyJSONNull(), same); got.ValueString() != same {
		t.Errorf("keepEquivalent(null prior) = %s, want %s", got, same)
	}
}

func TestPolicyInputsDocument(t *testing.T) {
	t.Parallel()
	extra, _ := types.SetValueFrom(t.Context(), types.StringType, []string{"s3:ListAllMyBuckets"})
	tests := []struct {
		name      string
		in        policyInputs
		wantDoc   string
		wantKnown bool
	}{
		{"nothing", policyInputs{Purpose: types.StringNull(), PolicyJSON: policyJSONNull(), ExtraActions: types.SetNull(types.StringType)}, "", true},
		{"purpose with extras", policyInputs{Purpose: types.StringValue("audit"), PolicyJSON: policyJSONNull(), ExtraActions: extra},
			readerPolicyJSON(t, "audit", []string{"s3:ListAllMyBuckets"}), true},
		{"policy_json normalized", policyInputs{Purpose: types.StringNull(), PolicyJSON: policyJSONOf(`{ "Statement": [ {"Effect": "Allow", "Resource": "*", "Action": "s3:*"} ] }`), ExtraActions: types.SetNull(types.StringType)},
			`{"Statement":[{"Action":"s3:*","Effect":"Allow","Resource":"*"}]}`, true},
		{"unknown purpose", policyInputs{Purpose: types.StringUnknown(), PolicyJSON: policyJSONNull(), ExtraActions: types.SetNull(types.StringType)}, "", false},
		{"unknown extras", policyInputs{Purpose: types.StringValue("audit"), PolicyJSON: policyJSONNull(), ExtraActions: types.SetUnknown(types.StringType)}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			doc, known := tt.in.document(t.Context(), "aws", acctest.AccountID, &diags)
			if diags.HasError() || doc != tt.wantDoc || known != tt.wantKnown {
				t.Fatalf("document() = %q, %v, %v; want %q, %v", doc, known, diags, tt.wantDoc, tt.wantKnown)
			}
		})
	}
}
