#!/bin/sh
# Every C file is as clang-format (.clang-format at the root) writes it.
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find src tests -name '*.[ch]'); do
    if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "not formatted: $f (clang-format -i $f)"
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
