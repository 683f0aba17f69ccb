#!/usr/bin/env bash
# End-to-end checks of `threatmodel check` as a pipeline step: plans on
# standard input (UTF-8, UTF-16 with a BOM, a binary plan), and hostile input
# (a 1 GiB string streamed in, a truncated file, deep nesting, non-UTF-8),
# and plans that errored or are incomplete:
# always exit status 2 with one line on stderr, never a crash, and the
# stream is abandoned early instead of being buffered.
#
# usage: stdin_and_hostile.sh THREATMODEL SOURCE_DIR SHARED_DIR
set -uo pipefail

bin=$1 src=$2 shared=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

expect() {  # expect NAME WANT_CODE WANT_STDERR_SUBSTRING (reads $work/err, $rc)
  local name=$1 want=$2 text=$3
  local lines; lines=$(wc -l < "$work/err")
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, want $want"; cat "$work/err"; fail=1; return
  fi
  if [ -n "$text" ] && ! grep -qF -- "$text" "$work/err"; then
    echo "FAIL $name: stderr lacks '$text'"; cat "$work/err"; fail=1; return
  fi
  if [ "$want" -eq 2 ] && [ "$lines" -ne 1 ]; then
    echo "FAIL $name: $lines lines on stderr, want 1"; cat "$work/err"; fail=1; return
  fi
  echo "ok   $name"
}

greenfield="$src/tests/testdata/plans/automation-root-greenfield.json"
mkdir -p "$work/wd"

"$bin" check - --chdir "$work/wd" < "$greenfield" > "$work/out" 2> "$work/err"; rc=$?
expect "plan on stdin (terraform show -json | threatmodel check -)" 1 ""
grep -q "VIOLATION  backend" "$work/out" || { echo "FAIL: no T-2 finding"; fail=1; }

iconv -f UTF-8 -t UTF-16LE "$greenfield" > "$work/u16.tmp"
printf '\xff\xfe' | cat - "$work/u16.tmp" > "$work/u16.json"
"$bin" check - < "$work/u16.json" > "$work/out" 2> "$work/err"; rc=$?
expect "UTF-16LE with BOM on stdin" 1 ""

binary=$(ls "$shared"/fixtures/plans/*binary-not-json*.json)
"$bin" check - < "$binary" > "$work/out" 2> "$work/err"; rc=$?
expect "binary plan on stdin" 2 "standard input is a binary Terraform plan file"

# A 1 GiB string streamed in: rejected once one string passes 64 MiB.
start=$(date +%s)
{ printf '{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":{"s":"'
  head -c 1073741824 /dev/zero | tr '\0' a
  printf '"}}}]}'
} 2>/dev/null | "$bin" check - > "$work/out" 2> "$work/err"; rc=$?
expect "1 GiB string on stdin" 2 "holds a string longer than 67108864 bytes"
echo "     (took $(( $(date +%s) - start )) s)"

head -c 5000 "$greenfield" > "$work/truncated.json"
"$bin" check "$work/truncated.json" > "$work/out" 2> "$work/err"; rc=$?
expect "truncated plan" 2 "truncated JSON"

{ printf '{"format_version":"1.2","resource_changes":[],"planned_values":'
  for _ in $(seq 1000); do printf '['; done
  for _ in $(seq 1000); do printf ']'; done
  printf '}'
} > "$work/deep.json"
"$bin" check "$work/deep.json" > "$work/out" 2> "$work/err"; rc=$?
expect "1000-level nesting" 2 "nesting deeper than 128 levels"

printf '{"format_version":"1.2","resource_changes":[],"x":"caf\xe9"}' > "$work/latin1.json"
"$bin" check "$work/latin1.json" > "$work/out" 2> "$work/err"; rc=$?
expect "non-UTF-8 plan" 2 "invalid UTF-8"

printf '{"format_version":"1.2","resource_changes":{"a":1}}' > "$work/type.json"
"$bin" check "$work/type.json" > "$work/out" 2> "$work/err"; rc=$?
expect "wrong type" 2 "resource_changes: expected an array, got object"

# Errored or incomplete plans (format 1.2) are input errors, never a pass.
sed 's/"errored": *false/"errored": true/' "$greenfield" > "$work/errored.json"
"$bin" check - --chdir "$work/wd" < "$work/errored.json" > "$work/out" 2> "$work/err"; rc=$?
expect "errored plan" 2 "the plan errored; Terraform did not plan every resource, so it cannot be judged"

sed 's/"complete": *true/"complete": false/' "$greenfield" > "$work/incomplete.json"
"$bin" check "$work/incomplete.json" --chdir "$work/wd" > "$work/out" 2> "$work/err"; rc=$?
expect "incomplete plan" 2 "the plan is incomplete"

exit $fail
