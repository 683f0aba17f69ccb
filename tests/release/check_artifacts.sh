#!/usr/bin/env bash
# Checks a release directory against what the Terraform Registry and
# Terraform's installer expect (protocol.md §9):
#   * exactly the expected files, named after VERSION;
#   * the provider zip holds terraform-provider-threatmodel_v{VERSION}
#     (stripped, executable, reporting VERSION) and the repository's
#     README.md, LICENSE, CHANGELOG.md plus THIRD_PARTY_NOTICES; the CLI
#     archive the same around `threatmodel`;
#   * the manifest is the repository's terraform-registry-manifest.json and
#     says protocol 6.0;
#   * terraform-provider-threatmodel_{VERSION}_SHA256SUMS is in sha256sum
#     format, lists every provider zip and the manifest and nothing else
#     (Terraform copies each line into users' lock files), and matches the
#     files; threatmodel_{VERSION}_SHA256SUMS does the same for the CLI
#     archives;
#   * each SHA256SUMS.sig is a binary (not armored) detached signature by an
#     RSA key that verifies with the keyring in $GNUPGHOME, and stops
#     verifying when its SHA256SUMS changes;
#   * with a second directory: both packagings have identical SHA256SUMS.
#
#   check_artifacts.sh DIST [DIST2]
set -euo pipefail

dist=$(cd -- "$1" && pwd)
dist2=${2:-}
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(tr -d ' \t\r\n' <"$root/VERSION")
provider=terraform-provider-threatmodel
target=linux_amd64
zip=${provider}_${version}_${target}.zip
cli_top=threatmodel_${version}_${target}
tgz=$cli_top.tar.gz
manifest=${provider}_${version}_manifest.json
sums=${provider}_${version}_SHA256SUMS
cli_sums=threatmodel_${version}_SHA256SUMS

