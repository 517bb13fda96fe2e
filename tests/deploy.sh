#!/bin/sh
# SPDX-License-Identifier: MIT
# Deployment: the systemd unit, install.sh into a scratch root, and
# `bangtin report` on a proof-of-play log as the office would run it.
#   tests/deploy.sh BANGTIN_EXECUTABLE BUILD_DIR
set -u
BIN=$1
BUILD=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/bangtin-deploy-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { # name cmd...
    name=$1; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}

# --- the unit -------------------------------------------------------------
# verify wants ExecStart's binary to exist: check a copy that points at ours.
sed "s|^ExecStart=/usr/local/bin/bangtin|ExecStart=$BIN|" "$BUILD/bangtin.service" \
    >"$T/bangtin.service"
if systemd-analyze verify "$T/bangtin.service" >"$T/verify.out" 2>&1 && [ ! -s "$T/verify.out" ]; then
    ok "systemd-analyze verify: no error, no warning"
else
    bad "systemd-analyze verify"; cat "$T/verify.out"
fi
# A typo in a key is only a warning for systemd: make sure we would see it.
sed 's/^WatchdogSec=/WatchdogSecs=/' "$T/bangtin.service" >"$T/typo.service"
systemd-analyze verify "$T/typo.service" 2>&1 | grep -q "Unknown key" &&
    ok "verify notices a misspelt key" || bad "verify notices a misspelt key"
u="$BUILD/bangtin.service" # made by meson from deploy/bangtin.service.in
for want in "Type=notify" "NotifyAccess=main" "WatchdogSec=30" "Restart=always" "User=bangtin" \
    "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
    "ReadWritePaths=/var/lib/bangtin" "DeviceAllow=char-drm rw" "CapabilityBoundingSet=" \
    "ExecStart=/usr/local/bin/bangtin run --config /etc/bangtin/config.json --fullscreen"; do
    grep -qx "$want" "$u" && ok "unit has $want" || bad "unit has $want"
done
# A restart loop must never become a reboot loop (issue 15): no start
# limit, no reboot action of any kind.
grep -qx "StartLimitIntervalSec=0" "$u" && ok "unit restarts without a start limit" \
    || bad "unit has no StartLimitIntervalSec=0"
grep -Eq '^(StartLimitAction|FailureAction|SuccessAction)=.*reboot' "$u" \
    && bad "unit can reboot the Pi: $(grep -E 'Action=.*reboot' "$u")" \
    || ok "unit never reboots the Pi"
# The security exposure systemd itself computes for the unit (lower is safer).
if systemd-analyze security --offline=yes "$T/bangtin.service" >"$T/sec.out" 2>&1; then
    score=$(grep -o 'Overall exposure level for bangtin.service: [0-9.]*' "$T/sec.out" | grep -o '[0-9.]*$')
    echo "# systemd-analyze security exposure: $score"
    awk "BEGIN { exit !($score < 5.0) }" && ok "security exposure $score < 5.0 (not UNSAFE)" ||
        bad "security exposure $score"
fi

# --- install.sh into a scratch root ---------------------------------------
R=$T/root
export DESTDIR=$R BANGTIN_BUILD_DIR=$BUILD NO_APT=1
"$SRC/deploy/install.sh" >"$T/install.out" 2>&1 && ok "install.sh into DESTDIR" ||
    { bad "install.sh into DESTDIR"; cat "$T/install.out"; }
check "binary in /usr/local/bin" test -x "$R/usr/local/bin/bangtin"
check "fonts in /usr/local/share/bangtin" test -f "$R/usr/local/share/bangtin/fonts/BeVietnamPro_700Bold.ttf"
check "unit in PREFIX/lib/systemd/system" cmp -s "$BUILD/bangtin.service" "$R/usr/local/lib/systemd/system/bangtin.service"
check "man page bangtin(1) installed" test -s "$R/usr/local/share/man/man1/bangtin.1"
check "LICENSE installed" test -s "$R/usr/local/share/doc/bangtin/LICENSE"
check "the demo's pictures installed" test -s "$R/usr/local/share/bangtin/assets/infographic.png"
check "config in /etc/bangtin" test -f "$R/etc/bangtin/config.json"
check "state dir /var/lib/bangtin" test -d "$R/var/lib/bangtin/cache"
check "guide in /usr/local/share/doc/bangtin" test -f "$R/usr/local/share/doc/bangtin/RASPBERRY-PI.md"
python3 - "$R/etc/bangtin/config.json" <<'PY' && ok "default config is JSON with a proof log" || bad "default config is JSON with a proof log"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["proof_log"] == "/var/lib/bangtin/proof.log", c
assert c["playlist"] == "/usr/local/share/bangtin/playlists/demo.json", c
assert "on" not in c["display"]  # never black by default
PY
# The installed binary runs from its prefix (finds its data beside it).
# shellcheck disable=SC2086 # the emulator of a cross build, or nothing
env -u BANGTIN_DATA_DIR ${BANGTIN_RUN_WRAPPER:-} "$R/usr/local/bin/bangtin" --version >/dev/null 2>&1 &&
    ok "installed binary runs (--version)" || bad "installed binary runs (--version)"
