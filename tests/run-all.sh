#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test twice: the normal build, then under ASan/UBSan. Ends with
# one line "N passed, N failed", counting Check test cases (and one per
# script test) over both builds.
set -u
cd "$(dirname "$0")/.."
status=0
meson test -C build --print-errorlogs --num-processes 2 || status=1
werror=false
[ -n "${CI:-}" ] && werror=true
[ -d build-asan ] || CC=clang meson setup build-asan -Db_sanitize=address,undefined \
    -Db_lundef=false -Dwerror=$werror >/dev/null
ninja -C build-asan >/dev/null || status=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --print-errorlogs --num-processes 2 || status=1
# The playlist parser under libFuzzer for a bounded time (its own build,
# build-fuzz; counted as one test by summary.py).
tests/fuzz/run.sh "${FUZZ_SECONDS:-60}" || status=1
python3 tests/summary.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
    build-fuzz/meson-logs/testlog.json
exit $status
