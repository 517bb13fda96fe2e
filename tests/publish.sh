#!/bin/sh
# SPDX-License-Identifier: MIT
# bangtin publish, end to end, as office staff and a board would meet it:
# real minisign keys (password-protected, made by `minisign -G` with the
# password on stdin, and unprotected, -W), the folder served by Python's
# http.server on 127.0.0.1, fetched by `bangtin fetch --once`, verified by
# `minisign -V`. Every refused publication must leave DIR byte-identical.
set -u
BIN=$1
command -v minisign >/dev/null 2>&1 || { echo "SKIP: minisign is not installed"; exit 77; }
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
W=$(mktemp -d /tmp/bangtin-publish-XXXXXX)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

# Real PNG files: mkpng OUT WIDTH SEED (random pixels, so no two match).
mkpng() {
    "$PY" - "$1" "$2" "$3" <<'PY'
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
# The whole tree: every path (directories too) and every file's hash.
tree() { (cd "$1" 2>/dev/null && find . | LC_ALL=C sort && find . -type f | LC_ALL=C sort | xargs -r sha256sum) || echo "(absent)"; }
seq_of() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("sequence"))' "$1"; }

# Keys, as docs/SIGNING.md tells staff to make them.
printf 'mật khẩu 2026\nmật khẩu 2026\n' | minisign -G -p "$W/office.pub" -s "$W/office.key" >/dev/null 2>&1 ||
    { echo "minisign -G failed"; exit 1; }
minisign -G -W -p "$W/plain.pub" -s "$W/plain.key" >/dev/null 2>&1
minisign -G -W -p "$W/other.pub" -s "$W/other.key" >/dev/null 2>&1
grep -q "^RWRTY0Iy" "$W/office.key" && ok "office.key is password-protected (scrypt)" || bad "office.key not encrypted"

S=$W/src D=$W/www/bangtin C=$W/cache
mkdir -p "$S/assets" "$W/www"
mkpng "$S/assets/Poster.png" 32 1
mkpng "$S/assets/b.png" 40 2
mkpng "$S/assets/c.png" 24 3
cat >"$S/playlist.json" <<'J'
{
  "version": 1,
  "name": "UBND phường Minh Xuân",
  "sequence": 41,
  "items": [
    { "id": "nq57", "type": "text", "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ" },
    { "id": "poster", "type": "image", "src": "assets/Poster.png" },
    { "id": "b", "type": "image", "src": "assets/b.png", "fit": "cover" }
  ]
}
J

# --- 1. password-protected key, password on stdin ----------------------------
out=$(printf 'mật khẩu 2026\n' | "$BIN" publish "$S/playlist.json" --key "$W/office.key" --out "$D" 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -f "$D/playlist.json" ] && [ -f "$D/playlist.json.minisig" ]; then
    ok "publish with the protected key ($(echo "$out" | head -n 1))"
else
    bad "publish with the protected key: exit $rc: $out"
fi
[ "$(seq_of "$D/playlist.json")" = 42 ] && ok "sequence raised above the playlist's 41" ||
    bad "sequence is $(seq_of "$D/playlist.json"), want 42"
minisign -V -q -p "$W/office.pub" -m "$D/playlist.json" && ok "minisign -V verifies DIR/playlist.json" ||
    bad "minisign -V refuses the signature"
sed -n 2p "$D/playlist.json.minisig" | "$PY" -c 'import base64,sys; sys.exit(base64.b64decode(sys.stdin.read())[:2] != b"ED")' &&
    ok "signature is prehashed (ED)" || bad "signature is not ED"
"$PY" - "$D" "$S" <<'PY' && ok "every image copied under its content name, sha256 filled" || bad "assets or sha256 wrong"
import hashlib, json, os, sys
d, s = sys.argv[1], sys.argv[2]
pl = json.load(open(os.path.join(d, "playlist.json")))
src = {it["id"]: it for it in json.load(open(os.path.join(s, "playlist.json")))["items"]}
for it in pl["items"]:
    if it["type"] != "image":
        continue
    h = hashlib.sha256(open(os.path.join(s, src[it["id"]]["src"]), "rb").read()).hexdigest()
    assert it["sha256"] == h, it
    assert it["src"] == "assets/%s.png" % h, it
    assert hashlib.sha256(open(os.path.join(d, it["src"]), "rb").read()).hexdigest() == h
PY
cmp -s "$S/playlist.json" - <<'J' && ok "the playlist staff edit is left as it was" || bad "source playlist changed"
{
  "version": 1,
  "name": "UBND phường Minh Xuân",
  "sequence": 41,
  "items": [
    { "id": "nq57", "type": "text", "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ" },
    { "id": "poster", "type": "image", "src": "assets/Poster.png" },
    { "id": "b", "type": "image", "src": "assets/b.png", "fit": "cover" }
  ]
}
J

