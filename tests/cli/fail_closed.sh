#!/usr/bin/env bash
# End-to-end checks of `threatmodel check` on ambiguous input that a
# different reader could see differently: a key given twice in any JSON
# object of the plan, the policy or the backend file is an input error
# (exit status 2, one line on stderr naming the key and its position),
# never "the last one wins". And the backend file's values never reach any
# output, whatever the format.
#
# usage: fail_closed.sh THREATMODEL SOURCE_DIR
set -uo pipefail

bin=$1 src=$2
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

# --- Plan JSON -------------------------------------------------------------
ra='{"address":"azurerm_role_assignment.a","mode":"managed","type":"azurerm_role_assignment","name":"a","change":{"actions":["create"],"after":'
printf '%s\n' '{"format_version":"1.2","resource_changes":[' \
  "$ra"'{"scope":"/subscriptions/1","principal_id":"p",' \
  '"role_definition_name":"contributor","role_definition_name":"Reader"}}}]}' \
  > "$work/dup-after.json"
"$bin" check "$work/dup-after.json" > "$work/out" 2> "$work/err"; rc=$?
expect "plan: duplicate key in a role assignment's after" 2 \
  'duplicate object key "role_definition_name" at line 3, column 38'

printf '{"format_version":"1.2","planned_values":{"a":{"b":1,"b":2}},"resource_changes":[]}' \
  > "$work/dup-skipped.json"
"$bin" check "$work/dup-skipped.json" > "$work/out" 2> "$work/err"; rc=$?
expect "plan: duplicate key in a skipped value" 2 \
  'duplicate object key "b" at line 1, column 54'

"$bin" check - < "$work/dup-after.json" > "$work/out" 2> "$work/err"; rc=$?
expect "plan on stdin: duplicate key" 2 'duplicate object key "role_definition_name"'

# --- Policy JSON -----------------------------------------------------------
printf '%s\n' '{"waivers":[{"threat":"E-1","subject":"aa","justification":"j",' \
  '"approver":"a","expires":"2020-01-01","expires":"2099-01-01"}]}' \
  > "$work/dup-waiver.json"
"$bin" check "$greenfield" --policy "$work/dup-waiver.json" > "$work/out" 2> "$work/err"; rc=$?
expect "policy: duplicate key in a waiver" 2 \
  'duplicate object key "expires" at line 2, column 39'

printf '{"enforcement":{"E-1":"mandatory","E-1":"advisory"}}' > "$work/dup-enf.json"
"$bin" check "$greenfield" --policy "$work/dup-enf.json" > "$work/out" 2> "$work/err"; rc=$?
expect "policy: duplicate key in enforcement" 2 \
  'duplicate object key "E-1" at line 1, column 35 (byte 34)'

# --- Backend file (.terraform/terraform.tfstate) -----------------------------
mkdir -p "$work/wd-dup/.terraform"
printf '{"version":3,"backend":{"type":"local","type":"azurerm","config":{}}}' \
  > "$work/wd-dup/.terraform/terraform.tfstate"
"$bin" check "$greenfield" --chdir "$work/wd-dup" > "$work/out" 2> "$work/err"; rc=$?
expect "backend file: duplicate type" 2 'duplicate object key "type" at byte 39'

# --- Backend credentials: detected, and never echoed -------------------------
printf '{"accepted_backends":["pg","gcs"]}' > "$work/accept.json"
backend() {  # backend DIR TYPE CONFIG_JSON
  mkdir -p "$1/.terraform"
  printf '{"version":3,"backend":{"type":"%s","config":%s,"hash":1}}' "$2" "$3" \
    > "$1/.terraform/terraform.tfstate"
}
# check_backend NAME DIR WANT_CODE WANT_TEXT_IN_REPORT: every report format,
# to stdout and with --output; no output may contain a TM-SECRET value.
check_backend() {
  local name=$1 dir=$2 want=$3 text=$4 format
  for format in text json sarif junit; do
    rm -f "$work/report"
    "$bin" check "$greenfield" --chdir "$dir" --policy "$work/accept.json" \
      --threats T-2 --format "$format" > "$work/out" 2> "$work/err"; rc=$?
    expect "$name ($format)" "$want" ""
    if [ "$format" = text ] && ! grep -qF -- "$text" "$work/out"; then
      echo "FAIL $name: report lacks '$text'"; cat "$work/out"; fail=1
    fi
    "$bin" check "$greenfield" --chdir "$dir" --policy "$work/accept.json" \
      --threats T-2 --format "$format" --output "$work/report" \
      > "$work/out2" 2> "$work/err2"
    if grep -l "TM-SECRET" "$work/out" "$work/err" "$work/out2" "$work/err2" \
         "$work/report"; then
      echo "FAIL $name ($format): a backend value reached an output"; fail=1
    fi
  done
}
backend "$work/pg-spaces" pg '{"conn_str":"host=db password = TM-SECRET-1 user=tf"}'
check_backend "pg conn_str password with spaces" "$work/pg-spaces" 1 "sets credential conn_str"
backend "$work/pg-quoted" pg "{\"conn_str\":\"host=db password='TM-SECRET 2\\\\'s'\"}"
check_backend "pg conn_str quoted password" "$work/pg-quoted" 1 "sets credential conn_str"
backend "$work/pg-uri" pg '{"conn_str":"postgres://tf:TM-SECRET-3@db/tf?sslmode=require"}'
check_backend "pg conn_str URI user info" "$work/pg-uri" 1 "sets credential conn_str"
backend "$work/pg-query" pg '{"conn_str":"postgres://db/tf?password=TM-SECRET-4"}'
check_backend "pg conn_str URI query" "$work/pg-query" 1 "sets credential conn_str"
backend "$work/pg-none" pg '{"conn_str":"host=db user=tf sslmode=require"}'
check_backend "pg conn_str without a password" "$work/pg-none" 0 "PASS"
backend "$work/gcs-kms" gcs \
  '{"bucket":"b","kms_encryption_key":"projects/p/locations/l/keyRings/r/cryptoKeys/TM-SECRET-5"}'
check_backend "gcs kms_encryption_key is not a credential" "$work/gcs-kms" 0 "PASS"
backend "$work/gcs-csek" gcs '{"bucket":"b","encryption_key":"TM-SECRET-6"}'
check_backend "gcs encryption_key is a credential" "$work/gcs-csek" 1 \
  "sets credential encryption_key"

exit $fail
