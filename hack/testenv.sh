#!/usr/bin/env bash
# hack/testenv.sh: a local Kubernetes control plane (1.32 to 1.37) for tests and for trying the
# plugin by hand.
#
# Built from the Go module proxy (no downloads of prebuilt binaries, no Docker). The default
# version (1.37) is a whole control plane: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and kubectl from hack/tools/kube-1.37, and kwok to play the kubelet on one fake
# node (kwok-node-0, address 127.0.0.1); helm (for the chart tests, test/helm) is built from its
# own module, hack/tools/helm. The other versions are etcd and kube-apiserver only (what the
# conformance tests need; some of their other components are not buildable from the proxy), each
# from its own module hack/tools/kube-1.<minor> (that version's go, godebug and replace lines).
# All traffic stays on loopback.
#
#   hack/testenv.sh build    build the binaries that are missing from the cache (only those)
#   hack/testenv.sh up       build if needed, start everything, wait until ready (idempotent)
#   hack/testenv.sh down     stop exactly the processes 'up' started and remove the data dir
#   hack/testenv.sh status   say whether the environment is running (and which version)
#   hack/testenv.sh env      print 'export KUBECONFIG=...'
#   hack/testenv.sh bindir   print the binary cache directory of the version
#   hack/testenv.sh versions print the supported versions (minor and the patch release built)
#   hack/testenv.sh gomod    regenerate the version's tools module from k8s.io/kubernetes' go.mod
#
# Every command takes --kubernetes-version MINOR (e.g. 1.33; default 1.37), or reads it from
# TESTENV_KUBERNETES_VERSION.
#
# Environment:
#   TESTENV_DIR      state directory (default: <repo>/.testenv for 1.37, <repo>/.testenv-<minor>
#                    for the others); kubeconfig at $TESTENV_DIR/kubeconfig
#   TESTENV_BIN_DIR  binary cache (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-batch/testenv/<version>)
set -euo pipefail

# The supported Kubernetes minors and the patch release of each that is built (the newest the Go
# module proxy serves). Keep in step with lint/kubeversion (TestedPatch); internal/testenv checks it.
declare -A PATCH=([1.32]=v1.32.13 [1.33]=v1.33.13 [1.34]=v1.34.4 [1.35]=v1.35.4 [1.36]=v1.36.3 [1.37]=v1.37.2)
DEFAULT_MINOR=1.37
KWOK_VERSION=v0.8.0

verb=${1:-}
[ $# -gt 0 ] && shift
minor=${TESTENV_KUBERNETES_VERSION:-$DEFAULT_MINOR}
while [ $# -gt 0 ]; do
  case $1 in
    --kubernetes-version) [ $# -ge 2 ] || { echo "testenv: error: --kubernetes-version needs a value" >&2; exit 2; }; minor=$2; shift 2 ;;
    --kubernetes-version=*) minor=${1#*=}; shift ;;
    *) echo "testenv: error: unknown argument $1" >&2; exit 2 ;;
  esac
done
minor=${minor#v}
if [ -z "${PATCH[$minor]:-}" ]; then
  echo "testenv: error: unsupported Kubernetes version \"$minor\" (supported: $(printf '%s\n' "${!PATCH[@]}" | sort -V | paste -sd, - | sed 's/,/, /g'))" >&2
  exit 2
fi
KUBE_VERSION=${PATCH[$minor]}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "$minor" = "$DEFAULT_MINOR" ]; then
  state=${TESTENV_DIR:-$repo/.testenv}
  binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok helm)
  full=1
else
  state=${TESTENV_DIR:-$repo/.testenv-$minor}
  binaries=(kube-apiserver etcd)
  full=0
fi
bin=${TESTENV_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-batch/testenv/$KUBE_VERSION}
tools=$repo/hack/tools/kube-$minor
helm_tools=$repo/hack/tools/helm
stages=$repo/hack/testenv/stages

log() { echo "testenv: $*" >&2; }
die() { echo "testenv: error: $*" >&2; exit 1; }

have_binaries() {
  local b
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done
}

# missing NAME...: true when any of the binaries is not in the cache.
missing() {
  local b
  for b in "$@"; do [ -x "$bin/$b" ] || return 0; done
  return 1
}

