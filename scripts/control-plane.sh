#!/usr/bin/env bash
# A real Kubernetes control plane for tests, as plain processes on 127.0.0.1.
#
#   scripts/control-plane.sh build    compile the pinned programs into the tools cache (once)
#   scripts/control-plane.sh start    start etcd, kube-apiserver, controller-manager, scheduler,
#                                     kwok (two fake Nodes) and the volume provisioner; print the
#                                     data dir. Waits for /readyz and both Nodes Ready.
#   scripts/control-plane.sh env      print `export KUBECONFIG=...` (and PATH with kubectl)
#   scripts/control-plane.sh stop     end exactly the processes `start` began (by pid), remove data
#   scripts/control-plane.sh paths    print where the binaries are expected (for test runners)
#
# Environment:
#   CDK8S_COMPOSE_TOOLS_CACHE   binaries cache (default $HOME/.cache/cdk8s-compose), keyed by version
#   CDK8S_COMPOSE_CLUSTER_DIR   data dir of a started plane (default $TMPDIR/cdk8s-compose-cluster)
#
# Versions (see tools/README.md for why these): Kubernetes v1.34.4 (the newest 1.34 patch the
# proxy serves; v1.34.1 is not served), etcd v3.6.17 (kube-apiserver 1.34 wants etcd >= 3.5.13;
# v3.6.17 builds with Go 1.26), kwok v0.8.0 (newest served). Each tool is its own Go module under
# tools/ because their dependency graphs conflict (kwok and etcd pin other k8s.io versions).
# The versions below must equal the ones in tools/*/go.mod (`build` checks it).
set -euo pipefail

KUBERNETES_VERSION=v1.34.4
ETCD_VERSION=v3.6.17
KWOK_VERSION=v0.8.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CDK8S_COMPOSE_TOOLS_CACHE:-$HOME/.cache/cdk8s-compose}"
K8S_BIN="$CACHE/k8s-$KUBERNETES_VERSION"
ETCD_BIN="$CACHE/etcd-$ETCD_VERSION"
KWOK_BIN="$CACHE/kwok-$KWOK_VERSION"
# The provisioner is built from this repository's tools/kubernetes module; key it by that
# module's Kubernetes version and the hash of its source so a change rebuilds it.
PROVISIONER_BIN="$CACHE/provisioner-$KUBERNETES_VERSION"
CLUSTER_DIR="${CDK8S_COMPOSE_CLUSTER_DIR:-${TMPDIR:-/tmp}/cdk8s-compose-cluster}"

