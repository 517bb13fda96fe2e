#!/bin/sh
# SPDX-License-Identifier: MIT
# The cache under `bangtin run`: a by-hand `fetch --once` beside the running
# board (one cache, two writers), a FIFO where the playlist should be, and
# the status file's account of when the last fetch really happened. Real
# HTTP on 127.0.0.1 (fault_server.py), real minisign, SDL's dummy driver.
set -u
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/bangtin-board-XXXXXX)
SRV= RUN=
cleanup() {
    [ -n "$RUN" ] && kill "$RUN" 2>/dev/null
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
command -v minisign >/dev/null || { echo "minisign missing"; exit 77; }

WWW=$W/www B=$W/board C=$W/board/cache
mkdir -p "$WWW" "$B"
python3 "$HERE/fault_server.py" "$WWW" "$W/requests.log" >"$W/port" &
SRV=$!
for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
U=http://127.0.0.1:$(cat "$W/port")
minisign -G -p "$B/feed.pub" -s "$W/k.sec" -W >/dev/null 2>&1

mkpng() {
    python3 - "$1" "$2" "$3" <<'PY'
import random, struct, sys, zlib
out, w, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
raw = b"".join(b"\0" + bytes(rnd.getrandbits(8) for _ in range(w * 3)) for _ in range(w))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, w, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")
open(out, "wb").write(png)
PY
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
# version DIR SEQ PREFIX: two images, one second each, signed.
version() {
    mkdir -p "$WWW/$1"
    mkpng "$WWW/$1/x.png" 48 "$2"1
    mkpng "$WWW/$1/y.png" 48 "$2"2
    cat >"$WWW/$1/feed.json" <<JSON
{ "version": 1, "name": "Phường $1", "sequence": $2,
  "defaults": { "duration": 1, "transition": "none" },
  "items": [
    { "id": "$3-x", "type": "image", "src": "x.png", "sha256": "$(sha "$WWW/$1/x.png")" },
    { "id": "$3-y", "type": "image", "src": "y.png", "sha256": "$(sha "$WWW/$1/y.png")" } ] }
JSON
    minisign -S -s "$W/k.sec" -m "$WWW/$1/feed.json" >/dev/null 2>&1
}
version v1 1 one
version v2 2 two
cat >"$B/config.json" <<JSON
{ "feed": { "url": "$U/v1/feed.json", "pubkey": "feed.pub", "interval": 3600 },
  "cache": "cache", "proof_log": "proof.log", "status_file": "status.json",
  "display": { "size": "192x96" } }
JSON

# --- a by-hand fetch beside the running board -------------------------------
SDL_VIDEODRIVER=dummy "$BIN" run --config "$B/config.json" --duration 14 >"$W/run.out" 2>&1 &
RUN=$!
for _ in $(seq 100); do grep -q '"one-' "$B/proof.log" 2>/dev/null && break; sleep 0.1; done
g1=$(ls "$C/gen" 2>/dev/null)
"$BIN" fetch --feed "$U/v2/feed.json" --cache "$C" --pubkey "$B/feed.pub" --timeout 10 --once \
    >"$W/hand.out" 2>&1
hand=$?
# The board still shows v1 for up to a slide: its images must all be there.
missing=0
for f in "$C/gen/$g1"/*.png; do [ -f "$f" ] || missing=$((missing + 1)); done
[ -n "$g1" ] && [ -d "$C/gen/$g1" ] && [ "$missing" -eq 0 ] &&
    ok "a by-hand install keeps the generation the board is showing" ||
    bad "by-hand install removed the playing generation $g1 (exit $hand: $(cat "$W/hand.out"))"
wait "$RUN"
st=$?
RUN=
[ "$st" -eq 0 ] && ok "run exits cleanly" || bad "run: exit $st"
python3 - "$B/proof.log" <<'PY' && ok "the board swapped in the by-hand generation within a poll" || bad "by-hand generation never played: $(cat "$B/proof.log")"
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
first_two = next(i for i, x in enumerate(ids) if x.startswith("two-"))
assert all(x.startswith("one-") for x in ids[:first_two]) and ids[0].startswith("one-")
assert all(x.startswith("two-") for x in ids[first_two:])
PY
if grep -qi "cannot open image\|could not be drawn" "$W/run.out"; then
    bad "an image vanished under the board: $(grep -i "cannot open\|could not" "$W/run.out" | head -2)"
else
    ok "no image vanished under the board"
fi
[ ! -e "$C/gen/$g1" ] && [ "$(ls "$C/gen" | wc -l)" -eq 1 ] &&
    ok "the old generation was collected once the board switched" ||
    bad "old generation left behind: $(ls "$C/gen")"

# --- status says when the last fetch really happened ---------------------------
python3 - "$B/status.json" <<'PY' && ok "status: the last fetch's time is when it happened" || bad "status fetch: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fetch"])' "$B/status.json")"
import json, sys, datetime
s = json.load(open(sys.argv[1]))
f = s["fetch"]
at = datetime.datetime.fromisoformat(f["at"].replace("Z", "+00:00"))
upd = datetime.datetime.fromisoformat(s["updated"].replace("Z", "+00:00"))
# One cycle at start (interval 3600), written 14 s later: not "just now".
assert (upd - at).total_seconds() >= 8, (f, s["updated"])
assert f["seconds_ago"] >= 8, f
PY

# --- a FIFO at the playlist path --------------------------------------------------
mkfifo "$W/fifo.json"
t0=$(date +%s)
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run "$W/fifo.json" --duration 2 >"$W/fifo.out" 2>&1
st=$?
t1=$(date +%s)
if [ "$st" -ne 124 ] && [ $((t1 - t0)) -le 10 ] && grep -q "regular file" "$W/fifo.out"; then
    ok "a FIFO as the playlist is refused at once; the board plays on (exit $st, $((t1 - t0)) s)"
else
    bad "FIFO playlist: exit $st after $((t1 - t0)) s: $(tail -2 "$W/fifo.out")"
fi
timeout 10 "$BIN" check "$W/fifo.json" >"$W/fifo.out" 2>&1
st=$?
{ [ "$st" -eq 1 ] || [ "$st" -eq 3 ]; } && grep -q "regular file" "$W/fifo.out" &&
    ok "check names a FIFO playlist (exit $st)" ||
    bad "check of a FIFO: exit $st: $(cat "$W/fifo.out")"
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run --config "$W/fifo.json" --duration 2 >"$W/fifo.out" 2>&1
st=$?
# The board never stops on a bad config: it says why and plays defaults.
[ "$st" -ne 124 ] && grep -q "regular file" "$W/fifo.out" &&
    ok "a FIFO as the config is refused at once (exit $st)" ||
    bad "run --config FIFO: exit $st: $(cat "$W/fifo.out")"

mkfifo "$W/pic.png"
cat >"$W/fifoimg.json" <<'JSON'
{ "version": 1, "defaults": { "duration": 1, "transition": "none" },
  "items": [ { "id": "anh", "type": "image", "src": "pic.png" } ] }
JSON
timeout 10 "$BIN" check "$W/fifoimg.json" >"$W/fifo.out" 2>&1
st=$?
[ "$st" -ne 124 ] && grep -q "regular file" "$W/fifo.out" &&
    ok "a FIFO where an image should be is named at once (exit $st)" ||
    bad "check of a FIFO image: exit $st: $(cat "$W/fifo.out")"
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run "$W/fifoimg.json" --duration 2 >"$W/fifo.out" 2>&1
st=$?
[ "$st" -ne 124 ] && ok "run never freezes on a FIFO image (exit $st)" ||
    bad "run froze on a FIFO image: $(tail -2 "$W/fifo.out")"

# --- the proof log says what was really drawn ----------------------------------
P=$W/proof
mkdir -p "$P"
python3 - "$P/bad.png" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
# A PNG whose header is fine (check passes it) and whose pixels are not.
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", b"not zlib at all") + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
cat >"$P/pl.json" <<'JSON'
{ "version": 1, "defaults": { "duration": 1, "transition": "none" },
  "items": [ { "id": "chu", "type": "text", "text": "CHỮ" },
             { "id": "anh", "type": "image", "src": "bad.png" } ] }
JSON
echo '{ "playlist": "pl.json", "proof_log": "proof.log", "display": { "size": "192x96" } }' >"$P/c.json"
SDL_VIDEODRIVER=dummy timeout 20 "$BIN" run --config "$P/c.json" --duration 3.5 >"$P/out" 2>&1
python3 - "$P/proof.log" <<'PY' && ok "a failed image is logged as the neutral slide it showed" || bad "proof log of a failed image: $(cat "$P/proof.log")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert any(r["id"] == "chu" for r in rows)
assert not any(r["id"] == "anh" for r in rows), rows
assert any(r["type"] == "neutral" for r in rows), rows
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
