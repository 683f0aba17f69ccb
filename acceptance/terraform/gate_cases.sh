# shellcheck shell=bash
# shellcheck disable=SC2154 # cli, work, here, failures: from run.sh
# The plan-time gate cases of the real terraform CLI suite: the managed
# resource threatmodel_assertion and the function
# provider::threatmodel::assert. Sourced by run.sh after
# assertion_cases.sh, whose helpers (begin_case, end_case, diagnostics,
# count_diags, first_line) it uses.
#
#   (i)   greenfield: Contributor granted to an Automation identity that does
#         not exist yet fails `terraform plan` with E-1, nothing applied;
#   (ii)  a narrow role on an unknown scope plans, applies with passed = true,
#         and the next plan of the same configuration has no changes;
#   (iii) a privileged grant to a principal nobody can attribute yet is
#         undecided, and fails the plan;
#   (iv)  the observed backend changes between two plans of an unchanged
#         configuration: the second plan fails T-2 without showing the
#         backend's key; destroy -refresh=false still succeeds, while a
#         plain destroy's pre-destroy refresh plan fails;
#   (iv b) a waiver that held at apply has expired by the next plan of the
#         unchanged configuration, which fails (the apply ran against the
#         provider in debug mode, reattached, with its clock moved back by
#         libfaketime: no TLS certificate depends on that clock there);
#   (v)   no sensitive input value reaches the state, the plan (as
#         `terraform show -json` renders it, bar the variables, which
#         Terraform keeps by design) or any output: the resource inputs are
#         write-only; a passing configuration then destroys;
#   (vi)  the function fails the plan on a violation in a check block and in
#         a precondition, and passes a clean configuration; validate, where
#         every resource value is unknown, succeeds;
#   (vii) `threatmodel check` reads a saved binary plan by running
#         `terraform show -json` on it, and says how to convert it when no
#         terraform is on PATH;
#   (viii) each reference-architecture example's `terraform test` suite
#         passes (and `tofu test` where tofu is on PATH), and fails once the
#         provider reports violations as errors again.

gate_testdata="$here/testdata"
# The sensitive value case (v) looks for; every gate plan passes it in.
gate_canary="canary-S3cr3t-0f-the-gate"
export TF_VAR_canary=$gate_canary

# gate_dir NAME FIXTURE: a fresh copy of testdata/FIXTURE in $work/NAME.
gate_dir() {
  local dir="$work/$1"
  rm -rf -- "$dir"
  mkdir -p "$dir"
  cp "$gate_testdata/$2/main.tf" "$dir/main.tf"
  echo "$dir"
}

# expect_exit comes from lib/report.sh, expect_in / expect_not_in from
# assertion_cases.sh.

begin_case "(i) greenfield: Contributor for an identity not created yet fails the plan"
dir=$(gate_dir gate-greenfield gate)
block_line=$(first_line "$dir/main.tf" '^resource "threatmodel_assertion" ')
status=0
run_cli "$dir" "$work/gate-i.out" plan -input=false -var role=Contributor || status=$?
expect_exit "plan" 1 "$status" "$work/gate-i.out"
diagnostics "$work/gate-i.out" >"$work/gate-i.diags"
if [ "$(count_diags "$work/gate-i.diags" Error "E-1: ")" -ge 1 ]; then
  pass "E-1 error diagnostic"
else
  fail "no E-1 error diagnostic"
  show "$work/gate-i.out"
fi
if awk -F '\t' -v l="$block_line" '$1 == "Error" && index($2, "E-1: ") == 1 && $3 == "main.tf" && $4 >= l { ok = 1 } END { exit !ok }' "$work/gate-i.diags"; then
  pass "E-1 points into the threatmodel_assertion block (line >= $block_line)"
else
  fail "E-1 is not located in main.tf at or after line $block_line"
  show "$work/gate-i.diags"
