#!/usr/bin/env bash
# Cluster workloads managed with hashicorp/helm and hashicorp/kubernetes
# (testdata/workloads/main.tf), planned by real Terraform with the
# test-only stub serving azurerm, helm and kubernetes, judged by
# `threatmodel check` over `terraform show -json` and by the managed
# resource `threatmodel_assertion` given the helm_release itself.
#
#   acceptance/terraform/kubernetes_plans.sh THREATMODEL_BINARY STUB_BINARY
#
# Three variants, each on its first plan:
#   insecure            hardened = false: the reference values, one `set`
#   fixed               hardened = true: `set` turns every switch on
#   fixed-set-sensitive fixed, plus the database password in set_sensitive
# For each:
#   1. the plan JSON has the real providers' shapes where the rules read
#      them: helm_release `set` as a list of {name, value, type}, kubernetes
#      metadata as a single-element list, Secret data sensitive, and a
#      set_sensitive block marks the whole `set_sensitive` sensitive
#      (Terraform cannot mark one attribute inside a set element);
#   2. every S-1, D-4, T-1 and D-1 finding (threat, facet, status, source,
#      message, which names the attribute path and the winning values
#      source) is exactly testdata/workloads/expected/VARIANT.tsv, and
#      `threatmodel check` exits 1 (insecure) or 0 (both fixed variants);
#   3. with testdata/workloads/gate.tf added, `terraform plan` fails with
#      "Error: S-1:" and "Error: D-4:" for insecure and passes for both
#      fixed variants. Terraform hands a provider values without
#      sensitivity marks, so the gate reads the set_sensitive entry's name
#      (never its value); in plan JSON the whole set_sensitive is marked
#      sensitive, and the plan reader narrows that mark to the entries'
#      values, so the CLI reads the same names and reaches the same verdict.
# A canary in the Secret's data and in the set_sensitive value must never
# appear in a report, the CLI's stderr or Terraform's output.
#
# D-3 (the cluster's egress), T-2 and I-2 belong to the platform tests and
# are advisory here.
#
# Last, the rule examples this harness renders (testdata/workloads/examples)
# must equal the plan JSON files committed under src/rules/catalogue.
#
# THREATMODEL_UPDATE_EXPECTED=1 rewrites the expected files and the
# rendered rule examples from the run.
# Skips (exit 0) when neither `terraform` nor `tofu` is on PATH.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 THREATMODEL_BINARY STUB_BINARY" >&2
  exit 2
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/stub_env.sh
source "$here/lib/stub_env.sh"

stub_env_begin workloads "$1" "$2"
stub_env_check_binary "$1"
canary="workloads-canary-$(date +%s%N)"
export TF_VAR_canary=$canary
expected_dir="$here/testdata/workloads/expected"
printf '{"enforcement": {"T-2": "advisory", "I-2": "advisory", "D-3": "advisory"}}\n' >"$work/policy.json"

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"

# no_canary WHAT FILE...: the secret must not be in any FILE.
no_canary() {
  local what=$1
  shift
  if grep -aqF "$canary" "$@"; then
    fail "$what: the set_sensitive value or Secret data appears"
  else
    pass "$what: no secret value"
  fi
}