cmd_build() {
  if have_binaries; then return 0; fi
  command -v go >/dev/null || die "go is not on PATH"
  mkdir -p "$bin"
  local x="-X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
  x+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor#1.}"
  x+=" -X k8s.io/component-base/version.gitTreeState=clean"
  x+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
  x+=" -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=${minor#1.}"
  # Each group is built only when one of its binaries is missing, so adding a binary to the list
  # (helm) does not rebuild an existing cache's control plane.
  if [ $full = 1 ] && missing kube-apiserver kube-controller-manager kube-scheduler kubectl; then
    log "building the Kubernetes $KUBE_VERSION control plane into $bin (first time: about 20 minutes on 2 cores)"
    (cd "$tools" && go build -trimpath -ldflags="-s -w $x" -o "$bin/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl) || die "building kube binaries failed"
  elif [ $full = 0 ] && missing kube-apiserver; then
    log "building kube-apiserver $KUBE_VERSION into $bin (first time: about 8 minutes on 2 cores)"
    (cd "$tools" && go build -trimpath -ldflags="-s -w $x" -o "$bin/" k8s.io/kubernetes/cmd/kube-apiserver) \
      || die "building kube-apiserver failed"
  fi
  if missing etcd; then
    (cd "$tools" && go build -trimpath -ldflags="-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3) \
      || die "building etcd failed"
  fi
  if [ $full = 1 ] && missing kwok; then
    log "building kwok $KWOK_VERSION"
    (cd "$tools" && GOBIN="$bin" GOFLAGS= go install -trimpath -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION") \
      || die "building kwok failed"
  fi
  if [ $full = 1 ] && missing helm; then
    build_helm
  fi
  log "binaries ready in $bin"
}

# build_helm builds helm at the version hack/tools/helm/go.mod pins, with the version stamps
# helm's own Makefile sets (its version, and the Kubernetes version of its client-go, which
# helm template and helm lint use as .Capabilities.KubeVersion).
build_helm() {
  local hv kv x
  hv=$(cd "$helm_tools" && go list -m -f '{{.Version}}' helm.sh/helm/v3) || die "reading the helm version"
  kv=$(cd "$helm_tools" && go list -m -f '{{.Version}}' k8s.io/client-go) || die "reading helm's client-go version"
  kv=${kv#v0.}; kv=${kv%%.*}
  x="-X helm.sh/helm/v3/internal/version.version=$hv -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  x+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$kv"
  x+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$kv"
  log "building helm $hv"
  (cd "$helm_tools" && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w $x" -o "$bin/helm" helm.sh/helm/v3/cmd/helm) \
    || die "building helm failed"
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_ports N: N consecutive free loopback ports starting at a random base.
pick_ports() {
  local n=$1 try base i ok
  for try in $(seq 1 50); do
    base=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+), so outgoing connections never take it
    ok=1
    for i in $(seq 0 $((n - 1))); do port_free $((base + i)) || { ok=0; break; }; done
    if [ $ok = 1 ]; then echo "$base"; return 0; fi
  done
  die "no free loopback ports found"
}

pids_alive() {
  [ -f "$state/pids" ] || return 1
  local name pid
  while read -r name pid; do kill -0 "$pid" 2>/dev/null || return 1; done < "$state/pids"
}

readyz() {
  curl -fsk --max-time 2 -H "Authorization: Bearer $(cat "$state/pki/token")" \
    "https://127.0.0.1:$(cat "$state/apiserver-port")/readyz" 2>/dev/null | grep -q '^ok$'
}

# running_version: the patch release the environment in $state was started with.
running_version() { cat "$state/version" 2>/dev/null || echo unknown; }

cmd_status() {
  if pids_alive && readyz; then
    if [ "$(running_version)" != "$KUBE_VERSION" ]; then
      echo "running $(running_version), not $KUBE_VERSION: KUBECONFIG=$state/kubeconfig"
      return 1
    fi
    echo "running $KUBE_VERSION: KUBECONFIG=$state/kubeconfig (server https://127.0.0.1:$(cat "$state/apiserver-port"))"
    return 0
  fi
  echo "not running"
  return 1
}

gen_pki() {
  local pki=$state/pki
  mkdir -p "$pki"
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pki/token"
  echo "$(cat "$pki/token"),admin,admin,system:masters" > "$pki/tokens.csv"
  # kwok serves container logs over TLS; the apiserver verifies it with this CA.
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=testenv-kwok-ca" \
    -keyout "$pki/kwok-ca.key" -out "$pki/kwok-ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kwok-node-0" \
    -keyout "$pki/kwok.key" -out "$pki/kwok.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' > "$pki/kwok.ext"
  openssl x509 -req -in "$pki/kwok.csr" -CA "$pki/kwok-ca.crt" -CAkey "$pki/kwok-ca.key" \
    -CAcreateserial -days 30 -extfile "$pki/kwok.ext" -out "$pki/kwok.crt" 2>/dev/null
}

write_kubeconfig() {
  cat > "$state/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: testenv
  cluster:
    server: https://127.0.0.1:$1
    certificate-authority: $state/certs/apiserver.crt
contexts:
- name: testenv
  context: {cluster: testenv, user: admin, namespace: default}
current-context: testenv
users:
- name: admin
  user: {token: $(cat "$state/pki/token")}
EOF
}

start() { # start NAME ARGS...: run in the background, log to $state/logs/NAME.log, record the PID.
  local name=$1; shift
  setsid "$@" > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo "$name $!" >> "$state/pids"
}

wait_for() { # wait_for SECONDS WHAT CMD...
  local secs=$1 what=$2 i; shift 2
  for i in $(seq 1 $((secs * 5))); do
    if "$@"; then return 0; fi
    sleep 0.2
  done
  dump_logs
  die "timed out after ${secs}s waiting for $what (logs in $state/logs)"
}

dump_logs() { # the end of every component's log, and which processes died, on stderr
  local name pid f
  if [ -f "$state/pids" ]; then
    while read -r name pid; do
      kill -0 "$pid" 2>/dev/null || echo "testenv: $name (pid $pid) is not running" >&2
    done < "$state/pids"
  fi
  for f in "$state"/logs/*.log; do
    [ -f "$f" ] || continue
    echo "testenv: --- last lines of $(basename "$f")" >&2
    tail -n 15 "$f" >&2
  done
}

kc() { "$bin/kubectl" --kubeconfig="$state/kubeconfig" "$@"; }

cmd_up() {
  if pids_alive && readyz; then
    [ "$(running_version)" = "$KUBE_VERSION" ] ||
      die "$state runs $(running_version), not $KUBE_VERSION: stop it first (down) or choose another TESTENV_DIR"
    log "already running"
    echo "export KUBECONFIG=$state/kubeconfig"
    return 0
  fi
  [ -f "$state/pids" ] && cmd_down >/dev/null 2>&1 || true
  cmd_build
  rm -rf "$state/run" "$state/logs" "$state/certs" "$state/pki" "$state/pids"
  mkdir -p "$state/run" "$state/logs" "$state/certs" "$state/podlogs"
  : > "$state/podlogs/all.log"
  gen_pki
  local base etcd_client etcd_peer api kwok_port
  base=$(pick_ports 4)
  etcd_client=$base; etcd_peer=$((base + 1)); api=$((base + 2)); kwok_port=$((base + 3))
  echo "$api" > "$state/apiserver-port"
  echo "$KUBE_VERSION" > "$state/version"
  write_kubeconfig "$api"

  start etcd "$bin/etcd" --name=testenv --data-dir="$state/run/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_client" --advertise-client-urls="http://127.0.0.1:$etcd_client" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
    --initial-cluster="testenv=http://127.0.0.1:$etcd_peer" --log-level=warn --unsafe-no-fsync
  # --allow-privileged=true as kubeadm, kind and managed clusters set it: privileged containers,
  # hostProcess pods and Bidirectional mount propagation are then valid, as users' clusters say.
  start kube-apiserver "$bin/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_client" \
    --allow-privileged=true --bind-address=127.0.0.1 --secure-port="$api" --cert-dir="$state/certs" \
    --service-cluster-ip-range=10.0.0.0/24 --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$state/pki/sa.pub" --service-account-signing-key-file="$state/pki/sa.key" \
    --token-auth-file="$state/pki/tokens.csv" --authorization-mode=RBAC \
    --kubelet-preferred-address-types=InternalIP --kubelet-certificate-authority="$state/pki/kwok-ca.crt"
  wait_for 120 "kube-apiserver /readyz" readyz
  if [ $full = 0 ]; then
    pids_alive || die "a process exited during start-up (logs in $state/logs)"
    log "ready (kube-apiserver $KUBE_VERSION and etcd only)"
    echo "export KUBECONFIG=$state/kubeconfig"
    return 0
  fi

  start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$state/kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port=0 --use-service-account-credentials=false \
    --service-account-private-key-file="$state/pki/sa.key" --root-ca-file="$state/certs/apiserver.crt"
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig="$state/kubeconfig" --leader-elect=false \
    --bind-address=127.0.0.1 --secure-port=0

  cat > "$state/run/kwok-logs.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata: {name: all-pods}
spec:
  selector: {}
  logs:
  - containers: []
    logsFile: $state/podlogs/all.log
    previousLogsFile: $state/podlogs/all.log
EOF
  local cfg
  cfg=$(ls "$stages"/*.yaml | tr '\n' ',')"$state/run/kwok-logs.yaml"
  start kwok "$bin/kwok" --kubeconfig="$state/kubeconfig" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --config="$cfg" \
    --node-lease-duration-seconds=40 --node-ip=127.0.0.1 --cidr=127.1.0.0/16 \
    --server-address="127.0.0.1:$kwok_port" --node-port="$kwok_port" \
    --tls-cert-file="$state/pki/kwok.crt" --tls-private-key-file="$state/pki/kwok.key"

  kc apply -f - > /dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {kubernetes.io/hostname: kwok-node-0, kubernetes.io/os: linux, type: kwok}
EOF
  wait_for 60 "node kwok-node-0 Ready" node_ready
  wait_for 60 "ServiceAccount default/default" kc get serviceaccount default -n default -o name
  pids_alive || die "a process exited during start-up (logs in $state/logs)"
  log "ready"
  echo "export KUBECONFIG=$state/kubeconfig"
}

node_ready() {
  [ "$(kc get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

cmd_down() {
  if [ -f "$state/pids" ]; then
    local name pid
    while read -r name pid; do kill -TERM "$pid" 2>/dev/null || true; done < <(tac "$state/pids")
    for _ in $(seq 1 50); do
      local alive=0
      while read -r name pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$state/pids"
      [ $alive = 0 ] && break
      sleep 0.2
    done
    while read -r name pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$state/pids"
  fi
  rm -rf "$state/run" "$state/pids" "$state/certs" "$state/pki" "$state/podlogs" "$state/apiserver-port" "$state/kubeconfig" "$state/version"
  log "stopped"
}

# cmd_gomod regenerates the version's tools module from k8s.io/kubernetes' own go.mod: its go and
# godebug lines, its etcd, and its staging replace list pinned to the matching v0 release.
cmd_gomod() {
  local up etcd
  mkdir -p "$tools"
  up=$(cd "$repo" && go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$up" ] || die "downloading k8s.io/kubernetes@$KUBE_VERSION"
  etcd=$(awk '$1=="go.etcd.io/etcd/server/v3"{print $2}' "$up")
  {
    echo "// Module kube-$minor builds the Kubernetes $KUBE_VERSION test control plane from the Go module"
    echo "// proxy. Generated by 'hack/testenv.sh gomod --kubernetes-version $minor': the go, godebug and"
    echo "// replace lines are k8s.io/kubernetes' own."
    echo "module github.com/kubectl-batch/kubectl-batch/hack/tools/kube-$minor"
    echo
    grep -E '^go [0-9]' "$up"
    grep -E '^godebug ' "$up" || true
    echo
    echo "require ("
    echo "	go.etcd.io/etcd/server/v3 $etcd"
    echo "	k8s.io/kubernetes $KUBE_VERSION"
    echo ")"
    echo
    echo "replace ("
    grep '=> ./staging/src/' "$up" | awk -v s="${KUBE_VERSION/v1/v0}" '{print "\t" $1 " => " $1 " " s}'
    echo ")"
  } > "$tools/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "// Package tools pins the Kubernetes $KUBE_VERSION control-plane binaries the tests run."
    echo "package tools"
    echo
    echo "import ("
    echo "	_ \"go.etcd.io/etcd/server/v3\""
    echo "	_ \"k8s.io/kubernetes/cmd/kube-apiserver\""
    if [ $full = 1 ]; then
      echo "	_ \"k8s.io/kubernetes/cmd/kube-controller-manager\""
      echo "	_ \"k8s.io/kubernetes/cmd/kube-scheduler\""
      echo "	_ \"k8s.io/kubernetes/cmd/kubectl\""
    fi
    echo ")"
  } > "$tools/tools.go"
  rm -f "$tools/go.sum"
  (cd "$tools" && GOFLAGS=-mod=mod go mod tidy) || die "go mod tidy in $tools"
  if [ $full = 1 ]; then
    # hack/tools/helm is its own module: helm pins its own Kubernetes libraries.
    (cd "$helm_tools" && go mod tidy)
  fi
}

case "$verb" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) echo "export KUBECONFIG=$state/kubeconfig" ;;
  bindir) echo "$bin" ;;
  versions) for m in $(printf '%s\n' "${!PATCH[@]}" | sort -V); do echo "$m ${PATCH[$m]}"; done ;;
  gomod) cmd_gomod ;;
  *) echo "usage: $0 build|up|down|status|env|bindir|versions|gomod [--kubernetes-version MINOR]" >&2; exit 2 ;;
esac