fi
expect_not_in "$work/gate-i.out" "will be read during apply" \
  "the gate is not deferred to apply"
if [ -e "$dir/terraform.tfstate" ]; then
  fail "a failed plan left a state file"
else
  pass "nothing was applied"
fi
end_case

begin_case "(ii) a narrow role on an unknown scope plans, applies and stays clean"
dir=$(gate_dir gate-clean gate)
narrow=(-var 'role=Automation Job Operator')
status=0
run_cli "$dir" "$work/gate-ii-plan.out" plan -input=false "${narrow[@]}" -out=tfplan || status=$?
expect_exit "plan" 0 "$status" "$work/gate-ii-plan.out"
status=0
run_cli "$dir" "$work/gate-ii-show.json" show -json tfplan || status=$?
expect_exit "show -json" 0 "$status" "$work/gate-ii-show.json"
if jq -e '.resource_changes[] | select(.address == "threatmodel_assertion.platform") | .change.after_unknown.findings == true and .change.after_unknown.passed == true' "$work/gate-ii-show.json" >/dev/null; then
  pass "findings and passed are unknown until apply"
else
  fail "plan JSON does not show findings/passed as unknown"
fi
status=0
run_cli "$dir" "$work/gate-ii-apply.out" apply -input=false -auto-approve tfplan || status=$?
expect_exit "apply" 0 "$status" "$work/gate-ii-apply.out"
if [ "$(jq -r '.resources[] | select(.type == "threatmodel_assertion") | .instances[0].attributes.passed' "$dir/terraform.tfstate" 2>/dev/null)" = "true" ]; then
  pass "state: passed = true"
else
  fail "state does not record passed = true"
fi
status=0
run_cli "$dir" "$work/gate-ii-again.out" plan -input=false -detailed-exitcode "${narrow[@]}" || status=$?
expect_exit "second plan (-detailed-exitcode, no changes)" 0 "$status" "$work/gate-ii-again.out"
end_case

begin_case "(iii) a privileged grant to an unattributable principal is undecided"
dir=$(gate_dir gate-undecided gate)
status=0
run_cli "$dir" "$work/gate-iii.out" plan -input=false \
  -var 'role=Automation Job Operator' -var unattributed_role=Owner || status=$?
expect_exit "plan" 1 "$status" "$work/gate-iii.out"
diagnostics "$work/gate-iii.out" >"$work/gate-iii.diags"
if grep -q '^Error	E-1: ' "$work/gate-iii.diags" && grep -qi 'undecided\|unknown\|not known' "$work/gate-iii.diags"; then
  pass "E-1 error that says the principal is not known"
else
  fail "no E-1 undecided error"
  show "$work/gate-iii.out"
fi
end_case

begin_case "(iv) a backend that changes fails the next plan of the same configuration"
dir=$(gate_dir gate-backend gate)
observed="$work/gate-observed"
mkdir -p "$observed/.terraform"
backend_secret="c2VjcmV0LWNhbmFyeS1vZi10aGUtZ2F0ZQ=="
cat >"$observed/.terraform/terraform.tfstate" <<EOF
{"version":3,"backend":{"type":"azurerm","config":{"use_azuread_auth":true,"storage_account_name":"st","container_name":"tfstate","key":"platform.tfstate"},"hash":1}}
EOF
observing=(-var 'role=Automation Job Operator' -var "observed_dir=$observed")
status=0
run_cli "$dir" "$work/gate-iv-apply.out" apply -input=false -auto-approve "${observing[@]}" || status=$?
expect_exit "apply on an azurerm backend with Entra ID" 0 "$status" "$work/gate-iv-apply.out"
# The same configuration, but the backend now authenticates with a storage
# account key: the next plan must see it.
cat >"$observed/.terraform/terraform.tfstate" <<EOF
{"version":3,"backend":{"type":"azurerm","config":{"access_key":"$backend_secret","storage_account_name":"st","container_name":"tfstate","key":"platform.tfstate"},"hash":2}}
EOF
status=0
run_cli "$dir" "$work/gate-iv-later.out" plan -input=false "${observing[@]}" || status=$?
expect_exit "plan of the unchanged configuration" 1 "$status" "$work/gate-iv-later.out"
expect_in "$work/gate-iv-later.out" "T-2" "the changed backend fails T-2"
expect_in "$work/gate-iv-later.out" "access_key" "the error names the setting"
expect_not_in "$work/gate-iv-later.out" "$backend_secret" "the key's value is never shown"
if grep -qF "$backend_secret" "$dir/terraform.tfstate"; then
  fail "the backend key reached the state"
