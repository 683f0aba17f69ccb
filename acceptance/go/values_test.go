package acceptance

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"

	"tmproto/tfplugin6"
)

// attributeType returns the value type of one schema attribute.
func attributeType(a *tfplugin6.Schema_Attribute) (cty.Type, error) {
	hasType := len(a.Type) > 0
	hasNested := a.NestedType != nil
	if hasType == hasNested {
		return cty.NilType, fmt.Errorf("attribute %q: exactly one of type and nested_type must be set", a.Name)
	}
	if hasType {
		ty, err := ctyjson.UnmarshalType(a.Type)
		if err != nil {
			return cty.NilType, fmt.Errorf("attribute %q: type %q is not valid cty type JSON: %v", a.Name, a.Type, err)
		}
		return ty, nil
	}
	attrs := map[string]cty.Type{}
	for _, na := range a.NestedType.Attributes {
		ty, err := attributeType(na)
		if err != nil {
			return cty.NilType, fmt.Errorf("attribute %q: %v", a.Name, err)
		}
		attrs[na.Name] = ty
	}
	obj := cty.Object(attrs)
	switch a.NestedType.Nesting {
	case tfplugin6.Schema_Object_SINGLE:
		return obj, nil
	case tfplugin6.Schema_Object_LIST:
		return cty.List(obj), nil
	case tfplugin6.Schema_Object_SET:
		return cty.Set(obj), nil
	case tfplugin6.Schema_Object_MAP:
		return cty.Map(obj), nil
	}
	return cty.NilType, fmt.Errorf("attribute %q: invalid nesting mode %v", a.Name, a.NestedType.Nesting)
}

// impliedType is the object type values of a block are encoded against.
func impliedType(b *tfplugin6.Schema_Block) (cty.Type, error) {
	if b == nil {
		return cty.NilType, fmt.Errorf("schema has no block")
	}
	attrs := map[string]cty.Type{}
	for _, a := range b.Attributes {
		if _, dup := attrs[a.Name]; dup {
			return cty.NilType, fmt.Errorf("attribute %q is declared twice", a.Name)
		}
		ty, err := attributeType(a)
		if err != nil {
			return cty.NilType, err
		}
		attrs[a.Name] = ty
	}
	for _, nb := range b.BlockTypes {
		if _, dup := attrs[nb.TypeName]; dup {
			return cty.NilType, fmt.Errorf("block type %q clashes with another name", nb.TypeName)
		}
		inner, err := impliedType(nb.Block)
		if err != nil {
			return cty.NilType, fmt.Errorf("block %q: %v", nb.TypeName, err)
		}
		switch nb.Nesting {
		case tfplugin6.Schema_NestedBlock_SINGLE, tfplugin6.Schema_NestedBlock_GROUP:
			attrs[nb.TypeName] = inner
		case tfplugin6.Schema_NestedBlock_LIST:
			if inner.HasDynamicTypes() {
				attrs[nb.TypeName] = cty.DynamicPseudoType
			} else {
				attrs[nb.TypeName] = cty.List(inner)
			}
		case tfplugin6.Schema_NestedBlock_SET:
			attrs[nb.TypeName] = cty.Set(inner)
		case tfplugin6.Schema_NestedBlock_MAP:
			if inner.HasDynamicTypes() {
				attrs[nb.TypeName] = cty.DynamicPseudoType
			} else {
				attrs[nb.TypeName] = cty.Map(inner)
			}
		default:
			return cty.NilType, fmt.Errorf("block %q: invalid nesting mode %v", nb.TypeName, nb.Nesting)
		}
	}
	return cty.Object(attrs), nil
}

// nullConfig is the configuration of an empty block: every attribute null,
// list and set blocks empty.
func nullConfig(b *tfplugin6.Schema_Block) cty.Value {
	ty, err := impliedType(b)
	if err != nil {
		panic(err)
	}
	vals := map[string]cty.Value{}
	for name, aty := range ty.AttributeTypes() {
		vals[name] = cty.NullVal(aty)
	}
	for _, nb := range b.BlockTypes {
		aty := ty.AttributeType(nb.TypeName)
		switch {
		case aty.IsListType():
			vals[nb.TypeName] = cty.ListValEmpty(aty.ElementType())
		case aty.IsSetType():
			vals[nb.TypeName] = cty.SetValEmpty(aty.ElementType())
		case aty.IsMapType():
			vals[nb.TypeName] = cty.MapValEmpty(aty.ElementType())
		}
	}
	return objectVal(ty, vals)
}

