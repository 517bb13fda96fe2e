#!/bin/sh
# SPDX-License-Identifier: MIT
# The feed against a real HTTP server on 127.0.0.1 that misbehaves on
# purpose (fault_server.py), with signatures made by the real minisign.
# Every failure must exit 3 within its time limit and leave the installed
# playlist and its assets byte-for-byte as they were.
set -u
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/bangtin-feed-XXXXXX)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

WWW=$W/www C=$W/cache LOG=$W/requests.log
mkdir -p "$WWW"
python3 "$HERE/fault_server.py" "$WWW" "$LOG" >"$W/port" &
SRV=$!
for _ in $(seq 50); do [ -s "$W/port" ] && break; sleep 0.1; done
PORT=$(cat "$W/port")
U=http://127.0.0.1:$PORT

minisign -G -p "$W/k.pub" -s "$W/k.sec" -W >/dev/null 2>&1 || { echo "minisign -G failed"; exit 1; }
minisign -G -p "$W/other.pub" -s "$W/other.sec" -W >/dev/null 2>&1

# Real PNG files: mkpng OUT WIDTH SEED (random pixels, so no two match).
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

# feed DIR SEQ NAME SRC SHA: writes WWW/DIR/feed.json (one text, one image).
feed() {
    mkdir -p "$WWW/$1"
    cat >"$WWW/$1/feed.json" <<JSON
{
  "version": 1,
  "name": "UBND phường Minh Xuân $3",
  "sequence": $2,
  "items": [
    { "id": "nq57", "type": "text", "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ" },
    { "id": "info", "type": "image", "src": "$4", "sha256": "$5" }
  ]
}
JSON
}
sign() { minisign -S -s "$W/k.sec" -m "$WWW/$1/feed.json" >/dev/null 2>&1; }

# Snapshot of what the board shows: the playlist and every asset.
snapshot() {
    (cd "$C" && find playlist.json assets gen -type f 2>/dev/null | sort | xargs sha256sum 2>/dev/null)
}
# fetch URL TIMEOUT [PUBKEY]: runs one cycle, sets rc, elapsed, out.
fetch() {
    t0=$(date +%s.%N)
    key=${3:-$W/k.pub}
    kopt="--pubkey $key" # mktemp paths hold no spaces
    [ "$key" = none ] && kopt=
    # shellcheck disable=SC2086
    out=$(timeout $(($2 + 10)) "$BIN" fetch --feed "$1" --cache "$C" --timeout "$2" --once \
        $kopt 2>&1)
    rc=$?
    elapsed=$(echo "$(date +%s.%N) - $t0" | bc)
}
# refused NAME URL TIMEOUT WORD [PUBKEY]: must exit 3, say WORD, within time,
# cache untouched.
refused() {
    name=$1 url=$2 limit=$3 word=$4
    before=$(snapshot)
    fetch "$url" "$limit" "${5:-$W/k.pub}"
    after=$(snapshot)
    if [ "$rc" -ne 3 ]; then
        bad "$name: exit $rc, want 3 ($out)"
    elif ! echo "$out" | grep -qi -- "$word"; then
        bad "$name: reason does not mention '$word': $out"
    elif [ "$(echo "$elapsed > $limit + 1" | bc)" -eq 1 ]; then
        bad "$name: took ${elapsed}s, limit ${limit}s"
    elif [ "$before" != "$after" ]; then
        bad "$name: cached playlist or assets changed"
    elif [ "$(echo "$out" | wc -l)" -ne 1 ]; then
        bad "$name: reason is not one line: $out"
    else
        ok "$name refused in $(printf %.1f "$elapsed")s: $out"
    fi
}

