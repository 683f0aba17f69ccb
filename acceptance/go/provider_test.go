package acceptance

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"tmproto/tfplugin6"
)

// getSchema calls GetProviderSchema and checks what every call must
// satisfy for Terraform to load the provider.
func getSchema(t *testing.T, p tfplugin6.ProviderClient) *tfplugin6.GetProviderSchema_Response {
	t.Helper()
	resp, err := p.GetProviderSchema(rpcContext(t), &tfplugin6.GetProviderSchema_Request{})
	if err != nil {
		t.Fatalf("GetProviderSchema: %v", err)
	}
	requireNoErrors(t, "GetProviderSchema", resp.Diagnostics)
	if resp.Provider == nil || resp.Provider.Block == nil {
		t.Fatalf("GetProviderSchema: provider schema or its block is missing (Terraform: \"missing provider schema\")")
	}
	if _, err := impliedType(resp.Provider.Block); err != nil {
		t.Fatalf("provider schema: %v", err)
	}
	for _, problem := range validateBlock(resp.Provider.Block, "provider") {
		t.Errorf("invalid schema: %s", problem)
	}
	for _, name := range sortedKeys(resp.DataSourceSchemas) {
		s := resp.DataSourceSchemas[name]
		if !strings.HasPrefix(name, providerTypeName+"_") {
			t.Errorf("data source %q is not prefixed with %q", name, providerTypeName+"_")
		}
		if s == nil || s.Block == nil {
			t.Fatalf("data source %q has no block", name)
		}
		if _, err := impliedType(s.Block); err != nil {
			t.Fatalf("data source %q: %v", name, err)
		}
		for _, problem := range validateBlock(s.Block, name) {
			t.Errorf("invalid schema: %s", problem)
		}
	}
	return resp
}

func versionSchema(t *testing.T, resp *tfplugin6.GetProviderSchema_Response) *tfplugin6.Schema_Block {
	t.Helper()
	s, ok := resp.DataSourceSchemas[versionDataSource]
	if !ok {
		t.Fatalf("data source %s missing; have %v", versionDataSource, sortedKeys(resp.DataSourceSchemas))
	}
	want := map[string]bool{"version": false, "protocol_version": false}
	for _, a := range s.Block.Attributes {
		if _, ok := want[a.Name]; !ok {
			continue
		}
		want[a.Name] = true
		if string(a.Type) != `"string"` {
			t.Errorf("%s.%s type = %s, want \"string\"", versionDataSource, a.Name, a.Type)
		}
		if !a.Computed || a.Required || a.Optional {
			t.Errorf("%s.%s must be computed only (computed=%v required=%v optional=%v)",
				versionDataSource, a.Name, a.Computed, a.Required, a.Optional)
		}
	}
	for name, seen := range want {
		if !seen {
			t.Errorf("%s has no attribute %q", versionDataSource, name)
		}
	}
	return s.Block
}

func readVersion(t *testing.T, p tfplugin6.ProviderClient, block *tfplugin6.Schema_Block) cty.Value {
	t.Helper()
	ty, _ := impliedType(block)
	resp, err := p.ReadDataSource(rpcContext(t), &tfplugin6.ReadDataSource_Request{
		TypeName:           versionDataSource,
		Config:             encode(t, nullConfig(block)),
		ClientCapabilities: &tfplugin6.ClientCapabilities{WriteOnlyAttributesAllowed: true},
	})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	requireNoErrors(t, "ReadDataSource", resp.Diagnostics)
	if resp.Deferred != nil {
		t.Fatalf("ReadDataSource deferred (%v) although the client did not allow deferral", resp.Deferred)
	}
	state := decode(t, resp.State, ty)
	if state.IsNull() {
		t.Fatal("ReadDataSource returned a null object (Terraform: \"Provider produced null object\")")
	}
	if !state.IsWhollyKnown() {
		t.Fatalf("ReadDataSource state is not wholly known: %#v", state)
	}
	for _, name := range []string{"version", "protocol_version"} {
		v := state.GetAttr(name)
		if v.IsNull() || v.AsString() == "" {
			t.Fatalf("ReadDataSource: %s is empty", name)
		}
	}
	if pv := state.GetAttr("protocol_version").AsString(); !strings.HasPrefix(pv, "6") {
		t.Errorf("protocol_version = %q, want a 6.x version", pv)
	}
	return state
}

