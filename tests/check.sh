#!/bin/sh
# SPDX-License-Identifier: MIT
# Black-box tests of `bangtin check`: exit codes, compiler-style lines on
# stdout, Vietnamese messages under LANG=vi_VN, the JSON Schema.
set -u
BIN=$1
ROOT=${BANGTIN_DATA_DIR:-$(dirname "$0")/..}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
T=$(mktemp -d /tmp/bangtin-check-XXXXXX)
trap 'rm -rf "$T"' EXIT

status() { "$@" >"$T/out" 2>"$T/err"; echo $?; }

[ "$(status "$BIN" check --help)" -eq 0 ] && grep -q "Usage: bangtin check" "$T/out" \
    && ok "--help" || bad "--help"
[ "$(status "$BIN" check)" -eq 2 ] && [ -s "$T/err" ] && ok "no file is a usage error" \
    || bad "no file is a usage error"
[ "$(status "$BIN" check a b)" -eq 2 ] && ok "two files is a usage error" || bad "two files"
[ "$(status "$BIN" check "$ROOT/playlists/demo.json" --size 12)" -eq 2 ] \
    && grep -q "WIDTHxHEIGHT" "$T/err" && ok "bad --size explained" || bad "bad --size"
[ "$(status "$BIN" check "$ROOT/playlists/demo.json" --today 2026-02-30)" -eq 2 ] \
    && ok "unreal --today refused" || bad "unreal --today"
[ "$(status "$BIN" check "$T/none.json")" -eq 3 ] && grep -q "none.json" "$T/err" \
    && ok "unreadable file is exit 3 with its name" || bad "unreadable file"

# The demo passes with no error and no warning on a TV and a 384x192 board.
for size in 1920x1080 384x192; do
    if [ "$(status "$BIN" check "$ROOT/playlists/demo.json" --size $size --today 2026-01-12)" -eq 0 ] \
        && ! grep -q ": error: \|: warning: " "$T/out"; then
        ok "demo passes at $size"
    else
        bad "demo passes at $size"; cat "$T/out" "$T/err"
    fi
done

# On a 192x96 board its one long slogan cannot fit at the smallest legible
# size: it scrolls, and check says so (and nothing else).
if [ "$(status "$BIN" check "$ROOT/playlists/demo.json" --size 192x96 --today 2026-01-12)" -eq 0 ] \
    && [ "$(grep -c ": warning: " "$T/out")" -eq 1 ] \
    && grep -q "item 5 (items\[4\].text): .*\[too-long\]" "$T/out"; then
    ok "demo at 192x96: the long slogan scrolls"
else
    bad "demo at 192x96: the long slogan scrolls"; cat "$T/out" "$T/err"
fi

# Warnings only: exit 0, the line says where and why.
cat >"$T/warn.json" <<'J'
{
  "version": 1,
  "items": [
    { "id": "a", "type": "clock", "colour": "#ffffff" }
  ]
}
J
[ "$(status "$BIN" check "$T/warn.json")" -eq 0 ] \
    && grep -qx "$T/warn.json:4:35: warning: item 1 (items\[0\].colour): unknown field \"colour\" in an item of type \"clock\": it is ignored; did you mean \"color\"? \[schema\]" "$T/out" \
    && ok "warnings only exit 0, compiler style" || { bad "warnings only"; cat "$T/out"; }

# An error: exit 1, the mistake's line and column, the summary.
cat >"$T/bad.json" <<'J'
{
  "version": 1,
  "items": [
    { "id": "a", "type": "text", "text": "Xin chào" }
    { "id": "b", "type": "clock" }
  ]
}
J
[ "$(status "$BIN" check "$T/bad.json")" -eq 1 ] \
    && grep -q "^$T/bad.json:4:54: error: missing comma" "$T/out" \
    && grep -q "items not counted until the JSON reads, 1 errors, 0 warnings" "$T/out" \
    && ok "missing comma: exit 1 at 4:54" || { bad "missing comma"; cat "$T/out"; }

cat >"$T/dur.json" <<'J'
{"version": 1, "items": [{"id": "a", "type": "clock", "duration": "10s"}]}
J
[ "$(status "$BIN" check "$T/dur.json")" -eq 1 ] \
    && grep -q 'item 1 (items\[0\].duration): expected a number of seconds like 10, got the text "10s"' "$T/out" \
    && ok "duration message a clerk can act on" || { bad "duration message"; cat "$T/out"; }

