#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a libFuzzer target for FUZZ_SECONDS (default 60) from the seed
# corpus, as a meson test of the fuzz build. New inputs go to a temporary
# directory; a crash, leak or hang leaves its reproducer in build-fuzz/.
# Last line: "N passed, N failed" for tests/summary.py.
set -u
EXE=$1
SEEDS=$2
ART=$3
secs=${FUZZ_SECONDS:-60}
work=$(mktemp -d /tmp/bangtin-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$ART"
"$EXE" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$ART/" "$work" "$SEEDS" >"$work.log" 2>&1
status=$?
tail -n 25 "$work.log"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log" | tail -1)
echo "fuzz: $(basename "$EXE"): ${runs:-?} inputs in $secs s, corpus $(ls "$work" | wc -l) new"
rm -f "$work.log"
if [ "$status" -ne 0 ] || ls "$ART"/crash-* "$ART"/leak-* "$ART"/timeout-* "$ART"/oom-* >/dev/null 2>&1; then
    echo "fuzz: exit $status; reproducers in $ART:"; ls "$ART"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
exit 0
