package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
)

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

func TestTagChanges(t *testing.T) {
	t.Parallel()
	m := func(kv ...string) types.Map {
		values := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			values[kv[i]] = kv[i+1]
		}
		v, _ := types.MapValueFrom(t.Context(), types.StringType, values)
		return v
	}
	set, remove := tagChanges(t.Context(), m("a", "1", "b", "2", "c", "3"), m("a", "1", "b", "20", "d", "4"))
	var setKeys []string
	for _, tag := range set {
		setKeys = append(setKeys, *tag.Key+"="+*tag.Value)
	}
	if !slices.Equal(setKeys, []string{"b=20", "d=4"}) || !slices.Equal(remove, []string{"c"}) {
		t.Fatalf("tagChanges() = %v, %v; want [b=20 d=4], [c]", setKeys, remove)
	}
	set, remove = tagChanges(t.Context(), types.MapNull(types.StringType), types.MapNull(types.StringType))
	if len(set) != 0 || len(remove) != 0 {
		t.Fatalf("tagChanges(null, null) = %v, %v", set, remove)
	}
}