# Vietnamese when LANG is vi_*, even without a generated vi_VN locale.
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$T/bad.json" >"$T/out" 2>&1
grep -q "thiếu dấu phẩy" "$T/out" && ok "Vietnamese messages" || { bad "Vietnamese"; cat "$T/out"; }
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$T/dur.json" >"$T/out" 2>&1
grep -q "nhưng gặp chữ \"10s\"" "$T/out" && ok "Vietnamese field message" \
    || { bad "Vietnamese field message"; cat "$T/out"; }
LANG=en_GB.UTF-8 LC_ALL= "$BIN" check "$T/bad.json" | grep -q "missing comma" \
    && ok "English otherwise" || bad "English otherwise"

# The text checks and the config speak Vietnamese too (issue 4).
cat >"$T/vitext.json" <<'J'
{"version": 1, "items": [
 {"id": "a", "type": "text", "text": "DAY MANH CHUYEN DOI SO TRONG CAC CO QUAN NHA NUOC"},
 {"id": "b", "type": "text", "text": "Xin chào 𝄞"},
 {"id": "c", "type": "text", "text": "Đẩy mạnh chuyển đổi số trong toàn bộ các cơ quan hành chính nhà nước của phường, xây dựng chính quyền số, kinh tế số, xã hội số, vì nhân dân phục vụ, lấy người dân làm trung tâm, phấn đấu hoàn thành mọi mục tiêu đề ra trong năm 2026 và những năm tiếp theo nữa"}
]}
J
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$T/vitext.json" --size 192x96 >"$T/out" 2>&1
grep -q "(items\[0\].text): đoạn chữ tiếng Việt này có vẻ đã bị mất dấu.*\[no-diacritics\]" "$T/out" \
    && ok "Vietnamese [no-diacritics]" || { bad "Vietnamese [no-diacritics]"; cat "$T/out"; }
grep -q "(items\[1\].text): U+1D11E (𝄞) không có trong bộ phông chữ đi kèm.*\[missing-glyph\]" "$T/out" \
    && ok "Vietnamese [missing-glyph]" || { bad "Vietnamese [missing-glyph]"; cat "$T/out"; }
grep -q "(items\[2\].text): không vừa bảng 192x96.*\[too-long\]" "$T/out" \
    && ok "Vietnamese [too-long]" || { bad "Vietnamese [too-long]"; cat "$T/out"; }

# A broken config: the board stays up (neutral slide or the last good
# config) and says where the mistake is, in Vietnamese under a Vietnamese
# locale and in English otherwise.
printf '{"display": {"size": "big", "rotate": 45}}\n' >"$T/badcfg.json"
if [ "$(status env LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" run --config "$T/badcfg.json" --duration 1)" -eq 0 ] \
    && grep -q 'display.size: "big" không phải là kích thước; hãy viết RỘNGxCAO' "$T/err" \
    && grep -q "display.rotate: 45 độ không phải là góc xoay hợp lệ" "$T/err"; then
    ok "Vietnamese config errors"
else
    bad "Vietnamese config errors"; cat "$T/out" "$T/err"
fi
[ "$(status env LANG=en_GB.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" run --config "$T/badcfg.json" --duration 1)" -eq 0 ] \
    && grep -q 'display.size: "big" is not a size; write WxH, e.g. "1920x1080" \[config\]' "$T/err" \
    && ok "English config errors" || { bad "English config errors"; cat "$T/err"; }

