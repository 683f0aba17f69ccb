#!/usr/bin/env bash
# `cmake --install BUILD --prefix DIR` must give a user both programs and
# the documentation:
#   DIR/bin/{terraform-provider-threatmodel,threatmodel}, runnable, reporting
#   VERSION, and nothing else in bin/;
#   DIR/share/doc/terraform-provider-threatmodel/{README.md,LICENSE,
#   CHANGELOG.md,SECURITY.md} and docs/ identical to the repository's.
#
#   check_install.sh BUILD_DIR
set -euo pipefail

build=$(cd -- "$1" && pwd)
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(tr -d ' \t\r\n' <"$root/VERSION")

status=0
fail() { echo "  FAIL: $*"; status=1; }
ok() { echo "  ok: $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release-install.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
prefix=$work/prefix

if ! cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
  fail "cmake --install failed:"$'\n'"$(cat "$work/install.log")"
  exit 1
fi
ok "cmake --install $build --prefix DIR"

bins=$(cd "$prefix/bin" 2>/dev/null && ls -1 | LC_ALL=C sort || true)
want=$(printf '%s\n' terraform-provider-threatmodel threatmodel | LC_ALL=C sort)
if [ "$bins" = "$want" ]; then
  ok "DIR/bin holds exactly: $(echo $bins)"
else
  fail "DIR/bin holds: $(echo $bins); expected: $(echo $want)"
fi
for bin in terraform-provider-threatmodel threatmodel; do
  [ -x "$prefix/bin/$bin" ] || continue
  reported=$("$prefix/bin/$bin" --version | awk 'NR == 1 { print $2 }')
  if [ "$reported" = "$version" ]; then
    ok "DIR/bin/$bin --version reports $version"
  else
    fail "DIR/bin/$bin --version reports '$reported', VERSION is $version"
  fi
done

docdir=$prefix/share/doc/terraform-provider-threatmodel
for doc in README.md LICENSE CHANGELOG.md SECURITY.md; do
  if cmp -s "$docdir/$doc" "$root/$doc"; then
    ok "DIR/share/doc/terraform-provider-threatmodel/$doc"
  else
    fail "DIR/share/doc/terraform-provider-threatmodel/$doc is missing or differs"
  fi
done
if [ -f "$docdir/docs/index.md" ] && diff -r "$root/docs" "$docdir/docs" >/dev/null; then
  ok "DIR/share/doc/terraform-provider-threatmodel/docs/ is the repository's docs/ ($(find "$docdir/docs" -type f | wc -l) files)"
else
  fail "DIR/share/doc/terraform-provider-threatmodel/docs/ is missing or differs from docs/"
fi

exit $status
