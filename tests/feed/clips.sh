#!/bin/sh
# SPDX-License-Identifier: MIT
# Clips in a feed, end to end with the real tools: an MP4 (H.264), a WebM
# (VP9) and an animated GIF made by Debian's ffmpeg here, published with
# `bangtin publish` (minisign key made by `minisign -G -W`), served by
# `python3 -m http.server` on 127.0.0.1 and fetched by `bangtin fetch
# --once`; the cached playlist renders offline with each clip's first
# picture. A clip whose bytes are not the signed ones, one over the cap, a
# damaged cached copy, a clip `check` refuses: each is caught, and what a
# refusal leaves is byte-identical.
set -u
BIN=$1
for tool in minisign ffmpeg python3 truncate; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is not installed"; exit 77; }
done
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
W=$(mktemp -d /tmp/bangtin-clips-XXXXXX)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
ff() { ffmpeg -nostdin -v error -y "$@" || bad "ffmpeg $*"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# Every path under DIR (directories too) and every file's hash.
tree() { (cd "$1" && find . | LC_ALL=C sort && find . -type f | LC_ALL=C sort | xargs -r sha256sum); }
# The colour at the middle of a PNG, decoded by ffmpeg: "R G B".
middle() {
    ffmpeg -nostdin -v error -i "$1" -f rawvideo -pix_fmt rgb24 - 2>/dev/null |
        "$PY" -c 'import sys
w, h = int(sys.argv[1]), int(sys.argv[2]); d = sys.stdin.buffer.read()
i = ((h // 2) * w + w // 2) * 3
print(*d[i:i + 3]) if len(d) == w * h * 3 else print("none")' "$2" "$3"
}
# near "R G B" R G B: every channel within 40.
near() {
    "$PY" -c 'import sys
a = sys.argv[1].split(); b = sys.argv[2:]
sys.exit(0 if len(a) == 3 and all(abs(int(x) - int(y)) <= 40 for x, y in zip(a, b)) else 1)' "$@"
}

minisign -G -W -p "$W/office.pub" -s "$W/office.key" >/dev/null 2>&1 || { echo "minisign -G failed"; exit 1; }

# --- 1. clips made here, published ------------------------------------------
S=$W/src D=$W/www/feed C=$W/cache
mkdir -p "$S/clips" "$W/www"
ff -f lavfi -i "color=c=red:s=160x80:r=10:d=2" -c:v libx264 -pix_fmt yuv420p "$S/clips/Chào mừng.mp4"
ff -f lavfi -i "color=c=blue:s=160x80:r=10:d=2" -c:v libvpx-vp9 -b:v 100k "$S/clips/b.webm"
ff -f lavfi -i "color=c=lime:s=32x32:r=5:d=0.4" -f lavfi -i "color=c=yellow:s=32x32:r=5:d=0.4" \
    -filter_complex "[0][1]concat=n=2:v=1" "$S/anim.gif"
ff -f lavfi -i "color=c=magenta:s=32x32:r=5:d=0.4" -f lavfi -i "color=c=cyan:s=32x32:r=5:d=0.4" \
    -filter_complex "[0][1]concat=n=2:v=1" -c:v libwebp_anim -lossless 1 -loop 0 "$S/anim.webp"
cat >"$S/playlist.json" <<'J'
{
  "version": 1,
  "name": "UBND phường Minh Xuân",
  "sequence": 1,
  "items": [
    { "id": "nq57", "type": "text", "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ" },
    { "id": "clip", "type": "video", "src": "clips/Chào mừng.mp4", "fit": "cover" },
    { "id": "webm", "type": "video", "src": "clips/b.webm", "duration": 2 },
    { "id": "anim", "type": "image", "src": "anim.gif" },
    { "id": "awebp", "type": "image", "src": "anim.webp" }
  ]
}
J
publish() { "$BIN" publish "$S/playlist.json" --key "$W/office.key" --out "$D" 2>&1; }
out=$(publish)
rc=$?
[ $rc -eq 0 ] && ok "publish takes two clips, an animated GIF and an animated WebP" || bad "publish: exit $rc: $out"
MP4=$(sha "$S/clips/Chào mừng.mp4") WEBM=$(sha "$S/clips/b.webm") GIF=$(sha "$S/anim.gif")
WEBP=$(sha "$S/anim.webp")
for f in "$MP4.mp4" "$WEBM.webm" "$GIF.gif" "$WEBP.webp"; do
    if [ -f "$D/assets/$f" ] && [ "$(sha "$D/assets/$f")" = "${f%.*}" ]; then
        ok "publish stored assets/$f (named by its content and type)"
    else
        bad "no assets/$f: $(ls "$D/assets")"
    fi
done
if grep -q "\"src\": \"assets/$MP4.mp4\"" "$D/playlist.json" &&
    grep -q "\"sha256\": \"$WEBM\"" "$D/playlist.json"; then
    ok "the published playlist names the clips by content, with their sha256"
else
    bad "published playlist: $(cat "$D/playlist.json")"
fi
minisign -Vm "$D/playlist.json" -p "$W/office.pub" >/dev/null 2>&1 &&
    ok "minisign -V verifies the published playlist" || bad "minisign -V refuses it"

# --- 2. clips publish refuses; DIR stays byte-identical ---------------------
tree "$D" >"$W/d.before"
cp "$S/playlist.json" "$W/good.json"
refuse_pub() { # NAME WORD
    out=$(publish)
    rc=$?
    tree "$D" >"$W/d.after"
    if [ $rc -eq 1 ] && echo "$out" | grep -q "$2" && cmp -s "$W/d.before" "$W/d.after"; then
        ok "publish refuses $1 and leaves the feed folder as it was"
    else
        bad "publish $1: exit $rc: $out"
    fi
    cp "$W/good.json" "$S/playlist.json"
}
# Half of a clip long enough that its end matters.
ff -f lavfi -i "testsrc=s=160x80:r=10:d=4" -c:v libx264 -pix_fmt yuv420p "$S/clips/full.mp4"
head -c $(($(wc -c <"$S/clips/full.mp4") / 2)) "$S/clips/full.mp4" >"$S/clips/cut.mp4"
sed -i 's|clips/b.webm|clips/cut.mp4|' "$S/playlist.json"
refuse_pub "a clip cut short (as check does)" "cut.mp4"
truncate -s 513M "$S/clips/huge.mp4"
sed -i 's|clips/b.webm|clips/huge.mp4|' "$S/playlist.json"
refuse_pub "a 513 MB clip (the cap is 512 MB)" "at most 512 MB"
rm -f "$S/clips/huge.mp4" "$S/clips/cut.mp4" "$S/clips/full.mp4"
cp "$S/anim.gif" "$S/clips/fake.mp4"
sed -i 's|clips/b.webm|clips/fake.mp4|' "$S/playlist.json"
refuse_pub "a GIF named .mp4 in a video item" "fake.mp4"
rm -f "$S/clips/fake.mp4"

# --- 3. a board fetches it, renders it offline -------------------------------
"$PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$W/www" >"$W/http.log" 2>&1 &
SRV=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$W/http.log" | head -n 1)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "http.server did not start: $(cat "$W/http.log")"; exit 1; }
URL=http://127.0.0.1:$PORT/feed/playlist.json
fetch() { "$BIN" fetch --feed "$URL" --cache "$C" --pubkey "$W/office.pub" --timeout 30 --once 2>&1; }
out=$(fetch)
rc=$?
[ $rc -eq 0 ] && ok "bangtin fetch --once installs the feed with its clips" || bad "fetch: exit $rc: $out"
G=$(ls "$C/gen" 2>/dev/null | head -n 1)
if [ -n "$G" ] && cmp -s "$C/gen/$G/$MP4.mp4" "$S/clips/Chào mừng.mp4" &&
    cmp -s "$C/gen/$G/$WEBM.webm" "$S/clips/b.webm" && cmp -s "$C/gen/$G/$GIF.gif" "$S/anim.gif" &&
    cmp -s "$C/gen/$G/$WEBP.webp" "$S/anim.webp"; then
    ok "the generation holds both clips, the GIF and the WebP, byte for byte"
else
    bad "generation $G: $(ls "$C/gen/$G" 2>&1)"
fi
grep -q "\"src\": \"gen/$G/$MP4.mp4\"" "$C/playlist.json" &&
    grep -q "\"src\": \"$WEBM.webm\"" "$C/gen/$G/playlist.json" &&
    ok "src is rewritten to the cached clip (gen/$G/… and relative in the generation)" ||
    bad "cached playlist: $(cat "$C/playlist.json")"

kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
R=$W/render
out=$("$BIN" render "$C/playlist.json" --out "$R" --size 160x80 2>&1)
rc=$?
[ $rc -eq 0 ] && ok "the cached playlist renders with the server gone" || bad "render: exit $rc: $out"
for c in "002-clip.png 255 0 0 the MP4" "003-webm.png 0 0 255 the WebM" "004-anim.png 0 255 0 the GIF" \
    "005-awebp.png 255 0 255 the WebP"; do
    set -- $c
    got=$(middle "$R/$1" 160 80)
    near "$got" "$2" "$3" "$4" && ok "render draws the first picture of $5 $6 ($got)" ||
        bad "$1: middle is $got, not $2 $3 $4 ($(ls "$R" 2>&1))"
done

# --- 4. refusals by the board: the installed playlist stays byte-identical ---
"$PY" -u -m http.server "$PORT" --bind 127.0.0.1 --directory "$W/www" >"$W/http.log" 2>&1 &
SRV=$!
for _ in $(seq 100); do grep -q "port" "$W/http.log" && break; sleep 0.1; done
snap() { (cd "$C" && find playlist.json gen -type f | LC_ALL=C sort | xargs sha256sum); }
refused() { # NAME WORD
    snap >"$W/c.before"
    out=$(fetch)
    rc=$?
    snap >"$W/c.after"
    if [ $rc -eq 3 ] && echo "$out" | grep -q "$2" && cmp -s "$W/c.before" "$W/c.after"; then
        ok "the board refuses $1; playlist.json and its generation are byte-identical"
    else
        bad "$1: exit $rc: $out; $(diff "$W/c.before" "$W/c.after")"
    fi
}
# A new publication whose clip is then swapped on the server.
ff -f lavfi -i "color=c=white:s=160x80:r=10:d=1" -c:v libx264 -pix_fmt yuv420p "$S/clips/b.mp4"
sed -i 's|clips/b.webm|clips/b.mp4|' "$S/playlist.json"
out=$(publish) || bad "publish 2: $out"
NEW=$(sha "$S/clips/b.mp4")
cp "$D/assets/$NEW.mp4" "$W/new.mp4"
ff -f lavfi -i "color=c=black:s=160x80:r=10:d=1" -c:v libx264 -pix_fmt yuv420p "$D/assets/$NEW.mp4"
refused "a clip whose bytes are not the signed sha256" "sha256 is"
rm "$D/assets/$NEW.mp4"
truncate -s 600M "$D/assets/$NEW.mp4"
refused "a 600 MB clip (the cap is 512 MiB)" "larger than the 536870912-byte limit"
cp "$W/new.mp4" "$D/assets/$NEW.mp4"

# A video item without sha256, signed by hand.
mkdir -p "$W/www/hand"
cat >"$W/www/hand/feed.json" <<J
{ "version": 1, "sequence": 99, "items": [
  { "id": "v", "type": "video", "src": "../feed/assets/$NEW.mp4" } ] }
J
sed -i "s|../feed/assets/$NEW.mp4|c.mp4|" "$W/www/hand/feed.json"
cp "$W/new.mp4" "$W/www/hand/c.mp4"
minisign -S -s "$W/office.key" -m "$W/www/hand/feed.json" >/dev/null 2>&1
snap >"$W/c.before"
out=$("$BIN" fetch --feed "http://127.0.0.1:$PORT/hand/feed.json" --cache "$C" \
    --pubkey "$W/office.pub" --timeout 20 --once 2>&1)
rc=$?
snap >"$W/c.after"
[ $rc -eq 3 ] && echo "$out" | grep -q "sha256" && cmp -s "$W/c.before" "$W/c.after" &&
    ok "a signed video item without sha256 is refused" || bad "no sha256: exit $rc: $out"

# --- 5. the good one installs; a damaged cached clip is never reused --------
out=$(fetch)
rc=$?
G2=$(sed -n 's|.*"src": "gen/\([^/]*\)/.*|\1|p' "$C/playlist.json" | head -n 1)
[ $rc -eq 0 ] && [ "$G2" != "$G" ] && cmp -s "$C/gen/$G2/$NEW.mp4" "$S/clips/b.mp4" &&
    ok "the next good publication installs (generation $G2)" || bad "fetch 2: exit $rc: $out"
# Damage the cached MP4 in place (same size), publish a third version.
printf 'XXXXXXXX' | dd of="$C/gen/$G2/$MP4.mp4" bs=1 seek=2000 conv=notrunc 2>/dev/null
sed -i 's|ĐẨY MẠNH|ĐẨY MẠNH HƠN|' "$S/playlist.json"
out=$(publish) || bad "publish 3: $out"
: >"$W/http.log"
out=$(fetch)
rc=$?
G3=$(sed -n 's|.*"src": "gen/\([^/]*\)/.*|\1|p' "$C/playlist.json" | head -n 1)
if [ $rc -eq 0 ] && cmp -s "$C/gen/$G3/$MP4.mp4" "$S/clips/Chào mừng.mp4" &&
    grep -q "GET /feed/assets/$MP4.mp4" "$W/http.log" &&
    ! grep -q "GET /feed/assets/$NEW.mp4" "$W/http.log"; then
    ok "a damaged cached clip is downloaded again; an intact one is reused (rehashed)"
else
    bad "reuse: exit $rc: $out; $(cat "$W/http.log")"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
