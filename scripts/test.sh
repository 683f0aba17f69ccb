#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: unit tests, golden
# vectors, fuzz corpus replays and acceptance tests (Go plugin client and,
# when present, the real terraform CLI) in the default build, then the unit
# tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "== default build and tests"
cmake --preset default
cmake --build --preset default
ctest --preset default

echo "== ASan + UBSan build and tests"
cmake --preset asan
cmake --build --preset asan
ctest --preset asan
