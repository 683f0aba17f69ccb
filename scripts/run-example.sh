#!/usr/bin/env bash
# The main job: installs what is missing, builds the provider in release
# mode and runs `terraform plan` with it on the bundled examples, through a
# dev_overrides CLI configuration written to a temporary directory.
#
# Usage: scripts/run-example.sh [EXAMPLE_DIR ...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  examples=(examples/data-sources/threatmodel_version)
fi

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

status=0
for example in "${examples[@]}"; do
  echo "== terraform plan in $example"
  copy="$work/$(basename "$example")"
  cp -r "$example" "$copy"
  if ! (cd "$copy" && "$tf" plan -input=false -no-color); then
    status=1
  fi
done
exit $status