# --- good feed, installed and renderable offline --------------------------
mkpng "$WWW/a.png" 32 1
mkdir -p "$WWW/v1/img"
cp "$WWW/a.png" "$WWW/v1/img/a.png"
feed v1 1 v1 img/a.png "$(sha "$WWW/a.png")"
sign v1
fetch "$U/v1/feed.json" 10
if [ "$rc" -eq 0 ] && [ -f "$C/playlist.json" ]; then ok "good feed installs ($out)"; else bad "good feed installs: exit $rc $out"; fi
src=$(python3 -c 'import json,sys; print([i["src"] for i in json.load(open(sys.argv[1]))["items"] if i["type"]=="image"][0])' "$C/playlist.json")
case $src in
gen/*/*.png) [ "$(sha "$C/$src")" = "$(sha "$WWW/a.png")" ] && ok "image src resolves inside the cache ($src)" || bad "image at $src is not the signed one" ;;
*) bad "image src not rewritten to the cache: $src" ;;
esac
G1=$(echo "$src" | cut -d/ -f2)
cmp -s "$C/gen/$G1/feed.json" "$WWW/v1/feed.json" &&
    cmp -s "$C/gen/$G1/feed.json.minisig" "$WWW/v1/feed.json.minisig" &&
    minisign -V -q -p "$W/k.pub" -m "$C/gen/$G1/feed.json" &&
    ok "signed original kept in its generation for audit and verifies" ||
    bad "signed original not kept beside the playlist"
# Offline: the server goes away, the cache alone is complete.
python3 - "$C" <<'PY' && ok "offline cache is complete (every src under DIR, PNG magic)" || bad "offline cache incomplete"
import json, os, sys
d = sys.argv[1]
pl = json.load(open(os.path.join(d, "playlist.json")))
for it in pl["items"]:
    if it["type"] == "image":
        p = os.path.realpath(os.path.join(d, it["src"]))
        assert p.startswith(os.path.realpath(d) + "/"), p
        assert open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
assert pl["sequence"] == 1
PY
# Renders offline: stop serving v1 and draw the cached playlist.
mv "$WWW/v1" "$WWW/v1.away"
if "$BIN" check "$C/playlist.json" >"$W/check.out" 2>&1 &&
    "$BIN" render "$C/playlist.json" --out "$W/render" --size 320x160 >/dev/null 2>&1 &&
    [ -s "$W/render/002-info.png" ] && [ -s "$W/render/001-nq57.png" ]; then
    ok "cached playlist checks clean and renders offline"
else
    bad "cached playlist does not check/render offline: $(cat "$W/check.out")"
fi
mv "$WWW/v1.away" "$WWW/v1"
grep -q '"ae": "identity"' "$LOG" && ok "asks for identity encoding only" || bad "Accept-Encoding not identity"

# --- refetch: conditional GET, 304 ------------------------------------------
before=$(snapshot)
fetch "$U/v1/feed.json" 10
last=$(grep '"/v1/feed.json"' "$LOG" | tail -n 1)
if [ "$rc" -eq 0 ] && echo "$last" | grep -q '"inm": "\\"' && echo "$last" | grep -q '"status": 304' &&
    [ "$before" = "$(snapshot)" ]; then
    ok "refetch sends If-None-Match and gets 304 ($out)"
else
    bad "refetch not conditional: exit $rc, $last"
fi

# --- faults: each leaves v1 installed ---------------------------------------
mkpng "$WWW/b.png" 40 2
mkdir -p "$WWW/v2"
cp "$WWW/b.png" "$WWW/v2/b.png"
feed v2 2 v2 b.png "$(sha "$WWW/b.png")"
sign v2

refused "500" "$U/_500/v2/feed.json" 5 "500"
refused "truncated body" "$U/_trunc/v2/feed.json" 5 "transfer"
refused "300 MB with Content-Length" "$U/_huge/v2/feed.json" 10 "limit"
refused "300 MB without Content-Length" "$U/_hugenolen/v2/feed.json" 10 "limit"
refused "1 byte per second drip" "$U/_drip/v2/feed.json" 6 "slow"
refused "redirect to file:///etc/passwd" "$U/_redirect/v2/feed.json" 5 "redirect"
grep -q passwd "$C/playlist.json" && bad "redirect target leaked into the cache" || true

mkdir -p "$WWW/badjson"
printf '{"version": 1, "sequence": 5, "items": [' >"$WWW/badjson/feed.json"
sign badjson
refused "invalid JSON (signed)" "$U/badjson/feed.json" 5 "JSON"

mkdir -p "$WWW/wrongkey"
cp "$WWW/v2/feed.json" "$WWW/v2/b.png" "$WWW/wrongkey/"
minisign -S -s "$W/other.sec" -m "$WWW/wrongkey/feed.json" >/dev/null 2>&1
refused "signed with another key" "$U/wrongkey/feed.json" 5 "another key"

mkdir -p "$WWW/tampered"
cp "$WWW/v2/feed.json" "$WWW/v2/feed.json.minisig" "$WWW/v2/b.png" "$WWW/tampered/"
sed -i 's/ĐẨY MẠNH/HACKED/' "$WWW/tampered/feed.json"
refused "tampered file" "$U/tampered/feed.json" 5 "does not match"

mkdir -p "$WWW/legacy"
cp "$WWW/v2/feed.json" "$WWW/v2/b.png" "$WWW/legacy/"
minisign -S -l -s "$W/k.sec" -m "$WWW/legacy/feed.json" >/dev/null 2>&1
refused "legacy Ed signature" "$U/legacy/feed.json" 5 "legacy"

mkdir -p "$WWW/nosig"
cp "$WWW/v2/feed.json" "$WWW/v2/b.png" "$WWW/nosig/"
refused "missing signature" "$U/nosig/feed.json" 5 "signature missing"

mkdir -p "$WWW/badhash"
cp "$WWW/a.png" "$WWW/badhash/b.png"
feed badhash 2 bad b.png "$(sha "$WWW/b.png")"
sign badhash
refused "wrong asset hash" "$U/badhash/feed.json" 5 "sha256"

feed trav 2 trav ../v1/img/a.png "$(sha "$WWW/a.png")"
sign trav
refused "traversal in src" "$U/trav/feed.json" 5 '\.\.'
feed abs 2 abs "http://localhost:$PORT/v1/img/a.png" "$(sha "$WWW/a.png")"
sign abs
refused "an image on another host (the same server by another name)" "$U/abs/feed.json" 5 \
    "only from its own site"

mkdir -p "$WWW/endless"
feed endless 2 endless endless.png "$(sha "$WWW/b.png")"
sign endless
refused "endless asset without Content-Length" "$U/endless/feed.json" 10 "limit"

refused "plain http without a public key" "$U/v2/feed.json" 5 "must be signed" none

# kill -9 in the middle of a slow asset download.
mkpng "$WWW/slowbig.png" 600 3
mkdir -p "$WWW/slow"
mv "$WWW/slowbig.png" "$WWW/slow/"
feed slow 2 slow slowbig.png "$(sha "$WWW/slow/slowbig.png")"
sign slow
before=$(snapshot)
"$BIN" fetch --feed "$U/slow/feed.json" --cache "$C" --pubkey "$W/k.pub" --timeout 60 --once \
    >/dev/null 2>&1 &
FP=$!
for _ in $(seq 100); do ls "$C"/tmp/*/*.part >/dev/null 2>&1 && break; sleep 0.05; done
sleep 0.5
kill -9 "$FP" 2>/dev/null
wait "$FP" 2>/dev/null
[ "$before" = "$(snapshot)" ] && ok "kill -9 mid-download leaves the cache as it was" ||
    bad "kill -9 mid-download changed the cache"