func TestProviderLifecycle(t *testing.T) {
	m := startManaged(t)
	p := m.provider
	sock := m.socketPath(t)
	if !fileExists(sock) {
		t.Fatalf("socket %s does not exist while the plugin runs", sock)
	}

	t.Run("HealthCheck", func(t *testing.T) {
		resp, err := healthpb.NewHealthClient(p.conn).Check(rpcContext(t), &healthpb.HealthCheckRequest{Service: "plugin"})
		if err != nil {
			t.Fatalf("grpc.health.v1.Health/Check(\"plugin\"): %v", err)
		}
		if resp.Status != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("health status %v, want SERVING", resp.Status)
		}
		rpcClient, err := m.client.Client()
		if err != nil {
			t.Fatal(err)
		}
		if err := rpcClient.Ping(); err != nil {
			t.Fatalf("go-plugin Ping: %v", err)
		}
	})

	schema := getSchema(t, p)
	block := versionSchema(t, schema)

	t.Run("Schema", func(t *testing.T) {
		if schema.ServerCapabilities == nil || !schema.ServerCapabilities.GetProviderSchemaOptional {
			t.Errorf("server_capabilities.get_provider_schema_optional is not set: %v", schema.ServerCapabilities)
		}
		if keys := sortedKeys(schema.ResourceSchemas); len(keys) != 1 || keys[0] != "threatmodel_assertion" {
			t.Errorf("managed resources %v, want [threatmodel_assertion]", keys)
		} else {
			// The inputs that may carry whole resources, secrets included,
			// are write-only: Terraform keeps them out of state and plans.
			writeOnly := map[string]bool{}
			for _, a := range schema.ResourceSchemas["threatmodel_assertion"].Block.Attributes {
				if a.WriteOnly {
					writeOnly[a.Name] = true
				}
			}
			for _, name := range []string{"resources", "automation_accounts", "users", "role_assignments"} {
				if !writeOnly[name] {
					t.Errorf("threatmodel_assertion.%s is not write-only", name)
				}
			}
		}
		if f, ok := schema.Functions["assert"]; !ok {
			t.Errorf("no function assert in the schema: %v", schema.Functions)
		} else if len(f.Parameters) != 1 || !f.Parameters[0].AllowUnknownValues || string(f.Return.Type) != `"bool"` {
			t.Errorf("assert signature: %v", f)
		}
		again := getSchema(t, p)
		if len(again.DataSourceSchemas) != len(schema.DataSourceSchemas) {
			t.Errorf("a second GetProviderSchema returned %d data sources, the first %d",
				len(again.DataSourceSchemas), len(schema.DataSourceSchemas))
		}
	})

	t.Run("GetResourceIdentitySchemas", func(t *testing.T) {
		resp, err := p.GetResourceIdentitySchemas(rpcContext(t), &tfplugin6.GetResourceIdentitySchemas_Request{})
		if status.Code(err) == codes.Unimplemented {
			return
		}
		if err != nil {
			t.Fatalf("GetResourceIdentitySchemas: %v", err)
		}
		requireNoErrors(t, "GetResourceIdentitySchemas", resp.Diagnostics)
		if len(resp.IdentitySchemas) != 0 {
			t.Errorf("identity schemas for a provider without resources: %v", resp.IdentitySchemas)
		}
	})

	t.Run("ValidateProviderConfig", func(t *testing.T) {
		resp, err := p.ValidateProviderConfig(rpcContext(t), &tfplugin6.ValidateProviderConfig_Request{
			Config: encode(t, nullConfig(schema.Provider.Block)),
		})
		if err != nil {
			t.Fatalf("ValidateProviderConfig: %v", err)
		}
		requireNoErrors(t, "ValidateProviderConfig", resp.Diagnostics)
	})

	t.Run("ValidateDataResourceConfig", func(t *testing.T) {
		for _, name := range sortedKeys(schema.DataSourceSchemas) {
			b := schema.DataSourceSchemas[name].Block
			for label, cfg := range map[string]cty.Value{"null": nullConfig(b), "unknown": unknownConfig(b)} {
				resp, err := p.ValidateDataResourceConfig(rpcContext(t), &tfplugin6.ValidateDataResourceConfig_Request{
					TypeName: name,
					Config:   encode(t, cfg),
				})
				if err != nil {
					t.Fatalf("ValidateDataResourceConfig(%s, %s config): %v", name, label, err)
				}
				if name == versionDataSource || label == "unknown" {
					requireNoErrors(t, "ValidateDataResourceConfig("+name+", "+label+" config)", resp.Diagnostics)
				}
			}
		}
	})

	t.Run("ConfigureProvider", func(t *testing.T) {
		resp, err := p.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
			TerraformVersion:   "1.15.0",
			Config:             encode(t, nullConfig(schema.Provider.Block)),
			ClientCapabilities: &tfplugin6.ClientCapabilities{WriteOnlyAttributesAllowed: true},
		})
		if err != nil {
			t.Fatalf("ConfigureProvider: %v", err)
		}
		requireNoErrors(t, "ConfigureProvider", resp.Diagnostics)
	})

	t.Run("ReadDataSource", func(t *testing.T) {
		first := readVersion(t, p, block)
		second := readVersion(t, p, block)
		if !first.RawEquals(second) {
			t.Errorf("two reads of %s differ: %#v vs %#v", versionDataSource, first, second)
		}
		t.Logf("version=%s protocol_version=%s",
			first.GetAttr("version").AsString(), first.GetAttr("protocol_version").AsString())
	})

	t.Run("UnknownDataSource", func(t *testing.T) {
		resp, err := p.ReadDataSource(rpcContext(t), &tfplugin6.ReadDataSource_Request{
			TypeName: "threatmodel_does_not_exist",
			Config:   encode(t, cty.EmptyObjectVal),
		})
		if err == nil && len(errorDiagnostics(resp.Diagnostics)) == 0 {
			t.Fatal("ReadDataSource of an unknown type name succeeded without an error")
		}
	})

	t.Run("StopProvider", func(t *testing.T) {
		resp, err := p.StopProvider(rpcContext(t), &tfplugin6.StopProvider_Request{})
		if err != nil {
			t.Fatalf("StopProvider: %v", err)
		}
		if resp.Error != "" {
			t.Fatalf("StopProvider error: %s", resp.Error)
		}
	})

	t.Run("KillExitsPromptly", func(t *testing.T) {
		pid := m.client.ReattachConfig().Pid
		start := time.Now()
		m.client.Kill()
		elapsed := time.Since(start)
		if !m.client.Exited() {
			t.Fatal("plugin process has not exited after Kill")
		}
		if strings.Contains(m.hostLog.String(), "plugin failed to exit gracefully") || elapsed >= 2*time.Second {
			t.Fatalf("plugin did not exit after GRPCController/Shutdown; go-plugin killed it after %v", elapsed)
		}
		if !processGone(pid) {
			t.Fatalf("pid %d still running after Kill", pid)
		}
		if left := socketLeftovers(sock, os.TempDir()); len(left) > 0 {
			t.Fatalf("left behind after shutdown: %v", left)
		}
		t.Logf("Kill took %v", elapsed)
	})
}