log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { printf '[control-plane] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------

require_version() { # module dir, module path, version
  grep -qE "^(require )?[[:space:]]*$2 $3( // indirect)?$" "$ROOT/tools/$1/go.mod" \
    || die "tools/$1/go.mod does not require $2 $3; keep scripts/control-plane.sh and tools/$1/go.mod in step"
}

go_build() { # module dir, output dir, ldflags, packages...
  local dir="$1" out="$2" ldflags="$3"; shift 3
  mkdir -p "$out.partial"
  (cd "$ROOT/tools/$dir" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$out.partial/" "$@")
}

provisioner_key() {
  (cd "$ROOT/tools/kubernetes" && cat go.mod go.sum provisioner/*.go) | sha256sum | cut -c1-16
}

cmd_build() {
  command -v go >/dev/null || die "Go is not installed; the control plane is built from Go modules (see tools/README.md)"
  require_version kubernetes k8s.io/kubernetes "$KUBERNETES_VERSION"
  require_version etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
  require_version kwok sigs.k8s.io/kwok "$KWOK_VERSION"
  local start=$SECONDS
  if [ ! -x "$ETCD_BIN/etcd" ]; then
    log "building etcd $ETCD_VERSION into $ETCD_BIN"
    go_build etcd "$ETCD_BIN" "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" .
    rm -rf "$ETCD_BIN" && mv "$ETCD_BIN.partial" "$ETCD_BIN"
  fi
  if [ ! -x "$KWOK_BIN/kwok" ]; then
    log "building kwok $KWOK_VERSION into $KWOK_BIN"
    go_build kwok "$KWOK_BIN" "-s -w" sigs.k8s.io/kwok/cmd/kwok
    rm -rf "$KWOK_BIN" && mv "$KWOK_BIN.partial" "$KWOK_BIN"
  fi
  local k8s_ok=1 t
  for t in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    [ -x "$K8S_BIN/$t" ] || k8s_ok=0
  done
  if [ "$k8s_ok" = 0 ]; then
    local minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
    local ld="-s -w"
    ld+=" -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION"
    ld+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
    ld+=" -X k8s.io/component-base/version.gitTreeState=clean"
    ld+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION"
    ld+=" -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
    ld+=" -X k8s.io/client-go/pkg/version.gitTreeState=clean"
    log "building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBERNETES_VERSION into $K8S_BIN"
    go_build kubernetes "$K8S_BIN" "$ld" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
    rm -rf "$K8S_BIN" && mv "$K8S_BIN.partial" "$K8S_BIN"
  fi
  if [ -d "$ROOT/tools/kubernetes/provisioner" ]; then
    local key; key="$(provisioner_key)"
    if [ ! -x "$PROVISIONER_BIN-$key/provisioner" ]; then
      log "building the test volume provisioner into $PROVISIONER_BIN-$key"
      go_build kubernetes "$PROVISIONER_BIN-$key" "-s -w" ./provisioner
      rm -rf "$PROVISIONER_BIN-$key" && mv "$PROVISIONER_BIN-$key.partial" "$PROVISIONER_BIN-$key"
    fi
  fi
  log "built (or reused) in $((SECONDS - start)) s: $CACHE"
}

# ---------------------------------------------------------------------------------------------
# start / stop / env
# ---------------------------------------------------------------------------------------------

# Ranges: two /16s that do not overlap; each Node gets a /24 of the pod range as its podCIDR
# (kwok gives pod IPs from it). 65k Service IPs are more than the whole suite creates.
SERVICE_CIDR=10.96.0.0/16
POD_CIDR=10.244.0.0/16
NODES=(kwok-node-0 kwok-node-1)
STORAGE_CLASS=standard
PROVISIONER_NAME=cdk8s-compose.test/provisioner

provisioner_bin() { echo "$PROVISIONER_BIN-$(provisioner_key)/provisioner"; }

binaries() {
  echo "$ETCD_BIN/etcd" "$KWOK_BIN/kwok" "$K8S_BIN/kube-apiserver" "$K8S_BIN/kube-controller-manager" \
    "$K8S_BIN/kube-scheduler" "$K8S_BIN/kubectl" "$(provisioner_bin)"
}

missing_binaries() {
  local f
  for f in $(binaries); do [ -x "$f" ] || echo "$f"; done
}

require_binaries() {
  local missing; missing="$(missing_binaries)"
  [ -z "$missing" ] || die "not built: $(echo $missing); run: scripts/control-plane.sh build (needs Go, see tools/README.md)"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Starts a program in the background, its output in DIR/logs/NAME.log, its pid in DIR/pids/NAME.
spawn() { # name, command...
  local name="$1"; shift
  "$@" >"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/pids/$name"
}

alive() { kill -0 "$(cat "$CLUSTER_DIR/pids/$1")" 2>/dev/null; }

wait_for() { # description, seconds, name of the process that must stay alive, command...
  local what="$1" seconds="$2" proc="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$proc" ] && ! alive "$proc"; then
      tail -n 30 "$CLUSTER_DIR/logs/$proc.log" >&2 || true
      die "$proc exited while waiting for $what (log: $CLUSTER_DIR/logs/$proc.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "timed out after ${seconds}s waiting for $what (logs: $CLUSTER_DIR/logs)"
    sleep 0.3
  done
}

certificates() {
  local d="$CLUSTER_DIR/pki"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 7 -subj "/CN=cdk8s-compose-test-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 7 -extfile apiserver.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=admin" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 7 -extfile admin.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() { # server url
  local d="$CLUSTER_DIR/pki"
  cat >"$CLUSTER_DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: $1
    certificate-authority-data: $(base64 -w0 <"$d/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 <"$d/admin.crt")
    client-key-data: $(base64 -w0 <"$d/admin.key")
contexts:
- name: test
  context: {cluster: test, user: admin}
current-context: test
EOF
  chmod 600 "$CLUSTER_DIR/kubeconfig"
}

kctl() { "$K8S_BIN/kubectl" --kubeconfig "$CLUSTER_DIR/kubeconfig" "$@"; }

# Two Nodes for kwok (each with a /24 of the pod range) and the default StorageClass. Each Node's
# allocatable holds every pod of the cluster suite at once (a few hundred namespaces of a few pods
# that request up to 2 CPUs each): a test that runs out of room fails with "Insufficient cpu".
# They also offer the GPU resources a compose `gpus:`/device reservation becomes (nvidia.com/gpu,
# amd.com/gpu, gpu.intel.com/i915), as a cluster with GPU nodes does.
cluster_objects() {
  local n=0 node
  {
    for node in "${NODES[@]}"; do
      cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $node
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
spec:
  podCIDR: 10.244.$n.0/24
  podCIDRs: [10.244.$n.0/24]
status:
  allocatable: {cpu: "2k", memory: 8Ti, pods: "10k", ephemeral-storage: 100Ti, nvidia.com/gpu: "64", amd.com/gpu: "64", gpu.intel.com/i915: "64"}
  capacity: {cpu: "2k", memory: 8Ti, pods: "10k", ephemeral-storage: 100Ti, nvidia.com/gpu: "64", amd.com/gpu: "64", gpu.intel.com/i915: "64"}
EOF
      n=$((n + 1))
    done
    cat <<EOF
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: $PROVISIONER_NAME
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
allowVolumeExpansion: true
EOF
  } >"$CLUSTER_DIR/cluster.yaml"
  kctl create -f "$CLUSTER_DIR/cluster.yaml" >/dev/null
}

nodes_ready() {
  local ready
  ready="$(kctl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)"
  [ "$ready" = "${#NODES[@]}" ]
}

cmd_start() {
  require_binaries
  if ls "$CLUSTER_DIR"/pids/* >/dev/null 2>&1; then
    die "a control plane is already started in $CLUSTER_DIR (scripts/control-plane.sh stop first)"
  fi
  command -v openssl >/dev/null || die "openssl is needed to generate the certificates"
  command -v curl >/dev/null || die "curl is needed to wait for /readyz"
  local t0=$SECONDS
  rm -rf "$CLUSTER_DIR"
  mkdir -p "$CLUSTER_DIR"/{logs,pids,etcd,home}
  # On any failure from here on, stop what was started and remove the data.
  trap 'cmd_stop >/dev/null 2>&1 || true' ERR
  certificates
  local etcd_port peer_port api_port
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"
  echo "https://127.0.0.1:$api_port" >"$CLUSTER_DIR/server"
  write_kubeconfig "https://127.0.0.1:$api_port"
  local pki="$CLUSTER_DIR/pki"

  spawn etcd "$ETCD_BIN/etcd" --name test --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "test=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn
  wait_for "etcd" 60 etcd curl -fsS "http://127.0.0.1:$etcd_port/health"

  spawn kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 --secure-port "$api_port" \
    --advertise-address 127.0.0.1 --endpoint-reconciler-type none \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --service-account-issuer "https://127.0.0.1:$api_port" --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode RBAC --allow-privileged=true --profiling=false --v=1
  wait_for "kube-apiserver /readyz" 90 kube-apiserver \
    curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$api_port/readyz"

  spawn kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig "$CLUSTER_DIR/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" --use-service-account-credentials \
    --service-cluster-ip-range "$SERVICE_CIDR" --cluster-cidr "$POD_CIDR" --allocate-node-cidrs=false \
    --concurrent-deployment-syncs 10 --concurrent-statefulset-syncs 10 --concurrent-job-syncs 10 \
    --concurrent-replicaset-syncs 10 --concurrent-service-endpoint-syncs 10 --profiling=false --v=1
  spawn kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig "$CLUSTER_DIR/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false --profiling=false --v=1
  # kwok reads ~/.kwok/kwok.yaml when it exists: it gets a HOME of its own.
  spawn kwok env HOME="$CLUSTER_DIR/home" "$KWOK_BIN/kwok" --kubeconfig "$CLUSTER_DIR/kubeconfig" \
    --config "$ROOT/tools/kwok/stages.yaml" --manage-all-nodes=true --cidr "$POD_CIDR" --node-ip 127.0.0.1 \
    --server-address "127.0.0.1:$(free_port)"
  spawn provisioner "$(provisioner_bin)" --kubeconfig "$CLUSTER_DIR/kubeconfig" --name "$PROVISIONER_NAME"

  cluster_objects
  wait_for "both Nodes Ready" 60 kwok nodes_ready
  # Pods need the namespace's default ServiceAccount, which the controller-manager creates.
  wait_for "the default ServiceAccount" 60 kube-controller-manager kctl get serviceaccount default -n default
  local p
  for p in "$CLUSTER_DIR"/pids/*; do
    alive "$(basename "$p")" || die "$(basename "$p") exited (log: $CLUSTER_DIR/logs/$(basename "$p").log)"
  done
  trap - ERR
  log "started in $((SECONDS - t0)) s: $(cat "$CLUSTER_DIR/server"), data in $CLUSTER_DIR"
  echo "export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
}

cmd_stop() {
  [ -d "$CLUSTER_DIR" ] || { log "nothing started in $CLUSTER_DIR"; return 0; }
  local p pid name
  # Clients first, then the API server, then etcd.
  for name in provisioner kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    p="$CLUSTER_DIR/pids/$name"
    [ -f "$p" ] || continue
    pid="$(cat "$p")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$p"
  done
  rm -rf "$CLUSTER_DIR"
  log "stopped; removed $CLUSTER_DIR"
}

cmd_env() {
  [ -f "$CLUSTER_DIR/kubeconfig" ] || die "no control plane started in $CLUSTER_DIR (scripts/control-plane.sh start)"
  echo "export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
  echo "export PATH=$K8S_BIN:\$PATH"
}

# Where things are, for test runners: KEY=VALUE lines.
cmd_paths() {
  echo "KUBECTL=$K8S_BIN/kubectl"
  echo "BIN_DIR=$K8S_BIN"
  echo "CLUSTER_DIR=$CLUSTER_DIR"
  echo "MISSING=$(missing_binaries | tr '\n' ' ')"
}

case "${1:-}" in
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  paths) cmd_paths ;;
  *) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