# Idempotent, and the officer's edits survive an upgrade.
echo '{"playlist": "playlist.json"}' >"$R/etc/bangtin/config.json"
"$SRC/deploy/install.sh" >"$T/install2.out" 2>&1 && ok "install.sh again" || bad "install.sh again"
grep -q '"playlist.json"' "$R/etc/bangtin/config.json" && ok "existing config kept" || bad "existing config kept"
# Uninstall keeps config and proof log; purge removes them.
echo '{}' >"$R/var/lib/bangtin/proof.log"
"$SRC/deploy/install.sh" --uninstall >/dev/null 2>&1 && ok "uninstall" || bad "uninstall"
check "uninstall removed the binary" test ! -e "$R/usr/local/bin/bangtin"
check "uninstall removed the unit" test ! -e "$R/usr/local/lib/systemd/system/bangtin.service"
check "uninstall removed the data" test ! -e "$R/usr/local/share/bangtin"
check "uninstall kept the config" test -f "$R/etc/bangtin/config.json"
check "uninstall kept the proof log" test -f "$R/var/lib/bangtin/proof.log"
"$SRC/deploy/install.sh" --uninstall --purge >/dev/null 2>&1
check "purge removed config and state" test ! -e "$R/etc/bangtin" -a ! -e "$R/var/lib/bangtin"
"$SRC/deploy/install.sh" --bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok "unknown option is a usage error" || bad "unknown option is a usage error"
unset DESTDIR BANGTIN_BUILD_DIR NO_APT

# --- bangtin report ---------------------------------------------------------
L=$T/proof.log
cat >"$L.1" <<'LOG'
{"ts":"2025-12-31T23:59:50+07:00","id":"tet","type":"countdown","seconds":10.0}
{"ts":"2026-01-02T08:00:00+07:00","id":"nq57","type":"text","seconds":12.0}
LOG
cat >"$L" <<'LOG'
{"ts":"2026-01-02T08:00:12+07:00","id":"gio","type":"clock","seconds":10.0}
{"ts":"2026-01-02T08:00:22+07:00","id":"nq57","type":"text","seconds":11.5}
{"ts":"2026-01-02T08:00:34+07:00","id":"gio","type":"cl
{"ts":"2026-07-01T00:00:00+07:00","id":"nq57","type":"text","seconds":12.0}
LOG
"$BIN" report "$L" >"$T/all.csv" 2>"$T/err"
[ $? -eq 0 ] && ok "report exits 0" || bad "report exits 0"
# An old log: no words, no version; one row per id as before, new columns empty.
printf 'id,type,plays,seconds,words,first_day,last_day,priority,version\ngio,clock,1,10.0,,2026-01-02,2026-01-02,0,\nnq57,text,3,35.5,,2026-01-02,2026-07-01,0,\ntet,countdown,1,10.0,,2025-12-31,2025-12-31,0,\n' >"$T/want.csv"
cmp -s "$T/all.csv" "$T/want.csv" && ok "report CSV sums the log and its rotation" ||
    { bad "report CSV"; cat "$T/all.csv"; }
grep -q "skipped 1 corrupt line" "$T/err" && ok "corrupt line counted on stderr" ||
    { bad "corrupt line counted on stderr"; cat "$T/err"; }
"$BIN" report "$L" --from 2026-01-01 --to 2026-06-30 2>/dev/null >"$T/h1.csv"
printf 'id,type,plays,seconds,words,first_day,last_day,priority,version\ngio,clock,1,10.0,,2026-01-02,2026-01-02,0,\nnq57,text,2,23.5,,2026-01-02,2026-01-02,0,\n' >"$T/want.csv"
cmp -s "$T/h1.csv" "$T/want.csv" && ok "report --from --to: the first half of 2026" ||
    { bad "report --from --to"; cat "$T/h1.csv"; }
"$BIN" report "$L" --format md --lang en 2>/dev/null >"$T/r.md"
grep -q '^| [0-9]* | nq57 | Text | 3 | 0 h 01 min | 2026-01-02 | 2026-07-01 |$' "$T/r.md" && grep -qx '| | \*\*Total\*\* | | \*\*5\*\* | \*\*0 h 01 min\*\* | | |' "$T/r.md" &&
    ok "report --format md" || { bad "report --format md"; cat "$T/r.md"; }
"$BIN" report "$L" --from 2026-13-01 >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad date is a usage error" || bad "bad date is a usage error"
"$BIN" report "$L" --format pdf >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad format is a usage error" || bad "bad format is a usage error"
"$BIN" report "$T/none.log" >/dev/null 2>"$T/err"
[ $? -eq 3 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && ok "missing log: exit 3, one line" || bad "missing log"
"$BIN" report --help | grep -q "id,type,plays,seconds" && ok "report --help" || bad "report --help"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