// The managed-resource RPCs and functions answer through go-plugin and
// go-cty's msgpack: an unknown type is a diagnostic, a Contributor grant
// fails the plan of threatmodel_assertion, and assert fails the call.
func TestResourceAndFunctionRPCs(t *testing.T) {
	m := startManaged(t)
	p := m.provider
	ctx := rpcContext(t)
	dv := encode(t, cty.EmptyObjectVal)
	unknownType, err := p.PlanResourceChange(ctx, &tfplugin6.PlanResourceChange_Request{TypeName: "threatmodel_x", Config: dv})
	if err != nil || len(errorDiagnostics(unknownType.Diagnostics)) == 0 {
		t.Fatalf("PlanResourceChange of an unknown type: err %v, diagnostics %v", err, unknownType.GetDiagnostics())
	}

	schema := getSchema(t, p)
	block := schema.ResourceSchemas["threatmodel_assertion"].GetBlock()
	if block == nil {
		t.Fatal("no threatmodel_assertion resource schema")
	}
	attrs := map[string]cty.Value{}
	types := map[string]cty.Type{}
	for _, a := range block.Attributes {
		var ty cty.Type
		if err := ty.UnmarshalJSON(a.Type); err != nil {
			t.Fatalf("attribute %s type %s: %v", a.Name, a.Type, err)
		}
		attrs[a.Name] = cty.NullVal(ty)
		types[a.Name] = ty
	}
	schemaType := cty.Object(types)
	// Dynamic attributes travel as [type, value]: encode against the
	// schema's type, as Terraform does.
	asSchema := func(v cty.Value) *tfplugin6.DynamicValue {
		b, err := ctymsgpack.Marshal(v, schemaType)
		if err != nil {
			t.Fatalf("msgpack encode: %v", err)
		}
		return &tfplugin6.DynamicValue{Msgpack: b}
	}
	grant := cty.ObjectVal(map[string]cty.Value{
		"role_definition_name": cty.StringVal("Contributor"),
		"scope":                cty.UnknownVal(cty.String),
		"principal_id":         cty.UnknownVal(cty.String),
	})
	attrs["discover_backend"] = cty.False
	attrs["automation_accounts"] = cty.ObjectVal(map[string]cty.Value{
		"aa": cty.ObjectVal(map[string]cty.Value{"role_assignments": cty.TupleVal([]cty.Value{grant})}),
	})
	config := cty.ObjectVal(attrs)
	plan, err := p.PlanResourceChange(ctx, &tfplugin6.PlanResourceChange_Request{
		TypeName:           "threatmodel_assertion",
		PriorState:         asSchema(cty.NullVal(schemaType)),
		ProposedNewState:   asSchema(config),
		Config:             asSchema(config),
		ClientCapabilities: &tfplugin6.ClientCapabilities{WriteOnlyAttributesAllowed: true},
	})
	if err != nil {
		t.Fatalf("PlanResourceChange: %v", err)
	}
	errs := errorDiagnostics(plan.Diagnostics)
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), "E-1") {
		t.Fatalf("planning a Contributor grant: diagnostics %v, want an E-1 error", errs)
	}

	arg := cty.ObjectVal(map[string]cty.Value{
		"discover_backend":    cty.False,
		"automation_accounts": attrs["automation_accounts"],
	})
	dyn, err := ctymsgpack.Marshal(arg, cty.DynamicPseudoType)
	if err != nil {
		t.Fatal(err)
	}
	call, err := p.CallFunction(ctx, &tfplugin6.CallFunction_Request{
		Name: "assert", Arguments: []*tfplugin6.DynamicValue{{Msgpack: dyn}},
	})
	if err != nil {
		t.Fatalf("CallFunction: %v", err)
	}
	if call.Error == nil || !strings.Contains(call.Error.Text, "E-1") {
		t.Fatalf("assert on a Contributor grant: error %v, want one naming E-1", call.Error)
	}
	unknown, err := ctymsgpack.Marshal(cty.DynamicVal, cty.DynamicPseudoType)
	if err != nil {
		t.Fatal(err)
	}
	call, err = p.CallFunction(ctx, &tfplugin6.CallFunction_Request{
		Name: "assert", Arguments: []*tfplugin6.DynamicValue{{Msgpack: unknown}},
	})
	if err != nil || call.Error != nil {
		t.Fatalf("assert on an unknown argument: err %v, function error %v", err, call.GetError())
	}
	if v := decode(t, call.Result, cty.Bool); v.IsKnown() {
		t.Fatalf("assert on an unknown argument returned %#v, want unknown", v)
	}
}

