#!/usr/bin/env python3
"""Writes the seed corpora of the cty fuzz targets from the golden vectors in
tests/testdata/cty plus a few hand-built malformed and refined-unknown
inputs. Re-runnable; files are named after their source so reruns overwrite
rather than duplicate. Recorded crashers (crash-*) are left alone.

Usage: tests/fuzz/seed_cty_corpus.py   (from anywhere)
"""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "testdata" / "cty"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
TYPE_JSON = b"\xff"  # selector: type JSON follows, up to a NUL byte

# Selector bytes of cty_fuzz_types.h FixedTypes().
STRING, NUMBER, BOOL, DYNAMIC, LIST_STRING, SET_NUMBER = range(6)
MAP_DYNAMIC, TUPLE, OBJECT, LIST_DYNAMIC, SET_RULE, OBJECT_OPTIONAL = range(6, 12)

HAND_MSGPACK = {
    # Terraform v1.11.4's refined unknown: {1: false, 2: "prefix-"}.
    "refined_terraform_prefix": (STRING, "c70c0c8201c202a7" + b"prefix-".hex()),
    "refined_number_bounds": (NUMBER, "c7110c82039200c30492cb4025000000000000c2"),
    "refined_lengths": (LIST_STRING, "c7050c8205010605"),
    "refined_unknown_keys": (OBJECT, "c70f0c830793010281a161a16201c263a178"),
    "refined_definitely_null": (STRING, "c7030c8101c3"),
    "refined_dynamic": (DYNAMIC, "c7030c8101c2"),
    "refined_oversize": (STRING, "c9000004010c81" + "01" * 1024),
    "unknown_other_code": (NUMBER, "c70501" + b"hello".hex()),
    "dynamic_str_type": (DYNAMIC, "92a8" + b'"number"'.hex() + "05"),
    "dynamic_nested": (DYNAMIC, "92c409" + b'"dynamic"'.hex() + "92c406"
                       + b'"bool"'.hex() + "c3"),
    "uint64_max": (NUMBER, "cfffffffffffffffff"),
    "float32": (NUMBER, "ca3f000000"),
    "number_string": (NUMBER, "a3312e35"),
    "duplicate_map_key": (MAP_DYNAMIC, "82a16192c406" + b'"bool"'.hex() + "c3"
                          + "a16192c406" + b'"bool"'.hex() + "c2"),
    "duplicate_attribute": (OBJECT_OPTIONAL, "82a161a178a161a179"),
    "truncated": (STRING, "a56865"),
    "trailing": (STRING, "c0c0"),
    "invalid_utf8": (STRING, "a2c328"),
    "nan": (NUMBER, "cb7ff8000000000000"),
    "too_deep": (LIST_DYNAMIC, "91" * 70 + "c0"),
    "huge_array32": (LIST_STRING, "ddffffffff01"),
    "huge_str32": (STRING, "dbffffffff61"),
    "set_rules": (SET_RULE, "9282a7656e61626c6564c3a4706f72741682a7656e61626c6564c2a4706f7274cd01bb"),
}

HAND_JSON = {
    "big_decimal": (NUMBER, b"123456789012345678901234567890.123456789"),
    "number_overflow": (NUMBER, b"1e400"),
    "numeric_string_inf": (NUMBER, b'"Inf"'),
    "dynamic": (DYNAMIC, b'{"type":["list","number"],"value":[1,2.5]}'),
    "duplicate_key": (OBJECT_OPTIONAL, b'{"a":"x","a":"y"}'),
    "missing_attribute": (OBJECT_OPTIONAL, b'{"a":"x"}'),
    "too_deep": (LIST_DYNAMIC, b"[" * 70),
    "escapes": (STRING, b'"\\u003c\\u2028\\ud83d\\ude00\\n"'),
}

HAND_TYPES = {
    "nested_everything": b'["object",{"a":["list",["set",["map",["tuple",["string","dynamic"]]]]]},["a"]]',
    "whitespace": b' [ "list" , "number" ] ',
    "too_deep": b'["list",' * 70 + b'"string"' + b"]" * 70,
    "duplicate": b'["object",{"a":"string","a":"bool"}]',
}


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def main():
    for type_file in sorted(GOLDEN.glob("*.type.json")):
        case = type_file.name[: -len(".type.json")]
        type_json = type_file.read_bytes().strip()
        packed = bytes.fromhex((GOLDEN / f"{case}.msgpack.hex").read_text().strip())
        value_json = (GOLDEN / f"{case}.value.json").read_bytes().strip()
        write("cty_msgpack_fuzz", f"golden_{case}", TYPE_JSON + type_json + b"\0" + packed)
        write("cty_type_json_fuzz", f"golden_{case}", type_json)
        if not value_json.startswith((b"unknown:", b"nojson:")):
            write("cty_json_fuzz", f"golden_{case}",
                  TYPE_JSON + type_json + b"\0" + value_json)
    for name, (selector, hex_bytes) in HAND_MSGPACK.items():
        write("cty_msgpack_fuzz", f"hand_{name}", bytes([selector]) + bytes.fromhex(hex_bytes))
    for name, (selector, text) in HAND_JSON.items():
        write("cty_json_fuzz", f"hand_{name}", bytes([selector]) + text)
    for name, text in HAND_TYPES.items():
        write("cty_type_json_fuzz", f"hand_{name}", text)
    for target in ("cty_msgpack_fuzz", "cty_json_fuzz", "cty_type_json_fuzz"):
        print(target, len(os.listdir(CORPUS / target)))


if __name__ == "__main__":
    main()
