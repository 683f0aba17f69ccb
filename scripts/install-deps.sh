#!/usr/bin/env bash
# Installs every Debian 12 package that the build, the tests, the fuzz targets
# and the acceptance harness need. Safe to run again: apt-get skips what is
# already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgrpc++-dev libgrpc-dev protobuf-compiler protobuf-compiler-grpc libprotobuf-dev
  libabsl-dev nlohmann-json3-dev libmsgpack-cxx-dev libssl-dev openssl
  libyaml-dev # reads helm_release values (S-1, D-4)
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang clang-format clang-tidy libfuzzer-14-dev libclang-rt-14-dev
  golang-go golang-github-hashicorp-go-plugin-dev golang-google-grpc-dev
  golang-github-zclconf-go-cty-dev golang-github-hashicorp-go-hclog-dev protoc-gen-go-1-3
  zip unzip gnupg jq
  faketime # moves a debug-mode provider's clock in the waiver-expiry case
  libxml2-utils nodejs
  postgresql # the pg state backend of the fixed example (scripts/pg-state-server.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs ships without npm (a separate package); some Node.js
# builds include it. The report validators are installed with npm.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
