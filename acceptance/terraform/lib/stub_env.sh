# shellcheck shell=bash
# Sourced by acceptance scripts that run the real Terraform (or OpenTofu)
# CLI over our provider together with the test-only stub
# (acceptance/azurerm-stub) standing in for hashicorp/azurerm,
# hashicorp/helm and hashicorp/kubernetes, all taken from dev_overrides, so
# no registry and no network are involved.
#
#   source acceptance/terraform/lib/stub_env.sh
#   stub_env_begin NAME THREATMODEL_BINARY AZURERM_STUB_BINARY   # or:
#   stub_env_find_cli || { echo "SKIPPED: real terraform CLI tests: ..."; exit 0; }
#   stub_env_setup THREATMODEL_BINARY AZURERM_STUB_BINARY WORK_DIR
#   stub_env_check_binary THREATMODEL_BINARY   # sets check_binary
#   stub_tf DIR LOG plan -input=false -out=plan.tfplan
#   stub_tf_stdout DIR OUT LOG show -json plan.tfplan
#
# stub_env_setup writes WORK_DIR/cli.tfrc with dev_overrides for
# threatmodel/threatmodel, example.com/threatmodel/threatmodel (the source
# the examples and acceptance/terraform/run.sh use), hashicorp/azurerm,
# hashicorp/helm and hashicorp/kubernetes (the one stub binary under each
# provider's executable name, which picks what it serves),
# clears every inherited TF_* variable and exports TF_CLI_CONFIG_FILE,
# CHECKPOINT_DISABLE=1, TF_IN_AUTOMATION=1 and TF_INPUT=0. With
# dev_overrides `terraform init` is neither needed nor wanted for these
# providers: run plan/apply directly (Terraform warns that overrides are in
# effect; that warning is expected).
#
# Needs bash 4+. Defines only stub_env_* and stub_tf* names plus
# STUB_ENV_CLI, and sets `work` and `check_binary` when asked to.

STUB_ENV_CLI=""

# Sets STUB_ENV_CLI to terraform (preferred) or tofu; fails when neither is
# on PATH.
stub_env_find_cli() {
  local candidate
  for candidate in terraform tofu; do
    if command -v "$candidate" >/dev/null 2>&1; then
      STUB_ENV_CLI=$(command -v "$candidate")
      return 0
    fi
  done
  return 1
}

# stub_env_link BINARY NAME DIR: a directory holding BINARY under the
# name dev_overrides looks for (NAME, e.g. terraform-provider-azurerm).
stub_env_link() {
  local binary=$1 name=$2 dir=$3
  mkdir -p "$dir"
  ln -sf "$binary" "$dir/$name"
}

# stub_env_setup THREATMODEL_BINARY AZURERM_STUB_BINARY WORK_DIR
stub_env_setup() {
  if [ $# -ne 3 ]; then
    echo "stub_env_setup: usage: THREATMODEL_BINARY AZURERM_STUB_BINARY WORK_DIR" >&2
    return 2
  fi
  local threatmodel azurerm work=$3 binary
  for binary in "$1" "$2"; do
    if [ ! -x "$binary" ] || [ -d "$binary" ]; then
      echo "stub_env_setup: $binary is not an executable file" >&2
      return 1
    fi
  done
  threatmodel=$(realpath -- "$1")
  azurerm=$(realpath -- "$2")
  # One directory per provider: dev_overrides maps an address to a
  # directory and runs the terraform-provider-<type> file found there.
  stub_env_link "$threatmodel" terraform-provider-threatmodel "$work/plugins/threatmodel"
  stub_env_link "$azurerm" terraform-provider-azurerm "$work/plugins/azurerm"
  stub_env_link "$azurerm" terraform-provider-helm "$work/plugins/helm"
  stub_env_link "$azurerm" terraform-provider-kubernetes "$work/plugins/kubernetes"
  cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "threatmodel/threatmodel"             = "$work/plugins/threatmodel"
    "example.com/threatmodel/threatmodel" = "$work/plugins/threatmodel"
    "hashicorp/azurerm"                   = "$work/plugins/azurerm"
    "hashicorp/helm"                      = "$work/plugins/helm"
    "hashicorp/kubernetes"                = "$work/plugins/kubernetes"
  }
  direct {}
}
EOF
  # A clean, deterministic CLI environment: nothing inherited from TF_*.
  local name
  while IFS= read -r name; do
    unset "$name"
  done < <(env | sed -n 's/^\(TF_[A-Za-z0-9_]*\)=.*/\1/p')
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
  export CHECKPOINT_DISABLE=1
  export TF_IN_AUTOMATION=1
  export TF_INPUT=0
}

# stub_tf DIR LOG ARGS...: runs the CLI in DIR with ARGS, stdout and stderr
# to LOG; returns the CLI's exit status (safe under set -e when used in a
# condition or with `|| status=$?`).
stub_tf() {
  local dir=$1 log=$2
  shift 2
  "$STUB_ENV_CLI" -chdir="$dir" "$@" -no-color >"$log" 2>&1 </dev/null
}

# stub_tf_stdout DIR OUT LOG ARGS...: as stub_tf, but stdout alone goes to
# OUT (for `show -json`), stderr to LOG.
stub_tf_stdout() {
  local dir=$1 out=$2 log=$3
  shift 3
  "$STUB_ENV_CLI" -chdir="$dir" "$@" -no-color >"$out" 2>"$log" </dev/null
}

# stub_env_begin NAME THREATMODEL_BINARY STUB_BINARY: the start every
# acceptance script over the stub shares. Exits 0 (SKIPPED) without a
# terraform or tofu CLI and 1 without jq; sets `work` to a new temporary
# directory (tm-acc-NAME.*), removed at exit unless THREATMODEL_KEEP_WORK
# is set; then runs stub_env_setup in it.
stub_env_begin() {
  if ! stub_env_find_cli; then
    echo "SKIPPED: real terraform CLI tests: no terraform or tofu binary on PATH"
    exit 0
  fi
  if ! command -v jq >/dev/null 2>&1; then
    echo "FAIL: jq is required to read terraform show -json output" >&2
    exit 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/tm-acc-$1.XXXXXX")
  trap '[ -n "${THREATMODEL_KEEP_WORK:-}" ] || rm -rf -- "$work"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  stub_env_setup "$2" "$3" "$work" || exit 1
}

# stub_env_check_binary THREATMODEL_BINARY: sets check_binary to the
# threatmodel CLI built beside the provider; exits 1 when it is missing.
stub_env_check_binary() {
  check_binary=$(dirname -- "$(realpath -- "$1")")/threatmodel
  if [ ! -x "$check_binary" ]; then
    echo "FAIL: $check_binary (the CLI beside the provider) is missing" >&2
    exit 1
  fi
}
