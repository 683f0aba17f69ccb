# shellcheck shell=bash
# shellcheck disable=SC2154 # cli, work, here, binary, failures: from run.sh
# The threatmodel_assertion cases of the real terraform CLI suite. Sourced by
# run.sh after its own checks, never run alone: it uses run.sh's variables
# (cli, work, here, binary, failures, background_pids) and helpers (run_cli,
# show, pass, fail).
#
#   (a) the insecure reference-architecture example fails the plan with
#       T-2, E-1 x2 and E-3 x2, each at the main.tf line a reviewer needs;
#   (b) the fixed example, initialised on a real `pg` backend (a
#       throwaway PostgreSQL server on 127.0.0.1), plans cleanly with
#       passed = true and T-2 passing on the backend observed in
#       .terraform, with the connection string kept out of that file;
#   (c) T-2 against a real `http` backend served from 127.0.0.1, including a
#       secrets canary: backend credentials must appear nowhere;
#   (d) inside a `check` block the same errors become warnings;
#   (e) an assertion that depends on a managed resource with pending changes
#       is deferred to apply, so its violation does not fail the plan. This
#       is Terraform's rule for data sources, not a provider choice, and is
#       why the docs say to route inputs through locals and why the
#       `threatmodel check` CLI (on `terraform show -json`) exists;
#   (f) every file under examples/ is formatted and validates;
#   (g) an assertion that states a backend contradicting the observed `pg`
#       one fails T-2, naming both;
#   (h) a misspelled policy key (`max_role_per_user`) fails the plan with an
#       error at the `policy` line that names the key and suggests
#       `max_roles_per_user`, instead of being dropped by Terraform.

repo=$(cd -- "$here/../.." && pwd)
testdata="$here/testdata"
case_results=()
case_name=""
case_failures_at_start=0
case_started_ms=0

begin_case() {
  case_name=$1
  case_failures_at_start=$failures
  case_started_ms=$(now_ms)
  echo "-- $case_name"
}

end_case() {
  local elapsed=$(($(now_ms) - case_started_ms)) line
  if [ "$failures" -eq "$case_failures_at_start" ]; then
    line="PASS: $case_name (${elapsed} ms)"
  else
    line="FAIL: $case_name ($((failures - case_failures_at_start)) check(s) failed)"
  fi
  echo "$line"
  case_results+=("$line")
}

# diagnostics LOG: one line per diagnostic in -no-color CLI output,
#   SEVERITY <tab> SUMMARY <tab> FILE <tab> LINE <tab> TEXT
# where FILE and LINE come from the "on FILE line N" locator ("-" when the
# diagnostic has none, since read(1) merges empty tab-separated fields) and TEXT is the whole diagnostic with runs of white
# space collapsed, which undoes the CLI's wrapping at 78 columns so that
# phrases can be matched wherever the line breaks fell.
diagnostics() {
  awk '
    function flush() {
      if (sev != "") {
        gsub(/[ \t]+/, " ", text)
        printf "%s\t%s\t%s\t%s\t%s\n", sev, summary, file, line, text
      }
      sev = ""
    }
    /^(Error|Warning): / {
      flush()
      sev = substr($0, 1, index($0, ":") - 1)
      summary = substr($0, index($0, ": ") + 2)
      file = "-"
      line = "-"
      text = $0
      next
    }
    sev != "" && file == "-" && /^  on [^ ]+ line [0-9]+/ {
      split(substr($0, 6), parts, " ")
      file = parts[1]
      line = parts[3]
      sub(/[^0-9].*$/, "", line)
    }
    sev != "" { text = text " " $0 }
    END { flush() }
  ' "$1"
}

# first_line FILE ERE: the number of the first line of FILE matching ERE,
# empty when none does.
first_line() {
  grep -nE -m 1 -- "$2" "$1" | cut -d: -f1 || true
}

# count_diags DIAGS SEVERITY PREFIX: diagnostics of SEVERITY whose summary
# starts with PREFIX.
count_diags() {
  awk -F '\t' -v sev="$2" -v prefix="$3" '
    $1 == sev && index($2, prefix) == 1 { n++ }
    END { print n + 0 }
  ' "$1"
}