# --- 2. a board fetches it over HTTP -----------------------------------------
"$PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$W/www" >"$W/http.log" 2>&1 &
SRV=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$W/http.log" | head -n 1)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "http.server did not start: $(cat "$W/http.log")"; exit 1; }
URL=http://127.0.0.1:$PORT/bangtin/playlist.json
fetch() { "$BIN" fetch --feed "$URL" --cache "$C" --pubkey "$1" --timeout 20 --once 2>&1; }
out=$(fetch "$W/office.pub")
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "installed sequence 42"; then
    ok "bangtin fetch --once installs it from http.server ($out)"
else
    bad "fetch: exit $rc: $out"
fi
"$BIN" check "$C/playlist.json" --size 384x192 >"$W/check.out" 2>&1 &&
    ok "the board's copy checks clean" || bad "board's copy: $(cat "$W/check.out")"

# --- 3. publishing again raises the sequence; old images linger one round ----
sed -i 's/assets\/b.png/assets\/c.png/' "$S/playlist.json"
out=$(printf 'mật khẩu 2026\n' | "$BIN" publish "$S/playlist.json" --key "$W/office.key" --out "$D" 2>&1)
[ $? -eq 0 ] && [ "$(seq_of "$D/playlist.json")" = 43 ] && ok "second publication: sequence 43" ||
    bad "second publication: $out; sequence $(seq_of "$D/playlist.json")"
n=$(ls "$D/assets" | wc -l)
[ "$n" -eq 3 ] && ok "the previous set's images stay for boards mid-fetch (3 files)" || bad "assets: $n files"
out=$(fetch "$W/office.pub")
echo "$out" | grep -q "installed sequence 43" && ok "the board takes sequence 43 ($out)" || bad "fetch 43: $out"
sed -i 's/assets\/Poster.png/assets\/c.png/' "$S/playlist.json"
"$BIN" publish "$S/playlist.json" --key "$W/plain.key" --pubkey "$W/plain.pub" --out "$W/plainout" </dev/null >"$W/o" 2>&1 &&
    minisign -V -q -p "$W/plain.pub" -m "$W/plainout/playlist.json" &&
    ok "unprotected key (-W): published, minisign -V verifies, no password read" || bad "unprotected key: $(cat "$W/o")"
out=$(printf 'mật khẩu 2026\n' | "$BIN" publish "$S/playlist.json" --key "$W/office.key" --out "$D" 2>&1)
n=$(ls "$D/assets" | wc -l)
bsha=$(sha256sum "$S/assets/b.png" | cut -d' ' -f1)
[ "$(seq_of "$D/playlist.json")" = 44 ] && [ "$n" -eq 2 ] && [ ! -e "$D/assets/$bsha.png" ] &&
    ok "third publication: the image neither of the last two sets uses is removed (2 left)" ||
    bad "GC: $n files, $out"
out=$(fetch "$W/office.pub")
echo "$out" | grep -q "installed sequence 44" && ok "the board takes sequence 44" || bad "fetch 44: $out"

# --- 4. refusals leave DIR byte-identical -------------------------------------
refused() { # NAME EXIT WORD [publish args...], password on stdin from $PW
    name=$1 want=$2 word=$3
    shift 3
    before=$(tree "$D")
    if [ "$PW" = NONE ]; then
        out=$("$BIN" publish "$@" 2>&1 </dev/null)
    else
        out=$(printf '%s\n' "$PW" | "$BIN" publish "$@" 2>&1)
    fi
    rc=$?
    after=$(tree "$D")
    if [ $rc -ne "$want" ]; then
        bad "$name: exit $rc, want $want: $out"
    elif ! echo "$out" | grep -qi -- "$word"; then
        bad "$name: output does not say '$word': $out"
    elif [ "$before" != "$after" ]; then
        bad "$name: DIR changed"
    else
        ok "$name refused, DIR byte-identical: $(echo "$out" | tail -n 1)"
    fi
}
PW='mật khẩu 2026'
cp -r "$S" "$W/broken"
printf '{"version": 1, "items": [ {"id": "a", "type": "text", "text": "x"} ' >"$W/broken/playlist.json"
refused "broken playlist" 1 "error" "$W/broken/playlist.json" --key "$W/office.key" --out "$D"
cp -r "$S" "$W/missing"
rm "$W/missing/assets/c.png"
refused "missing image" 1 "c.png" "$W/missing/playlist.json" --key "$W/office.key" --out "$D"
cp -r "$S" "$W/fake"
echo "not a picture" >"$W/fake/assets/c.png"
refused "fake image" 1 "c.png" "$W/fake/playlist.json" --key "$W/office.key" --out "$D"
cp -r "$S" "$W/cut"
head -c 60 "$S/assets/c.png" >"$W/cut/assets/c.png"
refused "truncated image" 1 "c.png" "$W/cut/playlist.json" --key "$W/office.key" --out "$D"
PW='wrong password'
refused "wrong password" 3 "wrong password" "$S/playlist.json" --key "$W/office.key" --out "$D"
PW='mật khẩu 2026'
refused "key not matching --pubkey" 3 "does not belong" "$S/playlist.json" --key "$W/office.key" --pubkey "$W/other.pub" --out "$D"
sed '2s/^RWRT/RWRU/' "$W/office.key" >"$W/damaged.key"
refused "damaged key file" 3 "damaged" "$S/playlist.json" --key "$W/damaged.key" --pubkey "$W/office.pub" --out "$D"
head -c 80 "$W/plain.key" >"$W/cut.key"
refused "truncated key file" 3 "damaged" "$S/playlist.json" --key "$W/cut.key" --pubkey "$W/plain.pub" --out "$D"
PW=NONE
refused "no password on stdin" 3 "password" "$S/playlist.json" --key "$W/office.key" --out "$D"
"$BIN" publish "$W/broken/playlist.json" --key "$W/plain.key" --out "$W/fresh" >/dev/null 2>&1
[ ! -e "$W/fresh" ] && ok "a refused first publication creates no folder" || bad "refused publication created DIR"
out=$(fetch "$W/office.pub")
echo "$out" | grep -q "unchanged, sequence 44" && ok "after the refusals the board sees nothing new ($out)" || bad "after refusals: $out"


