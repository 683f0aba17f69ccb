#!/usr/bin/env bash
# The reference-architecture platform (testdata/platform/main.tf) planned
# by real Terraform with the test-only azurerm provider, judged by
# `threatmodel check` over `terraform show -json` and by the managed
# resource `threatmodel_assertion` given the planned resources themselves.
#
#   acceptance/terraform/platform_plans.sh THREATMODEL_BINARY AZURERM_STUB_BINARY
#
# For each variant, insecure (hardened = false) and fixed (hardened = true):
#   1. greenfield: the first plan, every ID unknown;
#   2. applied: the next plan of the same configuration after the stub's
#      apply, every ID known.
# Each plan's findings other than passes (threat, facet, status, source)
# must be exactly testdata/platform/expected/VARIANT-STAGE.tsv, and the
# exit status follows: 1 when a mandatory finding is a violation or
# undecided, else 0. The fixed platform's applied plan must be clean.
# Then each configuration with testdata/platform/gate.tf added: once
# applied, `terraform plan` fails exactly when the CLI did, with one error
# per blocking CLI finding; on the first plan, where the gate sees values
# but not references, it blocks everything the CLI blocks and anything more
# is undecided. The PostgreSQL password never shows.
#
# Last, the fixed platform with testdata/platform/outputs.tf: keys copied
# into root outputs break I-1's and I-3's key-copy premise
# (expected/fixed-outputs.tsv).
#
# T-2 (the working directory's backend) is left to its own tests: this
# directory has no backend, so the CLI runs with T-2 advisory and the gate
# with discover_backend = false. I-2 follows T-2 (violations under the
# CLI, which sees the local state; undecided in the gate, which sees no
# backend), so it is advisory in both; its CLI findings are expected.
#
# THREATMODEL_UPDATE_EXPECTED=1 rewrites the expected files from the run.
# Skips (exit 0) when neither `terraform` nor `tofu` is on PATH.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 THREATMODEL_BINARY AZURERM_STUB_BINARY" >&2
  exit 2
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/stub_env.sh
source "$here/lib/stub_env.sh"

stub_env_begin platform "$1" "$2"
stub_env_check_binary "$1"
canary="platform-canary-$(date +%s%N)"
export TF_VAR_postgresql_admin_password=$canary
expected_dir="$here/testdata/platform/expected"
printf '{"enforcement": {"T-2": "advisory", "I-2": "advisory"}}\n' >"$work/policy.json"

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"

