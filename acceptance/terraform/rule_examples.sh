#!/usr/bin/env bash
# Runs every rule's HCL examples under a real Terraform (or OpenTofu) CLI,
# with the built provider through dev_overrides.
#
#   acceptance/terraform/rule_examples.sh PROVIDER_BINARY RULE_DIR...
#
# For each RULE_DIR/examples/EXAMPLE.{good,bad}.tf: copy it into a fresh
# directory (adding a required_providers block for threatmodel when the
# example has none) and run `terraform plan`. A bad example must fail with
# "Error: <rule ID>:", a good one must succeed. The rule ID is read from
# RULE_DIR/rule.cc (`info.id = "..."`). Skips (exit 0) when neither
# `terraform` nor `tofu` is on PATH; needs no network.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

if [ $# -lt 2 ]; then
  echo "usage: $0 PROVIDER_BINARY RULE_DIR..." >&2
  exit 2
fi

cli=""
for candidate in terraform tofu; do
  if command -v "$candidate" >/dev/null 2>&1; then
    cli=$(command -v "$candidate")
    break
  fi
done
if [ -z "$cli" ]; then
  echo "SKIPPED: real terraform CLI tests: no terraform or tofu binary on PATH"
  exit 0
fi

binary=$(realpath -- "$1")
shift
if [ ! -x "$binary" ] || [ -d "$binary" ]; then
  echo "FAIL: provider binary $binary is not an executable file" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-acc-rules.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

provider_name=terraform-provider-threatmodel
case "$(basename -- "$binary")" in
  "$provider_name" | "$provider_name"_* | "$provider_name".*)
    plugin_dir=$(dirname -- "$binary")
    ;;
  *)
    plugin_dir="$work/plugins"
    mkdir -p "$plugin_dir"
    ln -s "$binary" "$plugin_dir/$provider_name"
    ;;
esac

cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "threatmodel/threatmodel" = "$plugin_dir"
  }
  direct {}
}
EOF

while IFS= read -r name; do
  unset "$name"
done < <(env | sed -n 's/^\(TF_[A-Za-z0-9_]*\)=.*/\1/p')
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export TF_INPUT=0

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"

echo "== $("$cli" version | head -n 1) with $binary"

n=0
for rule_dir in "$@"; do
  rule=$(basename -- "$rule_dir")
  id=$(sed -n 's/^ *info\.id = "\([^"]*\)";.*/\1/p' "$rule_dir/rule.cc" | head -n 1)
  if [ -z "$id" ]; then
    fail "$rule: no info.id in rule.cc"
    continue
  fi
  good=0
  bad=0
  for example in "$rule_dir"/examples/*.tf; do
    [ -e "$example" ] || continue
    file=$(basename -- "$example")
    case "$file" in
      *.good.tf) kind=good ;;
      *.bad.tf) kind=bad ;;
      *)
        fail "$rule/$file: not named EXAMPLE.good.tf or EXAMPLE.bad.tf"
        continue
        ;;
    esac
    n=$((n + 1))
    dir="$work/$n"
    mkdir -p "$dir"
    cp "$example" "$dir/main.tf"
    if ! grep -q 'required_providers' "$example"; then
      cat >"$dir/versions.tf" <<'EOF'
terraform {
  required_providers {
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}
EOF
    fi
    status=0
    (cd "$dir" && "$cli" plan -no-color -input=false) >"$dir/plan.out" 2>&1 || status=$?
    if [ "$kind" = bad ]; then
      bad=$((bad + 1))
      if [ "$status" -eq 1 ] && grep -q "Error: $id:" "$dir/plan.out"; then
        pass "$rule/$file: terraform plan fails with $id"
      else
        fail "$rule/$file: expected exit 1 and \"Error: $id:\", got exit $status:"
        sed 's/^/      /' "$dir/plan.out"
      fi
    else
      good=$((good + 1))
      if [ "$status" -eq 0 ]; then
        pass "$rule/$file: terraform plan succeeds"
      else
        fail "$rule/$file: expected exit 0, got exit $status:"
        sed 's/^/      /' "$dir/plan.out"
      fi
    fi
  done
  [ "$good" -ge 1 ] || fail "$rule: no EXAMPLE.good.tf"
  [ "$bad" -ge 1 ] || fail "$rule: no EXAMPLE.bad.tf"
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all $n rule examples behave under $("$cli" version | head -n 1)"
