#!/usr/bin/env bash
# Builds the release artifacts the Terraform Registry and users expect, in
# the layout HashiCorp's goreleaser configuration produces:
#
#   terraform-provider-threatmodel_{VERSION}_{OS}_{ARCH}.zip
#       terraform-provider-threatmodel_v{VERSION}   (stripped)
#       README.md LICENSE CHANGELOG.md THIRD_PARTY_NOTICES
#   threatmodel_{VERSION}_{OS}_{ARCH}.tar.gz
#       threatmodel_{VERSION}_{OS}_{ARCH}/threatmodel (stripped) + the same docs
#   terraform-provider-threatmodel_{VERSION}_manifest.json
#   terraform-provider-threatmodel_{VERSION}_SHA256SUMS       (zips + manifest)
#   terraform-provider-threatmodel_{VERSION}_SHA256SUMS.sig   (binary, detached)
#   threatmodel_{VERSION}_SHA256SUMS, threatmodel_{VERSION}_SHA256SUMS.sig
#                                                             (CLI archives)
#
# Usage: .goreleaser-like/release.sh [--out DIR] [--no-build] [--no-sign]
#
#   --out DIR    where to write the artifacts (default: dist/ at the root);
#                earlier artifacts of this project in DIR are replaced
#   --no-build   package the binaries already in build/release
#   --no-sign    skip the signature (local trials only; the registry
#                rejects a release without one)
#
# Signing key, from the environment:
#   GPG_PRIVATE_KEY       armored secret key (or GPG_PRIVATE_KEY_FILE: a path)
#   GPG_FINGERPRINT       which key to sign with, if the import holds several
#   GPG_PASSPHRASE        the key's passphrase, if it has one
# The key is imported into a temporary GNUPGHOME that is removed on exit, so
# the caller's keyring is never touched. It must be RSA (or DSA): the
# registry does not accept ECC keys.
#
# The version comes from the VERSION file only. A tag vX.Y.Z on HEAD must
# agree with it. SOURCE_DATE_EPOCH (default: the HEAD commit time) fixes
# every timestamp inside the archives, so packaging the same binaries twice
# gives byte-identical archives and SHA256SUMS.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/.." && pwd)
cd "$root"

# The targets a release contains. Only the host's can be built: the project
# links Debian's static gRPC/OpenSSL archives and has no cross toolchain, so
# a release for another OS/ARCH needs a build host of that kind.
readonly TARGETS=(linux_amd64)

readonly NAME=threatmodel
readonly PROVIDER=terraform-provider-$NAME
readonly CLI=threatmodel
readonly BUILD_DIR=$root/build/release
readonly DOC_FILES=(README.md LICENSE CHANGELOG.md)

out=$root/dist
build=1
sign=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    --no-build) build=0; shift ;;
    --no-sign) sign=0; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "release: unknown argument $1" >&2; exit 2 ;;
  esac
done

die() { echo "release: $*" >&2; exit 1; }

# --- version: one source -----------------------------------------------------
version=$(tr -d ' \t\r\n' <VERSION)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  die "VERSION holds '$version', not a semantic version X.Y.Z[-pre]"

# The top-level CMakeLists.txt repeats X.Y.Z in project() (the binaries take
# VERSION itself); a drift there would still be a second version.
cmake_version=$(sed -n 's/^project([^)]* VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt | head -n 1)
if [ -n "$cmake_version" ] && [ "$cmake_version" != "${version%%-*}" ]; then
  die "CMakeLists.txt project() says VERSION $cmake_version but VERSION says $version"
fi
grep -q "^## \[$version\]" CHANGELOG.md ||
  die "CHANGELOG.md has no '## [$version]' section"

in_git=0
if git rev-parse --git-dir >/dev/null 2>&1 && git rev-parse --verify -q HEAD >/dev/null; then
  in_git=1
fi
if [ $in_git -eq 1 ]; then
  while read -r tag; do
    [ -z "$tag" ] && continue
    [ "$tag" = "v$version" ] ||
      die "HEAD is tagged $tag but VERSION says $version; fix one of them"
  done < <(git tag --points-at HEAD --list 'v[0-9]*')
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "release: WARNING: the working tree has uncommitted changes; these artifacts do not correspond to a commit" >&2
  fi
fi

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  if [ $in_git -eq 1 ]; then
    SOURCE_DATE_EPOCH=$(git log -1 --format=%ct HEAD)
  else
    SOURCE_DATE_EPOCH=$(stat -c %Y VERSION)
  fi
fi
export SOURCE_DATE_EPOCH
# zip stores DOS times in local time; pin the zone so every host agrees.
export TZ=UTC LC_ALL=C

# --- host and targets ----------------------------------------------------------
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) host=linux_amd64 ;;
  Linux/aarch64) host=linux_arm64 ;;
  *) host=unknown ;;
