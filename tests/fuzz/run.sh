#!/bin/sh
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets with clang,
# ASan and UBSan in build-fuzz/ and fuzzes the playlist parser for SECONDS
# (default 60). Exit 1 on a crash, leak or hang; the reproducer is in
# build-fuzz/fuzz-artifacts/ (replay: build-fuzz/tests/fuzz/fuzz_playlist FILE).
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
if [ ! -d build-fuzz ]; then
    CC=clang meson setup build-fuzz -Dfuzz=enabled -Db_sanitize=address,undefined \
        -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null || exit 1
fi
rm -f build-fuzz/meson-logs/testlog.json
ninja -C build-fuzz tests/fuzz/fuzz_playlist >/dev/null || exit 1
rm -rf build-fuzz/fuzz-artifacts
FUZZ_SECONDS=$secs UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-fuzz --suite fuzz --print-errorlogs --timeout-multiplier 0 \
    --no-rebuild >/dev/null
status=$?
grep -h "passed, .* failed" build-fuzz/meson-logs/testlog.txt | tail -1
exit $status