# --- a new version replaces the old -----------------------------------------
old_asset=$C/$src
fetch "$U/v2/feed.json" 10
seq_now=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sequence"])' "$C/playlist.json")
if [ "$rc" -eq 0 ] && [ "$seq_now" = 2 ] && [ ! -e "$old_asset" ] &&
    [ "$(ls "$C/gen" | wc -l)" -eq 1 ] && [ -z "$(ls -A "$C/tmp")" ]; then
    ok "new version replaces the old, old generation collected, no staging left ($out)"
else
    bad "new version: exit $rc $out; gen: $(ls "$C/gen") tmp: $(ls -A "$C/tmp")"
fi

# --- replays and equal sequences ---------------------------------------------
refused "replay of an older sequence" "$U/v1/feed.json" 5 "replay"
mkdir -p "$WWW/same"
cp "$WWW/v2/b.png" "$WWW/same/"
feed same 2 "khác" b.png "$(sha "$WWW/b.png")"
sign same
refused "same sequence, different content" "$U/same/feed.json" 5 "raise"
fetch "$U/v2/feed.json" 10
echo "$out" | grep -q unchanged && [ "$rc" -eq 0 ] && ok "same signed feed again is unchanged" ||
    bad "same feed again: exit $rc $out"

# Backoff is recorded and survives: state.json holds the next attempt.
python3 - "$C/state.json" <<'PY' && ok "state.json records sequence, ETag and next attempt" || bad "state.json incomplete"
import json, sys, time
s = json.load(open(sys.argv[1]))
assert s["sequence"] == 2 and s["etag"].startswith('"') and s["next_attempt"] > time.time()
PY

