#!/bin/sh
# SPDX-License-Identifier: MIT
# bangtin's performance benchmark (issues 10 and 18), against the Chromium
# kiosks it replaces. Not part of the pass/fail suite, never run by CI or
# `meson test`. From a fresh clone, after ./bootstrap.sh:
#
#   tests/bench/bench.sh              # ~10 minutes; prints the table and
#                                     # rewrites docs/PERFORMANCE.md
#   tests/bench/bench.sh --soak 3600  # the same with a one-hour memory soak
#   tests/bench/bench.sh --no-doc     # print only
#
# Installs what it needs when missing (chromium, valgrind, Xvfb, ffmpeg,
# python3) with apt-get, builds build-bench/ (-Dbench=true: the bench-core
# helper; same build type as bootstrap's) and runs tests/bench/bench.py.
set -eu
cd "$(dirname "$0")/../.."

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
command -v Xvfb >/dev/null 2>&1 || missing="$missing xvfb"
command -v ffmpeg >/dev/null 2>&1 || missing="$missing ffmpeg"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
dpkg-query -W -f='${Status}' libgl1-mesa-dri 2>/dev/null | grep -q "ok installed" ||
    missing="$missing libgl1-mesa-dri"
if [ -n "$missing" ]; then
    echo "bench: installing:$missing" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

[ -d build-bench ] || meson setup build-bench -Dbench=true >/dev/null
ninja -C build-bench >/dev/null
exec python3 tests/bench/bench.py --bangtin build-bench/bangtin \
    --core build-bench/tests/bench/bench-core "$@"
