#!/bin/sh
# SPDX-License-Identifier: MIT
# Black-box tests of `bangtin calendar` (DESIGN.md): fields of --json, the
# plain lines, and the usage errors.
set -u
BIN=$1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { # name cmd...: passes when cmd succeeds
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
expect_status() { # want name cmd...
    want=$1 name=$2; shift 2
    "$@" >/dev/null 2>&1; got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name (exit $got, want $want)"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --json for Monday 12 January 2026 (24/11 Ất Tỵ).
if "$BIN" calendar 2026-01-12 --json >"$tmp/out.json" 2>"$tmp/err"; then
    ok "calendar 2026-01-12 --json exits 0"
else
    bad "calendar 2026-01-12 --json exits 0 ($(cat "$tmp/err"))"
fi
python3 - "$tmp/out.json" <<'PY' && ok "--json fields" || bad "--json fields"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
def eq(what, got, want):
    if got != want:
        sys.exit(f"{what}: got {got!r}, want {want!r}")
eq("line", doc["line"], "Thứ hai, ngày 12 tháng 01 năm 2026")
lunar = doc["lunar"]
eq("lunar", [lunar[k] for k in ("day", "month", "year", "leap", "year_name")],
   [24, 11, 2025, False, "Ất Tỵ"])
events = [(e["id"], e["name"], e["date"], e["days_left"]) for e in doc["events"]]
eq("events", events, [
    ("science-day", "Ngày Khoa học và Công nghệ Việt Nam", "2026-05-18", 126),
    ("innovation-day", "Ngày hội Đổi mới sáng tạo quốc gia", "2026-10-01", 262),
    ("digital-transformation-day", "Ngày Chuyển đổi số quốc gia", "2026-10-10", 271),
    ("tet", "Tết Nguyên Đán", "2026-02-17", 36),
])
PY

# On Tết itself the countdown is 0 and the lunar date is 1/1 Bính Ngọ.
"$BIN" calendar 2026-02-17 --json >"$tmp/tet.json" 2>/dev/null
python3 - "$tmp/tet.json" <<'PY' && ok "Tết day: days_left 0, 1/1 Bính Ngọ" || bad "Tết day: days_left 0, 1/1 Bính Ngọ"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
tet = [e for e in doc["events"] if e["id"] == "tet"][0]
assert tet["days_left"] == 0 and tet["date"] == "2026-02-17", tet
assert (doc["lunar"]["day"], doc["lunar"]["month"], doc["lunar"]["year_name"]) == (1, 1, "Bính Ngọ")
PY

# Plain output: date line, lunar line, one line per event.
"$BIN" calendar 2026-01-12 >"$tmp/plain.txt" 2>/dev/null
check "plain: date line first" test "$(sed -n 1p "$tmp/plain.txt")" = "Thứ hai, ngày 12 tháng 01 năm 2026"
check "plain: lunar line" test "$(sed -n 2p "$tmp/plain.txt")" = "Âm lịch: ngày 24 tháng Mười Một năm Ất Tỵ"
check "plain: Tết countdown" grep -qx "Tết Nguyên Đán (17/02/2026): còn 36 ngày" "$tmp/plain.txt"
check "plain: 6 lines" test "$(wc -l <"$tmp/plain.txt")" -eq 6
"$BIN" calendar 2026-10-10 >"$tmp/day.txt" 2>/dev/null
check "plain: on the day says hôm nay" grep -qx "Ngày Chuyển đổi số quốc gia (10/10/2026): hôm nay" "$tmp/day.txt"

# Without a date: today in local time.
"$BIN" calendar >"$tmp/today.txt" 2>/dev/null
check "no date: today's line" grep -q "ngày $(date +%d) tháng $(date +%m) năm $(date +%Y)" "$tmp/today.txt"

# Usage errors: exit 2, one line on stderr saying how to write the date.
expect_status 2 "bad date exits 2" "$BIN" calendar 2026-02-30
expect_status 2 "not a date exits 2" "$BIN" calendar tomorrow
expect_status 2 "year outside 1900..2100 exits 2" "$BIN" calendar 1899-12-31
expect_status 2 "unknown option exits 2" "$BIN" calendar --yaml
expect_status 2 "two dates exit 2" "$BIN" calendar 2026-01-12 2026-01-13
expect_status 0 "--help exits 0" "$BIN" calendar --help
"$BIN" calendar 2026-13-01 2>"$tmp/err" >/dev/null
check "bad date message names the format" grep -q "YYYY-MM-DD" "$tmp/err"
check "bad date message is one line" test "$(wc -l <"$tmp/err")" -eq 1
"$BIN" --help | grep -q "calendar" && ok "calendar listed in --help" || bad "calendar listed in --help"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
