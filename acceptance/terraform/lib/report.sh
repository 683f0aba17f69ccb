# shellcheck shell=bash
# Sourced by the acceptance scripts: how a check reports, the same in all.
#
#   source acceptance/terraform/lib/report.sh
#   pass "what held"
#   fail "what did not"          # counts into $failures
#   show LOG                     # indents LOG under the line before it
#   expect_exit WHAT WANT GOT LOG
#   exit "$((failures > 0))"     # at the end of the script
#
# `failures` starts at 0 when this file is sourced; a script that sources
# another one (run.sh -> assertion_cases.sh, gate_cases.sh) shares it.

failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

pass() {
  echo "ok:   $*"
}

show() {
  sed 's/^/    | /' "$1"
}

# expect_exit WHAT WANT GOT LOG: GOT is the exit status WHAT ended with; on
# a mismatch LOG is shown.
expect_exit() {
  if [ "$3" -eq "$2" ]; then
    pass "$1: exit $3"
  else
    fail "$1: exit $3, expected $2"
    show "$4"
  fi
}
