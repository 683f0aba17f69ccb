// Command ctymsgpack writes golden vectors for the C++ cty codecs using the
// real go-cty (Debian's golang-github-zclconf-go-cty-dev) as the oracle.
//
// For every case it writes, into the directory given as the only argument:
//
//	<case>.type.json    the type, as go-cty's Type.MarshalJSON writes it
//	<case>.msgpack.hex  msgpack.Marshal(value, type) as lowercase hex
//	<case>.value.json   ctyjson.Marshal(value, type); or a line starting
//	                    with "unknown:" when the value holds unknowns, or
//	                    with "nojson:" when cty JSON cannot represent it
//	                    (infinities)
//
// Build and run it in GOPATH mode against the Debian packages:
//
//	GO111MODULE=off GOPATH=$(mktemp -d):/usr/share/gocode \
//	    go run ./tests/golden/ctymsgpack tests/testdata/cty
//
// go-cty 1.12.1 predates unknown-value refinements (msgpack ext 12); the C++
// tests build those cases by hand. It also writes an integer-valued float64
// that is not an int64 (such as 1e20) as float64, where later go-cty writes
// a decimal string; no case here depends on that difference.
package main

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"github.com/zclconf/go-cty/cty/msgpack"
)

type goldenCase struct {
	name string
	ty   cty.Type
	val  cty.Value
}

func bigInt(s string) cty.Value {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return cty.NumberVal(new(big.Float).SetInt(v))
}