# --- 6. a board fetching while staff publish sees the old set or the new ----
# Five publications in a row (the -W key: no scrypt wait) while a second
# board fetches in a loop; after every fetch its cache is one whole set:
# the playlist's sequence is one that was published and every image it
# names is there with the signed hash.
R=$W/race C2=$W/cache2
mkdir -p "$R/src/assets"
cp "$S/assets/"*.png "$R/src/assets/"
mkdir -p "$W/www/race"
RURL=http://127.0.0.1:$PORT/race/playlist.json
i=0
for img in Poster.png b.png c.png Poster.png b.png c.png; do
    i=$((i + 1))
    printf '{"version": 1, "items": [{"id": "t", "type": "text", "text": "Bản %d"}, {"id": "a", "type": "image", "src": "assets/%s"}]}\n' "$i" "$img" >"$R/src/p$i.json"
done
"$BIN" publish "$R/src/p1.json" --key "$W/plain.key" --out "$W/www/race" >/dev/null 2>&1
(
    for i in 2 3 4 5 6; do
        sleep 0.3
        "$BIN" publish "$R/src/p$i.json" --key "$W/plain.key" --out "$W/www/race" >/dev/null 2>&1
    done
) &
PUB=$!
fetches=0 installs=0 mixed=0 refusals=0
while kill -0 "$PUB" 2>/dev/null || [ $fetches -lt 3 ]; do
    out=$("$BIN" fetch --feed "$RURL" --cache "$C2" --pubkey "$W/plain.pub" --timeout 20 --once 2>&1)
    case $out in
    installed*) installs=$((installs + 1)) ;;
    unchanged*) ;;
    *) refusals=$((refusals + 1)); echo "# refused mid-publication: $out" ;;
    esac
    fetches=$((fetches + 1))
    "$PY" - "$C2" <<'PY' || mixed=$((mixed + 1))
import hashlib, json, os, sys
d = sys.argv[1]
if not os.path.exists(os.path.join(d, "playlist.json")):
    sys.exit(0)  # a first fetch refused mid-swap: nothing installed yet
pl = json.load(open(os.path.join(d, "playlist.json")))
assert 1 <= pl["sequence"] <= 6
for it in pl["items"]:
    if it["type"] == "image":
        data = open(os.path.join(d, it["src"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == it["sha256"]
PY
    [ $fetches -ge 200 ] && break
done
wait "$PUB"
out=$("$BIN" fetch --feed "$RURL" --cache "$C2" --pubkey "$W/plain.pub" --timeout 20 --once 2>&1)
if [ $mixed -eq 0 ] && [ "$(seq_of "$C2/playlist.json")" = 6 ]; then
    ok "fetching during 5 publications: $fetches fetches, $installs installs, $refusals refused, never a mixed set; then sequence 6"
else
    bad "fetching during publications: $mixed mixed caches, final $(seq_of "$C2/playlist.json") ($out)"
fi

# --- 5. usage ----------------------------------------------------------------
"$BIN" publish --help | grep -q "Usage: bangtin publish PLAYLIST --key SECRET_KEY --out DIR" &&
    ok "--help" || bad "--help"
"$BIN" publish "$S/playlist.json" --out "$D" >/dev/null 2>&1
[ $? -eq 2 ] && ok "no --key is a usage error" || bad "no --key"
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" publish --help | grep -q "Cách dùng: bangtin publish" &&
    ok "--help in Vietnamese" || bad "--help in Vietnamese"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
