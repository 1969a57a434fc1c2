#!/usr/bin/env bash
# Builds (or locates) the reference Compose loader: docker compose's CLI at a pinned version,
# from the Go module proxy, through the wrapper module in tools/compose.
#
#   scripts/compose-tool.sh build   build into the cache unless the binary is already there
#   scripts/compose-tool.sh path    print the binary's path; exit 1 (with how to build) if missing
#
# The binary lives OUTSIDE the clone, keyed by version, so every clone and CI run reuses it:
#   ${CDK8S_COMPOSE_TOOLS_CACHE:-$HOME/.cache/cdk8s-compose}/compose-v5.6.0/docker-compose
# Default cache root: $HOME/.cache/cdk8s-compose (override with CDK8S_COMPOSE_TOOLS_CACHE).
# The version is read from tools/compose/go.mod, so bumping it there starts a new cache entry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/tools/compose"
version="$(awk '{ for (i = 1; i < NF; i++) if ($i == "github.com/docker/compose/v5") { print $(i+1); exit } }' "$module/go.mod")"
if [ -z "$version" ]; then
  echo "compose-tool: cannot read the github.com/docker/compose/v5 version from $module/go.mod" >&2
  exit 2
fi
cache="${CDK8S_COMPOSE_TOOLS_CACHE:-$HOME/.cache/cdk8s-compose}"
dir="$cache/compose-$version"
bin="$dir/docker-compose"

case "${1:-}" in
  path)
    if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
    echo "compose-tool: $bin is missing; build it with: bash scripts/compose-tool.sh build (needs Go 1.26 and the Go module proxy; ~10-20 min the first time on 2 cores)" >&2
    exit 1
    ;;
  build)
    if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
    if ! command -v go >/dev/null 2>&1; then
      echo "compose-tool: Go is not installed; install Go 1.26 (https://go.dev/dl/) and run again" >&2
      exit 1
    fi
    mkdir -p "$dir"
    tmp="$(mktemp "$dir/.docker-compose.XXXXXX")"
    trap 'rm -f "$tmp"' EXIT
    start=$(date +%s)
    echo "compose-tool: building docker compose $version into $bin" >&2
    # -mod=readonly: go.sum is committed and must already hold every module the build needs.
    (cd "$module" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
      -ldflags "-s -w -X main.version=$version -X github.com/docker/compose/v5/internal.Version=$version" \
      -o "$tmp" .)
    mv "$tmp" "$bin"
    trap - EXIT
    echo "compose-tool: built in $(( $(date +%s) - start ))s" >&2
    "$bin" version >&2
    echo "$bin"
    ;;
  *)
    echo "usage: scripts/compose-tool.sh build|path" >&2
    exit 2
    ;;
esac
