#!/usr/bin/env bash
# The plan-time gate over azurerm-shaped resources: resource
# "threatmodel_assertion" given the planned azurerm resources themselves,
# under the real Terraform CLI with the test-only azurerm provider
# (acceptance/azurerm-stub), both through dev_overrides (lib/stub_env.sh).
#
#   acceptance/terraform/gate_azurerm.sh THREATMODEL_BINARY AZURERM_STUB_BINARY
#
# Over testdata/gate_azurerm/main.tf (nothing exists yet: every ID and
# principal is unknown when Terraform first plans):
#   1. Contributor on the PostgreSQL server for a new system-assigned
#      Automation identity fails `terraform plan` with E-1 at the role
#      assignment's entry, and nothing is applied;
#   2. Owner for a new user-assigned identity fails the same way;
#   3. the narrow custom role plans clean, applies, and the next plan has no
#      changes; the server's sensitive password reaches neither the
#      assertion's state nor its planned change nor any CLI output;
#   4. once the identity exists, switching to Contributor is a decided
#      violation that names the account;
#   5. Owner for a user in the for_each map fails E-3;
#   6. destroy succeeds; examples/resources/ validates against the stub and
#      examples/greenfield fails its plan with E-1;
#   7. examples/greenfield's `terraform test` suite passes.
# Skips (exit 0) when neither `terraform` nor `tofu` is on PATH.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 THREATMODEL_BINARY AZURERM_STUB_BINARY" >&2
  exit 2
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/stub_env.sh
source "$here/lib/stub_env.sh"

