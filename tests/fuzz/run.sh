#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets with clang,
# ASan and UBSan in build-fuzz/ and fuzzes each of them (playlist, config,
# minisign, imghdr, feed, and probe when built with video) for SECONDS
# divided among them (default 150: 25-30 s each, two at a time, so CI
# spends about 75 s). Exit 1 on a crash, leak or
# hang; reproducers are in build-fuzz/fuzz-artifacts/NAME/ (replay one:
# build-fuzz/tests/fuzz/fuzz_NAME FILE). A longer run, e.g. an hour a
# target before a release: tests/fuzz/run.sh 18000.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-150}
if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz -Dfuzz=enabled -Db_sanitize=address,undefined \
        -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null || exit 1
fi
targets="playlist config minisign imghdr feed"
# The clip probe's target exists when the build has video (FFmpeg).
grep -q "fuzz-probe" build-fuzz/meson-info/intro-tests.json 2>/dev/null && targets="$targets probe"
each=$((secs / $(echo $targets | wc -w)))
[ "$each" -lt 1 ] && each=1
rm -f build-fuzz/meson-logs/testlog.json
for t in $targets; do
    ninja -C build-fuzz "tests/fuzz/fuzz_$t" >/dev/null || { echo "fuzz_$t does not build"; exit 1; }
done
rm -rf build-fuzz/fuzz-artifacts
FUZZ_SECONDS=$each UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-fuzz --suite fuzz --print-errorlogs --timeout-multiplier 0 \
    --num-processes 2 --no-rebuild >/dev/null
status=$?
grep -h "^fuzz: \|passed, .* failed" build-fuzz/meson-logs/testlog.txt | tail -n 12
exit $status
