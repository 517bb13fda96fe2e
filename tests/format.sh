#!/bin/sh
# SPDX-License-Identifier: MIT
# Every C file is as clang-format (.clang-format at the root) writes it.
set -u
cd "$(dirname "$0")/.."
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find src tests -name '*.[ch]'); do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        bad=$((bad + 1))
        echo "not formatted: $f (clang-format -i $f)"
    fi
done
# One check: the tree is formatted or it is not.
if [ "$bad" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ "$bad" -eq 0 ]