# The JSON Schema editors use accepts the demo and refuses what check refuses.
# Debian's python3 (with python3-jsonschema), whatever python3 PATH finds first.
if /usr/bin/python3 - "$ROOT" <<'PY'
import json, sys
import jsonschema
root = sys.argv[1]
schema = json.load(open(root + "/playlists/playlist.schema.json", encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
demo = json.load(open(root + "/playlists/demo.json", encoding="utf-8"))
errs = list(v.iter_errors(demo))
assert not errs, errs[0].message
base = {"version": 1, "items": []}
bad_items = [
    {"id": "A", "type": "clock"},
    {"id": "a", "type": "video"},
    {"id": "a", "type": "clock", "duration": "10s"},
    {"id": "a", "type": "clock", "color": "red"},
    {"id": "a", "type": "clock", "weekdays": [8]},
    {"id": "a", "type": "clock", "hours": "8-17"},
    {"id": "a", "type": "text"},
    {"id": "a", "type": "countdown", "event": "tet", "date": "10-10", "label": "x"},
    {"id": "a", "type": "countdown", "date": "10-10"},
    {"id": "a", "type": "stats", "rows": []},
]
for item in bad_items:
    doc = dict(base, items=[item])
    assert list(v.iter_errors(doc)), "schema accepts %r" % item
PY
then ok "JSON Schema matches the validator"; else bad "JSON Schema"; fi


# --- the board's size from its config; the config checked; check --config --
mkdir -p "$T/board/assets"
PNG=$T/board/real.png
python3 - "$PNG" <<'PY'
import struct, sys, zlib
w, h = 64, 32
raw = b"".join(b"\0" + b"".join(bytes((x * 4, y * 8, 128)) for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
cp "$PNG" "$T/board/assets/Poster.png"
cat >"$T/board/long.json" <<'J'
{
  "version": 1,
  "items": [
    { "id": "dai", "type": "text", "text": "Đẩy mạnh chuyển đổi số trong toàn bộ các cơ quan hành chính nhà nước của phường, xây dựng chính quyền số, kinh tế số, xã hội số, vì nhân dân phục vụ, lấy người dân làm trung tâm, phấn đấu hoàn thành mọi mục tiêu đề ra trong năm 2026 và những năm tiếp theo nữa" }
  ]
}
J
cat >"$T/board/config.json" <<'J'
{ "playlist": "long.json", "display": { "size": "1920x1080", "viewport": [0, 0, 192, 96] } }
J
[ "$(status "$BIN" check "$T/board/long.json")" -eq 0 ] && ! grep -q "too-long" "$T/out" \
    && ok "a long slogan fits 1920x1080" || { bad "long slogan at 1080p"; cat "$T/out"; }
[ "$(status "$BIN" check "$T/board/long.json" --config "$T/board/config.json")" -eq 0 ] \
    && grep -q "\[too-long\]" "$T/out" && grep -q "checked at 192x96, from $T/board/config.json" "$T/out" \
    && ok "--config checks at the viewport's 192x96" || { bad "--config size"; cat "$T/out"; }
BANGTIN_CONFIG="$T/board/config.json" "$BIN" check "$T/board/long.json" >"$T/out" 2>&1
grep -q "checked at 192x96" "$T/out" && ok "the board's default config is used when present" \
    || { bad "default config"; cat "$T/out"; }
cat >"$T/board/rot.json" <<'J'
{ "display": { "size": "1920x1080", "rotate": 90 } }
J
"$BIN" check "$T/board/long.json" --config "$T/board/rot.json" >"$T/out" 2>&1
grep -q "checked at 1080x1920" "$T/out" && ok "a portrait board is checked upright (1080x1920)" \
    || { bad "rotation"; cat "$T/out"; }
cat >"$T/board/typo.json" <<'J'
{
  "playlist": "long.json",
  "display": { "view_port": [0, 0, 192, 96], "off": "22h30" }
}
J
[ "$(status "$BIN" check --config "$T/board/typo.json")" -eq 1 ] \
    && grep -q "^$T/board/typo.json:3:16: error: display.view_port: .*viewport.*\[config\]" "$T/out" \
    && grep -q "^$T/board/typo.json:3:[0-9]*: error: display.off: " "$T/out" \
    && grep -q "typo.json: config, [23] errors" "$T/out" \
    && ok "check --config alone: every mistake with line and column, exit 1" || { bad "check --config"; cat "$T/out"; }
[ "$(status "$BIN" check "$T/board/long.json" --config "$T/board/typo.json")" -eq 1 ] \
    && grep -q "display.view_port" "$T/out" && ok "a playlist check reports its config's errors too" \
    || { bad "playlist + bad config"; cat "$T/out"; }
[ "$(status "$BIN" check --config "$T/board/config.json")" -eq 0 ] && grep -q "config, 0 errors, 0 warnings" "$T/out" \
    && ok "a good config checks clean" || { bad "good config"; cat "$T/out"; }
[ "$(status "$BIN" check --config "$T/none.json")" -eq 3 ] && ok "missing config is exit 3" || bad "missing config"

# --- images: errors, in the same run as the rest; wrong case named ---------
cp "$PNG" "$T/board/assets/ok.png"
head -c 100 "$PNG" >"$T/board/assets/cut.png"
echo "<html>404</html>" >"$T/board/assets/fake.png"
cat >"$T/board/img.json" <<'J'
{
  "version": 1,
  "items": [
    { "id": "a", "type": "image", "src": "assets/none.png" },
    { "id": "b", "type": "image", "src": "assets/cut.png" },
    { "id": "c", "type": "image", "src": "assets/fake.png" },
    { "id": "d", "type": "image", "src": "assets/poster.PNG" },
    { "id": "e", "type": "image", "src": "assets\\Poster.png" },
    { "id": "f", "type": "clock", "duration": "10s" },
    { "id": "g", "type": "image", "src": "assets/ok.png" }
  ]
}
J
[ "$(status "$BIN" check "$T/board/img.json")" -eq 1 ] \
    && grep -q "item 1 (items\[0\].src): the image \"assets/none.png\" is not in .*\[missing-asset\]" "$T/out" \
    && grep -q "item 2 (items\[1\].src): .*cut short.*\[asset\]" "$T/out" \
    && grep -q "item 3 (items\[2\].src): .*not a PNG or JPEG.*\[asset\]" "$T/out" \
    && grep -q "item 4 (items\[3\].src): there is no \"assets/poster.PNG\", but there is \"assets/Poster.png\"" "$T/out" \
    && grep -q "item 5 (items\[4\].src): use / between folders, not \\\\: write \"assets/Poster.png\"" "$T/out" \
    && grep -q "item 6 (items\[5\].duration)" "$T/out" \
    && grep -q "img.json: 7 items, 6 errors, 0 warnings" "$T/out" && ! grep -q "items\[6\]" "$T/out" \
    && ok "missing, cut-short, fake, wrong-case and backslash images: errors beside a bad duration, items counted" \
    || { bad "image errors"; cat "$T/out"; }

# --- feed rules, all of them ------------------------------------------------
cat >"$T/board/feed.json" <<'J'
{
  "version": 1,
  "items": [
    { "id": "a", "type": "image", "src": "assets/ok.png" },
    { "id": "b", "type": "image", "src": "assets/Poster.png" },
    { "id": "c", "type": "image", "src": "https://evil.example/x.png",
      "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }
  ]
}
J
cat >"$T/board/feedcfg.json" <<'J'
{ "feed": { "url": "https://ubnd.example.gov.vn/bangtin/playlist.json" }, "cache": "cache",
  "display": { "size": "384x192" } }
J
[ "$(status "$BIN" check "$T/board/feed.json")" -eq 0 ] && ok "without --feed the feed rules stay silent" \
    || { bad "no --feed"; cat "$T/out"; }
[ "$(status "$BIN" check "$T/board/feed.json" --feed --config "$T/board/feedcfg.json")" -eq 1 ] \
    && [ "$(grep -c 'must carry its "sha256"' "$T/out")" -eq 2 ] \
    && grep -q "item 3 (items\[2\].src): a feed may take images only from its own site (https://ubnd.example.gov.vn:443)" "$T/out" \
    && ok "--feed: every image without sha256 and the foreign site, in one run" || { bad "--feed"; cat "$T/out"; }

# --- Vietnamese --help and usage --------------------------------------------
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check --help >"$T/out" 2>&1
grep -q "^Cách dùng: bangtin check DANH_SÁCH" "$T/out" && grep -q "Mã thoát" "$T/out" \
    && ok "check --help in Vietnamese" || { bad "check --help in Vietnamese"; cat "$T/out"; }
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check >"$T/out" 2>&1
grep -q "Cách dùng" "$T/out" && ok "usage line in Vietnamese" || { bad "usage line in Vietnamese"; cat "$T/out"; }
LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$T/board/img.json" >"$T/out" 2>&1
grep -q "mục 4 (items\[3\].src)" "$T/out" && grep -q "7 mục, 6 lỗi" "$T/out" \
    && ok "item numbers and summary in Vietnamese" || { bad "Vietnamese item numbers"; cat "$T/out"; }

for c in "" run render check publish fetch calendar text report; do
    # shellcheck disable=SC2086
    vi=$(LANG=vi_VN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" $c --help 2>&1 | head -n 1)
    # shellcheck disable=SC2086
    en=$(LANG=en_GB.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" $c --help 2>&1 | head -n 1)
    case "$vi/$en" in
    "Cách dùng: bangtin "*/"Usage: bangtin "*) ok "bangtin $c --help in Vietnamese and English" ;;
    *) bad "bangtin $c --help: '$vi' / '$en'" ;;
    esac
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
