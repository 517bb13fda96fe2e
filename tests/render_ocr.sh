#!/bin/sh
# SPDX-License-Identifier: MIT
# What the street reads, read back by OCR (tesseract -l vie): `bangtin
# render` at 1920x1080 and at LED sizes, for several --at moments, and the
# words and numbers that must be on each slide.
# Usage: render_ocr.sh BANGTIN
set -u
BANGTIN=$1
export TZ=Asia/Ho_Chi_Minh
T=$(mktemp -d /tmp/bangtin-ocr-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

mkdir -p "$T/pl/assets"
cp "${BANGTIN_DATA_DIR:-.}/assets/infographic.png" "$T/pl/assets/"
cat >"$T/pl/p.json" <<'EOF'
{ "version": 1, "name": "UBND phường Thử",
  "defaults": { "background": "#a50000", "color": "#ffde00" },
  "ticker": { "text": "Chữ chạy dọc cạnh dưới" },
  "items": [
    { "id": "cds", "type": "countdown", "event": "digital-transformation-day" },
    { "id": "so", "type": "stats", "title": "Kết quả chuyển đổi số",
      "rows": [
        { "label": "Hồ sơ trực tuyến", "value": 86, "max": 100, "unit": "%" },
        { "label": "Thanh toán số", "value": 63.5, "max": 100, "unit": "%" },
        { "label": "Tài khoản VNeID", "value": 7412, "max": 9800, "unit": "người" } ] },
    { "id": "gio", "type": "clock" },
    { "id": "kh", "type": "text", "title": "Nghị quyết 57", "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ\nVÌ NHÂN DÂN PHỤC VỤ" },
    { "id": "tet", "type": "countdown", "event": "tet" },
    { "id": "info", "type": "image", "src": "assets/infographic.png" }
  ] }
EOF

# render AT SIZE: the playlist's PNGs in $T/AT-SIZE/
render() {
    out="$T/$1-$2"
    [ -d "$out" ] && return 0
    "$BANGTIN" render "$T/pl/p.json" --out "$out" --size "$2" --at "$1" 2>"$T/err" ||
        { echo "render --at $1 --size $2 failed: $(cat "$T/err")"; return 1; }
}

# ocr FILE [CROP]: words (vie) then digits on their own (a lone big "1"
# reads as "l" without the digit pass), on one line. Yellow/white on dark
# is turned into dark on light, scaled to a height tesseract likes.
ocr() {
    crop=${2:-100%x100%+0+0}
    height=540
    [ -n "${2:-}" ] && height=300
    convert "$1" -crop "$crop" +repage -resize "x$height" -colorspace gray -negate \
        -bordercolor white -border 20 "$T/o.png"
    words=$(tesseract "$T/o.png" - -l vie --psm 11 2>/dev/null | tr '\n' ' ')
    digits=$(tesseract "$T/o.png" - -l vie --psm 11 -c tessedit_char_whitelist=0123456789 \
        2>/dev/null | tr '\n' ' ')
    echo "$words | $digits" | tr -s ' '
}

# near TEXT PHRASE: PHRASE is in TEXT up to OCR's usual slips (a tone mark
# or an O for a 0 in one word out of ten: similarity >= 0.9 over the best
# window); a phrase with digits must have them all, exactly.
near() {
    python3 - "$1" "$2" <<'PY'
import difflib, re, sys
# tesseract reads a bitmap font's slash as U+2044 FRACTION SLASH.
text, want = sys.argv[1].lower().replace("\u2044", "/"), sys.argv[2].lower()
if want in text:
    sys.exit(0)
digits = lambda s: re.sub(r"\D", "", s.replace("o", "0"))
n = len(want)
for i in range(max(1, len(text) - n + 1)):
    for w in (text[i:i + n - 1], text[i:i + n], text[i:i + n + 1]):
        if (difflib.SequenceMatcher(None, want, w).ratio() >= 0.9
                and digits(w) == digits(want)):
            sys.exit(0)
sys.exit(1)
PY
}

# expect NAME AT SIZE ITEM_FILE [--crop C] [--not WORD] WORD...
expect() {
    name=$1 at=$2 size=$3 file=$4
    shift 4
    crop=""
    if [ "${1:-}" = --crop ]; then crop=$2; shift 2; fi
    if ! render "$at" "$size"; then fail=$((fail + 1)); return; fi
    text=$(ocr "$T/$at-$size/$file" $crop)
    ok=1
    while [ $# -gt 0 ]; do
        if [ "$1" = --not ]; then
            if printf '%s' "$text" | grep -qiF -- "$2"; then
                echo "FAIL $name: '$2' must not be there; OCR: $text"; ok=0
            fi
            shift 2
            continue
        fi
        case $1 in
        *[!0-9]*) near "$text" "$1" ;;
        *) printf '%s' "$text" | grep -qw -- "$1" ;;
        esac || { echo "FAIL $name: '$1' not read; OCR: $text"; ok=0; }
        shift
    done
    if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); fi
}