else
  pass "the backend key is not in the state"
fi
# `terraform destroy` first refreshes with a normal plan (Terraform's
# pre-destroy refresh), in which the provider cannot tell a destroy from a
# plan: the standing violation fails it. The destroy plan itself never
# evaluates, so skipping the refresh destroys.
status=0
run_cli "$dir" "$work/gate-iv-destroy-refresh.out" destroy -input=false -auto-approve "${observing[@]}" || status=$?
expect_exit "destroy with its pre-destroy refresh plan, violation standing" 1 "$status" "$work/gate-iv-destroy-refresh.out"
status=0
run_cli "$dir" "$work/gate-iv-destroy.out" destroy -input=false -auto-approve -refresh=false "${observing[@]}" || status=$?
expect_exit "destroy -refresh=false never evaluates the rules" 0 "$status" "$work/gate-iv-destroy.out"
if [ "$(jq '[.resources[]] | length' "$dir/terraform.tfstate" 2>/dev/null)" = "0" ]; then
  pass "everything destroyed"
else
  fail "resources remain in the state after destroy"
fi
end_case

begin_case "(iv b) a waiver that expires fails the next plan of the same configuration"
# The first apply runs against the provider started in debug mode (no TLS,
# Terraform reattaches to it) with its clock three days back (libfaketime),
# when the waiver, whose last day was two days ago, still held. The next
# plan of the unchanged configuration runs on today's clock.
dir=$(gate_dir gate-waiver gate)
expired=$(date -u -d '2 days ago' +%Y-%m-%d)
waived=(-var role=Contributor -var "waiver_expires=$expired")
faketime_lib=""
for candidate in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 \
  /usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1 \
  /usr/lib/faketime/libfaketime.so.1; do
  if [ -e "$candidate" ]; then
    faketime_lib=$candidate
    break
  fi
done
if [ -z "$faketime_lib" ]; then
  fail "libfaketime not found (Debian package faketime; scripts/install-deps.sh installs it)"
else
  # Only the wall clock moves: gRPC's timers run on the monotonic clock,
  # which three days back would be negative on a freshly booted machine.
  : >"$work/gate-debug.out"
  LD_PRELOAD=$faketime_lib FAKETIME=-3d FAKETIME_DONT_FAKE_MONOTONIC=1 \
    "$binary" -debug >"$work/gate-debug.out" 2>&1 &
  debug_pid=$!
  background_pids+=("$debug_pid")
  reattach=""
  for _ in $(seq 1 100); do
    reattach=$(sed -n "s/^[[:space:]]*TF_REATTACH_PROVIDERS='\(.*\)'$/\1/p" "$work/gate-debug.out")
    [ -n "$reattach" ] && break
    sleep 0.1
  done
  if [ -z "$reattach" ]; then
    fail "the debug-mode provider printed no TF_REATTACH_PROVIDERS"
    show "$work/gate-debug.out"
  else
    # The fixture's source address, not the registry default.
    reattach=$(jq -c '{"example.com/threatmodel/threatmodel": .[]}' <<<"$reattach")
    status=0
    TF_REATTACH_PROVIDERS=$reattach run_cli "$dir" "$work/gate-ivb-apply.out" \
      apply -input=false -auto-approve "${waived[@]}" || status=$?
    expect_exit "apply three days ago, while the waiver held" 0 "$status" "$work/gate-ivb-apply.out"
    kill "$debug_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$debug_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$debug_pid" 2>/dev/null; then
      fail "the debug-mode provider did not exit within 10 s of SIGTERM"
      kill -9 "$debug_pid" 2>/dev/null || true
    fi
    wait "$debug_pid" 2>/dev/null || true
    status=0
    run_cli "$dir" "$work/gate-ivb-later.out" plan -input=false "${waived[@]}" || status=$?
    expect_exit "plan of the unchanged configuration today" 1 "$status" "$work/gate-ivb-later.out"
    expect_in "$work/gate-ivb-later.out" "E-1" "the expired waiver fails E-1"
    expect_in "$work/gate-ivb-later.out" "$expired" "the error names the expiry date"
    status=0
    run_cli "$dir" "$work/gate-ivb-destroy.out" destroy -input=false -auto-approve -refresh=false "${waived[@]}" || status=$?
    expect_exit "destroy -refresh=false" 0 "$status" "$work/gate-ivb-destroy.out"
  fi