# --- issue 21: every install rehashes every image it will use ----------------
# cur_img: the installed playlist's image, as a path inside the cache.
cur_img() {
    python3 -c 'import json,sys; d=sys.argv[1]; print(d + "/" + [i["src"] for i in json.load(open(d + "/playlist.json"))["items"] if i["type"]=="image"][0])' "$C"
}
good_img() { [ "$(sha "$(cur_img)")" = "$1" ]; }
want_b=$(sha "$WWW/b.png")
printf '\377\377' | dd of="$(cur_img)" bs=1 seek=100 conv=notrunc 2>/dev/null
fetch "$U/v2/feed.json" 10
if [ "$rc" -eq 0 ] && good_img "$want_b"; then ok "flipped bytes after a 304 are fetched again ($out)"; else bad "damaged image kept after a 304: exit $rc $out"; fi
rm -f "$(cur_img)"
fetch "$U/v2/feed.json" 10
if [ "$rc" -eq 0 ] && good_img "$want_b"; then ok "a missing image after a 304 is fetched again"; else bad "missing image after a 304: exit $rc $out"; fi
# A new signed feed naming the same sha256 over a truncated cached copy.
truncate -s 300 "$(cur_img)"
mkdir -p "$WWW/v3"
cp "$WWW/b.png" "$WWW/v3/b.png"
feed v3 3 v3 b.png "$want_b"
sign v3
fetch "$U/v3/feed.json" 10
if [ "$rc" -eq 0 ] && good_img "$want_b"; then ok "a truncated cached copy is never reused by a new feed"; else bad "new feed installed over bytes it never signed: exit $rc $(sha "$(cur_img)")"; fi

# --- links and odd files inside the cache are never followed ------------------
OUT=$W/outside
mkdir -p "$OUT"
echo precious >"$OUT/keep.txt"
rm -rf "$C/tmp"
ln -s "$OUT" "$C/tmp"
refused "a symlink planted as CACHE/tmp" "$U/v3/feed.json" 5 "symbolic link"
[ -f "$OUT/keep.txt" ] && ok "nothing deleted through CACHE/tmp" || bad "a file outside the cache was deleted through CACHE/tmp"
rm -f "$C/tmp"
ln -s "$OUT" "$C/assets"
mkdir -p "$WWW/v4"
cp "$WWW/a.png" "$WWW/v4/a.png"
feed v4 4 v4 a.png "$(sha "$WWW/a.png")"
sign v4
fetch "$U/v4/feed.json" 10
if [ "$rc" -eq 0 ] && [ -f "$OUT/keep.txt" ] && echo "$out" | grep -q "symbolic link"; then
    ok "a symlink planted as CACHE/assets is reported, never deleted through"
else
    bad "CACHE/assets symlink: exit $rc, keep.txt $( [ -f "$OUT/keep.txt" ] && echo kept || echo DELETED): $out"
fi
rm -f "$C/assets"
G=$(ls "$C/gen" | head -1)
ln -s "$OUT/keep.txt" "$C/gen/$G/$(sha "$WWW/a.png").png.link"
ln -sfn "$OUT" "$C/gen/0-0000000000000000"
fetch "$U/v2/feed.json" 5 >/dev/null
fetch "$U/v4/feed.json" 5
[ -f "$OUT/keep.txt" ] && ok "links inside generations are never followed" || bad "a link inside gen/ was followed"
rm -f "$C/gen/0-0000000000000000"

# --- one writer at a time: a by-hand fetch waits for the board's ------------
mkdir -p "$WWW/v5"
cp "$WWW/b.png" "$WWW/v5/b.png"
feed v5 5 v5 b.png "$want_b"
sign v5
flock "$C/.lock" sleep 2 &
HOLD=$!
sleep 0.3
t0=$(date +%s.%N)
fetch "$U/v5/feed.json" 10
waited=$(echo "$(date +%s.%N) - $t0" | bc)
wait "$HOLD"
if [ "$rc" -eq 0 ] && echo "$out" | grep -q "waiting" && [ "$(echo "$waited > 1.2" | bc)" -eq 1 ]; then
    ok "a second writer waits for the lock, then installs (${waited%????} s)"
