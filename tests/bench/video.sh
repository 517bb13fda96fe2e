#!/bin/sh
# SPDX-License-Identifier: MIT
# The clips' rows of the benchmark (issue 17), apart from tests/bench/bench.sh:
#   tests/bench/video.sh              # ~15 minutes with a 10-minute soak
#   tests/bench/video.sh --soak 120   # shorter
# Builds build-bench/ (-Dbench=true) and runs tests/bench/video.py, which
# prints the table docs/VIDEO.md quotes.
set -eu
cd "$(dirname "$0")/../.."
for tool in ffmpeg valgrind python3; do
    command -v $tool >/dev/null 2>&1 || { echo "bench-video: $tool is missing" >&2; exit 1; }
done
[ -d build-bench ] || meson setup build-bench -Dbench=true >/dev/null
ninja -C build-bench >/dev/null
exec python3 tests/bench/video.py --bangtin build-bench/bangtin \
    --bench-video build-bench/tests/bench/bench-video "$@"
