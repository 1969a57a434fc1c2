#!/usr/bin/env bash
# Synthesizes every example (examples/*) and every valid fixture (test/fixtures/valid/*) with the
# CLI and checks each output folder with
#  - `kubectl kustomize` (the folder is consumable by kubectl apply -k / Argo CD / Flux), and
#  - the independent manifest checker in ../shared/checker (0 hard failures required),
#    told which Secrets are created out of band (the `Secret:` lines of SECRETS.md).
# Exits non-zero on the first failure. Needs the project built (npm run build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
checker_src="${CHECKER_DIR:-$root/../shared/checker}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$checker_src/check-manifests.mjs" ]; then
  echo "check-examples: no checker at $checker_src (set CHECKER_DIR)" >&2
  exit 1
fi
cp -r "$checker_src" "$work/checker"
rm -rf "$work/checker/node_modules"
(cd "$work/checker" && npm ci --silent --no-audit --no-fund >/dev/null)

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
  if report="$(node "$work/checker/check-manifests.mjs" "$out" "${args[@]}")"; then
    echo "$name: $(printf '%s\n' "$report" | tail -n 1)"
  else
    echo "$name: FAILED" >&2
    printf '%s\n' "$report" | grep -E '^[A-Z-]+ +hard ' >&2 || printf '%s\n' "$report" >&2
    status=1
  fi
done
exit $status
