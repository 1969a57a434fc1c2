#!/usr/bin/env bash
# Cluster smoke test of the seed example (examples/seed) on a throwaway kind cluster:
#
#  1. synthesizes the seed with `--secrets external` into a temporary folder;
#  2. creates a kind cluster, builds the backend image from examples/seed/Dockerfile (a stand-in
#     application on top of it: the seed's Dockerfile is illustrative and holds no app, see below)
#     and loads it and every other image of the manifests into the cluster (pulled with docker
#     when not present locally; the cluster pulls what cannot be loaded);
#  3. applies the manifests (`kubectl apply -k`), creates the Secret with the `kubectl create
#     secret` command of SECRETS.md, every value generated (openssl rand);
#  4. waits for the migration Job and the rollout of every workload;
#  5. checks that `kubectl diff -k` is empty (re-applying the same output is a no-op);
#  6. makes the next version (a new image tag and a changed env entry, in a temporary copy of the
#     example), synthesizes and applies it, waits for the new migration Job and the rollout, and
#     checks `kubectl diff -k` again;
#  7. deletes the cluster and the temporary folder (KEEP_CLUSTER=1 keeps the cluster).
#
# The stand-in backend: `uvicorn` serves GET /health on port 8000 and answers 400 to a request whose
# Host is not localhost:8000 (the way Django's ALLOWED_HOSTS does), so the probes must send the Host
# the healthcheck sent; `alembic upgrade head` and `alembic current --check-heads` succeed once
# the database host of DATABASE_URL accepts connections. Set BACKEND_BUILD=0 to use real images
# instead (present in the local docker, or pullable by the cluster).
#
# Needs: kind, kubectl, docker, node (the project built: npm ci), openssl. Not run in CI (no
# container engine there). Usage:  scripts/smoke-kind.sh
# Environment: CLUSTER (default c8c-smoke), NAMESPACE (default tutor), TIMEOUT (default 15m),
# KEEP_CLUSTER=1, BACKEND_BUILD=0, NEXT_IMAGE (the backend image of version 2; default: the built
# stand-in tagged smoke-next).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster="${CLUSTER:-c8c-smoke}"
namespace="${NAMESPACE:-tutor}"
timeout="${TIMEOUT:-15m}"
cli=(node "$root/bin/cdk8s-compose.js")

log() { printf 'smoke-kind: %s\n' "$*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed (needed: kind, kubectl, docker, node, openssl)"; }
for tool in kind kubectl docker node openssl; do need "$tool"; done
[ -f "$root/lib/src/cli/run.js" ] || fail "the project is not built; run npm ci (or npm run build) first"