fi
end_case

begin_case "(v) write-only inputs: no sensitive value in state, plan or output"
canary=$gate_canary
dir="$work/gate-clean"
status=0
run_cli "$dir" "$work/gate-v-plan.out" plan -input=false -var 'role=Automation Job Operator' -var 'unattributed_role=Reader' -out=tfplan2 || status=$?
expect_exit "plan" 0 "$status" "$work/gate-v-plan.out"
run_cli "$dir" "$work/gate-v-show.json" show -json tfplan2 || true
# The canary is a sensitive variable's value, which plan files keep among
# the variables (Terraform's design, needed to apply them); everything else must be free of it: the state,
# the plan JSON without its variables, and every CLI output.
jq 'del(.variables)' "$work/gate-v-show.json" >"$work/gate-v-show-novars.json"
jq 'del(.variables)' "$work/gate-ii-show.json" >"$work/gate-ii-show-novars.json"
leaks=0
for f in "$dir/terraform.tfstate" "$work/gate-v-show-novars.json" \
  "$work/gate-ii-show-novars.json" "$work/gate-ii-plan.out" \
  "$work/gate-ii-apply.out" "$work/gate-v-plan.out" "$work/gate-i.out" \
  "$work/gate-iii.out" "$work/gate-iv-later.out"; do
  if [ ! -s "$f" ]; then
    fail "$f is missing or empty"
  elif grep -aqF "$canary" "$f"; then
    fail "the sensitive canary appears in $f"
    leaks=$((leaks + 1))
  fi
done
if [ "$leaks" -eq 0 ]; then
  pass "the canary appears in no state, plan JSON or CLI output"
fi
if jq -e '.resource_changes[] | select(.address == "threatmodel_assertion.platform") | .change.after.automation_accounts == null and .change.after.role_assignments == null' "$work/gate-v-show.json" >/dev/null; then
  pass "plan JSON holds no value of the write-only inputs"
else
  fail "plan JSON holds values of the write-only inputs"
fi
end_case

begin_case "(v b) a passing configuration destroys with its refresh"
dir="$work/gate-clean"
status=0
run_cli "$dir" "$work/gate-vb.out" destroy -input=false -auto-approve -var 'role=Automation Job Operator' || status=$?
expect_exit "destroy" 0 "$status" "$work/gate-vb.out"
end_case

begin_case "(vi) provider::threatmodel::assert in a check block and a precondition"
dir=$(gate_dir gate-function gate_function)
status=0
run_cli "$dir" "$work/gate-vi-validate.out" validate || status=$?
expect_exit "validate (every resource value unknown)" 0 "$status" "$work/gate-vi-validate.out"
status=0
run_cli "$dir" "$work/gate-vi-bad.out" plan -input=false -var role=Owner || status=$?
expect_exit "plan with Owner for the Automation identity" 1 "$status" "$work/gate-vi-bad.out"
expect_in "$work/gate-vi-bad.out" "E-1" "the function error names E-1"
expect_in "$work/gate-vi-bad.out" "Call to function \"provider::threatmodel::assert\" failed" \
  "Terraform reports a failed call, an error and not a warning"
