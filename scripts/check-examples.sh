#!/usr/bin/env bash
# Synthesizes every example with the CLI and checks each output folder with
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
for compose in "$root"/examples/*/compose.yaml; do
  name="$(basename "$(dirname "$compose")")"
  out="$work/out/$name"
  extra=()
  if [ -f "$(dirname "$compose")/cdk8s-compose.args" ]; then
    read -r -a extra < "$(dirname "$compose")/cdk8s-compose.args"
  fi
  if ! node "$root/bin/cdk8s-compose.js" synth -q -f "$compose" -o "$out" "${extra[@]}"; then
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
  echo "== $name"
  if ! node "$work/checker/check-manifests.mjs" "$out" "${args[@]}" | tail -n 1; then
    node "$work/checker/check-manifests.mjs" "$out" "${args[@]}" | grep -E ' hard ' >&2 || true
    status=1
  fi
done
exit $status
