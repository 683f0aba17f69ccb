#!/usr/bin/env bash
# Fails when any C++ file we own is not formatted as .clang-format says.
# Covers src/, include/, tests/, bench/, tools/ and acceptance/ (the
# test-only azurerm stub); generated code lives in build directories and is
# never listed. Test data (tests/testdata/, fuzz corpora) is input, not
# code, and is skipped.
#
#   scripts/check-format.sh         check (CI)
#   scripts/check-format.sh --fix   reformat the files in place
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
case "${1:-}" in
  "") ;;
  --fix) fix=1 ;;
  *) echo "usage: $0 [--fix]" >&2; exit 2 ;;
esac

command -v clang-format >/dev/null ||
  { echo "check-format: clang-format is not installed (scripts/install-deps.sh)" >&2; exit 1; }

mapfile -t files < <(find src include tests bench tools acceptance \
  \( -path tests/testdata -o -path tests/fuzz/corpus -o -name node_modules \) -prune -o \
  -type f \( -name '*.cc' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) -print |
  LC_ALL=C sort)

if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no C++ files found" >&2
  exit 1
fi

if [ $fix -eq 1 ]; then
  clang-format -i "${files[@]}"
  echo "check-format: reformatted ${#files[@]} files"
  exit 0
fi

if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo >&2
  echo "check-format: FAIL: the files above are not formatted; run scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted ($(clang-format --version | sed 's/.*version \([0-9.]*\).*/clang-format \1/'))"