status=0
fail() { echo "  FAIL: $*"; status=1; }
ok() { echo "  ok: $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release-artifacts.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# --- file set -------------------------------------------------------------------
expected=$(printf '%s\n' "$zip" "$tgz" "$manifest" "$sums" "$sums.sig" "$cli_sums" \
  "$cli_sums.sig" | LC_ALL=C sort)
actual=$(cd "$dist" && ls -1 | LC_ALL=C sort)
if [ "$expected" = "$actual" ]; then
  ok "release directory holds exactly: $(echo $expected)"
else
  fail "release directory holds:"$'\n'"$actual"$'\n'"  expected:"$'\n'"$expected"
fi

# --- archive contents -------------------------------------------------------------
check_binary() {
  local bin=$1 label=$2
  if [ ! -x "$bin" ]; then
    fail "$label is not executable"
    return
  fi
  if readelf -S -W "$bin" | grep -Eq ' \.(symtab|debug_[a-z]+) '; then
    fail "$label is not stripped (has .symtab or .debug_* sections)"
  else
    ok "$label is stripped ($(stat -c %s "$bin") bytes)"
  fi
  local reported
  reported=$("$bin" --version | awk 'NR == 1 { print $2 }')
  if [ "$reported" = "$version" ]; then
    ok "$label --version reports $version"
  else
    fail "$label --version reports '$reported', VERSION is $version"
  fi
}

check_docs() {
  local dir=$1 label=$2 doc
  for doc in README.md LICENSE CHANGELOG.md; do
    if cmp -s "$dir/$doc" "$root/$doc"; then
      ok "$label/$doc is the repository's"
    else
      fail "$label/$doc is missing or differs from the repository's"
    fi
  done
  if grep -q 'Protocol Buffers' "$dir/THIRD_PARTY_NOTICES" 2>/dev/null; then
    ok "$label/THIRD_PARTY_NOTICES lists the statically linked libraries"
  else
    fail "$label/THIRD_PARTY_NOTICES is missing or incomplete"
  fi
}

if [ -f "$dist/$zip" ]; then
  listing=$(unzip -Z1 "$dist/$zip" | LC_ALL=C sort)
  want=$(printf '%s\n' CHANGELOG.md LICENSE README.md THIRD_PARTY_NOTICES "${provider}_v$version" | LC_ALL=C sort)
  if [ "$listing" = "$want" ]; then
    ok "$zip holds exactly: $(echo $listing)"
  else
    fail "$zip holds: $(echo $listing); expected: $(echo $want)"
  fi
  mkdir "$work/zip"
  unzip -q "$dist/$zip" -d "$work/zip"
  check_binary "$work/zip/${provider}_v$version" "$zip:${provider}_v$version"
  check_docs "$work/zip" "$zip:"
fi

if [ -f "$dist/$tgz" ]; then
  listing=$(tar -tzf "$dist/$tgz" | LC_ALL=C sort)
  want=$(printf "$cli_top/%s\n" '' CHANGELOG.md LICENSE README.md THIRD_PARTY_NOTICES threatmodel | LC_ALL=C sort)
  if [ "$listing" = "$want" ]; then
    ok "$tgz holds exactly: $(echo $listing)"
  else
    fail "$tgz holds: $(echo $listing); expected: $(echo $want)"
  fi
  mkdir "$work/tgz"
  tar -xzf "$dist/$tgz" -C "$work/tgz"
  check_binary "$work/tgz/$cli_top/threatmodel" "$tgz:threatmodel"
  check_docs "$work/tgz/$cli_top" "$tgz:"
fi

# --- manifest -------------------------------------------------------------------
if cmp -s "$dist/$manifest" "$root/terraform-registry-manifest.json"; then
  ok "$manifest is the repository's terraform-registry-manifest.json"
else
  fail "$manifest differs from terraform-registry-manifest.json"
fi
got=$(jq -cS . "$dist/$manifest" 2>/dev/null || echo "(not JSON)")
want='{"metadata":{"protocol_versions":["6.0"]},"version":1}'
if [ "$got" = "$want" ]; then
  ok "manifest declares protocol_versions [\"6.0\"]"
else
  fail "manifest is $got, expected $want"
fi

# --- SHA256SUMS and signatures ------------------------------------------------------
# check_sums SUMS NAME...: SUMS lists exactly NAME... and matches them.
check_sums() {
  local file=$1 listed want
  shift
  if grep -Evq '^[0-9a-f]{64}  [^ /]+$' "$dist/$file"; then
    fail "$file has lines not in '<64 hex>  <name>' form"
  fi
  listed=$(awk '{ print $2 }' "$dist/$file" | LC_ALL=C sort)
  want=$(printf '%s\n' "$@" | LC_ALL=C sort)
  if [ "$listed" = "$want" ]; then
    ok "$file lists exactly: $(echo $listed)"
  else
    fail "$file lists: $(echo $listed); expected: $(echo $want)"
  fi
  if (cd "$dist" && sha256sum --quiet -c "$file"); then
    ok "sha256sum -c $file"
  else
    fail "sha256sum -c $file"
  fi
}

# check_signature SUMS: SUMS.sig is a binary RSA signature of SUMS.
check_signature() {
  local file=$1 sig=$dist/$1.sig packets
  if [ ! -f "$sig" ]; then
    fail "$file.sig is missing"
    return
  fi
  if head -c 64 "$sig" | grep -aq -- '-----BEGIN'; then
    fail "$file.sig is ASCII-armored; the registry needs a binary signature"
  else
    ok "$file.sig is binary"
  fi
  packets=$(gpg --batch --list-packets "$sig" 2>/dev/null || true)
  if grep -q '^:signature packet: algo 1,' <<<"$packets"; then
    ok "$file.sig is an RSA signature"
  else
    fail "$file.sig is not an RSA signature: $(head -n 1 <<<"$packets")"
  fi
  if gpg --batch --verify "$sig" "$dist/$file" 2>"$work/verify.log"; then
    ok "gpg --verify $file.sig: $(grep -o 'Good signature.*' "$work/verify.log")"
  else
    fail "gpg --verify $file.sig failed: $(cat "$work/verify.log")"
  fi
  cp "$dist/$file" "$work/tampered"
  echo "0000000000000000000000000000000000000000000000000000000000000000  extra.zip" >>"$work/tampered"
  if gpg --batch --verify "$sig" "$work/tampered" 2>/dev/null; then
    fail "$file.sig also verifies a modified $file"
  else
    ok "$file.sig rejects a modified $file"
  fi
}

check_sums "$sums" "$zip" "$manifest"
check_sums "$cli_sums" "$tgz"
check_signature "$sums"
check_signature "$cli_sums"

# --- reproducibility ------------------------------------------------------------------
if [ -n "$dist2" ]; then
  for file in "$sums" "$cli_sums"; do
    if cmp -s "$dist/$file" "$dist2/$file"; then
      ok "a second packaging gives a byte-identical $file"
    else
      fail "a second packaging differs:"$'\n'"$(diff "$dist/$file" "$dist2/$file")"
    fi
  done
fi

exit $status
