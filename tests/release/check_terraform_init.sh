#!/usr/bin/env bash
# Installs the released provider with the real terraform (or tofu) binary,
# offline, the two ways a user gets it:
#
# 1. From a registry: tests/release/registry serves the release directory
#    through the provider registry protocol on 127.0.0.1 (HTTPS, its own CA
#    via SSL_CERT_FILE), standing in for registry.terraform.io through a
#    `host` block in the CLI configuration. `init` must verify
#    SHA256SUMS.sig with the public key and record in .terraform.lock.hcl
#    a zh: hash equal to the zip's SHA-256 in SHA256SUMS, plus an h1: hash;
#    `plan` must run the provider. With SHA256SUMS altered after signing,
#    `init` must refuse the package.
# 2. From a filesystem mirror in the packed layout
#      HOST/threatmodel/threatmodel/terraform-provider-threatmodel_VERSION_linux_amd64.zip
#    with only `filesystem_mirror` in provider_installation (no
#    dev_overrides). With the lock file from (1), `init` must accept the zip
#    (it checks it against the locked hashes) and keep the zh: hash; the
#    provider must be unpacked under .terraform/providers; `plan` must report
#    the version; `apply` + `output -raw` must print exactly VERSION.
#    Without a lock file, `init` must record the same h1: hash as (1).
#    (Terraform records zh: hashes only from a signed SHA256SUMS, never from
#    a mirror, which is why (1) exists.)
#
#   check_terraform_init.sh DIST
#
# Needs $GNUPGHOME holding the public key that signed SHA256SUMS. Prints
# SKIPPED and exits 0 when neither terraform nor tofu is on PATH.
set -euo pipefail

dist=$(cd -- "$1" && pwd)
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
version=$(tr -d ' \t\r\n' <"$root/VERSION")
provider=terraform-provider-threatmodel
target=linux_amd64
zip=${provider}_${version}_${target}.zip
sums=${provider}_${version}_SHA256SUMS

cli=""
for candidate in terraform tofu; do
  if command -v "$candidate" >/dev/null 2>&1; then
    cli=$(command -v "$candidate")
    break
  fi
done
if [ -z "$cli" ]; then
  echo "  ************************************************************************"
  echo "  SKIPPED: terraform init from a registry and a filesystem mirror:"
  echo "  SKIPPED: no terraform or tofu binary on PATH"
  echo "  ************************************************************************"
  exit 0
fi
# The registry host a bare "threatmodel/threatmodel" source resolves to.
case "$(basename -- "$cli")" in
  tofu) host=registry.opentofu.org ;;
  *) host=registry.terraform.io ;;
esac

