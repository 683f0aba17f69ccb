#!/usr/bin/env bash
# The main job: installs what is missing, builds the provider in release
# mode and runs `terraform plan` with it on the bundled reference
# architecture examples, each copied to a temporary directory.
#
# The insecure example has no backend and is planned through a dev_overrides
# CLI configuration, without `terraform init`. The fixed example keeps its
# state in PostgreSQL: the script starts a throwaway server
# (scripts/pg-state-server.sh), runs `terraform init` on it with the
# connection string in PG_CONN_STR, the provider installed from a local
# plugin directory, then plans; T-2 observes the pg backend that init
# recorded. The server is stopped and removed on exit.
#
# The greenfield example (examples/greenfield) plans azurerm resources that
# do not exist yet against the test-only azurerm stand-in
# (acceptance/azurerm-stub, never shipped), since the real azurerm provider
# needs Azure credentials to plan; resource "threatmodel_assertion" must
# fail that plan with E-1 before anything is created.
#
# The insecure example must fail with T-2, E-1 and E-3, the fixed one must
# pass, and the greenfield one must fail at plan time; the script exits
# non-zero when any does not.
#
# Usage: scripts/run-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh
cmake --preset release -DTHREATMODEL_BUILD_AZURERM_STUB=ON >/dev/null
cmake --build --preset release --target terraform-provider-threatmodel terraform-provider-azurerm

tf=$(command -v terraform || command -v tofu || true)
if [ -z "$tf" ]; then
  echo "No terraform or tofu binary on PATH: built $root/build/release/bin/terraform-provider-threatmodel but cannot run a plan." >&2
  exit 1
fi

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) platform=linux_amd64 ;;
  Linux/aarch64 | Linux/arm64) platform=linux_arm64 ;;
  *)
    echo "Unsupported platform $(uname -s)/$(uname -m)" >&2
    exit 1
    ;;
esac

work=$(mktemp -d)
pg_dir=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if [ -n "$pg_dir" ]; then
    bash scripts/pg-state-server.sh stop "$pg_dir" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "threatmodel/threatmodel" = "$root/build/release/bin"
  }
  direct {}
}
CFG
# The greenfield example also takes hashicorp/azurerm from the build.
azurerm_stub=$(find "$root/build/release" -type f -name terraform-provider-azurerm | head -n 1)
mkdir -p "$work/azurerm-plugin"
ln -s "$azurerm_stub" "$work/azurerm-plugin/terraform-provider-azurerm"
cat >"$work/greenfield.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "threatmodel/threatmodel" = "$root/build/release/bin"
    "hashicorp/azurerm"       = "$work/azurerm-plugin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

plan() {
  local example=$1
  echo
  case "$example" in
    greenfield) echo "==== terraform plan: examples/greenfield (nothing exists yet; azurerm served by the test-only stand-in)" ;;
    *) echo "==== terraform plan: examples/reference-architecture/$example" ;;
  esac
  (cd "$work/$example" && "$tf" plan -input=false -no-color 2>&1 </dev/null) | tee "$work/$example.log"
  return "${PIPESTATUS[0]}"
}

# init_fixed: starts the state server and runs `terraform init` in the
# fixed example's copy, with the provider installed from a plugin directory
# in the layout Terraform expects (the build is not in a registry) and a CLI
# configuration without dev_overrides.
init_fixed() {
  local version plugins
  version=$(tr -d ' \n' <VERSION)
  plugins="$work/plugins/registry.terraform.io/threatmodel/threatmodel/$version/$platform"
  mkdir -p "$plugins"
  ln -s "$root/build/release/bin/terraform-provider-threatmodel" "$plugins/"
  : >"$work/fixed.tfrc"

  pg_dir=$(bash scripts/pg-state-server.sh start)
  eval "$(bash scripts/pg-state-server.sh env "$pg_dir")"
  export PG_CONN_STR

  echo
  echo "==== terraform init: examples/reference-architecture/fixed (pg backend on 127.0.0.1)"
  (cd "$work/fixed" && TF_CLI_CONFIG_FILE="$work/fixed.tfrc" \
    "$tf" init -input=false -no-color -plugin-dir="$work/plugins" 2>&1 </dev/null) |
    tee "$work/fixed-init.log"
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    return 1
  fi
  # The connection string, password included, must not reach the backend
  # file that init writes (the pg backend reads it from the environment).
  if grep -qF -- "$PG_CONN_STR" "$work/fixed/.terraform/terraform.tfstate"; then
    echo "UNEXPECTED: terraform init wrote PG_CONN_STR into .terraform/terraform.tfstate" >&2
    return 1
  fi
}

cp -r examples/reference-architecture/insecure examples/reference-architecture/fixed examples/greenfield "$work/"

status=0
if plan insecure; then
  echo "UNEXPECTED: the insecure example planned without errors" >&2
  status=1
else
  for threat in T-2 E-1 E-3; do
    if ! grep -q "^Error: $threat:" "$work/insecure.log"; then
      echo "UNEXPECTED: the insecure example did not fail with $threat" >&2
      status=1
    fi
  done
fi
if ! init_fixed; then
  echo "UNEXPECTED: terraform init of the fixed example on the pg backend failed" >&2
  status=1
elif ! TF_CLI_CONFIG_FILE="$work/fixed.tfrc" plan fixed; then
  echo "UNEXPECTED: the fixed example failed" >&2
  status=1
fi
if TF_CLI_CONFIG_FILE="$work/greenfield.tfrc" plan greenfield; then
  echo "UNEXPECTED: the greenfield example planned without errors" >&2
  status=1
elif ! grep -q "^Error: E-1:" "$work/greenfield.log"; then
  echo "UNEXPECTED: the greenfield example did not fail with E-1" >&2
  status=1
elif [ -e "$work/greenfield/terraform.tfstate" ]; then
  echo "UNEXPECTED: the greenfield plan left a state" >&2
  status=1
fi

echo
if [ $status -eq 0 ]; then
  echo "RESULT: the insecure example fails the plan with T-2, E-1 and E-3; the fixed example, initialised on a pg backend, passes; the greenfield example fails at plan time with E-1, before anything is created."
fi
exit $status