status=0
run_cli "$dir" "$work/gate-vi-good.out" plan -input=false -var 'role=Automation Job Operator' || status=$?
expect_exit "plan with a narrow role" 0 "$status" "$work/gate-vi-good.out"
expect_not_in "$work/gate-vi-good.out" "Check block assertion failed" "no check warning for a clean configuration"
end_case



begin_case "(vii) threatmodel check reads a saved binary plan through terraform show -json"
tm_cli="$(dirname -- "$binary")/threatmodel"
dir="$work/gate-clean"
if [ ! -x "$tm_cli" ]; then
  fail "the threatmodel CLI is not beside the provider binary ($tm_cli)"
elif [ ! -s "$dir/tfplan2" ]; then
  fail "case (v) left no saved plan $dir/tfplan2"
else
  status=0
  (cd "$dir" && "$tm_cli" check tfplan2 --threats E-1,E-3 --format json) \
    >"$work/gate-vii.json" 2>"$work/gate-vii.err" || status=$?
  expect_exit "threatmodel check tfplan2 (binary plan)" 0 "$status" "$work/gate-vii.err"
  if jq -e '.summary != null or .findings != null' "$work/gate-vii.json" >/dev/null 2>&1; then
    pass "a JSON report of the converted plan"
  else
    fail "no JSON report for the binary plan"
    show "$work/gate-vii.json"
  fi
  status=0
  (cd "$dir" && PATH=/nonexistent "$tm_cli" check tfplan2 --threats E-1) \
    >"$work/gate-vii-nocli.out" 2>&1 || status=$?
  expect_exit "without terraform on PATH" 2 "$status" "$work/gate-vii-nocli.out"
  expect_in "$work/gate-vii-nocli.out" "terraform show -json" "the error says how to convert it"
fi
end_case
begin_case "(viii) terraform test: the examples' tests pass, and can fail"
# Each example's tests/*.tftest.hcl through `terraform test` (and `tofu
# test` where tofu is on PATH). Then the same insecure tests without
# violations_as_warnings, where the provider's errors come first and
# expect_failures cannot see them: that run must fail, so the expectations
# really depend on the postcondition.
for example in insecure fixed; do
  dir="$work/test-$example"
  rm -rf -- "$dir"
  cp -R "$repo/examples/reference-architecture/$example" "$dir"
  for test_cli in "$cli" $(command -v tofu || true); do
    status=0
    "$test_cli" -chdir="$dir" test -no-color >"$work/test-$example.out" 2>&1 </dev/null || status=$?
    expect_exit "$(basename "$test_cli") test in examples/reference-architecture/$example" 0 "$status" "$work/test-$example.out"
    expect_match "$work/test-$example.out" "^Success! [0-9]+ passed, 0 failed" \
      "$(basename "$test_cli") test reports every run of $example passed"
  done
done
dir="$work/test-insecure-strict"
rm -rf -- "$dir"
cp -R "$repo/examples/reference-architecture/insecure" "$dir"
sed -i '/violations_as_warnings/d' "$dir/tests/threats.tftest.hcl"
status=0
run_cli "$dir" "$work/test-strict.out" test || status=$?
expect_exit "terraform test without violations_as_warnings" 1 "$status" "$work/test-strict.out"
expect_in "$work/test-strict.out" "Error: T-2:" "the strict run reports the provider's own T-2 error"
expect_in "$work/test-strict.out" "Missing expected failure" "which expect_failures cannot count"
end_case

unset TF_VAR_canary
