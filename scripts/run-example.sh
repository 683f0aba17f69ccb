#!/usr/bin/env bash
# The main job: installs what is missing, builds the provider in release
# mode and runs `terraform plan` with it on the bundled reference
# architecture examples through a dev_overrides CLI configuration written
# to a temporary directory.
#
# The insecure example must fail with T-2, E-1 and E-3 and the fixed one
# must pass; the script exits non-zero when either does not.
#
# Usage: scripts/run-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target terraform-provider-threatmodel

tf=$(command -v terraform || command -v tofu || true)
if [ -z "$tf" ]; then
  echo "No terraform or tofu binary on PATH: built $root/build/release/bin/terraform-provider-threatmodel but cannot run a plan." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "threatmodel/threatmodel" = "$root/build/release/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

plan() {
  local example=$1
  cp -r "examples/reference-architecture/$example" "$work/$example"
  echo
  echo "==== terraform plan: examples/reference-architecture/$example"
  (cd "$work/$example" && "$tf" plan -input=false -no-color 2>&1) | tee "$work/$example.log"
  return "${PIPESTATUS[0]}"
}

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
if ! plan fixed; then
  echo "UNEXPECTED: the fixed example failed" >&2
  status=1
fi

echo
if [ $status -eq 0 ]; then
  echo "RESULT: the insecure example fails the plan with T-2, E-1 and E-3; the fixed example passes."
fi
exit $status