// unknownConfig is what Terraform's validate walk sends when every
// argument refers to something not yet known: each argument a user may set
// is unknown; computed-only attributes stay null.
func unknownConfig(b *tfplugin6.Schema_Block) cty.Value {
	base := nullConfig(b)
	ty := base.Type()
	vals := base.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	for _, a := range b.Attributes {
		if a.Required || a.Optional {
			vals[a.Name] = cty.UnknownVal(ty.AttributeType(a.Name))
		}
	}
	return objectVal(ty, vals)
}

func objectVal(ty cty.Type, vals map[string]cty.Value) cty.Value {
	if len(ty.AttributeTypes()) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(vals)
}

func encode(t *testing.T, v cty.Value) *tfplugin6.DynamicValue {
	t.Helper()
	b, err := ctymsgpack.Marshal(v, v.Type())
	if err != nil {
		t.Fatalf("msgpack encode %#v: %v", v, err)
	}
	return &tfplugin6.DynamicValue{Msgpack: b}
}

// decode decodes a DynamicValue returned by the provider. Responses must
// use msgpack.
func decode(t *testing.T, dv *tfplugin6.DynamicValue, ty cty.Type) cty.Value {
	t.Helper()
	if dv == nil || len(dv.Msgpack) == 0 {
		t.Fatalf("provider returned a DynamicValue without msgpack (%v)", dv)
	}
	v, err := ctymsgpack.Unmarshal(dv.Msgpack, ty)
	if err != nil {
		t.Fatalf("go-cty cannot decode the provider's msgpack % x as %s: %v", dv.Msgpack, ty.FriendlyName(), err)
	}
	return v
}

// errorDiagnostics renders the error diagnostics, for failure messages.
func errorDiagnostics(diags []*tfplugin6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if d.Severity != tfplugin6.Diagnostic_WARNING {
			out = append(out, fmt.Sprintf("%v: %s: %s", d.Severity, d.Summary, d.Detail))
		}
	}
	return out
}

func requireNoErrors(t *testing.T, what string, diags []*tfplugin6.Diagnostic) {
	t.Helper()
	if errs := errorDiagnostics(diags); len(errs) > 0 {
		t.Fatalf("%s returned error diagnostics: %v", what, errs)
	}
}

func sortedKeys(m map[string]*tfplugin6.Schema) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func ctyUnmarshal(b []byte, ty cty.Type) (cty.Value, error) {
	return ctymsgpack.Unmarshal(b, ty)
}

var schemaName = regexp.MustCompile(`^[a-z0-9_]+$`)

// validateBlock applies the rules Terraform checks before it accepts a
// provider's schema ("... has invalid schema ..., which is a bug in the
// provider").
func validateBlock(b *tfplugin6.Schema_Block, where string) []string {
	var problems []string
	bad := func(format string, args ...interface{}) {
		problems = append(problems, where+": "+fmt.Sprintf(format, args...))
	}
	var checkAttrs func(attrs []*tfplugin6.Schema_Attribute, where string)
	checkAttrs = func(attrs []*tfplugin6.Schema_Attribute, where string) {
		for _, a := range attrs {
			name := where + "." + a.Name
			if !schemaName.MatchString(a.Name) {
				bad("attribute name %q is invalid", name)
			}
			if !a.Required && !a.Optional && !a.Computed {
				bad("%s is neither required, optional nor computed", name)
			}
			if a.Required && (a.Optional || a.Computed) {
				bad("%s is required and also optional or computed", name)
			}
			if a.DeprecationMessage != "" && !a.Deprecated {
				bad("%s has a deprecation message but is not deprecated", name)
			}
			if a.NestedType != nil {
				checkAttrs(a.NestedType.Attributes, name)
			}
		}
	}
	checkAttrs(b.Attributes, "")
	for _, nb := range b.BlockTypes {
		if !schemaName.MatchString(nb.TypeName) {
			bad("block type name %q is invalid", nb.TypeName)
		}
		if nb.Block != nil {
			problems = append(problems, validateBlock(nb.Block, where+"."+nb.TypeName)...)
		}
	}
	if b.DeprecationMessage != "" && !b.Deprecated {
		bad("block has a deprecation message but is not deprecated")
	}
	return problems
}
