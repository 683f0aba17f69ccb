package acceptance

import (
	"bytes"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"tmproto/tfplugin6"
)

// Values go both ways in go-cty's msgpack encoding, the one Terraform uses.
func TestMsgpackWire(t *testing.T) {
	m := startManaged(t)
	p := m.provider
	schema := getSchema(t, p)
	block := versionSchema(t, schema)
	ty, _ := impliedType(block)

	t.Run("empty provider config", func(t *testing.T) {
		cfg := encode(t, nullConfig(schema.Provider.Block))
		vresp, err := p.ValidateProviderConfig(rpcContext(t), &tfplugin6.ValidateProviderConfig_Request{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		requireNoErrors(t, "ValidateProviderConfig", vresp.Diagnostics)
		cresp, err := p.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
			TerraformVersion: "1.15.0", Config: cfg,
		})
		if err != nil {
			t.Fatal(err)
		}
		requireNoErrors(t, "ConfigureProvider", cresp.Diagnostics)
	})

	t.Run("provider config with unknowns", func(t *testing.T) {
		resp, err := p.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
			TerraformVersion: "1.15.0",
			Config:           encode(t, unknownConfig(schema.Provider.Block)),
		})
		if err != nil {
			t.Fatalf("ConfigureProvider with unknown values: %v", err)
		}
		for _, d := range resp.Diagnostics {
			t.Logf("diagnostic: %v %s: %s", d.Severity, d.Summary, d.Detail)
		}
	})

	t.Run("data source configs", func(t *testing.T) {
		for _, name := range sortedKeys(schema.DataSourceSchemas) {
			b := schema.DataSourceSchemas[name].Block
			dty, _ := impliedType(b)
			configs := []struct {
				label  string
				value  cty.Value
				strict bool
			}{
				{"nulls", nullConfig(b), name == versionDataSource},
				{"unknown arguments", unknownConfig(b), true},
				{"wholly unknown object", cty.UnknownVal(dty), false},
			}
			for _, c := range configs {
				resp, err := p.ValidateDataResourceConfig(rpcContext(t), &tfplugin6.ValidateDataResourceConfig_Request{
					TypeName: name, Config: encode(t, c.value),
				})
				if err != nil {
					t.Fatalf("ValidateDataResourceConfig(%s, %s): %v", name, c.label, err)
				}
				if c.strict {
					requireNoErrors(t, "ValidateDataResourceConfig("+name+", "+c.label+")", resp.Diagnostics)
				}
			}
		}
	})

	t.Run("refined unknowns", func(t *testing.T) {
		// Terraform ≥ 1.6 sends refined unknowns as msgpack extension 12
		// with a map payload (here {1: false}, "not null"). The plain
		// unknown go-cty 1.12 writes is fixext1 type 0: d4 00 00.
		plain := []byte{0xd4, 0x00, 0x00}
		refined := []byte{0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2}
		sent := 0
		for _, name := range sortedKeys(schema.DataSourceSchemas) {
			b := schema.DataSourceSchemas[name].Block
			enc := encode(t, unknownConfig(b))
			if !bytes.Contains(enc.Msgpack, plain) {
				continue
			}
			enc.Msgpack = bytes.ReplaceAll(enc.Msgpack, plain, refined)
			resp, err := p.ValidateDataResourceConfig(rpcContext(t), &tfplugin6.ValidateDataResourceConfig_Request{
				TypeName: name, Config: enc,
			})
			if err != nil {
				t.Fatalf("ValidateDataResourceConfig(%s) with refined unknowns: %v", name, err)
			}
			requireNoErrors(t, "ValidateDataResourceConfig("+name+") with refined unknowns", resp.Diagnostics)
			sent++
		}
		if sent == 0 {
			t.Skip("no data source has arguments that can be unknown")
		}
	})

	t.Run("read state decodes", func(t *testing.T) {
		resp, err := p.ReadDataSource(rpcContext(t), &tfplugin6.ReadDataSource_Request{
			TypeName: versionDataSource, Config: encode(t, nullConfig(block)),
		})
		if err != nil {
			t.Fatal(err)
		}
		requireNoErrors(t, "ReadDataSource", resp.Diagnostics)
		state := decode(t, resp.State, ty)
		if !state.IsWhollyKnown() || state.IsNull() {
			t.Fatalf("state %#v", state)
		}
		// Every attribute of the schema is present, computed ones filled.
		for _, a := range block.Attributes {
			if a.Computed && !a.Optional && state.GetAttr(a.Name).IsNull() {
				t.Errorf("computed attribute %s is null in the state", a.Name)
			}
		}
	})

	t.Run("JSON-encoded config", func(t *testing.T) {
		// A host may send DynamicValue.json instead of msgpack; the answer
		// must still be msgpack.
		vresp, err := p.ValidateProviderConfig(rpcContext(t), &tfplugin6.ValidateProviderConfig_Request{
			Config: &tfplugin6.DynamicValue{Json: []byte(`{}`)},
		})
		if err != nil {
			t.Fatal(err)
		}
		requireNoErrors(t, "ValidateProviderConfig(json {})", vresp.Diagnostics)
		resp, err := p.ReadDataSource(rpcContext(t), &tfplugin6.ReadDataSource_Request{
			TypeName: versionDataSource, Config: &tfplugin6.DynamicValue{Json: []byte(`{}`)},
		})
		if err != nil {
			t.Fatal(err)
		}
		requireNoErrors(t, "ReadDataSource(json {})", resp.Diagnostics)
		decode(t, resp.State, ty)
	})
}
