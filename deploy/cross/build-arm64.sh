#!/bin/sh
# SPDX-License-Identifier: MIT
# Cross-builds bangtin for the Raspberry Pi (arm64) on a Debian 12 amd64
# machine and runs the whole test suite under qemu-aarch64.
#
#   deploy/cross/build-arm64.sh            install what is missing, build, test
#   deploy/cross/build-arm64.sh --no-test  install and build only
#   BUILD=dir deploy/cross/build-arm64.sh  build directory (default build-arm64)
#
# Needs root (or sudo) the first time: it enables the arm64 architecture in
# dpkg and installs gcc-aarch64-linux-gnu, qemu-user(-static) and the :arm64
# -dev packages of every library bangtin links.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-arm64}
run_tests=1
[ "${1:-}" = "--no-test" ] && run_tests=0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

HOST_PKGS="meson ninja-build pkg-config gcc-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-user qemu-user-static"
ARM_PKGS="libsdl2-dev:arm64 libsdl2-image-dev:arm64 libjpeg-dev:arm64 libfreetype-dev:arm64
libharfbuzz-dev:arm64 libutf8proc-dev:arm64 libcurl4-openssl-dev:arm64
libcjson-dev:arm64 libsodium-dev:arm64 check:arm64"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "build-arm64: enabling the arm64 architecture in dpkg"
    $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -qq
fi
missing=""
for p in $HOST_PKGS $ARM_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "build-arm64: installing:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# Debian's cross pkg-config wrapper is in pkg-config itself (bookworm ships
# /usr/bin/aarch64-linux-gnu-pkg-config as a symlink to pkgconf's wrapper).
if ! command -v aarch64-linux-gnu-pkg-config >/dev/null; then
    echo "build-arm64: aarch64-linux-gnu-pkg-config is missing; install pkgconf or pkg-config" >&2
    exit 3
fi

[ -d "$BUILD" ] || meson setup "$BUILD" --cross-file deploy/cross/aarch64-linux-gnu.ini \
    --buildtype=release -Dwerror=true
ninja -C "$BUILD"
file "$BUILD/bangtin" 2>/dev/null || true
if [ "$run_tests" -eq 1 ]; then
    # meson runs the Check suites through exe_wrapper (qemu-aarch64). Check's
    # fork mode hangs under qemu-user, so each suite runs in one process.
    # Script tests exec the arm64 bangtin directly: that needs the kernel's
    # binfmt_misc to hand it to qemu (qemu-user-static registers it on a
    # normal Debian host); inside a container without it they are skipped.
    # qemu-user 7.2 (bookworm) also deadlocks in the test's pthread_create
    # (ops suite, status case: its writer thread), so ops runs here case by
    # case without "status", which runs on amd64 and on real Pis.
    export CK_FORK=no QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
    tests=""
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
        command -v update-binfmts >/dev/null && $SUDO update-binfmts --enable qemu-aarch64 2>/dev/null || true
    fi
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
        tests=$(meson introspect --tests "$BUILD" | python3 -c '
import json, sys
print(" ".join(t["name"] for t in json.load(sys.stdin)
               if not t["cmd"][0].endswith((".sh", ".py")) and t["name"] != "ops"))')
        echo "build-arm64: no binfmt_misc entry for qemu-aarch64: running the Check suites only ($tests)"
    fi
    # shellcheck disable=SC2086
    [ -n "$tests" ] || tests=$(meson introspect --tests "$BUILD" | python3 -c '
import json, sys
print(" ".join(t["name"] for t in json.load(sys.stdin) if t["name"] != "ops"))')
    meson test -C "$BUILD" --print-errorlogs --num-processes "$(nproc)" \
        --timeout-multiplier 4 $tests
    for c in config prooflog notify; do
        echo "build-arm64: ops suite, case $c"
        CK_RUN_CASE=$c timeout 300 qemu-aarch64 -L /usr/aarch64-linux-gnu "$BUILD/tests/test-ops"
    done
fi
