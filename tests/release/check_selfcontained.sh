#!/usr/bin/env bash
# The packaged provider and CLI must run on a machine that has glibc and
# nothing else (HCP Terraform workers, CI runners): both `ldd` and the
# ELF NEEDED entries may name only glibc's own libraries. Also reports the
# newest glibc symbol version the binaries need, which is the oldest glibc
# they run on, and fails when it rises above GLIBC_CEILING (a rise should be
# a decision recorded in RELEASING.md, not an accident of the build host).
#
#   check_selfcontained.sh DIST
set -euo pipefail

readonly GLIBC_CEILING=2.36

dist=$(cd -- "$1" && pwd)
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(tr -d ' \t\r\n' <"$root/VERSION")
provider=terraform-provider-threatmodel
target=linux_amd64

status=0
fail() { echo "  FAIL: $*"; status=1; }
ok() { echo "  ok: $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release-ldd.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

unzip -q "$dist/${provider}_${version}_${target}.zip" "${provider}_v$version" -d "$work"
tar -xzf "$dist/threatmodel_${version}_${target}.tar.gz" -C "$work" \
  "threatmodel_${version}_${target}/threatmodel"
binaries=("$work/${provider}_v$version" "$work/threatmodel_${version}_${target}/threatmodel")

# glibc's libraries, by soname: the C library, libm, the pre-2.34 split-outs
# (libpthread, libdl, librt), the dynamic loader and the kernel's vDSO.
allowed='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-x86-64\.so\.2)$'

for bin in "${binaries[@]}"; do
  label=$(basename -- "$bin")
  if ! out=$(ldd "$bin" 2>&1); then
    # "not a dynamic executable" would be fine too: fully static.
    if grep -q 'not a dynamic executable' <<<"$out"; then
      ok "$label is fully static"
      continue
    fi
    fail "ldd $label: $out"
    continue
  fi
  echo "  ldd $label:"
  sed 's/^/    /' <<<"$out"
  bad=()
  while read -r name _; do
    [ -z "$name" ] && continue
    [ "$name" = "statically" ] && continue
    base=$(basename -- "$name")
    [[ $base =~ $allowed ]] || bad+=("$name")
  done <<<"$out"
  if grep -q 'not found' <<<"$out"; then
    bad+=("(unresolved: $(grep 'not found' <<<"$out" | awk '{ print $1 }' | tr '\n' ' '))")
  fi
  while read -r needed; do
    [[ $needed =~ $allowed ]] || bad+=("NEEDED $needed")
  done < <(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  if [ ${#bad[@]} -eq 0 ]; then
    ok "$label depends on glibc only"
  else
    fail "$label depends on more than glibc: ${bad[*]}"
  fi

  glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
  newest=$(printf '%s\n%s\n' "$glibc" "$GLIBC_CEILING" | sort -V | tail -n 1)
  if [ "$newest" = "$GLIBC_CEILING" ]; then
    ok "$label needs glibc >= $glibc (ceiling $GLIBC_CEILING), $(stat -c %s "$bin") bytes stripped"
  else
    fail "$label needs glibc >= $glibc, above the recorded ceiling $GLIBC_CEILING"
  fi
done

exit $status
