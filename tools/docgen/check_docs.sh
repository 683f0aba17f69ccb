#!/usr/bin/env bash
# Checks the generated registry docs.
#
#   tools/docgen/check_docs.sh up-to-date    DOCGEN_BINARY REPO
#   tools/docgen/check_docs.sh deterministic DOCGEN_BINARY REPO
#
# up-to-date: renders into a temporary directory and compares with the
# committed docs/index.md, docs/data-sources/ and docs/rules/ (other files
# in docs/ are written by hand and not compared).
# deterministic: renders twice and requires identical bytes, plus pages a
# registry and a diff can rely on: LF line endings, no trailing white
# space, one final newline, and registry front matter on the pages the
# registry publishes (all but docs/rules/).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 up-to-date|deterministic DOCGEN_BINARY REPO" >&2
  exit 2
fi
mode=$1
docgen=$2
repo=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-docgen.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT

render() {
  if ! "$docgen" --source-dir "$repo" --out "$1" >"$work/docgen.out" 2>&1; then
    echo "FAIL: threatmodel-docgen failed:"
    sed 's/^/    | /' "$work/docgen.out"
    exit 1
  fi
}

case "$mode" in
  up-to-date)
    render "$work/docs"
    status=0
    {
      diff -u "$repo/docs/index.md" "$work/docs/index.md" || status=$?
      for dir in data-sources rules; do
        if [ -d "$repo/docs/$dir" ]; then
          diff -ru "$repo/docs/$dir" "$work/docs/$dir" || status=$?
        else
          echo "docs/$dir/ does not exist"
          status=1
        fi
      done
    } >"$work/diff.out" 2>&1 || true
    if [ "$status" -ne 0 ]; then
      echo "FAIL: docs/ is out of date with the provider schema, the rule"
      echo "registry, examples/ or tools/docgen/templates/ (diff: committed"
      echo "vs. rendered):"
      head -n 200 "$work/diff.out" | sed 's/^/    | /'
      echo "Regenerate and commit the result with:"
      echo "    cmake --build --preset default --target docs"
      exit 1
    fi
    echo "PASS: docs/index.md, docs/data-sources/ and docs/rules/ match the rendered docs"
    ;;
  deterministic)
    render "$work/a"
    render "$work/b"
    if ! diff -ru "$work/a" "$work/b" >"$work/diff.out" 2>&1; then
      echo "FAIL: two renders differ:"
      head -n 100 "$work/diff.out" | sed 's/^/    | /'
      exit 1
    fi
    failures=0
    pages=0
    while IFS= read -r -d '' page; do
      pages=$((pages + 1))
      name=${page#"$work/a/"}
      if grep -q $'\r' "$page"; then
        echo "FAIL: $name has CR line endings"
        failures=$((failures + 1))
      fi
      if grep -nE '[[:space:]]+$' "$page" >"$work/trailing.out"; then
        echo "FAIL: $name has trailing white space:"
        head -n 5 "$work/trailing.out" | sed 's/^/    | /'
        failures=$((failures + 1))
      fi
      last_two=$(tail -c 2 "$page" | od -An -tx1 | tr -d ' \n')
      if [ "${last_two: -2}" != 0a ] || [ "$last_two" = 0a0a ]; then
        echo "FAIL: $name does not end with exactly one newline"
        failures=$((failures + 1))
      fi
      if [ "${name#rules/}" = "$name" ] && [ "$(head -n 1 "$page")" != "---" ]; then
        echo "FAIL: $name does not start with registry front matter"
        failures=$((failures + 1))
      fi
    done < <(find "$work/a" -type f -name '*.md' -print0 | sort -z)
    if [ "$pages" -lt 3 ] || [ ! -f "$work/a/rules/README.md" ]; then
      echo "FAIL: rendered $pages page(s); expected index.md, data sources and rules"
      failures=$((failures + 1))
    fi
    if [ "$failures" -ne 0 ]; then
      exit 1
    fi
    echo "PASS: $pages page(s) render byte-identically and are clean"
    ;;
  *)
    echo "usage: $0 up-to-date|deterministic DOCGEN_BINARY REPO" >&2
    exit 2
    ;;
esac