# expect_diags DIAGS SEVERITY THREAT COUNT FILE LINES PHRASE...: exactly
# COUNT diagnostics of SEVERITY for THREAT (summary "THREAT: <title>"), each
# located in FILE at one of LINES (space-separated; when it lists more than
# one line, the diagnostics must cover each exactly once) and containing
# every PHRASE (case-insensitive).
expect_diags() {
  local diags=$1 sev=$2 threat=$3 count=$4 file=$5 lines=$6
  shift 6
  local found summary at text phrase ok want got
  found=$(count_diags "$diags" "$sev" "$threat: ")
  if [ "$found" -ne "$count" ]; then
    fail "$sev: $threat: expected $count diagnostic(s), found $found"
    return
  fi
  if [ "$(wc -w <<<"$lines")" -gt 1 ]; then
    want=$(tr ' ' '\n' <<<"$lines" | sort -n | tr '\n' ' ')
    got=$(awk -F '\t' -v sev="$sev" -v prefix="$threat: " \
      '$1 == sev && index($2, prefix) == 1 { print $4 }' "$diags" |
      sort -n | tr '\n' ' ')
    if [ "$got" != "$want" ]; then
      fail "$sev: $threat: located at lines $got; expected one at each of $want"
    fi
  fi
  while IFS=$'\t' read -r _ summary at_file at_line text; do
    at="$at_file:$at_line"
    ok=1
    if [ -z "${summary#"$threat: "}" ]; then
      fail "$sev: $threat has an empty title"
      ok=0
    fi
    if [ "$at_file" != "$file" ] || ! grep -qw -- "$at_line" <<<"$lines"; then
      fail "$sev: $summary: located at '$at', expected $file line $lines"
      ok=0
    fi
    for phrase in "$@"; do
      if ! grep -qiF -- "$phrase" <<<"$text"; then
        fail "$sev: $summary (at $at): text lacks \"$phrase\""
        ok=0
      fi
    done
    if [ "$ok" -eq 1 ]; then
      pass "$sev: $summary (at $at)"
    fi
  done < <(awk -F '\t' -v sev="$sev" -v prefix="$threat: " \
    '$1 == sev && index($2, prefix) == 1' "$diags")
}

