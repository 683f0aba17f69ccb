#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit tests, golden
# vectors, fuzz corpus replays and acceptance tests (Go plugin client and,
# when present, the real terraform CLI) in the default build, then the unit
# tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Around those: the format check first (cheapest, fails fast), clang-tidy on
# the files changed since the base commit (needs the default build's
# compile_commands.json), and the release test, which builds the release
# preset once and checks the packaged artifacts, `ldd`, the signature, a
# real `terraform init` and `cmake --install`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "== format check"
bash scripts/check-format.sh

echo "== default build and tests"
cmake --preset default
cmake --build --preset default
ctest --preset default

echo "== clang-tidy on changed files"
bash scripts/check-tidy.sh

echo "== release build, artifacts and installation"
bash tests/release/run.sh

echo "== ASan + UBSan build and tests"
cmake --preset asan
cmake --build --preset asan
ctest --preset asan