else
    bad "second writer: exit $rc after $waited s: $out"
fi
# The generation with the planted links was collected by that install: the
# links went by name, their targets stayed, later cycles are not blocked.
fetch "$U/v5/feed.json" 5
if [ "$rc" -eq 0 ] && [ -f "$OUT/keep.txt" ] && [ -z "$(ls -A "$C/tmp" 2>/dev/null)" ]; then
    ok "links left in an old generation never block later cycles"
else
    bad "after collecting planted links: exit $rc: $out; tmp: $(ls -A "$C/tmp")"
fi

# --- errors that say what happened ----------------------------------------
LC=$W/lockdir
mkdir -p "$LC/.lock"
out=$("$BIN" fetch --feed "$U/v4/feed.json" --cache "$LC" --pubkey "$W/k.pub" --timeout 5 --once 2>&1)
echo "$out" | grep -q "is a directory" && ! echo "$out" | grep -q "another fetch" &&
    ok "a .lock that is a directory says so ($out)" || bad ".lock directory: $out"
RO=$W/ro
mkdir -p "$RO"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o ro,size=1m tmpfs "$RO" 2>/dev/null; then
    out=$("$BIN" fetch --feed "$U/v4/feed.json" --cache "$RO" --pubkey "$W/k.pub" --timeout 5 --once 2>&1)
    umount "$RO"
    echo "$out" | grep -q "read-only" && ! echo "$out" | grep -q "another fetch" &&
        ok "a read-only cache says so ($out)" || bad "read-only cache: $out"
else
    chmod 555 "$RO"
    out=$("$BIN" fetch --feed "$U/v4/feed.json" --cache "$RO" --pubkey "$W/k.pub" --timeout 5 --once 2>&1)
    echo "$out" | grep -q "permission" && ok "an unwritable cache says so ($out)" || bad "unwritable cache: $out"
fi
refused "a 2 MB response header" "$U/_bighdr/v4/feed.json" 5 "headers larger"
refused "40,000 response headers" "$U/_manyhdr/v4/feed.json" 5 "headers larger"
for s in -5 2.5 1e19 '"9"' 0 true; do
    name=$(echo "$s" | tr -dc '0-9a-z.-')
    mkdir -p "$WWW/seq$name"
    cp "$WWW/a.png" "$WWW/seq$name/a.png"
    feed "seq$name" "$s" x a.png "$(sha "$WWW/a.png")"
    sign "seq$name"
    refused "sequence $s" "$U/seq$name/feed.json" 5 "sequence"
    echo "$out" | grep -q 'has no "sequence"' && bad "sequence $s is reported as missing: $out"
done

# --- sequences are exact integers ---------------------------------------------
EX=$W/exact
for s in 5000000000000009 9007199254740991 9007199254740993 9223372036854775807; do
    rm -rf "$EX"
    mkdir -p "$WWW/big$s"
    cp "$WWW/a.png" "$WWW/big$s/a.png"
    feed "big$s" "$s" x a.png "$(sha "$WWW/a.png")"
    sign "big$s"
    o1=$("$BIN" fetch --feed "$U/big$s/feed.json" --cache "$EX" --pubkey "$W/k.pub" --timeout 5 --once 2>&1)
    r1=$?
    # A server without ETags: the same bytes again must be "unchanged".
    python3 - "$EX/state.json" "$s" <<'PY' || true
