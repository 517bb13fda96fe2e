#!/bin/sh
# SPDX-License-Identifier: MIT
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

DATA=${BANGTIN_DATA_DIR:-$(dirname "$0")/..}
DEMO=$DATA/playlists/demo.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# render: one PNG per item, named NNN-ID.png, identical pixels across runs.
"$BIN" render "$DEMO" --out "$T/a" --size 384x192 --at 2026-10-09T08:00 2>/dev/null
"$BIN" render "$DEMO" --out "$T/b" --size 384x192 --at 2026-10-09T08:00 2>/dev/null
n_items=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['items']))" "$DEMO")
n_png=$(ls "$T/a"/*.png 2>/dev/null | wc -l)
[ "$n_png" -ge 1 ] && [ "$n_png" -le "$n_items" ] && ok "render writes a PNG per scheduled item" || bad "render wrote $n_png PNGs for $n_items items"
ls "$T/a" | grep -Eq '^001-[a-z0-9_-]+\.png$' && ok "render names files NNN-ID.png" || bad "render file names: $(ls "$T/a" | head -3)"
if [ "$n_png" -ge 1 ] && diff -r "$T/a" "$T/b" >/dev/null; then ok "render is pixel-identical across runs"; else bad "render differs between runs"; fi
file "$T/a"/001-*.png | grep -q "384 x 192" && ok "render honours --size" || bad "render size: $(file "$T/a"/001-*.png)"

# The demo takes its pictures from the top-level assets/ (shipped playlists
# resolve in the installation's data folder): check finds every one.
"$BIN" check "$DEMO" >"$T/demo-check" 2>&1 && grep -q ' 0 errors, 0 warnings' "$T/demo-check" &&
    ok "the bundled demo finds its pictures in assets/" || bad "demo check: $(cat "$T/demo-check")"
# A copy of a shipped playlist elsewhere is an ordinary playlist: its src
# resolves in its own folder, so assets/ outside it are not reachable.
cp "$DEMO" "$T/copy.json"
"$BIN" check "$T/copy.json" 2>&1 | grep -q 'missing-asset' &&
    ok "a playlist outside playlists/ does not reach the shared assets/" || bad "copied demo reached shared assets"

# render refuses a broken playlist with the content exit code and names the file.
printf '{"version": 1, "items": [ {"id": "a", "type": "text", "text": "x"} \n' > "$T/bad.json"
"$BIN" render "$T/bad.json" --out "$T/c" 2>"$T/err"; st=$?
[ "$st" -eq 1 ] && grep -q "bad.json:" "$T/err" && ok "render: broken playlist exits 1 naming the file" || bad "render on broken playlist: exit $st, $(head -2 "$T/err")"
expect_status 2 "render without --out is a usage error" "$BIN" render "$DEMO"
expect_status 2 "render --size nonsense is a usage error" "$BIN" render "$DEMO" --out "$T/d" --size big
expect_status 2 "render --at nonsense is a usage error" "$BIN" render "$DEMO" --out "$T/d" --at 2026-02-30T10:00
for c in run render check calendar; do
    "$BIN" $c --help | grep -q "Usage: bangtin $c" && ok "$c --help" || bad "$c --help"
done

# run: plays under the dummy video driver and stops by itself.
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run "$DEMO" --window 320x160 --frames 5 >/dev/null 2>&1
st=$?; [ "$st" -eq 0 ] && ok "run --frames ends cleanly" || bad "run --frames: exit $st"
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run --window 320x160 --duration 1 >/dev/null 2>&1
st=$?; [ "$st" -eq 0 ] && ok "run with no playlist plays the demo" || bad "run (demo): exit $st"
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run "$DEMO" --window 320x160 --duration 30 >/dev/null 2>&1 &
pid=$!
sleep 2
kill -TERM $pid
wait $pid; st=$?
[ "$st" -eq 0 ] && ok "run quits cleanly on SIGTERM" || bad "run on SIGTERM: exit $st"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
