#!/bin/sh
# Black-box tests of the command line: exit codes and help of DESIGN.md.
set -u
BIN=$1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
expect_status() { # want name cmd...
    want=$1 name=$2; shift 2
    "$@" >/dev/null 2>&1; got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name (exit $got, want $want)"; fi
}

expect_status 0 "--help exits 0" "$BIN" --help
expect_status 0 "--version exits 0" "$BIN" --version
expect_status 2 "no command is a usage error" "$BIN"
expect_status 2 "unknown command is a usage error" "$BIN" frobnicate
"$BIN" frobnicate 2>&1 | grep -q -- "--help" && ok "unknown command hints at --help" || bad "unknown command hints at --help"
"$BIN" --version | grep -Eq '^bangtin [0-9]+\.[0-9]+' && ok "version line" || bad "version line"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