stub_env_begin gate-azurerm "$1" "$2"
canary="canary-pg-Passw0rd-0f-the-gate"
export TF_VAR_pg_password=$canary

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"
# expect_error LOG SUMMARY_PREFIX LINE PHRASE...: an "Error: SUMMARY..."
# located at main.tf line LINE whose text holds every PHRASE.
expect_error() {
  local log=$1 prefix=$2 line=$3 phrase block
  shift 3
  block=$(awk -v p="Error: $prefix" '
    index($0, p) == 1 { on = 1 }
    on && /^Error: / && index($0, p) != 1 { on = 0 }
    on { print }
  ' "$log" | tr -s ' \n' ' ')
  if [ -z "$block" ]; then
    fail "no \"Error: $prefix\" diagnostic"
    show "$log"
    return
  fi
  if grep -qF "on main.tf line $line," <<<"$block"; then
    pass "\"$prefix\" at main.tf line $line"
  else
    fail "\"$prefix\" not located at main.tf line $line"
    show "$log"
  fi
  for phrase in "$@"; do
    if grep -qF -- "$phrase" <<<"$block"; then
      pass "\"$prefix\" says \"$phrase\""
    else
      fail "\"$prefix\" lacks \"$phrase\""
    fi
  done
}
fresh() {
  rm -rf -- "${work:?}/$1"
  mkdir -p "$work/$1"
  cp "$here/testdata/gate_azurerm/main.tf" "$work/$1/main.tf"
  echo "$work/$1"
}

echo "== $("$STUB_ENV_CLI" version | head -n 1) with the azurerm stub"
config="$here/testdata/gate_azurerm/main.tf"
aa_line=$(grep -n '"azurerm_role_assignment.aa"' "$config" | cut -d: -f1)
users_line=$(grep -n '"azurerm_role_assignment.users"' "$config" | cut -d: -f1)

# 1. greenfield, system-assigned identity, Contributor
dir=$(fresh system)
status=0
stub_tf "$dir" "$work/1.out" plan -input=false -var aa_role=Contributor || status=$?
expect_exit "greenfield plan, Contributor for a new system-assigned identity" 1 "$status" "$work/1.out"
expect_error "$work/1.out" "E-1: " "$aa_line" "Contributor" "azurerm_role_assignment.aa" "unknown at plan time"
if [ -e "$dir/terraform.tfstate" ]; then
  fail "the failed plan left a state"
else
  pass "nothing applied"
fi

# 2. greenfield, user-assigned identity, Owner
dir=$(fresh user)
status=0
stub_tf "$dir" "$work/2.out" plan -input=false -var aa_role=Owner -var identity_type=UserAssigned || status=$?
expect_exit "greenfield plan, Owner for a new user-assigned identity" 1 "$status" "$work/2.out"
expect_error "$work/2.out" "E-1: " "$aa_line" "Owner"

# 3. the narrow custom role: clean plan, apply, no-op replan, no secret kept
dir=$(fresh clean)
status=0
stub_tf "$dir" "$work/3-plan.out" plan -input=false -out=tfplan || status=$?
expect_exit "greenfield plan with the custom start/stop role" 0 "$status" "$work/3-plan.out"
status=0
stub_tf_stdout "$dir" "$work/3-plan.json" "$work/3-show.err" show -json tfplan || status=$?
expect_exit "show -json" 0 "$status" "$work/3-show.err"
jq '.resource_changes[] | select(.address == "threatmodel_assertion.platform")' \
  "$work/3-plan.json" >"$work/3-assertion-change.json"
if jq -e '.change.after.resources == null and .change.after_unknown.findings == true' \
  "$work/3-assertion-change.json" >/dev/null; then
  pass "planned change: resources not recorded (write-only), findings unknown"
else
  fail "planned change of threatmodel_assertion.platform is not as expected"
  show "$work/3-assertion-change.json"
fi
status=0
stub_tf "$dir" "$work/3-apply.out" apply -input=false -auto-approve tfplan || status=$?
expect_exit "apply" 0 "$status" "$work/3-apply.out"
jq '.resources[] | select(.type == "threatmodel_assertion")' "$dir/terraform.tfstate" \
  >"$work/3-assertion-state.json" 2>/dev/null || true
if jq -e '.instances[0].attributes.passed == true and .instances[0].attributes.resources == null' \
  "$work/3-assertion-state.json" >/dev/null 2>&1; then
  pass "state: passed = true, resources not stored"
else
  fail "state of threatmodel_assertion.platform is not as expected"
  show "$work/3-assertion-state.json"
fi
status=0
stub_tf "$dir" "$work/3-again.out" plan -input=false -detailed-exitcode || status=$?
expect_exit "next plan of the same configuration (-detailed-exitcode: no changes)" 0 "$status" "$work/3-again.out"
leaks=0
for f in "$work/3-assertion-change.json" "$work/3-assertion-state.json" \
  "$work/1.out" "$work/2.out" "$work/3-plan.out" "$work/3-apply.out"; do
  if [ ! -s "$f" ]; then
    fail "$f is missing or empty"
  elif grep -qF "$canary" "$f"; then
    fail "the server's password appears in $f"
    leaks=$((leaks + 1))
  fi
done
if [ "$leaks" -eq 0 ]; then
  pass "the server's password is in no assertion state, planned change or output"
fi

# 4. the identity exists now: Contributor is a decided violation
status=0
stub_tf "$dir" "$work/4.out" plan -input=false -var aa_role=Contributor || status=$?
expect_exit "plan with Contributor once the identity exists" 1 "$status" "$work/4.out"
expect_error "$work/4.out" "E-1: Automation account identities must not hold privileged roles" \
  "$aa_line" "azurerm_automation_account.aa" "Contributor" "PostgreSQL flexible server"
if grep -q "^Error: E-1: .*undecided" "$work/4.out"; then
  fail "E-1 is still undecided although every value is known"
else
  pass "E-1 is decided"
fi

# 5. a user in the for_each map with Owner
status=0
stub_tf "$dir" "$work/5.out" plan -input=false -var alice_role=Owner || status=$?
expect_exit "plan with Owner for alice@contoso.com" 1 "$status" "$work/5.out"
expect_error "$work/5.out" "E-3: " "$users_line" "Owner" "11111111-1111-1111-1111-111111111111"

# 6. destroy, and the resource example validates
status=0
stub_tf "$dir" "$work/6.out" destroy -input=false -auto-approve || status=$?
expect_exit "destroy" 0 "$status" "$work/6.out"
example="$work/example"
mkdir -p "$example"
cp "$repo"/examples/resources/threatmodel_assertion/*.tf "$example/"
cat >"$example/providers.tf" <<'EOF'
terraform {
  required_providers {
    azurerm     = { source = "hashicorp/azurerm" }
    threatmodel = { source = "threatmodel/threatmodel" }
  }
}
provider "azurerm" {
  features {}
}
EOF
status=0
stub_tf "$example" "$work/6-validate.out" validate || status=$?
expect_exit "validate examples/resources/threatmodel_assertion" 0 "$status" "$work/6-validate.out"
# Its plan would judge T-2 on this scratch directory's local state.
greenfield="$work/greenfield"
cp -R "$repo/examples/greenfield" "$greenfield"
status=0
stub_tf "$greenfield" "$work/6-greenfield.out" plan -input=false || status=$?
expect_exit "plan examples/greenfield" 1 "$status" "$work/6-greenfield.out"
expect_error "$work/6-greenfield.out" "E-1: " \
  "$(grep -n '"azurerm_role_assignment.runbook_postgresql"' "$greenfield/main.tf" | cut -d: -f1)" \
  "Contributor"
if [ -e "$greenfield/terraform.tfstate" ]; then
  fail "the greenfield plan left a state"
else
  pass "examples/greenfield: nothing applied"
fi

# 7. the greenfield example's `terraform test` suite: refused at plan time,
# with nothing applied, and the narrow role plans.
tests="$work/greenfield-tests"
cp -R "$repo/examples/greenfield" "$tests"
status=0
stub_tf "$tests" "$work/7-test.out" test || status=$?
expect_exit "terraform test in examples/greenfield" 0 "$status" "$work/7-test.out"
if grep -qE "^Success! 2 passed, 0 failed" "$work/7-test.out"; then
  pass "both greenfield runs passed"
else
  fail "terraform test did not report 2 passed runs"
  show "$work/7-test.out"
fi

if [ "$failures" -ne 0 ]; then
  echo "== plan-time gate over azurerm resources: FAIL ($failures failure(s))"
  exit 1
fi
echo "== plan-time gate over azurerm resources: PASS"