esac
for target in "${TARGETS[@]}"; do
  [ "$target" = "$host" ] ||
    die "target $target cannot be built on this $host host (no cross toolchain)"
done

for tool in cmake strip zip tar gzip sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh)"
done
if [ $sign -eq 1 ]; then
  command -v gpg >/dev/null || die "gpg is not installed (scripts/install-deps.sh)"
  if [ -z "${GPG_PRIVATE_KEY:-}" ] && [ -z "${GPG_PRIVATE_KEY_FILE:-}" ]; then
    die "no signing key: set GPG_PRIVATE_KEY (armored) or GPG_PRIVATE_KEY_FILE, or pass --no-sign"
  fi
fi

# --- build ----------------------------------------------------------------------
if [ $build -eq 1 ]; then
  bash scripts/install-deps.sh
  cmake --preset release >/dev/null
  # Only the two shipped programs: the preset also defines benchmarks.
  cmake --build --preset release --target "$PROVIDER" "$CLI"
fi
provider_bin=$BUILD_DIR/bin/$PROVIDER
cli_bin=$BUILD_DIR/bin/$CLI
for bin in "$provider_bin" "$cli_bin"; do
  [ -x "$bin" ] || die "$bin is missing; run without --no-build"
  # A stale build directory could hold a binary of another version.
  reported=$("$bin" --version | awk 'NR == 1 { print $2 }')
  [ "$reported" = "$version" ] ||
    die "$bin reports version '$reported', VERSION says $version; rebuild"
done

