#!/usr/bin/env bash
# Release test: builds the release artifacts with a throwaway RSA signing
# key and checks them the way the registry, Terraform and a user would.
#
#   tests/release/run.sh [--no-build] [--keep]
#
#   --no-build  package the binaries already in build/release
#   --keep      keep the temporary directory (its path is printed)
#
# Checks (one script each, all run even when one fails):
#   check_artifacts.sh      names, archive contents, stripped binaries,
#                           manifest, SHA256SUMS, binary RSA signature,
#                           byte-identical repackaging
#   check_selfcontained.sh  ldd/readelf: nothing beyond glibc
#   check_terraform_init.sh real `terraform init` from a local registry
#                           stand-in (signature checked, zh: hash locked)
#                           and from a filesystem mirror; `terraform plan`
#   check_install.sh        `cmake --install` tree
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)

build_flag=()
keep=0
for arg in "$@"; do
  case "$arg" in
    --no-build) build_flag=(--no-build) ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 [--no-build] [--keep]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release-test.XXXXXX")
export GNUPGHOME=$work/gnupg
cleanup() {
  gpgconf --kill gpg-agent 2>/dev/null || true
  if [ $keep -eq 1 ]; then
    echo "release test: kept $work"
  else
    rm -rf -- "$work"
  fi
}
trap cleanup EXIT

# A throwaway RSA key, as the registry requires RSA or DSA. No passphrase:
# it lives only in this temporary keyring.
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key \
  'threatmodel release test <release-test@example.invalid>' rsa3072 sign 1d 2>/dev/null
fingerprint=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null |
  awk -F: '$1 == "fpr" { print $10; exit }')
private_key=$(gpg --batch --pinentry-mode loopback --passphrase '' \
  --armor --export-secret-keys "$fingerprint")

echo "== release test: packaging into $work/dist"
GPG_PRIVATE_KEY=$private_key GPG_FINGERPRINT=$fingerprint \
  bash "$root/.goreleaser-like/release.sh" --out "$work/dist" "${build_flag[@]}"
# A second packaging of the same binaries; its SHA256SUMS must be identical.
GPG_PRIVATE_KEY=$private_key GPG_FINGERPRINT=$fingerprint \
  bash "$root/.goreleaser-like/release.sh" --out "$work/dist2" --no-build >/dev/null 2>&1

failed=()
run_check() {
  local name=$1
  shift
  echo
  echo "== release test: $name"
  if bash "$here/$name" "$@" | tee "$work/$name.log"; then
    if grep -q 'SKIPPED:' "$work/$name.log"; then
      echo "SKIPPED: $name"
    else
      echo "PASS: $name"
    fi
  else
    echo "FAIL: $name"
    failed+=("$name")
  fi
}
run_check check_artifacts.sh "$work/dist" "$work/dist2"
run_check check_selfcontained.sh "$work/dist"
run_check check_terraform_init.sh "$work/dist"
run_check check_install.sh "$root/build/release"

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "release test: FAILED: ${failed[*]}"
  exit 1
fi
echo "release test: all checks passed"
