#!/usr/bin/env bash
# Writes THIRD_PARTY_NOTICES to stdout: the copyright and license terms of
# every library the release binaries link statically, taken from the Debian
# packages the archives came from. BSD-style terms (protobuf, re2, c-ares)
# require a binary distribution to reproduce them, so every archive ships
# this file.
#
# libstdc++ and libgcc are linked under the GCC Runtime Library Exception,
# which places no conditions on the resulting binary; they are listed
# without their (long) copyright file.
set -euo pipefail
export LC_ALL=C

# Debian package -> what the binaries take from it. Keep in step with the
# static archives named in the release link line (cmake/StaticDeps.cmake).
packages=(
  "libgrpc-dev|gRPC core, gRPC C++, gpr, upb, address_sorting"
  "libprotobuf-dev|Protocol Buffers"
  "libabsl-dev|Abseil"
  "libssl-dev|OpenSSL (libssl, libcrypto)"
  "libc-ares-dev|c-ares"
  "libre2-dev|RE2"
  "zlib1g-dev|zlib"
  "nlohmann-json3-dev|JSON for Modern C++ (nlohmann/json)"
  "libmsgpack-cxx-dev|msgpack-cxx (header-only; its msgpack packer and parser)"
)

version_of() {
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null ||
    { echo "third-party-notices: package $1 is not installed" >&2; exit 1; }
}

cat <<'EOF'
Third-party software in terraform-provider-threatmodel and threatmodel
=======================================================================

The release binaries are linked statically against the libraries below
(built from the Debian 12 packages named). Each section reproduces the
package's copyright file. The Apache License 2.0, which several of them
reference, is in the LICENSE file next to this one.

EOF
for entry in "${packages[@]}"; do
  pkg=${entry%%|*}
  what=${entry#*|}
  ver=$(version_of "$pkg")
  printf -- '-------------------------------------------------------------------------------\n'
  printf '%s (Debian package %s %s)\n' "$what" "$pkg" "$ver"
  printf -- '-------------------------------------------------------------------------------\n\n'
  cat "/usr/share/doc/$pkg/copyright"
  printf '\n'
done
gcc_ver=$(version_of libstdc++-12-dev)
printf -- '-------------------------------------------------------------------------------\n'
printf 'GNU libstdc++ and libgcc (Debian package libstdc++-12-dev %s)\n' "$gcc_ver"
printf -- '-------------------------------------------------------------------------------\n\n'
printf 'GPL-3.0-or-later WITH GCC-exception-3.1 (GCC Runtime Library Exception):\n'
printf 'no conditions apply to binaries produced with these runtime libraries.\n'
