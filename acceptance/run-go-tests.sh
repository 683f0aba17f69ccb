#!/usr/bin/env bash
# Runs the Go acceptance suite in acceptance/go against a provider binary.
#
#   acceptance/run-go-tests.sh PROVIDER_BINARY [go test flags, e.g. -run TestDebugMode]
#
# Uses only Debian's Go packages (GOPATH mode, /usr/share/gocode) and no
# network. The tfplugin6 and plugin Go stubs are generated from proto/tfplugin
# into a temporary GOPATH on every run. The Go build cache goes to
# $THREATMODEL_GOCACHE, else next to the binary's bin/ directory, else a
# temporary directory.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 PROVIDER_BINARY [go test flags]" >&2
  exit 2
fi
binary=$(realpath -- "$1")
shift
if [ ! -x "$binary" ] || [ -d "$binary" ]; then
  echo "FAIL: provider binary $binary is not an executable file" >&2
  exit 1
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd -- "$here/.." && pwd)

for tool in go protoc protoc-gen-go; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool not found (run scripts/install-deps.sh)" >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tm-acc-go.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT

if [ -n "${THREATMODEL_GOCACHE:-}" ]; then
  gocache=$THREATMODEL_GOCACHE
elif [ -w "$(dirname -- "$(dirname -- "$binary")")" ]; then
  gocache="$(dirname -- "$(dirname -- "$binary")")/go-acceptance-cache"
else
  gocache="$work/gocache"
fi
mkdir -p "$gocache"

gopath="$work/gopath"
stage="$work/proto"
mkdir -p "$gopath/src/tmproto" "$gopath/src/tmacceptance" "$stage"

# protoc-gen-go 1.3 predates proto3 `optional`; dropping the keyword does not
# change the wire encoding of the fields the suite uses.
sed -E 's/^([[:space:]]*)optional /\1/' "$repo/proto/tfplugin/tfplugin6.proto" >"$stage/tfplugin6.proto"

# Only tfplugin6 is generated: go-plugin already registers the plugin.*
# messages of grpc_controller.proto, and the suite calls Shutdown by path.
echo "== generating Go stubs from proto/tfplugin/tfplugin6.proto"
protoc -I "$stage" -I /usr/include \
  "--go_out=plugins=grpc,Mgoogle/protobuf/timestamp.proto=github.com/golang/protobuf/ptypes/timestamp:$gopath/src/tmproto" \
  "$stage/tfplugin6.proto"

cp "$here"/go/*.go "$gopath/src/tmacceptance/"

unformatted=$(gofmt -l "$here"/go/*.go)
if [ -n "$unformatted" ]; then
  echo "FAIL: not gofmt-formatted: $unformatted" >&2
  exit 1
fi

export GO111MODULE=off
export GOPATH="$gopath:/usr/share/gocode"
export GOCACHE="$gocache"
export GOPROXY=off
export GOFLAGS=
export GOTOOLCHAIN=local
export THREATMODEL_PROVIDER_BINARY="$binary"

echo "== go test against $binary"
cd "$gopath/src/tmacceptance"
status=0
go test -v -count=1 -timeout 15m "$@" . || status=$?
if [ "$status" -eq 0 ]; then
  echo "== Go acceptance tests: PASS"
else
  echo "== Go acceptance tests: FAIL (go test exit status $status)"
fi
exit "$status"
