#!/usr/bin/env bash
# Builds Tessera in release mode (build/) and runs it in the foreground; arguments go to the server,
# e.g. `tools/run.sh --port 6380 --threads 4` or `tools/run.sh /etc/tessera.conf`. Installs the
# Debian packages it needs first, only when some are missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# What building needs, and redis-cli to talk to the server.
PACKAGES=(build-essential meson ninja-build pkg-config cmake liburing-dev libmimalloc-dev libck-dev libssl-dev
          liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
          libcriterion-dev redis-tools)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${PACKAGES[@]}"; do
    installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            echo "error: packages missing (${missing[*]}) and not root; install them with apt-get" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ -f build/build.ninja ]; then
    meson setup --reconfigure build -Dbuildtype=release -Db_lto=true >&2
else
    rm -rf build
    meson setup build -Dbuildtype=release -Db_lto=true >&2
fi
meson compile -C build >&2

exec build/tessera-server "$@"
