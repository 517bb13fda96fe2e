#!/bin/sh
# SPDX-License-Identifier: MIT
# Cross-builds bangtin for the Raspberry Pi (arm64) on a Debian 12 amd64
# machine and runs the whole test suite under qemu-aarch64.
#
#   deploy/cross/build-arm64.sh            install what is missing, build, test
#   deploy/cross/build-arm64.sh SUITE...   the same, only these meson tests/suites
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
[ "${1:-}" = "--no-test" ] && run_tests=0 && shift

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

HOST_PKGS="meson ninja-build pkg-config gcc-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-user qemu-user-static"
ARM_PKGS="libsdl2-dev:arm64 libsdl2-image-dev:arm64 libjpeg-dev:arm64 libfreetype-dev:arm64
libharfbuzz-dev:arm64 libutf8proc-dev:arm64 libcurl4-openssl-dev:arm64
libcjson-dev:arm64 libsodium-dev:arm64 check:arm64 libavformat-dev:arm64
libavcodec-dev:arm64 libswscale-dev:arm64 libavutil-dev:arm64 libwebp-dev:arm64
libxlsxwriter-dev:arm64"

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

# An existing build directory is reconfigured: it may predate a library
# installed above (the video and workbook features are found, not forced).
if [ -d "$BUILD" ]; then
    meson setup --reconfigure "$BUILD" --cross-file deploy/cross/aarch64-linux-gnu.ini
else
    meson setup "$BUILD" --cross-file deploy/cross/aarch64-linux-gnu.ini \
        --buildtype=release -Dwerror=true
fi
ninja -C "$BUILD"
file "$BUILD/bangtin" 2>/dev/null || true
if [ "$run_tests" -eq 1 ]; then
    # Every suite, Check and script alike, under qemu-aarch64: meson runs
    # the Check suites through the cross file's exe_wrapper and the script
    # tests call bangtin through $BUILD/bangtin-cross, so the host needs no
    # binfmt_misc entry. The arm64 loader is the multiarch one
    # (/lib/ld-linux-aarch64.so.1, from libc6:arm64), not the cross
    # toolchain's: the two glibc builds mixed hang every fork() child.
    meson test -C "$BUILD" --print-errorlogs --num-processes "$(nproc)" --timeout-multiplier 6 "$@"
fi
