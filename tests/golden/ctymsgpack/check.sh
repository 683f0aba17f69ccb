#!/usr/bin/env bash
# Regenerates the cty golden vectors with the real go-cty into a temporary
# directory and fails if they differ from the committed ones in
# tests/testdata/cty. Exits 77 (reported by ctest as skipped) when Go or
# Debian's go-cty sources are not installed.
set -euo pipefail

source_dir=${1:?usage: check.sh <source-dir>}
gocode=/usr/share/gocode
if ! command -v go >/dev/null 2>&1 ||
   [ ! -d "$gocode/src/github.com/zclconf/go-cty/cty/msgpack" ]; then
  echo "SKIPPED: go or go-cty (golang-github-zclconf-go-cty-dev) not installed"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/gopath" "$tmp/out"
(
  cd "$source_dir"
  GO111MODULE=off GOPATH="$tmp/gopath:$gocode" GOCACHE="$tmp/cache" \
    GOFLAGS= go run ./tests/golden/ctymsgpack "$tmp/out"
)
# Compare only the generator's files: testdata/cty also holds hand-built
# cases that go-cty cannot produce.
status=0
for f in "$tmp"/out/*; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$source_dir/tests/testdata/cty/$name"; then
    echo "golden differs or is missing: tests/testdata/cty/$name"
    diff "$f" "$source_dir/tests/testdata/cty/$name" || true
    status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "all $(ls "$tmp/out" | wc -l) golden files match go-cty"
fi
exit "$status"