func cases() []goldenCase {
	str := cty.StringVal
	num := cty.NumberIntVal
	objTy := cty.Object(map[string]cty.Type{
		"name":  cty.String,
		"count": cty.Number,
		"tags":  cty.Map(cty.String),
		"rules": cty.List(cty.Object(map[string]cty.Type{
			"port":    cty.Number,
			"enabled": cty.Bool,
		})),
	})
	ruleTy := objTy.AttributeType("rules").ElementType()
	manyStrings := make([]cty.Value, 20)
	manyEntries := make(map[string]cty.Value, 20)
	for i := range manyStrings {
		manyStrings[i] = str(fmt.Sprintf("item-%02d", i))
		manyEntries[fmt.Sprintf("key-%02d", i)] = num(int64(i * 1000))
	}

	return []goldenCase{
		// Nulls and zero values first.
		{"null_string", cty.String, cty.NullVal(cty.String)},
		{"null_number", cty.Number, cty.NullVal(cty.Number)},
		{"null_list", cty.List(cty.String), cty.NullVal(cty.List(cty.String))},
		{"null_object", objTy, cty.NullVal(objTy)},
		{"null_dynamic", cty.DynamicPseudoType, cty.NullVal(cty.DynamicPseudoType)},
		{"string_empty", cty.String, str("")},
		{"number_zero", cty.Number, num(0)},
		{"bool_false", cty.Bool, cty.False},

		// Primitives.
		{"string_hello", cty.String, str("hello")},
		{"string_unicode", cty.String, str("h\u00e9llo \u2713 \u65e5\u672c \U0001F600")},
		{"string_html_and_escapes", cty.String, str("<a href=\"x\">&amp;</a>\n\t\\")},
		{"string_str8", cty.String, str(strings.Repeat("abcdefgh", 5))},
		{"string_str16", cty.String, str(strings.Repeat("0123456789", 30))},
		{"bool_true", cty.Bool, cty.True},
		{"number_fixint", cty.Number, num(42)},
		{"number_negative_fixint", cty.Number, num(-1)},
		{"number_int8", cty.Number, num(-33)},
		{"number_uint8", cty.Number, num(200)},
		{"number_int16", cty.Number, num(-300)},
		{"number_uint32", cty.Number, num(70000)},
		{"number_int64_max", cty.Number, num(math.MaxInt64)},
		{"number_int64_min", cty.Number, num(math.MinInt64)},
		{"number_uint64_max", cty.Number, cty.NumberUIntVal(math.MaxUint64)},
		{"number_2_pow_64_plus_1", cty.Number, bigInt("18446744073709551617")},
		{"number_big_negative", cty.Number, bigInt("-123456789012345678901234567890")},
		{"number_float_0_1", cty.Number, cty.NumberFloatVal(0.1)},
		{"number_float_neg_2_5", cty.Number, cty.NumberFloatVal(-2.5)},
		{"number_float_tiny", cty.Number, cty.NumberFloatVal(1.5e-300)},
		{"number_decimal_0_1", cty.Number, cty.MustParseNumberVal("0.1")},
		{"number_decimal_0_5", cty.Number, cty.MustParseNumberVal("0.5")},
		{"number_decimal_pi", cty.Number, cty.MustParseNumberVal("3.14159265358979323846264338327950288")},
		{"number_decimal_1e_minus_400", cty.Number, cty.MustParseNumberVal("1e-400")},
		{"number_pos_inf", cty.Number, cty.PositiveInfinity},
		{"number_neg_inf", cty.Number, cty.NegativeInfinity},

		// Collections.
		{"list_empty", cty.List(cty.String), cty.ListValEmpty(cty.String)},
		{"list_string", cty.List(cty.String), cty.ListVal([]cty.Value{str("a"), str("b")})},
		{"list_with_null", cty.List(cty.Number), cty.ListVal([]cty.Value{num(1), cty.NullVal(cty.Number)})},
		{"list_array16", cty.List(cty.String), cty.ListVal(manyStrings)},
		{"list_nested_unknown", cty.List(cty.String), cty.ListVal([]cty.Value{str("a"), cty.UnknownVal(cty.String)})},
		{"set_empty", cty.Set(cty.Number), cty.SetValEmpty(cty.Number)},
		{"set_string", cty.Set(cty.String), cty.SetVal([]cty.Value{str("b"), str("a"), str("c"), str("a")})},
		{"set_number", cty.Set(cty.Number), cty.SetVal([]cty.Value{num(10), num(-2), cty.NumberFloatVal(0.5)})},
		{"set_object", cty.Set(ruleTy), cty.SetVal([]cty.Value{
			cty.ObjectVal(map[string]cty.Value{"port": num(22), "enabled": cty.True}),
			cty.ObjectVal(map[string]cty.Value{"port": num(443), "enabled": cty.False}),
			cty.ObjectVal(map[string]cty.Value{"port": num(80), "enabled": cty.True}),
		})},
		{"map_empty", cty.Map(cty.String), cty.MapValEmpty(cty.String)},
		{"map_string", cty.Map(cty.String), cty.MapVal(map[string]cty.Value{"env": str("prod"), "app": str("web")})},
		{"map_map16", cty.Map(cty.Number), cty.MapVal(manyEntries)},
		{"map_nested_unknown", cty.Map(cty.String), cty.MapVal(map[string]cty.Value{"env": cty.UnknownVal(cty.String), "app": str("web")})},
		{"tuple_mixed", cty.Tuple([]cty.Type{cty.String, cty.Number, cty.Bool}), cty.TupleVal([]cty.Value{str("x"), num(7), cty.True})},
		{"tuple_empty", cty.EmptyTuple, cty.EmptyTupleVal},

		// Objects.
		{"object_empty", cty.EmptyObject, cty.EmptyObjectVal},
		{"object_full", objTy, cty.ObjectVal(map[string]cty.Value{
			"name":  str("web"),
			"count": num(3),
			"tags":  cty.MapVal(map[string]cty.Value{"env": str("prod")}),
			"rules": cty.ListVal([]cty.Value{
				cty.ObjectVal(map[string]cty.Value{"port": num(22), "enabled": cty.True}),
				cty.ObjectVal(map[string]cty.Value{"port": cty.NullVal(cty.Number), "enabled": cty.False}),
			}),
		})},
		{"object_null_attributes", objTy, cty.ObjectVal(map[string]cty.Value{
			"name":  str("only-name"),
			"count": cty.NullVal(cty.Number),
			"tags":  cty.NullVal(cty.Map(cty.String)),
			"rules": cty.ListValEmpty(ruleTy),
		})},
		{"object_nested_unknown", objTy, cty.ObjectVal(map[string]cty.Value{
			"name":  cty.UnknownVal(cty.String),
			"count": num(1),
			"tags":  cty.UnknownVal(cty.Map(cty.String)),
			"rules": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"port": cty.UnknownVal(cty.Number), "enabled": cty.True})}),
		})},
		{"object_optional_attributes",
			cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.String, "b": cty.Number}, []string{"b"}),
			cty.ObjectVal(map[string]cty.Value{"a": str("x"), "b": cty.NullVal(cty.Number)})},
		{"object_html_attribute_name",
			cty.Object(map[string]cty.Type{"a<b": cty.String, "c&d": cty.Bool}),
			cty.ObjectVal(map[string]cty.Value{"a<b": str(">"), "c&d": cty.True})},

		// Unknowns.
		{"unknown_string", cty.String, cty.UnknownVal(cty.String)},
		{"unknown_number", cty.Number, cty.UnknownVal(cty.Number)},
		{"unknown_list", cty.List(cty.String), cty.UnknownVal(cty.List(cty.String))},
		{"unknown_object", objTy, cty.UnknownVal(objTy)},
		{"unknown_dynamic", cty.DynamicPseudoType, cty.DynamicVal},

		// Dynamic.
		{"dynamic_string", cty.DynamicPseudoType, str("hello")},
		{"dynamic_number", cty.DynamicPseudoType, cty.NumberFloatVal(1.5)},
		{"dynamic_bool", cty.DynamicPseudoType, cty.True},
		{"dynamic_list", cty.DynamicPseudoType, cty.ListVal([]cty.Value{str("a"), str("b")})},
		{"dynamic_object", cty.DynamicPseudoType, cty.ObjectVal(map[string]cty.Value{
			"id":   str("x"),
			"tags": cty.MapVal(map[string]cty.Value{"k": str("v")}),
			"n":    cty.NullVal(cty.Number),
		})},
		{"dynamic_tuple", cty.DynamicPseudoType, cty.TupleVal([]cty.Value{str("a"), num(1)})},
		{"dynamic_null_string", cty.DynamicPseudoType, cty.NullVal(cty.String)},
		{"dynamic_unknown_string", cty.DynamicPseudoType, cty.UnknownVal(cty.String)},
		{"object_with_dynamic_attribute",
			cty.Object(map[string]cty.Type{"config": cty.DynamicPseudoType, "name": cty.String}),
			cty.ObjectVal(map[string]cty.Value{
				"config": cty.ObjectVal(map[string]cty.Value{"size": num(3)}),
				"name":   str("n"),
			})},
		{"list_of_dynamic", cty.List(cty.DynamicPseudoType), cty.ListVal([]cty.Value{str("a"), str("b")})},
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ctymsgpack <output-dir>")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, c := range cases() {
		if err := write(dir, c); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %s\n", c.name, err)
			os.Exit(1)
		}
	}
}