# The findings that are not passes, one line each, sorted.
findings_tsv() {
  jq -r '.findings[]
    | select(.status != "pass" and .status != "not_applicable")
    | select(.threat_id != "T-2")
    | [.threat_id, (.facet // "-"), .status, .source] | @tsv' "$1" | LC_ALL=C sort
}

# The mandatory findings that fail a plan, as "threat<TAB>count". Facets
# decided from the configuration's references alone (a key copied into
# another resource) are left out: a provider is given values, never
# references, so the gate reports them not applicable (docs/engine.md).
reference_only_facets='["premise-key-vault"]'
blocking_counts() {
  jq -r --argjson skip "$reference_only_facets" '.findings[]
    | select(.status == "violation" or .status == "undecided")
    | select(.enforcement == "mandatory" and .threat_id != "T-2")
    | select((.facet // "") as $f | $skip | index($f) | not)
    | .threat_id' "$1" | LC_ALL=C sort | uniq -c | awk '{print $2 "\t" $1}'
}

# judge VARIANT STAGE DIR PLANFILE
judge() {
  local variant=$1 stage=$2 dir=$3 planfile=$4 name="$1-$2" status
  status=0
  stub_tf_stdout "$dir" "$work/$name.json" "$work/$name.show.log" show -json "$planfile" || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$name: terraform show -json: exit $status"
    show "$work/$name.show.log"
    return
  fi
  status=0
  "$check_binary" check "$work/$name.json" --chdir "$dir" --policy "$work/policy.json" \
    --format json --output "$work/$name.report.json" 2>"$work/$name.check.err" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    fail "$name: threatmodel check: exit $status"
    show "$work/$name.check.err"
    return
  fi
  findings_tsv "$work/$name.report.json" >"$work/$name.tsv"
  if [ "${THREATMODEL_UPDATE_EXPECTED:-}" = 1 ]; then
    mkdir -p "$expected_dir"
    cp "$work/$name.tsv" "$expected_dir/$name.tsv"
  fi
  if diff -u "$expected_dir/$name.tsv" "$work/$name.tsv" >"$work/$name.diff" 2>&1; then
    pass "$name: exactly the expected findings ($(wc -l <"$work/$name.tsv") not passing)"
  else
    fail "$name: findings differ from expected/$name.tsv (- expected, + got)"
    show "$work/$name.diff"
  fi
  local want=0
  if jq -e '[.findings[] | select(.status == "violation" or .status == "undecided")
      | select(.enforcement == "mandatory" and .threat_id != "T-2")] | length > 0' \
    "$work/$name.report.json" >/dev/null; then
    want=1
  fi
  if [ "$status" -eq "$want" ]; then
    pass "$name: threatmodel check exits $status"
  else
    fail "$name: threatmodel check exits $status, expected $want"
  fi
  if grep -aqF "$canary" "$work/$name.report.json" "$work/$name.check.err"; then
    fail "$name: the PostgreSQL password appears in the report"
  fi
  echo "$status" >"$work/$name.exit"
}

echo "== $("$STUB_ENV_CLI" version | head -n 1) with the azurerm stub"
for variant in insecure fixed; do
  hardened=false
  [ "$variant" = fixed ] && hardened=true
  dir="$work/$variant"
  mkdir -p "$dir"
  cp "$here/testdata/platform/main.tf" "$dir/main.tf"
  echo "-- $variant platform"
  status=0
  stub_tf "$dir" "$work/$variant-plan1.log" plan -input=false -var "hardened=$hardened" -out=greenfield.tfplan || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$variant: greenfield plan: exit $status"
    show "$work/$variant-plan1.log"
    continue
  fi
  judge "$variant" greenfield "$dir" greenfield.tfplan
  status=0
  stub_tf "$dir" "$work/$variant-apply.log" apply -input=false -auto-approve greenfield.tfplan || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$variant: apply: exit $status"
    show "$work/$variant-apply.log"
    continue
  fi
  status=0
  stub_tf "$dir" "$work/$variant-plan2.log" plan -input=false -var "hardened=$hardened" -out=applied.tfplan || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$variant: plan after apply: exit $status"
    show "$work/$variant-plan2.log"
    continue
  fi
  judge "$variant" applied "$dir" applied.tfplan
done

if [ "$(cat "$work/fixed-applied.exit" 2>/dev/null)" = 0 ]; then
  pass "the fixed platform passes once applied"
else
  fail "the fixed platform does not pass once applied"
fi

# gate_counts LOG: the gate's error diagnostics as "threat<TAB>count";
# undecided ones too when UNDECIDED_ONLY is set.
gate_counts() {
  local pattern='^Error: [A-Z]-[0-9]+:'
  grep -E "$pattern" "$1" | { if [ -n "${2:-}" ]; then grep -F '(undecided at plan time)'; else cat; fi; } |
    sed -E 's/^Error: ([A-Z]-[0-9]+):.*/\1/' | LC_ALL=C sort | uniq -c | awk '{print $2 "\t" $1}' || true
}

# The gate: resource "threatmodel_assertion" given the planned resources
# (testdata/platform/gate.tf) in the same configuration.
#  - Once applied, every ID is known: the gate decides exactly as the CLI.
#  - On the first plan it sees values without references, so links the CLI
#    makes by reference (an association's subnet, a grant's principal) are
#    undecided there: it must block whatever the CLI blocks, and anything
#    more it reports must be undecided, never a violation the CLI lacks.
for variant in insecure fixed; do
  hardened=false
  [ "$variant" = fixed ] && hardened=true
  echo "-- $variant platform through resource \"threatmodel_assertion\""
  for stage in applied greenfield; do
    name="$variant-$stage"
    if [ "$stage" = applied ]; then
      dir="$work/$variant"
    else
      dir="$work/$variant-gate"
      mkdir -p "$dir"
      cp "$here/testdata/platform/main.tf" "$dir/"
    fi
    cp "$here/testdata/platform/gate.tf" "$dir/"
    status=0
    stub_tf "$dir" "$work/$name-gate.log" plan -input=false -var "hardened=$hardened" || status=$?
    want=$(cat "$work/$name.exit" 2>/dev/null || echo missing)
    blocking_counts "$work/$name.report.json" >"$work/$name-cli-counts"
    gate_counts "$work/$name-gate.log" >"$work/$name-gate-counts"
    if grep -aqF "$canary" "$work/$name-gate.log"; then
      fail "$name gate: the PostgreSQL password appears in terraform's output"
    fi
    if [ "$stage" = applied ]; then
      if [ "$status" = "$want" ]; then
        pass "$name gate: terraform plan exits $status, as the CLI did"
      else
        fail "$name gate: terraform plan exits $status, the CLI $want"
        show "$work/$name-gate.log"
      fi
      if diff -u "$work/$name-cli-counts" "$work/$name-gate-counts" >"$work/$name-gate.diff"; then
        pass "$name gate: the CLI's blocking findings, threat by threat ($(tr '\n\t' ' =' <"$work/$name-gate-counts"))"
      else
        fail "$name gate: errors per threat differ from the CLI's (- CLI, + gate)"
        show "$work/$name-gate.diff"
      fi
      continue
    fi
    if [ "$want" = 1 ] && [ "$status" != 1 ]; then
      fail "$name gate: terraform plan exits $status although the CLI blocks"
      show "$work/$name-gate.log"
    fi
    gate_counts "$work/$name-gate.log" undecided >"$work/$name-gate-undecided"
    short=0
    while IFS=$'\t' read -r threat cli_n; do
      gate_n=$(awk -v t="$threat" '$1 == t {print $2}' "$work/$name-gate-counts")
      if [ "${gate_n:-0}" -lt "$cli_n" ]; then
        fail "$name gate: $threat has ${gate_n:-0} error(s), the CLI $cli_n"
        short=1
      fi
    done <"$work/$name-cli-counts"
    [ "$short" = 0 ] && pass "$name gate: blocks everything the CLI blocks"
    surplus=0
    while IFS=$'\t' read -r threat gate_n; do
      cli_n=$(awk -v t="$threat" '$1 == t {print $2}' "$work/$name-cli-counts")
      undecided_n=$(awk -v t="$threat" '$1 == t {print $2}' "$work/$name-gate-undecided")
      if [ $((gate_n - ${cli_n:-0})) -gt "${undecided_n:-0}" ]; then
        fail "$name gate: $threat reports more than the CLI beyond undecided findings"
        surplus=1
      fi
    done <"$work/$name-gate-counts"
    if [ "$surplus" = 0 ]; then
      pass "$name gate: anything beyond the CLI is undecided ($(tr '\n\t' ' =' <"$work/$name-gate-undecided"))"
    else
      show "$work/$name-gate.log"
    fi
  done
done

# Keys leaving through root outputs (testdata/platform/outputs.tf added to
# the fixed platform): the first plan must show exactly I-1's and I-3's
# key-copy premise broken, each naming its output.
echo "-- fixed platform with keys in root outputs"
dir="$work/fixed-outputs"
mkdir -p "$dir"
cp "$here/testdata/platform/main.tf" "$here/testdata/platform/outputs.tf" "$dir/"
status=0
stub_tf "$dir" "$work/outputs-plan.log" plan -input=false -var hardened=true -out=outputs.tfplan || status=$?
if [ "$status" -ne 0 ]; then
  fail "fixed-outputs: plan: exit $status"
  show "$work/outputs-plan.log"
else
  judge fixed outputs "$dir" outputs.tfplan
  for want in "I-1 azurerm_storage_account.main output.storage_connection_string" \
    "I-3 azurerm_managed_redis.main output.redis"; do
    read -r threat source output <<<"$want"
    if jq -e --arg t "$threat" --arg s "$source" --arg o "$output" '[.findings[]
        | select(.threat_id == $t and .facet == "premise-key-vault" and .source == $s)
        | select(.status == "violation" and (.message | contains($o + " = ")))] | length == 1' \
      "$work/fixed-outputs.report.json" >/dev/null; then
      pass "fixed-outputs: $threat names $output as a copy of the keys"
    else
      fail "fixed-outputs: $threat does not name $output as a copy of the keys"
    fi
  done
fi

if [ "$failures" -eq 0 ]; then
  echo "== reference-architecture platform plans: PASS"
else
  echo "== reference-architecture platform plans: FAIL ($failures failure(s))"
  exit 1
fi
