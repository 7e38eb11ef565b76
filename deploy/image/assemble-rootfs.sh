#!/bin/sh
# Gathers the container image's whole filesystem into one folder: tessera-server and
# tessera-rdb-merge from a release build, redis-cli (the health check), a static busybox (/bin/sh
# for the probe script), the shared libraries they load, and the user 999 that runs the server.
# The Dockerfile's build stage runs it; tools/deploy_check.sh runs it on the host's build to build
# the image without a Docker engine.
#
#   deploy/image/assemble-rootfs.sh <meson build dir> <output folder>
#
# writes <output>/rootfs (the image's tree, owned by root) and <output>/data (the empty /data
# volume, which the Dockerfile copies with --chown=999:999).
set -eu

build=$1
root=$2/rootfs
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$root/usr/local/bin" "$root/bin" "$root/etc" "$root/tmp" "$2/data"
install -m 0755 "$build/tessera-server" "$build/tessera-rdb-merge" "$here/tessera-probe" \
    "$root/usr/local/bin/"
install -m 0755 /usr/bin/redis-cli "$root/usr/local/bin/"
install -m 0755 /bin/busybox "$root/bin/busybox"
for applet in sh cat grep sleep; do
    ln -sf busybox "$root/bin/$applet"
done

# The shared libraries of every dynamic binary, at the paths the loader looks for them.
for bin in "$root/usr/local/bin/tessera-server" "$root/usr/local/bin/tessera-rdb-merge" \
    "$root/usr/local/bin/redis-cli"; do
    ldd "$bin" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
        while read -r lib; do
            cp --parents -L -n "$lib" "$root/"
        done
done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
tessera:x:999:999:Tessera:/data:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
tessera:x:999:
GROUP
chmod 1777 "$root/tmp"