# expect_one_each DIAGS SEVERITY THREAT PHRASE...: among THREAT's
# diagnostics of SEVERITY, exactly one contains each PHRASE (for findings
# that differ only by subject or role).
expect_one_each() {
  local diags=$1 sev=$2 threat=$3 phrase n
  shift 3
  for phrase in "$@"; do
    n=$(awk -F '\t' -v sev="$sev" -v prefix="$threat: " -v p="$phrase" '
      $1 == sev && index($2, prefix) == 1 && index($5, p) > 0 { n++ }
      END { print n + 0 }' "$diags")
    if [ "$n" -eq 1 ]; then
      pass "$sev: $threat: one diagnostic names $phrase"
    else
      fail "$sev: $threat: $n diagnostic(s) name $phrase, expected 1"
    fi
  done
}

expect_status() {
  local what=$1 want=$2 got=$3 log=$4
  if [ "$got" -eq "$want" ]; then
    pass "$what exited $got"
  else
    fail "$what exited $got, expected $want"
    show "$log"
  fi
}

expect_in() {
  local file=$1 text=$2 what=$3
  if grep -qF -- "$text" "$file"; then
    pass "$what"
  else
    fail "$what: \"$text\" not found"
    show "$file"
  fi
}

expect_match() {
  local file=$1 ere=$2 what=$3
  if grep -qE -- "$ere" "$file"; then
    pass "$what"
  else
    fail "$what: no line matches /$ere/"
    show "$file"
  fi
}

expect_not_in() {
  local file=$1 text=$2 what=$3
  if grep -qF -- "$text" "$file"; then
    fail "$what: found \"$text\""
    grep -nF -- "$text" "$file" | head -n 5 | sed 's/^/    | /'
  else
    pass "$what"
  fi
}

expect_no_errors() {
  local diags=$1 n
  n=$(count_diags "$diags" Error "")
  if [ "$n" -eq 0 ]; then
    pass "no error diagnostics"
  else
    fail "$n unexpected error diagnostic(s):"
    cut -f 2-4 "$diags" | sed 's/^/    | /'
  fi
}

expect_no_threat_diags() {
  local diags=$1 threat sev
  for threat in T-2 E-1 E-3; do
    for sev in Error Warning; do
      if [ "$(count_diags "$diags" "$sev" "$threat: ")" -ne 0 ]; then
        fail "unexpected $sev for $threat"
      fi
    done
  done
}

# --- (a) insecure example ---------------------------------------------------
begin_case "(a) insecure example: T-2, E-1 x2, E-3 x2 at the right lines"
dir="$work/insecure"
mkdir -p "$dir"
cp "$repo/examples/reference-architecture/insecure/main.tf" "$dir/main.tf"
t2_line=$(first_line "$dir/main.tf" '^data "threatmodel_assertion" ')
e1_line=$(first_line "$dir/main.tf" '^[[:space:]]*"aa-robotics-dev"[[:space:]]*=[[:space:]]*\{')
e3_line=$(first_line "$dir/main.tf" '^[[:space:]]*users[[:space:]]*=[[:space:]]*local\.users[[:space:]]*$')
if [ -z "$t2_line" ] || [ -z "$e1_line" ] || [ -z "$e3_line" ]; then
  fail "examples/reference-architecture/insecure/main.tf no longer has the lines this case locates (data block $t2_line, aa-robotics-dev $e1_line, users $e3_line)"
else
  status=0
  run_cli "$dir" "$work/insecure.out" plan -input=false || status=$?
  expect_status "plan of the insecure example" 1 "$status" "$work/insecure.out"
  diagnostics "$work/insecure.out" >"$work/insecure.diags"
  expect_diags "$work/insecure.diags" Error T-2 1 main.tf "$t2_line" \
    'backend "local"' "Remediation:" "remote backend" "locking"
  expect_diags "$work/insecure.diags" Error E-1 2 main.tf "$e1_line" \
    'Automation account "aa-robotics-dev"' "Remediation:" "custom role"
  expect_one_each "$work/insecure.diags" Error E-1 \
    '"Azure Kubernetes Service Contributor Role"' '"Contributor"'
  expect_diags "$work/insecure.diags" Error E-3 2 main.tf "$e3_line" \
    "more than the limit of 5" "Remediation:" "tiered role profiles"
  expect_one_each "$work/insecure.diags" Error E-3 \
    'user "alice@contoso.com"' 'user "bob@contoso.com"'
  errors=$(count_diags "$work/insecure.diags" Error "")
  if [ "$errors" -eq 5 ]; then
    pass "exactly 5 error diagnostics"
  else
    fail "$errors error diagnostics, expected 5"
    cut -f 2-4 "$work/insecure.diags" | sed 's/^/    | /'
  fi
fi
end_case

# --- (b) fixed example on a real pg backend ---------------------------------

# start_pg_server: starts the PostgreSQL server for the pg backend cases
# once (scripts/pg-state-server.sh) and exports its PG_CONN_STR. The server
# stops when cleanup runs, or by itself when this process is gone.
pg_password=""
start_pg_server() {
  if [ -n "$pg_state_dir" ]; then
    return 0
  fi
  if ! pg_state_dir=$(PG_STATE_SERVER_WATCH_PID=$$ PG_STATE_SERVER_LIFETIME=900 \
    bash "$pg_state_server" start 2>"$work/pg-start.err" </dev/null); then
    pg_state_dir=""
    fail "the PostgreSQL state server did not start (is postgresql installed? scripts/install-deps.sh)"
    show "$work/pg-start.err"
    return 1
  fi
  eval "$(bash "$pg_state_server" env "$pg_state_dir")"
  export PG_CONN_STR
  pg_password=${PG_CONN_STR#postgres://*:}
  pg_password=${pg_password%%@*}
  pass "PostgreSQL state server on 127.0.0.1:$(cat "$pg_state_dir/port")"
}

# pg_init NAME: creates $work/NAME and runs `terraform init` there on the pg
# backend, with PG_CONN_STR from the environment. As for http_root, init
# sees a backend block alone; the caller then adds the configuration.
pg_init() {
  local name=$1 dir status=0
  dir="$work/$name"
  mkdir -p "$dir"
  printf 'terraform {\n  backend "pg" {}\n}\n' >"$dir/init.tf"
  run_cli "$dir" "$work/$name-init.out" init -input=false || status=$?
  rm -f -- "$dir/init.tf"
  if [ "$status" -ne 0 ]; then
    fail "terraform init with the pg backend ($name) exited $status"
    show "$work/$name-init.out"
    return 1
  fi
  expect_match "$dir/.terraform/terraform.tfstate" '"type": *"pg"' \
    "terraform init recorded the pg backend in .terraform/terraform.tfstate"
  expect_not_in "$dir/.terraform/terraform.tfstate" "$pg_password" \
    "the backend file does not hold PG_CONN_STR's password"
}

begin_case "(b) fixed example on a real pg backend: T-2 passes by observation"
if start_pg_server && pg_init fixed; then
  dir="$work/fixed"
  cp "$repo/examples/reference-architecture/fixed/main.tf" "$dir/main.tf"
  if grep -qE '^[[:space:]]*backend[[:space:]]*=' "$dir/main.tf"; then
    fail "the fixed example's assertion states a backend: T-2 must come from observation"
  fi
  # An extra output shows T-2's own finding, with the backend's origin.
  cat >"$dir/t2.tf" <<'EOF'
output "t2" {
  value = one([for f in data.threatmodel_assertion.platform.findings : "${f.status}: ${f.message}" if f.threat == "T-2"])
}
EOF
  status=0
  TF_LOG=trace TF_LOG_PATH="$work/fixed.trace" \
    run_cli "$dir" "$work/fixed.out" plan -input=false || status=$?
  expect_status "plan of the fixed example" 0 "$status" "$work/fixed.out"
  diagnostics "$work/fixed.out" >"$work/fixed.diags"
  expect_no_errors "$work/fixed.diags"
  expect_no_threat_diags "$work/fixed.diags"
  expect_match "$work/fixed.out" '^[[:space:]]*\+ threat_model_passed[[:space:]]*= true$' \
    "output threat_model_passed = true"
  expect_match "$work/fixed.out" '^[[:space:]]*\+ t2[[:space:]]*= "pass: backend \\"pg\\" \(from ' \
    "T-2 passes on the pg backend read from the working directory"
  expect_match "$work/fixed.out" '^[[:space:]]*\+ t2[[:space:]]*= ".*state locking' \
    "T-2 credits the pg backend with state locking"
  expect_not_in "$work/fixed.out" "$pg_password" \
    "PG_CONN_STR's password absent from plan output and diagnostics"
  expect_not_in "$work/fixed.trace" "$pg_password" \
    "PG_CONN_STR's password absent from the TF_LOG=trace log"
fi
end_case

# --- (c) T-2 through a real http backend ------------------------------------
begin_case "(c) T-2 with a real http backend on 127.0.0.1, secrets canary"

# build_stateserver OUT: builds acceptance/stateserver in GOPATH mode (stdlib
# only, no module download), as run-go-tests.sh builds the Go suite.
build_stateserver() {
  local out=$1 gocache unformatted
  if ! command -v go >/dev/null 2>&1; then
    fail "go not found: the http backend case needs it (run scripts/install-deps.sh)"
    return 1
  fi
  unformatted=$(gofmt -l "$repo/acceptance/stateserver")
  if [ -n "$unformatted" ]; then
    fail "not gofmt-formatted: $unformatted"
  fi
  if [ -n "${THREATMODEL_GOCACHE:-}" ]; then
    gocache=$THREATMODEL_GOCACHE
  elif [ -w "$(dirname -- "$(dirname -- "$binary")")" ]; then
    gocache="$(dirname -- "$(dirname -- "$binary")")/go-acceptance-cache"
  else
    gocache="$work/gocache"
  fi
  mkdir -p "$gocache" "$work/gopath"
  if ! GO111MODULE=off GOPATH="$work/gopath" GOCACHE="$gocache" GOPROXY=off \
    GOFLAGS='' GOTOOLCHAIN=local \
    go build -o "$out" "$repo/acceptance/stateserver/main.go" \
    >"$work/stateserver-build.out" 2>&1; then
    fail "building acceptance/stateserver failed"
    show "$work/stateserver-build.out"
    return 1
  fi
}

# start_stateserver: starts the server and sets server_url. It stops by
# itself after 400 requests or 5 minutes; cleanup stops it sooner.
server_url=""
start_stateserver() {
  "$work/stateserver" -url-file "$work/stateserver.url" -max-requests 400 \
    -lifetime 300s -log "$work/stateserver.log" </dev/null \
    >/dev/null 2>"$work/stateserver.err" &
  background_pids+=("$!")
  for _ in $(seq 100); do
    if [ -s "$work/stateserver.url" ]; then
      server_url=$(cat "$work/stateserver.url")
      return 0
    fi
    sleep 0.05
  done
  fail "state server did not report its address within 5 s"
  show "$work/stateserver.err"
  return 1
}

# http_root NAME LOCKING [USERNAME PASSWORD]: a root module in $work/NAME
# whose backend is `http` with state NAME on the server, locking when
# LOCKING is "lock", initialised with `terraform init`.
#
# init runs with backend.tf alone: with a provider in required_providers it
# would also try to install that provider from the registry (dev_overrides
# do not stop init from looking), and the backend is all init is for here.
http_root() {
  local name=$1 locking=$2 username=${3:-} password=${4:-} dir status=0
  dir="$work/$name"
  mkdir -p "$dir"
  {
    echo 'terraform {'
    echo '  backend "http" {'
    echo "    address        = \"$server_url/state/$name\""
    if [ "$locking" = lock ]; then
      echo "    lock_address   = \"$server_url/lock/$name\""
      echo "    unlock_address = \"$server_url/lock/$name\""
    fi
    if [ -n "$username" ]; then
      echo "    username       = \"$username\""
      echo "    password       = \"$password\""
    fi
    echo '  }'
    echo '}'
  } >"$dir/backend.tf"
  run_cli "$dir" "$work/$name-init.out" init -input=false || status=$?
  if [ "$status" -ne 0 ]; then
    fail "terraform init with the http backend ($name) exited $status"
    show "$work/$name-init.out"
    return 1
  fi
  cp "$testdata/http_backend/main.tf" "$dir/main.tf"
}

server_requests() {
  grep -cE "^$1 /lock/$2 200 " "$work/stateserver.log" || true
}

if build_stateserver "$work/stateserver" && start_stateserver; then
  pass "state server listening at $server_url"
  http_t2_line=$(first_line "$testdata/http_backend/main.tf" '^data "threatmodel_assertion" ')

  # c1: locked http backend, accepted by the provider block's policy.
  if http_root locked lock; then
    locks_before=$(server_requests LOCK locked)
    status=0
    run_cli "$work/locked" "$work/http-accepted.out" plan -input=false \
      -var 'accepted_backends=["azurerm","http"]' || status=$?
    expect_status "plan, http accepted by policy" 0 "$status" "$work/http-accepted.out"
    diagnostics "$work/http-accepted.out" >"$work/http-accepted.diags"
    expect_no_errors "$work/http-accepted.diags"
    expect_match "$work/http-accepted.out" '^[[:space:]]*\+ passed[[:space:]]*= true$' \
      "output passed = true"
    expect_match "$work/http-accepted.out" '^[[:space:]]*\+ t2_status[[:space:]]*= "pass"$' \
      'T-2 finding status "pass"'
    locks_after=$(server_requests LOCK locked)
    unlocks=$(server_requests UNLOCK locked)
    if [ "$locks_after" -gt "$locks_before" ] && [ "$unlocks" -ge "$locks_after" ]; then
      pass "plan locked and unlocked the state on the server ($locks_after LOCK, $unlocks UNLOCK)"
    else
      fail "server saw $locks_after LOCK (before plan: $locks_before) and $unlocks UNLOCK"
      show "$work/stateserver.log"
    fi

    # c2: the same backend when the policy does not accept http.
    status=0
    run_cli "$work/locked" "$work/http-rejected.out" plan -input=false \
      -var 'accepted_backends=["azurerm"]' || status=$?
    expect_status "plan, http not accepted by policy" 1 "$status" "$work/http-rejected.out"
    diagnostics "$work/http-rejected.out" >"$work/http-rejected.diags"
    expect_diags "$work/http-rejected.diags" Error T-2 1 main.tf "$http_t2_line" \
      'backend type "http" is not among the policy'"'"'s accepted backends' \
      "Remediation:"
  fi

  # c3: http without lock_address: accepted type, but state is not locked.
  if http_root unlocked nolock; then
    status=0
    run_cli "$work/unlocked" "$work/http-unlocked.out" plan -input=false \
      -var 'accepted_backends=["azurerm","http"]' || status=$?
    expect_status "plan, http without lock_address" 1 "$status" "$work/http-unlocked.out"
    diagnostics "$work/http-unlocked.out" >"$work/http-unlocked.diags"
    expect_diags "$work/http-unlocked.diags" Error T-2 1 main.tf "$http_t2_line" \
      "state is not locked" "lock_address" "Remediation:"
  fi

  # c4: credentials in the backend block. Random per run, so a match can
  # only come from this run's configuration.
  salt=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  canary_password="tm-canary-password-$salt"
  canary_username="tm-canary-username-$salt"
  if http_root secret lock "$canary_username" "$canary_password"; then
    backend_file="$work/secret/.terraform/terraform.tfstate"
    # Positive control: the secret really is where the provider reads the
    # backend from, so its absence below means something.
    expect_in "$backend_file" "$canary_password" \
      "terraform init stored the canary password in .terraform/terraform.tfstate"
    status=0
    TF_LOG=trace TF_LOG_PATH="$work/http-secret.trace" \
      run_cli "$work/secret" "$work/http-secret.out" plan -input=false \
      -var 'accepted_backends=["azurerm","http"]' || status=$?
    expect_status "plan, http with username/password" 1 "$status" "$work/http-secret.out"
    diagnostics "$work/http-secret.out" >"$work/http-secret.diags"
    expect_diags "$work/http-secret.diags" Error T-2 1 main.tf "$http_t2_line" \
      "sets credential password" "TF_HTTP_PASSWORD" "Remediation:"
    if grep -qF "not among the policy" "$work/http-secret.diags"; then
      fail "T-2 also rejected the backend type although the policy accepts http"
    fi
    if grep -qE "^[A-Z]+ /lock/secret 200 auth=basic" "$work/stateserver.log"; then
      pass "Terraform sent the configured credentials to the server (basic auth)"
    else
      fail "the server saw no basic-auth request for the secret root"
    fi
    provider_lines=$(grep -c "provider\.$provider_name" "$work/http-secret.trace" || true)
    if [ "$provider_lines" -ge 1 ]; then
      pass "trace log holds $provider_lines provider line(s) to search"
    else
      fail "trace log holds no provider lines, so the canary search proves nothing"
    fi
    for setting in password username; do
      if [ "$setting" = password ]; then
        canary=$canary_password
      else
        canary=$canary_username
      fi
      expect_not_in "$work/http-secret.out" "$canary" \
        "$setting canary absent from plan output and diagnostics"
      expect_not_in "$work/http-secret.trace" "$canary" \
        "$setting canary absent from the TF_LOG=trace log (provider lines included)"
      expect_not_in "$work/stateserver.log" "$canary" \
        "$setting canary absent from the state server log"
    done
  fi
fi
end_case

# --- (d) check block --------------------------------------------------------
begin_case "(d) check block: the assertion's error becomes a warning"
dir="$work/check_block"
cp -R "$testdata/check_block" "$dir"
check_e1_line=$(first_line "$dir/main.tf" '^[[:space:]]*"aa-robotics-dev"[[:space:]]*=[[:space:]]*\{')
status=0
run_cli "$dir" "$work/check.out" plan -input=false || status=$?
expect_status "plan with the assertion in a check block" 0 "$status" "$work/check.out"
diagnostics "$work/check.out" >"$work/check.diags"
expect_no_errors "$work/check.diags"
expect_diags "$work/check.diags" Warning E-1 1 main.tf "$check_e1_line" \
  "Azure Kubernetes Service Contributor Role" "Remediation:"
# Terraform plans a re-read of scoped data sources during apply to verify
# the check; that is its documented behaviour, asserted so a change shows.
expect_in "$work/check.out" "data.threatmodel_assertion.runbook will be read during apply" \
  "check block data source is planned for a re-read during apply"
end_case

# --- (e) deferral to apply --------------------------------------------------
begin_case "(e) deferred: inputs tied to pending resources are read during apply"
dir="$work/deferred"
cp -R "$testdata/deferred" "$dir"
status=0
run_cli "$dir" "$work/deferred.out" plan -input=false || status=$?
expect_status "plan with deferred assertions" 0 "$status" "$work/deferred.out"
diagnostics "$work/deferred.out" >"$work/deferred.diags"
expect_no_errors "$work/deferred.diags"
expect_no_threat_diags "$work/deferred.diags"
expect_in "$work/deferred.out" "data.threatmodel_assertion.pending will be read during apply" \
  "assertion referring to a resource with pending changes is deferred"
expect_in "$work/deferred.out" "(depends on a resource or a module with changes pending)" \
  "Terraform names pending changes as the reason"
expect_in "$work/deferred.out" "data.threatmodel_assertion.unknown will be read during apply" \
  "assertion with an input unknown at plan time is deferred"
expect_in "$work/deferred.out" "(config refers to values not yet known)" \
  "Terraform names unknown values as the reason"

# The violation is only caught during apply, after the resource it depends
# on has been created: the cost of deferral.
status=0
run_cli "$dir" "$work/deferred-apply.out" apply -input=false -auto-approve || status=$?
expect_status "apply of the deferred configuration" 1 "$status" "$work/deferred-apply.out"
diagnostics "$work/deferred-apply.out" >"$work/deferred-apply.diags"
expect_in "$work/deferred-apply.out" "terraform_data.runbook_identity: Creation complete" \
  "apply created the resource before the assertion ran"
# One E-1 per assertion, each at its own "aa-robotics-dev" line.
deferred_e1_lines=$(grep -nE '^[[:space:]]*"aa-robotics-dev"[[:space:]]*=[[:space:]]*\{' \
  "$dir/main.tf" | cut -d: -f1 | tr '\n' ' ')
expect_diags "$work/deferred-apply.diags" Error E-1 2 main.tf "${deferred_e1_lines% }" \
  "Azure Kubernetes Service Contributor Role" "Remediation:"

# The remedy: the same value through a local keeps the read at plan time.
dir="$work/deferred_locals"
cp -R "$testdata/deferred_locals" "$dir"
locals_e1_line=$(first_line "$dir/main.tf" '^[[:space:]]*"aa-robotics-dev"[[:space:]]*=[[:space:]]*\{')
status=0
run_cli "$dir" "$work/deferred-locals.out" plan -input=false || status=$?
expect_status "plan with the input routed through a local" 1 "$status" "$work/deferred-locals.out"
diagnostics "$work/deferred-locals.out" >"$work/deferred-locals.diags"
expect_diags "$work/deferred-locals.diags" Error E-1 1 main.tf "$locals_e1_line" \
  "Azure Kubernetes Service Contributor Role" "Remediation:"
expect_not_in "$work/deferred-locals.out" "will be read during apply" \
  "assertion fed through a local is read at plan time"
end_case

# --- (f) examples ------------------------------------------------------------
# The docs embed these files (tools/docgen), so they must stay valid.
begin_case "(f) examples/: terraform fmt -check and validate"
status=0
"$cli" fmt -check -recursive -no-color "$repo/examples" >"$work/fmt.out" 2>&1 || status=$?
if [ "$status" -eq 0 ]; then
  pass "examples/ is terraform fmt-formatted"
else
  fail "terraform fmt -check found unformatted examples:"
  show "$work/fmt.out"
fi
# The resource examples need the azurerm provider; the gate cases validate
# them with the test-only one.
for example in "$repo"/examples/provider "$repo"/examples/data-sources/*/ "$repo"/examples/functions/*/; do
  example=${example%/}
  name=${example#"$repo/"}
  dir="$work/validate/$name"
  mkdir -p "$dir"
  cp "$example"/*.tf "$dir/"
  # Data source and function snippets leave the provider requirement to
  # provider.tf.
  if ! grep -q required_providers "$dir"/*.tf; then
    cp "$repo/examples/provider/provider.tf" "$dir/provider.tf"
  fi
  status=0
  run_cli "$dir" "$work/validate.out" validate || status=$?
  if [ "$status" -eq 0 ]; then
    pass "validate $name"
  else
    fail "validate $name exited $status"
    show "$work/validate.out"
  fi
done
end_case

# --- (g) stated backend contradicting the observed one ----------------------
begin_case "(g) a stated backend that contradicts the observed pg backend fails T-2"
if start_pg_server && pg_init stated; then
  dir="$work/stated"
  cp "$testdata/pg_stated_backend/main.tf" "$dir/main.tf"
  stated_t2_line=$(first_line "$dir/main.tf" '^data "threatmodel_assertion" ')
  stated_backend_line=$(first_line "$dir/main.tf" '^[[:space:]]*backend[[:space:]]*=[[:space:]]*\{')
  status=0
  run_cli "$dir" "$work/stated.out" plan -input=false || status=$?
  expect_status "plan with a stated azurerm backend on an observed pg one" 1 "$status" "$work/stated.out"
  diagnostics "$work/stated.out" >"$work/stated.diags"
  n=$(count_diags "$work/stated.diags" Error "T-2: ")
  if [ "$n" -eq 1 ]; then
    pass "one T-2 error"
  else
    fail "$n T-2 error(s), expected 1"
    cut -f 2-4 "$work/stated.diags" | sed 's/^/    | /'
  fi
  while IFS=$'\t' read -r _ summary at_file at_line text; do
    if [ "$at_file" = main.tf ] &&
      { [ "$at_line" = "$stated_t2_line" ] || [ "$at_line" = "$stated_backend_line" ]; }; then
      pass "$summary at main.tf line $at_line (the assertion or its backend)"
    else
      fail "$summary located at $at_file:$at_line, expected main.tf line $stated_t2_line or $stated_backend_line"
    fi
    for phrase in '"pg"' '"azurerm"'; do
      if grep -qF -- "$phrase" <<<"$text"; then
        pass "T-2 names backend $phrase"
      else
        fail "T-2 does not name backend $phrase: $text"
      fi
    done
  done < <(awk -F '\t' '$1 == "Error" && index($2, "T-2: ") == 1' "$work/stated.diags")
fi
end_case

# --- (h) misspelled policy key -----------------------------------------------
begin_case "(h) a misspelled policy key fails the plan and is named"
dir="$work/misspelled_policy"
cp -R "$testdata/misspelled_policy" "$dir"
policy_line=$(first_line "$dir/main.tf" '^[[:space:]]*policy[[:space:]]*=')
status=0
run_cli "$dir" "$work/misspelled.out" plan -input=false || status=$?
expect_status "plan with policy = { max_role_per_user = 2 }" 1 "$status" "$work/misspelled.out"
diagnostics "$work/misspelled.out" >"$work/misspelled.diags"
if awk -F '\t' -v line="$policy_line" '
    $1 == "Error" && $2 == "Unsupported key \"max_role_per_user\"" &&
    $3 == "main.tf" && $4 == line &&
    index($5, "Did you mean \"max_roles_per_user\"?") > 0 &&
    index($5, "Accepted keys:") > 0 { found = 1 }
    END { exit !found }' "$work/misspelled.diags"; then
  pass "error names max_role_per_user at main.tf line $policy_line and suggests max_roles_per_user"
else
  fail "no error naming max_role_per_user at main.tf line $policy_line"
  show "$work/misspelled.out"
fi
end_case

echo "== threatmodel_assertion cases:"
for line in "${case_results[@]}"; do
  echo "   $line"
done
