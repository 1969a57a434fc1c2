#!/usr/bin/env bash
# Records the output of the release before storage identity (issue 24) for the version pair
# "that release -> this one" (test/upgrade/storage-identity-pairs.test.ts):
#  1. a git worktree of that release's commit (below) in a temporary folder, with this clone's
#     node_modules linked in (its package-lock.json lists the same packages) and its own build;
#  2. for every project (examples/*, test/fixtures/valid/*, test/corpus/*): `synth -q -o DIR` run
#     from the project's folder, with that release's CLI and with this clone's, in an empty
#     environment;
#  3. into test/upgrade/before-storage-identity/<project path>/: that release's manifests
#     (the .yaml files; the Markdown is not a manifest) of every project whose manifests differ
#     from this clone's. Projects with equal manifests, and projects either CLI refuses, are
#     listed in test/upgrade/before-storage-identity/SKIPPED.txt.
# The folder is replaced as a whole. Needs git, this clone built (npm run build) and its
# node_modules. Takes about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# The first parent of the merge of issue 24 (4b71b0d): the release before storage identity.
release=7eb0ba1045e314ffc3f1a25227fab1cd18498165
dest="$root/test/upgrade/before-storage-identity"
work="$(mktemp -d)"
cleanup() {
  git -C "$root" worktree remove --force "$work/release" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" worktree add --quiet --detach "$work/release" "$release"
ln -s "$root/node_modules" "$work/release/node_modules"
(cd "$work/release" && npm run --silent build >/dev/null)

# synth CLI_ROOT PROJECT_DIR OUT: the CLI's synth with the default file lookup, no environment.
synth() {
  (cd "$2" && env -i PATH="$PATH" HOME="$work" CDK8S_CHECK_UPGRADE=false node "$1/bin/cdk8s-compose.js" synth -q -o "$3" >/dev/null 2>&1)
}
manifests() { find "$1" -maxdepth 1 -name '*.yaml' -printf '%f\n' | sort; }
same() {
  [ "$(manifests "$1")" = "$(manifests "$2")" ] || return 1
  local f
  for f in $(manifests "$1"); do cmp -s "$1/$f" "$2/$f" || return 1; done
}

rm -rf "$dest.new"
mkdir -p "$dest.new"
skipped="$dest.new/SKIPPED.txt"
{
  echo "# Projects without a recorded output (scripts/record-before-storage-identity.sh):"
  echo "# the release $release and this one write the same manifests, or a CLI refuses the project."
} >"$skipped"
recorded=0
for dir in "$root"/examples/*/ "$root"/test/fixtures/valid/*/ "$root"/test/corpus/*/; do
  dir="${dir%/}"
  [ -n "$(find "$dir" -maxdepth 1 \( -name 'compose.y*ml' -o -name 'docker-compose.y*ml' \))" ] || continue
  rel="${dir#"$root"/}"
  old="$work/old/$rel" new="$work/new/$rel"
  mkdir -p "$(dirname "$old")" "$(dirname "$new")"
  if ! synth "$work/release" "$dir" "$old"; then echo "$rel: refused by the release before" >>"$skipped"; continue; fi
  if ! synth "$root" "$dir" "$new"; then echo "$rel: refused by this version" >>"$skipped"; continue; fi
  if same "$old" "$new"; then echo "$rel: same manifests" >>"$skipped"; continue; fi
  mkdir -p "$dest.new/$rel"
  for f in $(manifests "$old"); do cp "$old/$f" "$dest.new/$rel/$f"; done
  recorded=$((recorded + 1))
done
[ -f "$dest/README.md" ] && cp "$dest/README.md" "$dest.new/README.md"
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "record-before-storage-identity: $recorded projects recorded in ${dest#"$root"/} ($(du -sk --apparent-size "$dest" | cut -f1) KiB); the others: SKIPPED.txt"
