#!/usr/bin/env bash
# Drives the provider with a real Terraform (or OpenTofu) CLI through
# dev_overrides.
#
#   acceptance/terraform/run.sh PROVIDER_BINARY
#
# Skips (exit 0) when neither `terraform` nor `tofu` is on PATH. Needs no
# network: the provider comes from dev_overrides, the baseline uses only the
# built-in terraform_data resource, the `http` backend cases talk to a
# state server on 127.0.0.1 (acceptance/stateserver, built with Debian's Go)
# and the `pg` backend cases to a throwaway PostgreSQL server on 127.0.0.1
# (scripts/pg-state-server.sh, Debian's postgresql package).
#
# The threatmodel_assertion data source cases live in assertion_cases.sh, the
# plan-time gate cases (resource and function) in gate_cases.sh, both
# sourced below.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PROVIDER_BINARY" >&2
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
if [ ! -x "$binary" ] || [ -d "$binary" ]; then
  echo "FAIL: provider binary $binary is not an executable file" >&2
  exit 1
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tm-acc-tf.XXXXXX")
# Processes this script started in the background (the state server); each
# also stops by itself, this only makes it prompt.
background_pids=()
# The PostgreSQL server of the pg backend cases, once started: its
# directory, for scripts/pg-state-server.sh stop. The server also stops by
# itself when this script's process is gone.
pg_state_server="$here/../../scripts/pg-state-server.sh"
pg_state_dir=""
cleanup() {
  local pid
  for pid in "${background_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_state_dir" ]; then
    bash "$pg_state_server" stop "$pg_state_dir" || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

provider_name=terraform-provider-threatmodel
provider_source=example.com/threatmodel/threatmodel
# The source address the examples/ directory uses, so copies of the
# examples run unchanged.
example_source=threatmodel/threatmodel

# dev_overrides runs the first file in the directory named
# terraform-provider-threatmodel (optionally followed by _ or .).
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
    "$provider_source" = "$plugin_dir"
    "$example_source" = "$plugin_dir"
  }
  direct {}
}
EOF

# Start from a clean, deterministic environment for the CLI: no TF_*
# settings, and none of the pg backend's PG_* or libpq's PG* variables.
while IFS= read -r name; do
  unset "$name"
done < <(env | sed -n 's/^\(TF_[A-Za-z0-9_]*\|PG[A-Za-z0-9_]*\)=.*/\1/p')
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export TF_INPUT=0

# shellcheck source-path=SCRIPTDIR source=lib/report.sh
source "$here/lib/report.sh"

now_ms() { date +%s%3N; }

cp -R "$here/testdata/version" "$work/version"
cp -R "$here/testdata/baseline" "$work/baseline"

echo "== $("$cli" version | head -n 1) with $binary"

# run_cli DIR LOG ARGS...: runs the CLI in DIR, output to LOG; returns its
# exit status without tripping set -e.
run_cli() {
  local dir=$1 log=$2
  shift 2
  local status=0
  # A hung step fails on its own (exit 124) instead of using up the whole
  # test's time without saying which step it was.
  timeout -k 10 "${THREATMODEL_ACC_STEP_TIMEOUT:-300}" \
    "$cli" -chdir="$dir" "$@" -no-color >"$log" 2>&1 </dev/null || status=$?
  if [ "$status" -eq 124 ]; then
    echo "(timed out after ${THREATMODEL_ACC_STEP_TIMEOUT:-300} s)" >>"$log"
  fi
  return "$status"
}


# 1. validate
if run_cli "$work/version" "$work/validate.out" validate; then
  pass "validate"
else
  fail "validate exited non-zero"
  show "$work/validate.out"
fi

# 2. plan
status=0
run_cli "$work/version" "$work/plan.out" plan -input=false || status=$?
version=$(sed -n 's/^[[:space:]]*+ version[[:space:]]*= "\(.*\)"$/\1/p' "$work/plan.out" | head -n 1)
protocol=$(sed -n 's/^[[:space:]]*+ protocol_version[[:space:]]*= "\(.*\)"$/\1/p' "$work/plan.out" | head -n 1)
if [ "$status" -ne 0 ]; then
  fail "plan exited with status $status"
  show "$work/plan.out"
elif [ -z "$version" ]; then
  fail "plan output does not show the version output"
  show "$work/plan.out"
else
  pass "plan (version = \"$version\", protocol_version = \"$protocol\")"
fi
if grep -q "Provider development overrides are in effect" "$work/plan.out"; then
  pass "dev_overrides in effect for $provider_source"
else
  fail "plan did not report the dev_overrides (was the provider taken from $plugin_dir?)"
fi
case "$protocol" in
  6*) pass "protocol_version is 6.x" ;;
  *) fail "protocol_version \"$protocol\" is not 6.x" ;;
esac

