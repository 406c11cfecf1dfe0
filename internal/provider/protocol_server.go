package provider

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// The built lists (users, access keys, groups, roles, policies, credential
// report rows: the terraformList attributes) skip the framework's response
// pipeline. After a data source's Read, terraform-plugin-framework v1.19
// copies the whole new state, compares the copy with the original node by
// node (semantic equality), walks it again for null collection blocks (this
// provider's data sources have no blocks) and encodes it for the protocol
// on one goroutine: for 1 000 users about 0.2 s of one core on the plan's
// critical path, for 10 000 about 2 s. None of it can change a computed
// list that no configuration sets.
//
// So protocolServer gives each ReadDataSource a heldLists; setBuiltState
// moves the built lists out of the state into it and leaves the framework
// the state with those lists empty, which it processes as always (every
// other attribute, diagnostics and errors stay the framework's). The
// server then puts the lists back into the framework's answer and encodes
// them itself, each list's elements concurrently, into exactly the bytes
// tftypes would write (TestProtocolServer_stateBytesAsTheFrameworks).

// ProtocolServer returns the provider's protocol version 6 server:
// terraform-plugin-framework's, with the built lists of data source states
// encoded by the provider (see heldLists).
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	return protocolServerFor(New(version)())
}

// protocolServerFor serves p as ProtocolServer does.
func protocolServerFor(p provider.Provider) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer {
		return protocolServer{ProviderServer: framework()}
	}
}

// protocolServer is the framework's server with ReadDataSource finishing
// the built lists. The framework's optional protocol extensions (list
// resources, actions, state stores) are not passed on: this provider has
// none, and Terraform 1.11 has none of them either.
type protocolServer struct {
	tfprotov6.ProviderServer
}

// ReadDataSource reads through the framework and puts back the lists the
// data source held.
func (s protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	held := &heldLists{}
	resp, err := s.ProviderServer.ReadDataSource(context.WithValue(ctx, heldListsKey{}, held), req)
	if err != nil || resp == nil || resp.State == nil || hasError(resp.Diagnostics) {
		return resp, err
	}
	state, ok, err := held.restore(*resp.State)
	switch {
	case err != nil:
		resp.State = nil
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Internal error encoding the data source's state",
			Detail:   "This is a bug in the iamaudit provider; please report it. " + err.Error(),
		})
	case ok:
		resp.State = &state
	}
	return resp, nil
}

// hasError reports whether diags has an error.
func hasError(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool {
		return d != nil && d.Severity == tfprotov6.DiagnosticSeverityError
	})
}

// heldListsKey is the context key of a read's heldLists.
type heldListsKey struct{}

// heldLists carries a data source's built lists from setBuiltState to
// protocolServer.ReadDataSource. The framework calls Read on the goroutine
// of ReadDataSource, and returns before the lists are put back, so a
// heldLists is never used by two goroutines at once.
type heldLists struct {
	objType tftypes.Object           // the state's type
	lists   map[string]tftypes.Value // attribute name → its list; nil until taken
}

// setBuiltState sets state from model, as state.Set does. Under
// protocolServer it then holds the state's built lists back (see
// heldLists); elsewhere (a Read called directly) the state keeps them.
func setBuiltState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	diags := state.Set(ctx, model)
	held, _ := ctx.Value(heldListsKey{}).(*heldLists)
	if held == nil || diags.HasError() {
		return diags
	}
	if err := held.take(state); err != nil {
		diags.AddError("Internal error preparing the data source's state",
			"This is a bug in the iamaudit provider; please report it. "+err.Error())
	}
	return diags
}

// take moves the known, non-empty built lists of state into h, leaving
// empty lists of the same type in their place.
func (h *heldLists) take(state *tfsdk.State) error {
	if h.lists != nil {
		return fmt.Errorf("the state was set twice in one read")
	}
	objType, ok := state.Raw.Type().(tftypes.Object)
	if !ok {
		return fmt.Errorf("the state is a %s, not an object", state.Raw.Type())
	}
	var attrs map[string]tftypes.Value
	if err := state.Raw.As(&attrs); err != nil {
		return err
	}
	lists := map[string]tftypes.Value{}
	for name, attribute := range state.Schema.GetAttributes() {
		if _, built := attribute.GetType().(terraformListType); !built {
			continue
		}
		list, ok := attrs[name]
		if !ok || !list.IsKnown() || list.IsNull() {
			continue
		}
		lists[name] = list
		attrs[name] = tftypes.NewValue(objType.AttributeTypes[name], []tftypes.Value{})
	}
	if len(lists) == 0 {
		return nil
	}
	state.Raw = tftypes.NewValue(objType, attrs)
	h.objType, h.lists = objType, lists
	return nil
}

// restore returns the framework's state with the held lists put back,
// encoded as tftypes encodes an object: a map of every attribute in name
// order. ok is false when nothing was held (state is then final as it is).
func (h *heldLists) restore(state tfprotov6.DynamicValue) (tfprotov6.DynamicValue, bool, error) {
	if h.lists == nil {
		return tfprotov6.DynamicValue{}, false, nil
	}
	value, err := state.Unmarshal(h.objType)
	if err != nil {
		return tfprotov6.DynamicValue{}, false, err
	}
	var attrs map[string]tftypes.Value
	if err := value.As(&attrs); err != nil {
		return tfprotov6.DynamicValue{}, false, err
	}
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	names := make([]string, 0, len(h.objType.AttributeTypes))
	for name := range h.objType.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	if err := enc.EncodeMapLen(len(names)); err != nil {
		return tfprotov6.DynamicValue{}, false, err
	}
	for _, name := range names {
		if err := enc.EncodeString(name); err != nil {
			return tfprotov6.DynamicValue{}, false, err
		}
		if list, held := h.lists[name]; held {
			err = encodeList(&buf, enc, h.objType.AttributeTypes[name], list)
		} else {
			err = encodeValue(&buf, h.objType.AttributeTypes[name], attrs[name])
		}
		if err != nil {
			return tfprotov6.DynamicValue{}, false, fmt.Errorf("attribute %q: %w", name, err)
		}
	}
	return tfprotov6.DynamicValue{MsgPack: buf.Bytes()}, true, nil
}

// encodeValue appends v, of type t, as tftypes encodes it.
func encodeValue(buf *bytes.Buffer, t tftypes.Type, v tftypes.Value) error {
	dv, err := tfprotov6.NewDynamicValue(t, v)
	if err != nil {
		return err
	}
	buf.Write(dv.MsgPack)
	return nil
}

// encodeList appends list, of type listType, as tftypes encodes a list: its
// length, then every element, the elements encoded concurrently
// (inRanges) and appended in order.
func encodeList(buf *bytes.Buffer, enc *msgpack.Encoder, listType tftypes.Type, list tftypes.Value) error {
	typ, ok := listType.(tftypes.List)
	if !ok {
		return fmt.Errorf("a %s is not a list", listType)
	}
	var elems []tftypes.Value
	if err := list.As(&elems); err != nil {
		return err
	}
	if err := enc.EncodeArrayLen(len(elems)); err != nil {
		return err
	}
	encoded := make([]tfprotov6.DynamicValue, len(elems))
	errs := make([]error, len(elems))
	inRanges(len(elems), func(start, end int) {
		for i := start; i < end; i++ {
			encoded[i], errs[i] = tfprotov6.NewDynamicValue(typ.ElementType, elems[i])
		}
	})
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("element %d: %w", i, err)
		}
		buf.Write(encoded[i].MsgPack)
	}
	return nil
}