# The findings of the four rules, one line each, in report order.
findings_tsv() {
  jq -r '.findings[]
    | select(.threat_id == "S-1" or .threat_id == "D-4"
             or .threat_id == "T-1" or .threat_id == "D-1")
    | [.threat_id, (.facet // "-"), .status, .source, .message] | @tsv' "$1"
}

# expect_json NAME JSON FILTER WHAT: FILTER holds on JSON.
expect_json() {
  if jq -e "$3" "$2" >/dev/null 2>&1; then
    pass "$1: $4"
  else
    fail "$1: not so: $4"
  fi
}

# The plan JSON shapes the rules rely on, as the real providers make them.
# plan_shapes NAME JSON SET_SENSITIVE(yes|no)
plan_shapes() {
  local name=$1 json=$2
  local rc='.resource_changes[] | select(.address == "helm_release.osmo_control_plane") | .change'
  expect_json "$name" "$json" "$rc | .after.set | type == \"array\" and length > 0 and all(has(\"name\") and has(\"value\") and has(\"type\"))" \
    'helm_release.set is a list of {name, value, type}'
  expect_json "$name" "$json" "$rc | .after.namespace == \"osmo\" and (.after.values | length == 1)" \
    'helm_release namespace and values are known'
  if [ "$3" = yes ]; then
    expect_json "$name" "$json" "$rc | .after_sensitive.set_sensitive == true" \
      'the whole helm_release.set_sensitive is sensitive'
  else
    expect_json "$name" "$json" "$rc | .after.set_sensitive == []" \
      'helm_release.set_sensitive is empty'
  fi
  expect_json "$name" "$json" '.resource_changes[] | select(.address == "kubernetes_secret_v1.osmo") | .change.after_sensitive.data == true' \
    'kubernetes_secret_v1.data is sensitive'
  expect_json "$name" "$json" '.resource_changes[] | select(.address == "kubernetes_config_map_v1.osmo") | .change.after.metadata[0].namespace == "osmo" and (.change.after.data | type == "object")' \
    'kubernetes_config_map_v1 metadata[0] and data are known'
}

# judge NAME DIR WANT SET_SENSITIVE
judge() {
  local name=$1 dir=$2 want=$3 status=0
  stub_tf_stdout "$dir" "$work/$name.json" "$work/$name.show.log" show -json plan.tfplan || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$name: terraform show -json: exit $status"
    show "$work/$name.show.log"
    return
  fi
  plan_shapes "$name" "$work/$name.json" "$4"
  # Plan JSON holds sensitive values in the clear, so the canary must be
  # there: its absence from the outputs checked below then means something.
  if grep -aqF "$canary" "$work/$name.json"; then
    pass "$name: the canary reaches the plan"
  else
    fail "$name: the canary is not in the plan JSON, so the secret checks prove nothing"
  fi
  status=0
  "$check_binary" check "$work/$name.json" --chdir "$dir" --policy "$work/policy.json" \
    --format json --output "$work/$name.report.json" 2>"$work/$name.check.err" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    fail "$name: threatmodel check: exit $status"
    show "$work/$name.check.err"
    return
  fi
  expect_exit "$name: threatmodel check" "$want" "$status" "$work/$name.check.err"
  findings_tsv "$work/$name.report.json" >"$work/$name.tsv"
  if [ "${THREATMODEL_UPDATE_EXPECTED:-}" = 1 ]; then
    mkdir -p "$expected_dir"
    cp "$work/$name.tsv" "$expected_dir/$name.tsv"
  fi
  if diff -u "$expected_dir/$name.tsv" "$work/$name.tsv" >"$work/$name.diff" 2>&1; then
    pass "$name: exactly the expected S-1, D-4, T-1 and D-1 findings ($(wc -l <"$work/$name.tsv"))"
  else
    fail "$name: findings differ from expected/$name.tsv (- expected, + got)"
    show "$work/$name.diff"
  fi
  no_canary "$name report" "$work/$name.report.json" "$work/$name.check.err"
}

echo "== $("$STUB_ENV_CLI" version | head -n 1) with the azurerm, helm and kubernetes stubs"
# variant hardened database_password_in_release check-exit gate-exit
while read -r variant hardened in_release want gate_want; do
  dir="$work/$variant"
  mkdir -p "$dir"
  cp "$here/testdata/workloads/main.tf" "$dir/main.tf"
  vars=(-var "hardened=$hardened" -var "database_password_in_release=$in_release")
  echo "-- $variant workloads"
  status=0
  stub_tf "$dir" "$work/$variant-plan.log" plan -input=false "${vars[@]}" -out=plan.tfplan || status=$?
  if [ "$status" -ne 0 ]; then
    fail "$variant: plan: exit $status"
    show "$work/$variant-plan.log"
    continue
  fi
  no_canary "$variant terraform plan" "$work/$variant-plan.log"
  judge "$variant" "$dir" "$want" "$([ "$in_release" = true ] && echo yes || echo no)"

  echo "-- $variant workloads through resource \"threatmodel_assertion\""
  cp "$here/testdata/workloads/gate.tf" "$dir/"
  status=0
  stub_tf "$dir" "$work/$variant-gate.log" plan -input=false "${vars[@]}" || status=$?
  expect_exit "$variant gate: terraform plan" "$gate_want" "$status" "$work/$variant-gate.log"
  for threat in S-1 D-4; do
    found=no
    grep -qE "^Error: $threat:" "$work/$variant-gate.log" && found=yes
    if [ "$gate_want" = 1 ] && [ "$found" = no ]; then
      fail "$variant gate: no \"Error: $threat:\" in terraform's output"
      show "$work/$variant-gate.log"
    elif [ "$gate_want" = 0 ] && [ "$found" = yes ]; then
      fail "$variant gate: \"Error: $threat:\" although the values are fixed"
      show "$work/$variant-gate.log"
    else
      pass "$variant gate: \"Error: $threat:\" $([ "$found" = yes ] && echo present || echo absent)"
    fi
  done
  # Where both front ends agree, one gate error per blocking CLI finding.
  if [ "$want" = "$gate_want" ]; then
    for threat in S-1 D-4; do
      cli_n=$(jq --arg t "$threat" '[.findings[] | select(.threat_id == $t and .enforcement == "mandatory")
        | select(.status == "violation" or .status == "undecided")] | length' "$work/$variant.report.json")
      gate_n=$(grep -cE "^Error: $threat:" "$work/$variant-gate.log" || true)
      if [ "$cli_n" = "$gate_n" ]; then
        pass "$variant gate: $gate_n $threat error(s), as many as the CLI's blocking findings"
      else
        fail "$variant gate: $gate_n $threat error(s), the CLI $cli_n blocking finding(s)"
      fi
    done
  fi
  no_canary "$variant gate output" "$work/$variant-gate.log"
done <<'VARIANTS'
insecure false false 1 1
fixed true false 0 0
fixed-set-sensitive true true 0 0
VARIANTS

# Rule examples rendered by this harness: each testdata/workloads/examples/
# DIR/main.tf, planned and shown as JSON, must be the plan JSON example
# that DIR/target names (both without the plan's timestamp), so that the
# example keeps the real providers' shapes.
for example in "$here"/testdata/workloads/examples/*/; do
  name=$(basename -- "$example")
  target="$here/../../$(cat "$example/target")"
  dir="$work/example-$name"
  mkdir -p "$dir"
  cp "$example/main.tf" "$dir/"
  echo "-- rule example $name"
  status=0
  stub_tf "$dir" "$work/example-$name-plan.log" plan -input=false -out=plan.tfplan || status=$?
  if [ "$status" -eq 0 ]; then
    stub_tf_stdout "$dir" "$work/example-$name.raw.json" "$work/example-$name-show.log" show -json plan.tfplan || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    fail "example $name: plan or show: exit $status"
    show "$work/example-$name-plan.log"
    continue
  fi
  jq . "$work/example-$name.raw.json" >"$work/example-$name.json"
  if [ "${THREATMODEL_UPDATE_EXPECTED:-}" = 1 ]; then
    cp "$work/example-$name.json" "$target"
  fi
  if diff -u <(jq 'del(.timestamp)' "$target") <(jq 'del(.timestamp)' "$work/example-$name.json") \
    >"$work/example-$name.diff" 2>&1; then
    pass "example $name: $(cat "$example/target") is what Terraform renders"
  else
    fail "example $name: $(cat "$example/target") differs from the rendered plan (- file, + rendered)"
    show "$work/example-$name.diff"
  fi
done

if [ "$failures" -eq 0 ]; then
  echo "== helm and kubernetes workload plans: PASS"
else
  echo "== helm and kubernetes workload plans: FAIL ($failures failure(s))"
  exit 1
fi