work="$(mktemp -d)"
created_cluster=0
cleanup() {
  local status=$?
  if [ "$created_cluster" = 1 ] && [ "${KEEP_CLUSTER:-0}" != 1 ]; then
    kind delete cluster --name "$cluster" >/dev/null 2>&1 || log "could not delete kind cluster $cluster"
  elif [ "$created_cluster" = 1 ]; then
    log "kept cluster $cluster (kind delete cluster --name $cluster)"
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# The example, copied: the next version is an edit of this copy.
cp -r "$root/examples/seed" "$work/seed"
compose="$work/seed/compose.yaml"

synth() { # synth OUT: the manifests of $compose, Secrets created by hand.
  "${cli[@]}" synth -q -f "$compose" --secrets external -n "$namespace" -o "$1"
}

# The images the manifests name (sorted, unique).
images_of() { sed -n 's/^ *image: *//p' "$1"/*.yaml | tr -d '"'"'" | sort -u; }

# The backend image (backend and migrate share it), from the compose file.
backend_image() { sed -n 's/^ *image: *\(.*tutor-backend:.*\)$/\1/p' "$compose" | head -n 1; }

build_backend() { # build_backend IMAGE: the stand-in application on top of examples/seed/Dockerfile.
  local image="$1" ctx="$work/backend"
  mkdir -p "$ctx"
  docker build -q -t c8c-smoke/seed-base:local "$work/seed" >/dev/null
  cat >"$ctx/standin.py" <<'PY'
#!/usr/bin/env python3
"""Stand-in for the seed backend: `uvicorn …` serves /health, `alembic …` waits for the database."""
import http.server
import os
import socket
import sys
import time
import urllib.parse


def database_reachable() -> bool:
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    try:
        with socket.create_connection((url.hostname, url.port or 5432), timeout=3):
            return True
    except OSError:
        return False


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.headers.get("Host") != "localhost:8000":
            self.send_response(400)  # like ALLOWED_HOSTS: the kubelet's pod-IP Host is refused
        elif self.path == "/health" and database_reachable():
            self.send_response(200)
        else:
            self.send_response(503)
        self.end_headers()


def main() -> int:
    tool = os.path.basename(sys.argv[0])
    if tool == "uvicorn":
        http.server.ThreadingHTTPServer(("0.0.0.0", 8000), Health).serve_forever()
    for _ in range(60):
        if database_reachable():
            print(f"alembic {' '.join(sys.argv[1:])}: database reachable")
            return 0
        time.sleep(2)
    print("alembic: database not reachable", file=sys.stderr)
    return 1


sys.exit(main())
PY
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM c8c-smoke/seed-base:local
USER 0
COPY standin.py /usr/local/bin/uvicorn
COPY standin.py /usr/local/bin/alembic
RUN chmod 0755 /usr/local/bin/uvicorn /usr/local/bin/alembic
USER 1000:1000
DOCKERFILE
  docker build -q -t "$image" "$ctx" >/dev/null
}

load_images() { # load_images DIR: every image of the manifests into the kind cluster.
  local image
  while read -r image; do
    if docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >/dev/null 2>&1; then
      kind load docker-image --name "$cluster" "$image" >/dev/null
      log "loaded $image"
    else
      log "$image: not in the local docker and not pullable here; the cluster pulls it"
    fi
  done < <(images_of "$1")
}

create_secrets() { # create_secrets DIR: each `kubectl create secret` command of SECRETS.md, values generated.
  local line name args=() in_cmd=0 key keys=0
  while IFS= read -r line; do
    if [[ "$line" =~ ^kubectl\ ((-n|--namespace)[\ =][^ ]+\ )?create\ secret\ generic\ ([^ ]+) ]]; then
      name="${BASH_REMATCH[3]}"
      args=(create secret generic "$name" --namespace "$namespace")
      in_cmd=1
      keys=0
    fi
    [ "$in_cmd" = 1 ] || continue
    if [[ "$line" =~ --from-literal=([A-Za-z0-9_.-]+)= ]]; then
      key="${BASH_REMATCH[1]}"
      args+=("--from-literal=$key=$(openssl rand -hex 24)")
      keys=$((keys + 1))
    elif [[ "$line" =~ --from-file=([A-Za-z0-9_.-]+)= ]]; then
      key="${BASH_REMATCH[1]}"
      openssl rand -hex 24 >"$work/secret-$name-$key"
      args+=("--from-file=$key=$work/secret-$name-$key")
      keys=$((keys + 1))
    fi
    if [[ ! "$line" =~ \\$ ]]; then
      kubectl "${args[@]}" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
      log "created Secret $name ($keys keys, values generated)"
      in_cmd=0
    fi
  done <"$1/SECRETS.md"
}

wait_for() { # wait_for DIR: the Jobs of the output complete, then every workload is rolled out.
  local object
  for object in $(kubectl get -k "$1" -o name | grep '^job' || true); do
    log "waiting for $object"
    kubectl -n "$namespace" wait --for=condition=complete "$object" --timeout="$timeout" || {
      kubectl -n "$namespace" describe "$object" >&2 || true
      kubectl -n "$namespace" logs "$object" --all-containers >&2 || true
      fail "$object did not complete"
    }
  done
  for object in $(kubectl get -k "$1" -o name | grep -E '^(deployment|statefulset|daemonset)' || true); do
    log "waiting for the rollout of $object"
    kubectl -n "$namespace" rollout status "$object" --timeout="$timeout" || {
      kubectl -n "$namespace" get pods -o wide >&2 || true
      kubectl -n "$namespace" describe "$object" >&2 || true
      fail "$object did not roll out"
    }
  done
}

check_no_diff() { # check_no_diff DIR: re-applying DIR changes nothing.
  local status=0
  kubectl diff -k "$1" >"$work/diff.txt" 2>&1 || status=$?
  case "$status" in
    0) log "kubectl diff -k: no changes (re-apply is a no-op)" ;;
    1) cat "$work/diff.txt" >&2; fail "kubectl diff -k shows changes after apply" ;;
    *) cat "$work/diff.txt" >&2; fail "kubectl diff -k failed (exit $status)" ;;
  esac
}

# --- version 1 --------------------------------------------------------------------------------
synth "$work/v1"
log "synthesized $(find "$work/v1" -name '*.yaml' | wc -l) files"

kind create cluster --name "$cluster" --wait 120s
created_cluster=1

image="$(backend_image)"
[ -n "$image" ] || fail "no tutor-backend image in $compose"
if [ "${BACKEND_BUILD:-1}" = 1 ]; then
  build_backend "$image"
  log "built the stand-in backend $image"
fi
load_images "$work/v1"

kubectl apply -k "$work/v1"
create_secrets "$work/v1"
wait_for "$work/v1"
check_no_diff "$work/v1"

# --- version 2: a new image tag (NEXT_IMAGE; with BACKEND_BUILD=0 only when given) and a changed
# env entry --------------------------------------------------------------------------------------
next="${NEXT_IMAGE:-}"
if [ -z "$next" ] && [ "${BACKEND_BUILD:-1}" = 1 ]; then next="${image%:*}:smoke-next"; fi
sed -i 's|UVICORN_WORKERS: "4"|UVICORN_WORKERS: "2"|' "$compose"
grep -q 'UVICORN_WORKERS: "2"' "$compose" || fail "could not edit UVICORN_WORKERS in $compose"
if [ -n "$next" ]; then
  sed -i "s|image: $image\$|image: $next|" "$compose"
  grep -q "image: $next" "$compose" || fail "could not edit the image tag in $compose"
  if [ "${BACKEND_BUILD:-1}" = 1 ]; then docker tag "$image" "$next"; fi
fi
synth "$work/v2"
load_images "$work/v2"
kubectl apply -k "$work/v2"
wait_for "$work/v2"
check_no_diff "$work/v2"

log "passed: v1 applied and idle on re-apply, v2 rolled out (new migration Job, new pods)"
