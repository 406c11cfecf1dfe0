package provider

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// manyUsersModel is an iamaudit_users model of n variedUsers.
func manyUsersModel(t *testing.T, n int, tagged bool) usersModel {
	t.Helper()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	users := variedUsers(n, now, tagged)
	value, err := usersTerraformValue(users, now)
	if err != nil {
		t.Fatal(err)
	}
	return usersModel{
		AccountID:                   types.StringNull(),
		PathPrefix:                  types.StringValue("/"),
		NameRegex:                   types.StringNull(),
		Users:                       terraformListOf(userType.builtListType(), value),
		CredentialReportGeneratedAt: types.StringValue("2025-06-01T11:00:00Z"),
	}
}

// usersState is an empty iamaudit_users state.
func usersState(t *testing.T) tfsdk.State {
	t.Helper()
	s := dataSourceSchema(t, &usersDataSource{})
	return tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
}

// TestProtocolServer_stateBytesAsTheFrameworks: a state whose built list is
// held back and put back by the protocol server is, byte for byte, what
// the framework alone sends (tftypes' encoding of the whole state), for
// lists that are encoded by several goroutines, by one, and empty, and
// with tags (maps) the same value; the
// framework meanwhile sees the list empty and every other attribute as it
// is, and what it answers for those attributes is what is sent.
func TestProtocolServer_stateBytesAsTheFrameworks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n      int
		tagged bool
	}{{3*listParallelMin + 7, false}, {3*listParallelMin + 7, true}, {3, false}, {0, false}} {
		n := c.n
		t.Run(fmt.Sprintf("%d users, tagged %v", n, c.tagged), func(t *testing.T) {
			t.Parallel()
			model := manyUsersModel(t, n, c.tagged)

			plain := usersState(t)
			if diags := setBuiltState(context.Background(), &plain, model); diags.HasError() {
				t.Fatalf("setBuiltState without a server: %v", diags)
			}
			want, err := tfprotov6.NewDynamicValue(plain.Raw.Type(), plain.Raw)
			if err != nil {
				t.Fatal(err)
			}

			held := &heldLists{}
			ctx := context.WithValue(context.Background(), heldListsKey{}, held)
			light := usersState(t)
			if diags := setBuiltState(ctx, &light, model); diags.HasError() {
				t.Fatalf("setBuiltState under the server: %v", diags)
			}
			var seen usersModelAttrs
			if err := light.Raw.As(&seen.attrs); err != nil {
				t.Fatal(err)
			}
			if users := seen.list(t, "users"); len(users) != 0 {
				t.Errorf("the framework sees %d users; want the list held back (empty)", len(users))
			}
			if got := seen.attrs["credential_report_generated_at"]; !got.Equal(tftypes.NewValue(tftypes.String, "2025-06-01T11:00:00Z")) {
				t.Errorf("the framework sees credential_report_generated_at %s; want it unchanged", got)
			}

			framework, err := tfprotov6.NewDynamicValue(light.Raw.Type(), light.Raw)
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := held.restore(framework)
			if err != nil || !ok {
				t.Fatalf("restore: ok %v, %v", ok, err)
			}
			if !c.tagged && !bytes.Equal(got.MsgPack, want.MsgPack) {
				t.Errorf("%d users: the server sends %d bytes that differ from the framework's %d", n, len(got.MsgPack), len(want.MsgPack))
			}
			if sent, err := got.Unmarshal(plain.Raw.Type()); err != nil || !sent.Equal(plain.Raw) {
				t.Errorf("%d users: the state sent decodes (error %v) to a value other than the whole state", n, err)
			}

			// An attribute the framework answers differently (as
			// semantic equality may) is sent as the framework answers it.
			seen.attrs["path_prefix"] = tftypes.NewValue(tftypes.String, "/changed/")
			changed, err := tfprotov6.NewDynamicValue(light.Raw.Type(), tftypes.NewValue(light.Raw.Type(), seen.attrs))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err = held.restore(changed)
			if err != nil {
				t.Fatal(err)
			}
			back, err := got.Unmarshal(light.Raw.Type())
			if err != nil {
				t.Fatal(err)
			}
			var sent usersModelAttrs
			if err := back.As(&sent.attrs); err != nil {
				t.Fatal(err)
			}
			if p := sent.attrs["path_prefix"]; !p.Equal(tftypes.NewValue(tftypes.String, "/changed/")) {
				t.Errorf("path_prefix sent %s; want the framework's answer", p)
			}
			if users := sent.list(t, "users"); len(users) != n {
				t.Errorf("%d users sent; want %d", len(users), n)
			}
		})
	}
}

// usersModelAttrs is a decoded iamaudit_users state.
type usersModelAttrs struct{ attrs map[string]tftypes.Value }

// list returns the elements of the list attribute name.
func (a usersModelAttrs) list(t *testing.T, name string) []tftypes.Value {
	t.Helper()
	var elems []tftypes.Value
	if err := a.attrs[name].As(&elems); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return elems
}

// fakeFramework stands in for the framework's server: its ReadDataSource
// sets the state as a data source does, then encodes it, or fails.
type fakeFramework struct {
	tfprotov6.ProviderServer
	t     *testing.T
	model usersModel
	diags []*tfprotov6.Diagnostic
}

func (f fakeFramework) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	state := usersState(f.t)
	if diags := setBuiltState(ctx, &state, f.model); diags.HasError() {
		f.t.Fatalf("setBuiltState: %v", diags)
	}
	dv, err := tfprotov6.NewDynamicValue(state.Raw.Type(), state.Raw)
	if err != nil {
		f.t.Fatal(err)
	}
	return &tfprotov6.ReadDataSourceResponse{State: &dv, Diagnostics: f.diags}, nil
}

// TestProtocolServer_readDataSource: the server sends the whole state with
// the framework's warnings, and leaves an answer with an error as the
// framework gave it.
func TestProtocolServer_readDataSource(t *testing.T) {
	t.Parallel()
	model := manyUsersModel(t, 5, false)
	whole := usersState(t)
	if diags := setBuiltState(context.Background(), &whole, model); diags.HasError() {
		t.Fatal(diags)
	}
	want, err := tfprotov6.NewDynamicValue(whole.Raw.Type(), whole.Raw)
	if err != nil {
		t.Fatal(err)
	}
	warning := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "w"}
	resp, err := protocolServer{fakeFramework{t: t, model: model, diags: []*tfprotov6.Diagnostic{warning}}}.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.State == nil || !bytes.Equal(resp.State.MsgPack, want.MsgPack) {
		t.Error("with a warning: the state sent is not the whole state")
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0] != warning {
		t.Errorf("diagnostics %v; want the framework's warning alone", resp.Diagnostics)
	}

	failure := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "e"}
	resp, err = protocolServer{fakeFramework{t: t, model: model, diags: []*tfprotov6.Diagnostic{failure}}}.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0] != failure || resp.State == nil || bytes.Equal(resp.State.MsgPack, want.MsgPack) {
		t.Error("with an error: the answer is not the framework's as it gave it")
	}

	// Nothing held (a data source without built lists): the framework's
	// answer as it is.
	held := &heldLists{}
	if _, ok, err := held.restore(want); ok || err != nil {
		t.Errorf("restore with nothing held: ok %v, %v; want the state left as it is", ok, err)
	}
}