status=0
fail() { echo "  FAIL: $*"; status=1; }
ok() { echo "  ok: $*"; }
show() { sed 's/^/    /' "$1"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-release-init.XXXXXX")
background_pids=()
cleanup() {
  local pid
  for pid in "${background_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf -- "$work"
}
trap cleanup EXIT
mkdir "$work/home"

# tf DIR CLICONFIG ARGS...: only this test's configuration counts: no user
# CLI config, plugin cache or implied mirrors under the real HOME, and no
# version check-in over the network.
tf() {
  local dir=$1 config=$2
  shift 2
  (cd "$dir" && env -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_CLI_ARGS \
    -u TF_CLI_ARGS_init -u TF_CLI_ARGS_plan -u TF_CLI_ARGS_apply \
    HOME="$work/home" TF_CLI_CONFIG_FILE="$config" CHECKPOINT_DISABLE=1 \
    TF_IN_AUTOMATION=1 SSL_CERT_FILE="$work/ca.pem" "$cli" "$@")
}
echo "  using $(tf "$work" /dev/null version | head -n 1) ($cli)"

# new_config NAME: a root module that requires exactly VERSION and reports
# the provider's version through data.threatmodel_version.
new_config() {
  mkdir "$work/$1"
  cat >"$work/$1/main.tf" <<EOF
terraform {
  required_providers {
    threatmodel = {
      source  = "threatmodel/threatmodel"
      version = "= $version"
    }
  }
}

data "threatmodel_version" "current" {}

output "provider_version" {
  value = data.threatmodel_version.current.version
}
EOF
}

want_zh=$(awk -v f="$zip" '$2 == f { print $1 }' "$dist/$sums")
[ -n "$want_zh" ] || { fail "$sums does not list $zip"; exit 1; }

# lock_checks DIR LABEL: the lock file names the provider and VERSION and
# holds the zip's signed SHA-256 as a zh: hash.
lock_checks() {
  local lock=$1/.terraform.lock.hcl label=$2
  if [ ! -f "$lock" ]; then
    fail "$label: no .terraform.lock.hcl after init"
    return
  fi
  show "$lock"
  grep -q "^provider \"$host/threatmodel/threatmodel\" {" "$lock" &&
    grep -Eq "^ *version += \"$version\"" "$lock" &&
    ok "$label: lock file has $host/threatmodel/threatmodel $version" ||
    fail "$label: lock file lacks $host/threatmodel/threatmodel $version"
  if grep -q "\"zh:$want_zh\"" "$lock"; then
    ok "$label: lock file zh: hash = the zip's SHA-256 in $sums"
  else
    fail "$label: lock file lacks \"zh:$want_zh\" (the zip's SHA-256 in $sums)"
  fi
  # Terraform locks every line of the signed SHA256SUMS; nothing that is
  # not part of the provider may be there.
  local locked signed
  locked=$(grep -o '"zh:[0-9a-f]*"' "$lock" | tr -d '"' | sed 's/^zh://' | LC_ALL=C sort)
  signed=$(awk '{ print $1 }' "$dist/$sums" | LC_ALL=C sort)
  if [ "$locked" = "$signed" ]; then
    ok "$label: the lock file's zh: hashes are exactly the lines of $sums"
  else
    fail "$label: lock file zh: hashes differ from the lines of $sums"
  fi
}

h1_of() { grep -o '"h1:[^"]*"' "$1/.terraform.lock.hcl" 2>/dev/null | tr -d '"' | LC_ALL=C sort | head -n 1; }

# plan_checks DIR CONFIG LABEL
plan_checks() {
  local dir=$1 config=$2 label=$3
  if tf "$dir" "$config" plan -input=false -no-color >"$dir/plan.log" 2>&1 &&
    grep -Eq "provider_version += \"$version\"" "$dir/plan.log"; then
    ok "$label: plan ran the installed provider: $(grep -E 'provider_version' "$dir/plan.log" | sed 's/^ *//')"
  else
    fail "$label: plan did not report provider_version = \"$version\":"
    show "$dir/plan.log"
  fi
}

# --- 1. registry ----------------------------------------------------------------
command -v go >/dev/null || { fail "go not found: the registry stand-in needs it (scripts/install-deps.sh)"; exit 1; }
unformatted=$(gofmt -l "$here/registry")
[ -z "$unformatted" ] || fail "not gofmt-formatted: $unformatted"
mkdir -p "$work/gopath" "$work/gocache"
if ! GO111MODULE=off GOPATH="$work/gopath" GOCACHE="$work/gocache" GOPROXY=off GOFLAGS= \
  GOTOOLCHAIN=local go build -o "$work/registry" "$here/registry/main.go" >"$work/go-build.log" 2>&1; then
  fail "building tests/release/registry failed"
  show "$work/go-build.log"
  exit 1
fi

key_id=$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "pub" { print $5; exit }')
gpg --batch --armor --export "$key_id" >"$work/signing-key.asc"

# start_registry DIST NAME: serves DIST; sets registry_url.
registry_url=""
start_registry() {
  local served=$1 name=$2
  "$work/registry" -dist "$served" -namespace threatmodel -type threatmodel \
    -key "$work/signing-key.asc" -key-id "$key_id" -ca-file "$work/$name.ca.pem" \
    -url-file "$work/$name.url" -lifetime 300s -log "$work/$name.log" \
    </dev/null >/dev/null 2>"$work/$name.err" &
  background_pids+=("$!")
  for _ in $(seq 100); do
    [ -s "$work/$name.url" ] && break
    sleep 0.1
  done
  if [ ! -s "$work/$name.url" ]; then
    fail "the registry stand-in did not start"
    show "$work/$name.err"
    exit 1
  fi
  registry_url=$(cat "$work/$name.url")
  # Each instance has its own CA; tf() trusts the latest one.
  cp "$work/$name.ca.pem" "$work/ca.pem"
}

registry_config() {
  cat >"$2" <<EOF
host "$host" {
  services = {
    "providers.v1" = "$1/v1/providers/"
  }
}
provider_installation {
  direct {
    include = ["$host/threatmodel/threatmodel"]
  }
}
EOF
}

start_registry "$dist" registry
registry_config "$registry_url" "$work/registry.tfrc"
new_config from-registry
if tf "$work/from-registry" "$work/registry.tfrc" init -input=false -no-color >"$work/from-registry/init.log" 2>&1; then
  ok "registry: init installed the provider"
  grep -E 'Installed|Installing|signed' "$work/from-registry/init.log" | sed 's/^/    /'
  if grep -q "key ID $key_id" "$work/from-registry/init.log"; then
    ok "registry: init verified SHA256SUMS.sig with key $key_id"
  else
    fail "registry: init did not report the signing key $key_id"
  fi
  lock_checks "$work/from-registry" registry
  if [ -n "$(h1_of "$work/from-registry")" ]; then
    ok "registry: lock file has an h1: hash"
  else
    fail "registry: lock file has no h1: hash"
  fi
  plan_checks "$work/from-registry" "$work/registry.tfrc" registry
else
  fail "registry: init failed:"
  show "$work/from-registry/init.log"
  show "$work/registry.log"
fi

# SHA256SUMS changed after signing: the signature no longer matches.
mkdir "$work/tampered-dist"
cp "$dist"/* "$work/tampered-dist/"
echo "0000000000000000000000000000000000000000000000000000000000000000  ${provider}_${version}_linux_arm64.zip" \
  >>"$work/tampered-dist/$sums"
start_registry "$work/tampered-dist" tampered
registry_config "$registry_url" "$work/tampered.tfrc"
new_config from-tampered
if tf "$work/from-tampered" "$work/tampered.tfrc" init -input=false -no-color >"$work/from-tampered/init.log" 2>&1; then
  fail "registry: init accepted a SHA256SUMS that does not match its signature"
elif grep -qi 'signature\|authentication' "$work/from-tampered/init.log"; then
  ok "registry: init refuses a SHA256SUMS altered after signing ($(grep -io 'error: [^│]*' "$work/from-tampered/init.log" | head -n 1))"
else
  fail "registry: init failed on the altered SHA256SUMS, but not because of the signature:"
  show "$work/from-tampered/init.log"
fi

# --- 2. filesystem mirror ---------------------------------------------------------
mirror=$work/mirror
mkdir -p "$mirror/$host/threatmodel/threatmodel"
cp "$dist/$zip" "$mirror/$host/threatmodel/threatmodel/"
cat >"$work/mirror.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$host/threatmodel/threatmodel"]
  }
}
EOF

new_config from-mirror
if [ -f "$work/from-registry/.terraform.lock.hcl" ]; then
  cp "$work/from-registry/.terraform.lock.hcl" "$work/from-mirror/"
fi
if tf "$work/from-mirror" "$work/mirror.tfrc" init -input=false -no-color >"$work/from-mirror/init.log" 2>&1; then
  ok "mirror: init installed the provider from the filesystem mirror, checked against the locked hashes"
  grep -E 'Installed|Installing' "$work/from-mirror/init.log" | sed 's/^/    /'
  if grep -qi 'development overrides' "$work/from-mirror/init.log"; then
    fail "mirror: init reports development overrides"
  fi
  lock_checks "$work/from-mirror" mirror
  installed=$work/from-mirror/.terraform/providers/$host/threatmodel/threatmodel/$version/$target/${provider}_v$version
  if [ -x "$installed" ]; then
    ok "mirror: provider unpacked to .terraform/providers/$host/threatmodel/threatmodel/$version/$target/"
  else
    fail "mirror: no executable $installed"
  fi
  plan_checks "$work/from-mirror" "$work/mirror.tfrc" mirror
  if tf "$work/from-mirror" "$work/mirror.tfrc" apply -input=false -no-color -auto-approve \
    >"$work/from-mirror/apply.log" 2>&1; then
    got=$(tf "$work/from-mirror" "$work/mirror.tfrc" output -raw provider_version 2>/dev/null || true)
    if [ "$got" = "$version" ]; then
      ok "mirror: apply + output -raw provider_version = $got"
    else
      fail "mirror: output -raw provider_version is '$got', expected $version"
    fi
  else
    fail "mirror: apply failed:"
    show "$work/from-mirror/apply.log"
  fi
else
  fail "mirror: init failed:"
  show "$work/from-mirror/init.log"
fi

new_config from-mirror-unlocked
if tf "$work/from-mirror-unlocked" "$work/mirror.tfrc" init -input=false -no-color \
  >"$work/from-mirror-unlocked/init.log" 2>&1; then
  h1_registry=$(h1_of "$work/from-registry")
  h1_mirror=$(h1_of "$work/from-mirror-unlocked")
  if [ -n "$h1_mirror" ] && [ "$h1_mirror" = "$h1_registry" ]; then
    ok "mirror without a lock file: init records the registry's h1: hash ($h1_mirror)"
  else
    fail "mirror without a lock file: h1: hash '$h1_mirror' differs from the registry's '$h1_registry'"
  fi
else
  fail "mirror without a lock file: init failed:"
  show "$work/from-mirror-unlocked/init.log"
fi

exit $status
