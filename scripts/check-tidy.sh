#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the root) on the C++ files that changed
# relative to a base commit, using the default build's compile_commands.json
# (build it first: its generated protobuf headers are needed). Every finding
# fails the check.
#
#   scripts/check-tidy.sh [BASE]     changed files (committed, staged,
#                                    unstaged and untracked) since BASE
#   scripts/check-tidy.sh --all      every source file we own (headers
#                                    through the files including them)
#   scripts/check-tidy.sh --list [BASE | --all]   only print the files
#
# BASE defaults to $TIDY_BASE, else the merge base with origin/main, else
# HEAD~1, else (a single-commit clone) every file. Only whole translation
# units are analysed: a changed header is checked through its own
# interpolated compile command. Runs two files at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${TIDY_BUILD_DIR:-build/default}
jobs=${TIDY_JOBS:-2}

command -v clang-tidy >/dev/null ||
  { echo "check-tidy: clang-tidy is not installed (scripts/install-deps.sh)" >&2; exit 1; }
if [ ! -f "$build/compile_commands.json" ]; then
  echo "check-tidy: $build/compile_commands.json is missing; run cmake --preset default && cmake --build --preset default" >&2
  exit 1
fi

owned='^(src|include|tests|bench|tools|acceptance)/.*\.(cc|h|cpp|hpp)$'
excluded='^tests/(testdata|fuzz/corpus)/'

list=0
if [ "${1:-}" = "--list" ]; then
  list=1
  shift
fi
all=0
base=""
case "${1:-}" in
  --all) all=1 ;;
  "") base=${TIDY_BASE:-} ;;
  -*) echo "usage: $0 [BASE | --all]" >&2; exit 2 ;;
  *) base=$1 ;;
esac

if [ $all -eq 0 ] && [ -z "$base" ]; then
  if git rev-parse -q --verify origin/main >/dev/null; then
    base=$(git merge-base HEAD origin/main)
  elif git rev-parse -q --verify HEAD~1 >/dev/null; then
    base=HEAD~1
  else
    all=1
  fi
fi

if [ $all -eq 1 ]; then
  # Source files only: every header is checked through the files that
  # include it (HeaderFilterRegex), which halves the time.
  mapfile -t candidates < <(git ls-files --cached --others --exclude-standard |
    grep -E '\.(cc|cpp)$' | sort -u)
  what="source files"
else
  mapfile -t candidates < <({
    git diff --name-only --diff-filter=ACMR "$base"
    git ls-files --others --exclude-standard
  } | sort -u)
  what="files changed since $(git rev-parse --short "$base")"
fi

files=()
for f in "${candidates[@]}"; do
  [[ $f =~ $owned ]] || continue
  [[ $f =~ $excluded ]] && continue
  [ -f "$f" ] && files+=("$f")
done

if [ ${#files[@]} -eq 0 ]; then
  echo "check-tidy: no C++ $what"
  exit 0
fi
if [ $list -eq 1 ]; then
  printf '%s\n' "${files[@]}"
  exit 0
fi
echo "check-tidy: clang-tidy on ${#files[@]} $what"

# Each file's findings are printed in one piece, followed by a FAIL line, so
# parallel runs do not interleave.
status=0
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "$jobs" sh -c '
    out=$(clang-tidy -p "$0" --quiet "$1" 2>&1) && case "$out" in
      *warning:* | *error:*) ;;
      *) exit 0 ;;
    esac
    printf "%s\ncheck-tidy: FAIL: %s\n" "$out" "$1"
    exit 1
  ' "$build" || status=1

if [ $status -ne 0 ]; then
  echo "check-tidy: FAIL: clang-tidy findings (above)" >&2
  exit 1
fi
echo "check-tidy: no findings in ${#files[@]} files"