# Countdowns: the day before, the day itself, the day after (next year's).
expect "countdown 1080p, day before: 1" 2026-10-09T08:00 1920x1080 001-cds.png \
    1 "NGÀY ĐẾN" "Ngày Chuyển đổi số quốc gia" "10/10/2026"
expect "countdown 384x192, day before: 1" 2026-10-09T08:00 384x192 001-cds.png 1 "NGÀY ĐẾN"
# tesseract reads the 9x15 strike's y as u ("Chuuển"): the rest of the name.
expect "countdown 192x64, day before: short name" 2026-10-09T08:00 192x64 001-cds.png \
    "NGÀY ĐẾN" "đổi số"
expect "countdown 1080p, on the day: greeting" 2026-10-10T08:00 1920x1080 001-cds.png \
    "CHÀO MỪNG" "Chuyển đổi số" --not "NGÀY ĐẾN" --not " 0 "
# Small boards draw with the bundled bitmap fonts, which OCR reads less
# well (CHÀO MỪNG as "CHà0 MÙNG"): check what it reads reliably, and
# that the count is gone.
expect "countdown 192x64, on the day: greeting" 2026-10-10T20:00 192x64 001-cds.png \
    "số" --not "NGÀY ĐẾN" --not "CÒN"
expect "countdown 1080p, day after: 364 to 2027" 2026-10-11T08:00 1920x1080 001-cds.png \
    364 "10/10/2027"
expect "countdown 384x192, day after: 364" 2026-10-11T08:00 384x192 001-cds.png 364
# The count in a doubled bitmap strike, which OCR misreads ("b4"): its
# words here; tests/test_legible.c checks the count's element.
expect "countdown 192x64, day after: 364" 2026-10-11T08:00 192x64 001-cds.png "NGÀY ĐẾN"
expect "countdown 1080p: Tết 2027 in 118 days" 2026-10-11T08:00 1920x1080 005-tet.png \
    118 "Tết Nguyên Đán" "06/02/2027"
expect "countdown 1080p: Tết greeting on 6/2/2027" 2027-02-06T09:00 1920x1080 005-tet.png \
    "CHÚC MỪNG NĂM MỚI" "Xuân" 2027

# Stats: Vietnamese numbers.
expect "stats 1080p: figures" 2026-05-12T08:00 1920x1080 002-so.png \
    "86%" "63,5%" "7.412 người" "Hồ sơ trực tuyến" "Kết quả chuyển đổi số"
expect "stats 384x192: figures" 2026-05-12T08:00 384x192 002-so.png "86%" "63,5%" "7.412"
# A 192x64 board pages the table: its title first (a whole minute is
# always the first page; tests/test_legible.c reads every page).
expect "stats 192x64: title page" 2026-05-12T08:00 192x64 002-so.png "quả" --not "86%"

# Clock: time, date line, lunar date.
expect "clock 1080p: date line and lunar date" 2026-05-12T08:00 1920x1080 003-gio.png \
    "08:00" "Thứ ba, ngày 12 tháng 05 năm 2026" "Âm lịch" "Bính Ngọ"
expect "clock 384x192: time and date" 2026-05-12T21:45 384x192 003-gio.png \
    "21:45" "12 tháng 05 năm 2026"
expect "clock 192x64: time and short date" 2026-05-12T21:45 192x64 003-gio.png \
    "21:45" "12/05/2026"

# Text and image.
expect "slogan 1080p" 2026-05-12T08:00 1920x1080 004-kh.png \
    "ĐẨY MẠNH" "VÌ NHÂN DÂN PHỤC VỤ" "Nghị quyết 57"
expect "slogan 192x96" 2026-05-12T08:00 192x96 004-kh.png "NHÂN" "PHỤC VỤ"
expect "infographic 1080p" 2026-05-12T08:00 1920x1080 006-info.png \
    "dichvucong.gov.vn" "Đăng nhập"
expect "ticker 1080p" 2026-05-12T08:00 1920x1080 003-gio.png --crop 100%x8%+0+994 "Chữ chạy"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
