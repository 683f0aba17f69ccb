#!/usr/bin/env bash
# Smoke test of the test-only azurerm stub (acceptance/azurerm-stub) under
# the real Terraform (or OpenTofu) CLI, next to our provider, both through
# dev_overrides (lib/stub_env.sh); no registry, no network.
#
#   acceptance/terraform/azurerm_stub.sh THREATMODEL_BINARY AZURERM_STUB_BINARY
#
# Over testdata/azurerm_stub/main.tf:
#   1. `plan -out` succeeds with both overrides in effect;
#   2. `show -json` of that plan has azurerm's shape where rules look:
#      after_unknown principal_id (identity block and role assignment),
#      after_sensitive administrator_password, the Optional+Computed
#      `authentication` block wholly unknown, SDKv2 defaults planned;
#   3. `apply -auto-approve` succeeds and the state links the role
#      assignment to the automation account's (fake, UUID-shaped) principal;
#   4. a second plan shows no changes (`-detailed-exitcode` 0);
#   5. `destroy -auto-approve` succeeds and leaves an empty state.
# Skips (exit 0) when neither `terraform` nor `tofu` is on PATH.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 THREATMODEL_BINARY AZURERM_STUB_BINARY" >&2
  exit 2
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib/stub_env.sh
source "$here/lib/stub_env.sh"

stub_env_begin azurerm-stub "$1" "$2"
dir="$work/config"
cp -R "$here/testdata/azurerm_stub" "$dir"

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"

# expect_jq DESCRIPTION FILE FILTER: FILTER must print true.
expect_jq() {
  local what=$1 file=$2 filter=$3 got
  if got=$(jq -e "$filter" "$file" 2>&1); then
    pass "$what"
  else
    fail "$what (jq $filter gave: ${got:-nothing})"
  fi
}


echo "== $("$STUB_ENV_CLI" version | head -n 1) with the azurerm stub"

# 1. plan -out
status=0
stub_tf "$dir" "$work/plan.out" plan -input=false -out=plan.tfplan || status=$?
if [ "$status" -ne 0 ]; then
  fail "plan exited with status $status"
  show "$work/plan.out"
  echo "== azurerm stub smoke test: FAIL (cannot continue without a plan)"
  exit 1
fi
pass "plan -out"
if grep -q "hashicorp/azurerm in $work/plugins/azurerm" "$work/plan.out" &&
  grep -q "threatmodel/threatmodel in $work/plugins/threatmodel" "$work/plan.out"; then
  pass "dev_overrides in effect for hashicorp/azurerm and threatmodel/threatmodel"
else
  fail "plan did not list both dev_overrides"
  show "$work/plan.out"
fi

# 2. show -json
status=0
stub_tf_stdout "$dir" "$work/plan.json" "$work/show.err" show -json plan.tfplan || status=$?
if [ "$status" -ne 0 ] || ! jq -e . "$work/plan.json" >/dev/null 2>&1; then
  fail "show -json exited with status $status or printed no JSON"
  show "$work/show.err"
else
  pass "show -json"
  plan="$work/plan.json"
  aa=azurerm_automation_account.main
  ra=azurerm_role_assignment.automation
  pg=azurerm_postgresql_flexible_server.main
  expect_jq "five resources, all planned for create" "$plan" \
    '[.resource_changes[] | select(.mode == "managed")] | length == 5 and all(.change.actions == ["create"])'
  expect_jq "$aa: identity[0].principal_id unknown" "$plan" \
    ".resource_changes[] | select(.address == \"$aa\") | .change.after_unknown.identity[0].principal_id == true"
  expect_jq "$ra: principal_id unknown" "$plan" \
    ".resource_changes[] | select(.address == \"$ra\") | .change.after_unknown.principal_id == true"
  expect_jq "$ra: role_definition_name known, role_definition_id unknown" "$plan" \
    ".resource_changes[] | select(.address == \"$ra\") | .change.after.role_definition_name == \"Contributor\" and .change.after_unknown.role_definition_id == true"
  expect_jq "$pg: administrator_password sensitive" "$plan" \
    ".resource_changes[] | select(.address == \"$pg\") | .change.after_sensitive.administrator_password == true"
  expect_jq "$pg: omitted Optional+Computed authentication block wholly unknown" "$plan" \
    ".resource_changes[] | select(.address == \"$pg\") | .change.after_unknown.authentication == true"
  expect_jq "$pg: SDKv2 default public_network_access_enabled = true planned" "$plan" \
    ".resource_changes[] | select(.address == \"$pg\") | .change.after.public_network_access_enabled == true"
  expect_jq "$pg: write-only administrator_password_wo null in the plan" "$plan" \
    ".resource_changes[] | select(.address == \"$pg\") | .change.after | has(\"administrator_password_wo\") and .administrator_password_wo == null"
fi

# 3. apply
status=0
stub_tf "$dir" "$work/apply.out" apply -input=false -auto-approve || status=$?
if [ "$status" -ne 0 ]; then
  fail "apply exited with status $status"
  show "$work/apply.out"
else
  pass "apply -auto-approve"
  status=0
  stub_tf_stdout "$dir" "$work/state.json" "$work/state.err" show -json || status=$?
  if [ "$status" -ne 0 ]; then
    fail "show -json of the state exited with status $status"
    show "$work/state.err"
  else
    state="$work/state.json"
    res='.values.root_module.resources[]'
    uuid='^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
    expect_jq "state: automation account principal_id is UUID-shaped" "$state" \
      "$res | select(.address == \"$aa\") | .values.identity[0].principal_id | test(\"$uuid\")"
    expect_jq "state: role assignment principal_id = automation account principal_id" "$state" \
      "([$res | select(.address == \"$aa\") | .values.identity[0].principal_id][0]) as \$p | $res | select(.address == \"$ra\") | .values.principal_id == \$p"
    expect_jq "state: role assignment id under the resource group scope" "$state" \
      "$res | select(.address == \"$ra\") | .values.id | test(\"^/subscriptions/0{8}-0{4}-0{4}-0{4}-0{12}/resourceGroups/rg-stub/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$\")"
    expect_jq "state: postgres authentication read back with password auth on" "$state" \
      "$res | select(.address == \"$pg\") | .values.authentication == [{\"active_directory_auth_enabled\": false, \"password_auth_enabled\": true, \"tenant_id\": null}]"
  fi
fi

# 4. second plan: nothing to do
status=0
stub_tf "$dir" "$work/plan2.out" plan -input=false -detailed-exitcode || status=$?
case "$status" in
  0) pass "second plan: no changes" ;;
  2)
    fail "second plan wants changes"
    show "$work/plan2.out"
    ;;
  *)
    fail "second plan exited with status $status"
    show "$work/plan2.out"
    ;;
esac

# 5. destroy
status=0
stub_tf "$dir" "$work/destroy.out" destroy -input=false -auto-approve || status=$?
if [ "$status" -ne 0 ]; then
  fail "destroy exited with status $status"
  show "$work/destroy.out"
else
  status=0
  stub_tf_stdout "$dir" "$work/list.out" "$work/list.err" state list || status=$?
  if [ "$status" -ne 0 ]; then
    fail "state list after destroy exited with status $status"
    show "$work/list.err"
  elif [ -s "$work/list.out" ]; then
    fail "state not empty after destroy:"
    show "$work/list.out"
  else
    pass "destroy -auto-approve; state empty"
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "== azurerm stub smoke test: FAIL ($failures failure(s))"
  exit 1
fi
echo "== azurerm stub smoke test: PASS"