# --- package ----------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release.XXXXXX")
gnupg_home=""
cleanup() {
  if [ -n "$gnupg_home" ]; then
    GNUPGHOME=$gnupg_home gpgconf --kill gpg-agent 2>/dev/null || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT

bash "$here/third-party-notices.sh" >"$work/THIRD_PARTY_NOTICES"

# stage_docs DIR: the documents every archive carries, with fixed modes.
stage_docs() {
  local dir=$1 doc
  for doc in "${DOC_FILES[@]}"; do
    [ -f "$doc" ] || die "$doc is missing at the repository root"
    install -m 0644 "$doc" "$dir/$doc"
  done
  install -m 0644 "$work/THIRD_PARTY_NOTICES" "$dir/THIRD_PARTY_NOTICES"
}

# Fixed mtimes and modes, sorted names, no extra attributes (uid/gid,
# extended timestamps) and no directory entries: the archive depends only
# on the file contents and SOURCE_DATE_EPOCH.
deterministic_zip() {
  local dir=$1 archive=$2
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$dir" && find . -type f -printf '%P\n' | sort | zip -X -D -q -9 "$archive" -@)
}

deterministic_tgz() {
  local parent=$1 top=$2 archive=$3
  tar -C "$parent" --sort=name --format=gnu --mtime="@$SOURCE_DATE_EPOCH" \
    --owner=0 --group=0 --numeric-owner -cf - "$top" | gzip -9 -n >"$archive"
}

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f -- "$out/${PROVIDER}_"* "$out/${CLI}_"*

provider_files=()
cli_files=()
for target in "${TARGETS[@]}"; do
  stage=$work/$PROVIDER-$target
  mkdir -p "$stage"
  strip --strip-all -o "$stage/${PROVIDER}_v$version" "$provider_bin"
  chmod 0755 "$stage/${PROVIDER}_v$version"
  stage_docs "$stage"
  deterministic_zip "$stage" "$out/${PROVIDER}_${version}_${target}.zip"
  provider_files+=("${PROVIDER}_${version}_${target}.zip")

  top=${CLI}_${version}_${target}
  mkdir -p "$work/cli-$target/$top"
  strip --strip-all -o "$work/cli-$target/$top/$CLI" "$cli_bin"
  chmod 0755 "$work/cli-$target/$top/$CLI"
  stage_docs "$work/cli-$target/$top"
  chmod 0755 "$work/cli-$target/$top"
  deterministic_tgz "$work/cli-$target" "$top" "$out/$top.tar.gz"
  cli_files+=("$top.tar.gz")
done

manifest=${PROVIDER}_${version}_manifest.json
cp terraform-registry-manifest.json "$out/$manifest"
provider_files+=("$manifest")

# Terraform copies every line of the provider's SHA256SUMS into each user's
# .terraform.lock.hcl as a zh: hash, so that file lists only what belongs to
# the provider (its zips and the manifest). The CLI archives get their own.
provider_sums=${PROVIDER}_${version}_SHA256SUMS
cli_sums=${CLI}_${version}_SHA256SUMS
write_sums() {
  local sums=$1
  shift
  (cd "$out" && printf '%s\n' "$@" | sort | xargs sha256sum --) >"$out/$sums"
}
write_sums "$provider_sums" "${provider_files[@]}"
write_sums "$cli_sums" "${cli_files[@]}"

# --- sign ---------------------------------------------------------------------------
sign_args=()
if [ $sign -eq 1 ]; then
  gnupg_home=$work/gnupg
  mkdir -m 0700 "$gnupg_home"
  export GNUPGHOME=$gnupg_home
  if [ -n "${GPG_PRIVATE_KEY_FILE:-}" ]; then
    gpg --batch --quiet --import "$GPG_PRIVATE_KEY_FILE" 2>/dev/null ||
      die "could not import the key in GPG_PRIVATE_KEY_FILE"
  else
    printf '%s\n' "$GPG_PRIVATE_KEY" | gpg --batch --quiet --import 2>/dev/null ||
      die "could not import the key in GPG_PRIVATE_KEY"
  fi
  key=${GPG_FINGERPRINT:-}
  if [ -z "$key" ]; then
    mapfile -t keys < <(gpg --batch --with-colons --list-secret-keys |
      awk -F: '$1 == "sec" { want = 1; next } want && $1 == "fpr" { print $10; want = 0 }')
    [ ${#keys[@]} -eq 1 ] ||
      die "the imported key material holds ${#keys[@]} secret keys; set GPG_FINGERPRINT"
    key=${keys[0]}
  fi
  sign_args=(--batch --yes --local-user "$key" --digest-algo SHA256 --detach-sign)
  if [ -n "${GPG_PASSPHRASE:-}" ]; then
    passfile=$gnupg_home/passphrase
    (umask 077 && printf '%s' "$GPG_PASSPHRASE" >"$passfile")
    sign_args=(--pinentry-mode loopback --passphrase-file "$passfile" "${sign_args[@]}")
  fi
fi

# sign FILE: writes FILE.sig. --detach-sign without --armor gives the binary
# signature the registry and Terraform's checker expect.
sign_file() {
  local file=$out/$1 algo
  gpg "${sign_args[@]}" --output "$file.sig" "$file" ||
    die "signing $1 failed (wrong GPG_FINGERPRINT or GPG_PASSPHRASE?)"
  # Public-key algorithm 1 is RSA, 17 DSA; an ECDSA/EdDSA signature would
  # be refused by the registry only after the release was published.
  algo=$(gpg --batch --list-packets "$file.sig" 2>/dev/null |
    sed -n 's/^:signature packet: algo \([0-9]*\),.*/\1/p' | head -n 1)
  case "$algo" in
    1 | 17) ;;
    *) rm -f -- "$file.sig"; die "the signing key uses public-key algorithm '$algo'; the registry needs RSA or DSA" ;;
  esac
  gpg --batch --quiet --verify "$file.sig" "$file" 2>/dev/null ||
    die "the new signature of $1 does not verify"
}

if [ $sign -eq 1 ]; then
  sign_file "$provider_sums"
  sign_file "$cli_sums"
  rm -f -- "${passfile:-}"
else
  echo "release: WARNING: --no-sign: the SHA256SUMS files are not signed" >&2
fi

# --- summary -------------------------------------------------------------------------
echo "release: $PROVIDER $version (${TARGETS[*]}), SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, in $out"
for target in "${TARGETS[@]}"; do
  printf 'release: stripped %-40s %10d bytes\n' "${PROVIDER}_v$version ($target)" \
    "$(stat -c %s "$work/$PROVIDER-$target/${PROVIDER}_v$version")"
  printf 'release: stripped %-40s %10d bytes\n' "$CLI ($target)" \
    "$(stat -c %s "$work/cli-$target/${CLI}_${version}_${target}/$CLI")"
done
(cd "$out" && for f in "${PROVIDER}_"* "${CLI}_"*; do printf 'release: %10d  %s\n' "$(stat -c %s "$f")" "$f"; done)
