#!/usr/bin/env bash
# Synthesizes every example (examples/*) and every valid fixture (test/fixtures/valid/*) with the
# CLI and checks each output folder with
#  - `kubectl kustomize` (the folder is consumable by kubectl apply -k / Argo CD / Flux), and
#  - the independent manifest checker in ../shared/checker (0 hard failures required),
#    told which Secrets are created out of band (the `Secret:` lines of SECRETS.md).
# Any ARGO-WAVES, UPGRADE or UPGRADE-PRUNE finding fails, whatever its severity: a sync that never
# ends, or an update the API server refuses, is never acceptable.
#   --keep DIR      also copy every output folder to DIR/<examples|valid>/<name>
#   --previous DIR  check each output as the next version of DIR/<examples|valid>/<name> (written by
#                   --keep with an earlier version of cdk8s-compose): rules UPGRADE and UPGRADE-PRUNE
# Exits non-zero when any project fails. Needs the project built (npm run build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
checker_src="${CHECKER_DIR:-$root/../shared/checker}"
keep=""
previous=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --previous) previous="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "check-examples: unknown argument $1 (expected --keep DIR or --previous DIR)" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Without a checker (a clone with nothing beside it) the outputs are synthesized and read by kubectl
# only, with one line saying so; CDK8S_COMPOSE_REQUIRE_CHECKER=1 (our CI, .ci/run) makes it an error.
checker=yes
if [ ! -f "$checker_src/check-manifests.mjs" ]; then
  if [ "${CDK8S_COMPOSE_REQUIRE_CHECKER:-}" = 1 ]; then
    echo "check-examples: no checker at $checker_src (set CHECKER_DIR); CDK8S_COMPOSE_REQUIRE_CHECKER=1 requires it" >&2
    exit 1
  fi
  echo "check-examples: skipped the independent checker (none at $checker_src; set CHECKER_DIR to run it)" >&2
  checker=""
else
  cp -r "$checker_src" "$work/checker"
  rm -rf "$work/checker/node_modules"
  (cd "$work/checker" && npm ci --silent --no-audit --no-fund >/dev/null)
fi

status=0
# Each project: synthesize from its folder with the default compose file lookup.
for dir in "$root"/examples/*/ "$root"/test/fixtures/valid/*/; do
  dir="${dir%/}"
  name="$(basename "$(dirname "$dir")")/$(basename "$dir")"
  out="$work/out/$name"
  mkdir -p "$(dirname "$out")"
  if ! (cd "$dir" && node "$root/bin/cdk8s-compose.js" synth -q -o "$out"); then
    echo "check-examples: $name: synth failed" >&2
    status=1
    continue
  fi
  if command -v kubectl >/dev/null 2>&1; then
    if ! kubectl kustomize "$out" >/dev/null; then
      echo "check-examples: $name: kubectl kustomize rejected the output" >&2
      status=1
    fi
  fi
  secrets="$(sed -n 's/^Secret: //p' "$out/SECRETS.md" | paste -sd, -)"
  args=()
  [ -n "$secrets" ] && args=(--external-secrets "$secrets")
  if [ -n "$previous" ]; then
    if [ -d "$previous/$name" ]; then args+=(--previous "$previous/$name"); else echo "$name: no previous version in $previous (new project)"; fi
  fi
  [ -n "$keep" ] && { mkdir -p "$keep/$(dirname "$name")"; rm -rf "${keep:?}/$name"; cp -r "$out" "$keep/$name"; }
  [ -z "$checker" ] && continue
  if report="$(node "$work/checker/check-manifests.mjs" "$out" "${args[@]}")" && ! printf '%s\n' "$report" | grep -qE '^(ARGO-WAVES|UPGRADE|UPGRADE-PRUNE) '; then
    echo "$name: $(printf '%s\n' "$report" | tail -n 1)"
  else
    echo "$name: FAILED" >&2
    printf '%s\n' "$report" | grep -E '^[A-Z-]+ +hard |^(ARGO-WAVES|UPGRADE|UPGRADE-PRUNE) ' >&2 || printf '%s\n' "$report" >&2
    status=1
  fi
done
exit $status
