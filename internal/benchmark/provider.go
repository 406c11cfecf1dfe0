package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/terraform-provider-iamaudit/internal/acctest"
	"github.com/iamaudit/terraform-provider-iamaudit/internal/provider"
)

// The provider in-process: the CIS module's data sources read through the
// provider's protocol 6 server without Terraform or gRPC, so that the
// provider's own cost (collection, mapping to Terraform values, encoding the
// state) can be timed and profiled apart from Terraform's.

// cisDataSources are the data sources the CIS module reads, with the
// arguments it gives them (the credential report: only the root row).
var cisDataSources = []struct {
	typeName string
	args     map[string]tftypes.Value
}{
	{"iamaudit_caller_identity", nil},
	{"iamaudit_account", nil},
	{"iamaudit_password_policy", nil},
	{"iamaudit_credential_report", map[string]tftypes.Value{"users": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
		[]tftypes.Value{tftypes.NewValue(tftypes.String, "<root_account>")})}},
	{"iamaudit_users", nil},
	{"iamaudit_groups", nil},
	{"iamaudit_roles", nil},
	{"iamaudit_policies", map[string]tftypes.Value{"scope": tftypes.NewValue(tftypes.String, "All")}},
	{"iamaudit_server_certificates", nil},
	{"iamaudit_saml_providers", nil},
	{"iamaudit_organization_features", nil},
	{"iamaudit_delegated_administrators", nil},
}

// providerSummary is what an in-process provider run measured.
type providerSummary struct {
	wall       time.Duration            // the concurrent first reads
	cold, warm map[string]time.Duration // per data source: first read, re-read from the memo
	stateBytes map[string]int           // msgpack state size per data source
}

// providerCIS configures the provider against endpoint and reads the CIS
// data sources concurrently (as terraform does), then once more each from
// the provider's memoized collection.
func providerCIS(ctx context.Context, endpoint string, maxConcurrency int) (providerSummary, error) {
	sum := providerSummary{cold: map[string]time.Duration{}, warm: map[string]time.Duration{}, stateBytes: map[string]int{}}
	srv := provider.ProtocolServer("bench")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return sum, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := diagnosticsError("GetProviderSchema", schemas.Diagnostics); err != nil {
		return sum, err
	}
	if err := configureProvider(ctx, srv, schemas.Provider, endpoint, maxConcurrency); err != nil {
		return sum, err
	}
	var mu sync.Mutex
	start := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	for _, ds := range cisDataSources {
		g.Go(func() error {
			d, size, err := readDataSource(gctx, srv, schemas.DataSourceSchemas[ds.typeName], ds.typeName, ds.args)
			mu.Lock()
			sum.cold[ds.typeName], sum.stateBytes[ds.typeName] = d, size
			mu.Unlock()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return sum, err
	}
	sum.wall = time.Since(start)
	for _, ds := range cisDataSources {
		d, _, err := readDataSource(ctx, srv, schemas.DataSourceSchemas[ds.typeName], ds.typeName, ds.args)
		if err != nil {
			return sum, err
		}
		sum.warm[ds.typeName] = d
	}
	return sum, nil
}

// configureProvider configures the provider for moto through endpoint.
func configureProvider(ctx context.Context, srv tfprotov6.ProviderServer, schema *tfprotov6.Schema, endpoint string, maxConcurrency int) error {
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		return fmt.Errorf("provider schema type %T is not an object", schema.ValueType())
	}
	endpointsType, ok := typ.AttributeTypes["endpoints"].(tftypes.Object)
	if !ok {
		return fmt.Errorf("provider schema has no endpoints block")
	}
	endpoints := nullAttributes(endpointsType)
	endpoints["iam"] = tftypes.NewValue(tftypes.String, endpoint)
	endpoints["sts"] = tftypes.NewValue(tftypes.String, endpoint)
	endpoints["organizations"] = tftypes.NewValue(tftypes.String, endpoint)
	attrs := nullAttributes(typ)
	attrs["region"] = tftypes.NewValue(tftypes.String, acctest.Region)
	attrs["access_key"] = tftypes.NewValue(tftypes.String, acctest.AccessKey)
	attrs["secret_key"] = tftypes.NewValue(tftypes.String, acctest.SecretKey)
	attrs["max_concurrency"] = tftypes.NewValue(tftypes.Number, maxConcurrency)
	attrs["endpoints"] = tftypes.NewValue(endpointsType, endpoints)
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		return fmt.Errorf("encoding the provider configuration: %w", err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &config})
	if err != nil {
		return fmt.Errorf("ConfigureProvider: %w", err)
	}
	return diagnosticsError("ConfigureProvider", resp.Diagnostics)
}

// readDataSource reads one data source with the given arguments (others
// null) and returns how long it took and the size of its encoded state.
func readDataSource(ctx context.Context, srv tfprotov6.ProviderServer, schema *tfprotov6.Schema, typeName string, args map[string]tftypes.Value) (time.Duration, int, error) {
	if schema == nil {
		return 0, 0, fmt.Errorf("data source %s is not registered", typeName)
	}
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		return 0, 0, fmt.Errorf("%s schema type %T is not an object", typeName, schema.ValueType())
	}
	attrs := nullAttributes(typ)
	for k, v := range args {
		attrs[k] = v
	}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		return 0, 0, fmt.Errorf("encoding the %s configuration: %w", typeName, err)
	}
	start := time.Now()
	resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: &config})
	took := time.Since(start)
	if err != nil {
		return took, 0, fmt.Errorf("ReadDataSource %s: %w", typeName, err)
	}
	if err := diagnosticsError("ReadDataSource "+typeName, resp.Diagnostics); err != nil {
		return took, 0, err
	}
	size := 0
	if resp.State != nil {
		size = len(resp.State.MsgPack)
	}
	return took, size, nil
}

// nullAttributes returns a null value for every attribute of typ.
func nullAttributes(typ tftypes.Object) map[string]tftypes.Value {
	out := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		out[name] = tftypes.NewValue(t, nil)
	}
	return out
}

// diagnosticsError joins the error diagnostics, if any.
func diagnosticsError(what string, diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", what, strings.Join(msgs, "; "))
}

// String lists the per data source times, slowest first.
func (s providerSummary) String() string {
	names := make([]string, 0, len(s.cold))
	for n := range s.cold {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return int(s.warm[b] - s.warm[a]) })
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %ss cold / %ss re-read / %d KiB state",
			strings.TrimPrefix(n, "iamaudit_"), seconds(s.cold[n]), seconds(s.warm[n]), s.stateBytes[n]>>10))
	}
	return "per data source: " + strings.Join(parts, "; ")
}