func write(dir string, c goldenCase) error {
	typeJSON, err := c.ty.MarshalJSON()
	if err != nil {
		return err
	}
	packed, err := msgpack.Marshal(c.val, c.ty)
	if err != nil {
		return err
	}
	// The oracle must read its own bytes back to the same value.
	back, err := msgpack.Unmarshal(packed, c.ty)
	if err != nil {
		return fmt.Errorf("unmarshal: %w", err)
	}
	if !back.RawEquals(c.val) && c.val.IsWhollyKnown() && !back.Type().Equals(c.val.Type()) {
		return fmt.Errorf("round trip changed %#v into %#v", c.val, back)
	}
	var valueText string
	if c.val.IsWhollyKnown() {
		js, err := ctyjson.Marshal(c.val, c.ty)
		if err != nil {
			// Infinities, for example, have no cty JSON form.
			valueText = fmt.Sprintf("nojson: %s\n", err)
		} else {
			valueText = string(js) + "\n"
		}
	} else {
		valueText = fmt.Sprintf("unknown: %#v\n", c.val)
	}
	base := filepath.Join(dir, c.name)
	files := map[string]string{
		base + ".type.json":   string(typeJSON) + "\n",
		base + ".msgpack.hex": hex.EncodeToString(packed) + "\n",
		base + ".value.json":  valueText,
	}
	for path, content := range files {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