func TestUnimplementedRPCs(t *testing.T) {
	m := startManaged(t)
	p := m.provider
	calls := map[string]func(context.Context) error{
		"OpenEphemeralResource": func(ctx context.Context) error {
			_, err := p.OpenEphemeralResource(ctx, &tfplugin6.OpenEphemeralResource_Request{TypeName: "threatmodel_x"})
			return err
		},
		"ConfigureStateStore": func(ctx context.Context) error {
			_, err := p.ConfigureStateStore(ctx, &tfplugin6.ConfigureStateStore_Request{TypeName: "threatmodel_x"})
			return err
		},
		"PlanAction": func(ctx context.Context) error {
			_, err := p.PlanAction(ctx, &tfplugin6.PlanAction_Request{ActionType: "threatmodel_x"})
			return err
		},
		"ListResource (server stream)": func(ctx context.Context) error {
			stream, err := p.ListResource(ctx, &tfplugin6.ListResource_Request{TypeName: "threatmodel_x"})
			if err != nil {
				return err
			}
			_, err = stream.Recv()
			return err
		},
		"WriteStateBytes (client stream)": func(ctx context.Context) error {
			stream, err := p.WriteStateBytes(ctx)
			if err != nil {
				return err
			}
			_, err = stream.CloseAndRecv()
			return err
		},
	}
	for name, call := range calls {
		call := call
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			err := call(rpcContext(t))
			if status.Code(err) != codes.Unimplemented {
				t.Fatalf("got %v after %v, want code Unimplemented", err, time.Since(start).Round(time.Millisecond))
			}
		})
	}
	// The process must still be healthy afterwards.
	getSchema(t, p)
}