# 3. plan with a trace log: AutoMTLS, clean shutdowns, parsed plugin logs
status=0
TF_LOG=trace TF_LOG_PATH="$work/trace.log" run_cli "$work/version" "$work/plan-trace.out" plan -input=false || status=$?
trace="$work/trace.log"
if [ "$status" -ne 0 ]; then
  fail "plan with TF_LOG=trace exited with status $status"
  show "$work/plan-trace.out"
fi
if [ ! -s "$trace" ]; then
  fail "TF_LOG_PATH file $trace is empty"
else
  started=$(grep -c "provider: starting plugin: path=.*$provider_name" "$trace" || true)
  mtls=$(grep -c "provider: configuring client automatic mTLS" "$trace" || true)
  v6=$(grep -c "provider: using plugin: version=6" "$trace" || true)
  exited=$(grep -c "provider: plugin exited$" "$trace" || true)
  if [ "$started" -ge 1 ]; then
    pass "trace: $started provider process(es) started"
  else
    fail "trace: no 'starting plugin' line for $provider_name"
  fi
  if [ "$mtls" -ge "$started" ] && [ "$mtls" -ge 1 ]; then
    pass "trace: AutoMTLS configured for every provider start ($mtls)"
  else
    fail "trace: 'configuring client automatic mTLS' seen $mtls times for $started starts"
  fi
  if [ "$v6" -ge "$started" ]; then
    pass "trace: protocol version 6 negotiated ($v6)"
  else
    fail "trace: 'using plugin: version=6' seen $v6 times for $started starts"
  fi
  if grep -q "plugin failed to exit gracefully" "$trace"; then
    fail "trace: a provider did not exit after Shutdown and was killed:"
    grep -n "plugin failed to exit gracefully" "$trace" | sed 's/^/    | /'
  else
    pass "trace: no provider needed killing after the grace period"
  fi
  if [ "$exited" -ge "$started" ]; then
    pass "trace: every provider process exited ($exited)"
  else
    fail "trace: $exited 'plugin exited' lines for $started starts"
  fi
  relayed=$(grep -c "provider\.$provider_name: " "$trace" || true)
  if grep -q "provider\.$provider_name: {" "$trace"; then
    fail "trace: Terraform relayed provider stderr as raw JSON (the line did not parse as hclog):"
    grep -m 3 "provider\.$provider_name: {" "$trace" | sed 's/^/    | /'
  elif [ "$relayed" -ge 1 ]; then
    pass "trace: $relayed provider log lines parsed and relayed by Terraform"
  else
    fail "trace: no provider log lines reached Terraform with TF_LOG=trace"
  fi
  if grep -qE "Unrecognized remote plugin message|unexpected data|plugin crashed|panic: " "$trace"; then
    fail "trace: suspicious plugin output:"
    grep -m 5 -E "Unrecognized remote plugin message|unexpected data|plugin crashed|panic: " "$trace" | sed 's/^/    | /'
  fi
fi

# 4. apply and read the output back
if run_cli "$work/version" "$work/apply.out" apply -input=false -auto-approve; then
  status=0
  applied=$("$cli" -chdir="$work/version" output -raw version 2>"$work/output.err" </dev/null) || status=$?
  if [ "$status" -ne 0 ]; then
    fail "terraform output -raw version exited with status $status"
    show "$work/output.err"
  elif [ "$applied" != "$version" ]; then
    fail "applied version output \"$applied\" differs from the planned \"$version\""
  else
    pass "apply; output version = \"$applied\""
  fi
else
  fail "apply exited non-zero"
  show "$work/apply.out"
fi

# 5. timing: a plan with the provider against a plan with built-ins only
time_plans() {
  local dir=$1 runs=3 total=0 start end
  for _ in $(seq "$runs"); do
    start=$(now_ms)
    run_cli "$dir" "$work/timing.out" plan -input=false -refresh=false || {
      show "$work/timing.out" >&2
      echo "-1"
      return
    }
    end=$(now_ms)
    total=$((total + end - start))
  done
  echo $((total / runs))
}
with_provider=$(time_plans "$work/version")
baseline=$(time_plans "$work/baseline")
if [ "$baseline" = "-1" ]; then
  fail "baseline plan (terraform_data only) failed"
fi
if [ "$with_provider" = "-1" ]; then
  fail "timed plan with the provider failed"
fi
ms() { if [ "$1" = "-1" ]; then echo "failed"; else echo "$1 ms (mean of 3)"; fi; }
echo "timing: terraform plan with threatmodel_version: $(ms "$with_provider")"
echo "timing: terraform plan with terraform_data only:   $(ms "$baseline")"

# 6. threatmodel_assertion: examples, http backend, check block, deferral
# shellcheck source-path=SCRIPTDIR source=assertion_cases.sh
source "$here/assertion_cases.sh"

# 7. the plan-time gate: resource threatmodel_assertion and the function
# shellcheck source-path=SCRIPTDIR source=gate_cases.sh
source "$here/gate_cases.sh"

if [ "$failures" -ne 0 ]; then
  echo "== real terraform CLI tests: FAIL ($failures failure(s))"
  exit 1
fi
echo "== real terraform CLI tests: PASS"