import json, sys
st = json.load(open(sys.argv[1]))
st["etag"] = ""
json.dump(st, open(sys.argv[1], "w"))
PY
    o2=$("$BIN" fetch --feed "$U/big$s/feed.json" --cache "$EX" --pubkey "$W/k.pub" --timeout 5 --once 2>&1)
    r2=$?
    gen=$(ls "$EX/gen")
    if [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && echo "$o2" | grep -q "unchanged, sequence $s" &&
        grep -q "\"sequence\":[[:space:]]*$s[,}]\?$" "$EX/state.json" &&
        grep -q "\"sequence\":[[:space:]]*$s," "$EX/playlist.json" && [ "$(echo "$gen" | wc -l)" -eq 1 ]; then
        ok "sequence $s is stored exactly and the same feed is unchanged"
    else
        bad "sequence $s: '$o1' then '$o2'; state: $(grep sequence "$EX/state.json")"
    fi
done

# --- a cache of the layout before generations --------------------------------
L=$W/legacy
mkdir -p "$L/assets" "$WWW/v6"
cp "$WWW/a.png" "$L/assets/$(sha "$WWW/a.png").png"
python3 - "$L" "$(sha "$WWW/a.png")" <<'PY'
import json, sys
d, h = sys.argv[1], sys.argv[2]
json.dump({"version": 1, "sequence": 5, "items": [{"id": "info", "type": "image",
           "src": "assets/%s.png" % h, "sha256": h}]}, open(d + "/playlist.json", "w"))
json.dump({"version": 1, "sequence": 5, "items": []}, open(d + "/feed.json", "w"))
PY
# Sequence 6 names the same image under a path the server does not have:
# only the rehashed copy of the old layout can satisfy it.
feed v6 6 v6 gone.png "$(sha "$WWW/a.png")"
sign v6
Cmain=$C
C=$L
refused "a replay against the old layout's sequence" "$U/v4/feed.json" 5 "older than the installed 5"
fetch "$U/v6/feed.json" 5
C=$Cmain
if [ "$rc" -eq 0 ] && [ ! -e "$L/assets" ] && [ ! -e "$L/feed.json" ] && [ "$(ls "$L/gen" | wc -l)" -eq 1 ] &&
    "$BIN" check "$L/playlist.json" >/dev/null 2>&1; then
    ok "an older cache upgrades: its image reused after a rehash, the old layout collected"
else
    bad "older cache: exit $rc: $out; $(ls -A "$L")"
fi

# --- check --feed and the board agree on every src ---------------------------
# What `check --feed --config` passes the board fetches, and what it fails
# the board refuses: staff who ran check are never surprised by the board.
mkdir -p "$WWW/agree/img" "$WWW/agree/a:b"
cp "$WWW/a.png" "$WWW/agree/img/a.png"
cp "$WWW/a.png" "$WWW/agree/a:b/a.png"
printf '{"feed": {"url": "%s/agree/feed.json", "pubkey": "%s/k.pub"}, "cache": "%s/agree-cache"}\n' \
    "$U" "$W" "$W" >"$W/agree.json"
for src in img/a.png "$U/agree/img/a.png" "HTTP://127.0.0.1:$PORT/agree/img/a.png" "$U/v1/img/a.png" \
    "a:b/a.png" "http://localhost:$PORT/agree/img/a.png" "$U/agree/../agree/img/a.png" \
    "$U/agree/img/a.png?v=2" "$U/agree//img/a.png" "img/./a.png" "/agree/img/a.png" "file:///etc/passwd"; do
    feed agree 100 agree "$src" "$(sha "$WWW/a.png")"
    sign agree
    "$BIN" check "$WWW/agree/feed.json" --feed --config "$W/agree.json" >"$W/agree.out" 2>&1
    crc=$?
    rm -rf "$W/agree-cache"
    "$BIN" fetch --feed "$U/agree/feed.json" --cache "$W/agree-cache" --pubkey "$W/k.pub" --timeout 5 \
        --once >"$W/agree.fetch" 2>&1
    frc=$?
    if [ $crc -eq 0 ] && [ $frc -eq 0 ] && "$BIN" check "$W/agree-cache/playlist.json" >/dev/null 2>&1; then
        ok "src $src: check passes it and the board fetches and shows it"
    elif [ $crc -eq 1 ] && [ $frc -eq 3 ]; then
        ok "src $src: check fails it and the board refuses it ($(grep -o 'error: .*' "$W/agree.out" | head -1 | cut -c1-70)...)"
    else
        bad "src $src: check exit $crc ($(cat "$W/agree.out")), fetch exit $frc ($(cat "$W/agree.fetch"))"
    fi
done

# --- usage -------------------------------------------------------------------
"$BIN" fetch --feed "$U/v2/feed.json" --cache "$C" >/dev/null 2>&1
[ $? -eq 2 ] && ok "missing --once is a usage error" || bad "missing --once not a usage error"
"$BIN" fetch --help | grep -q -- "--pubkey" && ok "fetch --help" || bad "fetch --help"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
