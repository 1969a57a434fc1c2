#!/usr/bin/env bash
# Synthesizes every example (examples/*/), valid fixture (test/fixtures/valid/*/), corpus project
# (test/corpus/*/) in the default and --strict modes, and every single-file fixture
# (test/fixtures/{invalid,strict}/*.yaml) into OUT/<group>/<name>.<default|strict>/: the manifests,
# and the CLI's stdout, stderr (the OUT folder's path written as OUT/) and exit code. Run it before
# and after a change that must not change output, then `diff -r BEFORE AFTER`. Needs the project
# built from scratch (rm -rf lib && npm run build: stale lib/ files shadow moved modules).
#   usage: scripts/synth-all.sh OUT
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
export CDK8S_CHECK_UPGRADE=false
n=0
run() { # run DEST DIR ARGS...
  local dest="$1" dir="$2"; shift 2
  mkdir -p "$dest"
  (cd "$dir" && node "$root/bin/cdk8s-compose.js" synth "$@" -o "$dest/manifests" >"$dest/stdout" 2>"$dest/stderr"; echo $? >"$dest/exit")
  # The output folder's path is named in messages: written as OUT, so that two runs compare.
  sed -i "s|$out/|OUT/|g" "$dest/stdout" "$dest/stderr"
  n=$((n + 1))
}
for dir in "$root"/examples/*/ "$root"/test/fixtures/valid/*/ "$root"/test/corpus/*/; do
  dir="${dir%/}"
  group="$(basename "$(dirname "$dir")")"
  name="$(basename "$dir")"
  run "$out/$group/$name.default" "$dir"
  run "$out/$group/$name.strict" "$dir" --strict
done
for file in "$root"/test/fixtures/invalid/*.yaml "$root"/test/fixtures/strict/*.yaml; do
  group="$(basename "$(dirname "$file")")"
  name="$(basename "$file" .yaml)"
  run "$out/$group/$name.default" "$(dirname "$file")" -f "$(basename "$file")"
  run "$out/$group/$name.strict" "$(dirname "$file")" -f "$(basename "$file")" --strict
done
echo "synth-all: $n runs into $out"
