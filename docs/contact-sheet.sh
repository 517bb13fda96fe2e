#!/bin/sh
# SPDX-License-Identifier: MIT
# docs/contact-sheet.png: one playlist (a slogan with its title, a
# countdown, statistics, the clock) in four colour themes, on a 192x96 and
# a 384x192 LED board and a 1920x1080 TV, as `bangtin render` draws them.
# LED boards are magnified by whole pixels, the TV reduced, so each tile is
# 768 px wide. Usage: docs/contact-sheet.sh BANGTIN [OUT.png]
set -eu
BANGTIN=$1
OUT=${2:-$(dirname "$0")/contact-sheet.png}
export TZ=Asia/Ho_Chi_Minh
T=$(mktemp -d /tmp/bangtin-sheet-XXXXXX)
trap 'rm -rf "$T"' EXIT

themes="dark:#000000:#ffffff light:#ffffff:#1f1f1f yellow-red:#a50000:#ffde00 blue-white:#0b3d91:#ffffff"
sizes="192x96 384x192 1920x1080"
for th in $themes; do
    name=${th%%:*} rest=${th#*:}
    bg=${rest%%:*} fg=${rest#*:}
    mkdir -p "$T/$name"
    cat >"$T/$name/p.json" <<J
{ "version": 1, "name": "UBND phường Minh Xuân",
  "defaults": { "background": "$bg", "color": "$fg" },
  "ticker": { "text": "Chuyển đổi số là nhiệm vụ của toàn dân, toàn diện, toàn quân" },
  "items": [
    { "id": "khauhieu", "type": "text", "title": "Nghị quyết 57-NQ/TW",
      "text": "ĐẨY MẠNH CHUYỂN ĐỔI SỐ\nVÌ NHÂN DÂN PHỤC VỤ" },
    { "id": "cds", "type": "countdown", "event": "digital-transformation-day" },
    { "id": "ketqua", "type": "stats", "title": "Kết quả chuyển đổi số",
      "rows": [
        { "label": "Hồ sơ trực tuyến", "value": 86, "max": 100, "unit": "%" },
        { "label": "Thanh toán số", "value": 63.5, "max": 100, "unit": "%" },
        { "label": "Tài khoản VNeID", "value": 7412, "max": 9800, "unit": "người" } ] },
    { "id": "gio", "type": "clock" }
  ] }
J
    for s in $sizes; do
        "$BANGTIN" render "$T/$name/p.json" --out "$T/$name/$s" --size "$s" \
            --at 2026-09-30T10:00 >/dev/null
        w=${s%x*}
        for f in "$T/$name/$s"/*.png; do
            case $w in
            1920) convert "$f" -filter Lanczos -resize 768x "$f" ;;
            *) convert "$f" -filter point -resize "$((76800 / w))%" "$f" ;;
            esac
        done
        # One row: the playlist's four slides in this theme at this size.
        montage "$T/$name/$s"/*.png -tile 4x1 -geometry +6+6 -background '#808080' \
            "$T/row-$s-$name.png"
    done
done
rows=""
for s in $sizes; do
    convert -background '#404040' -fill white -font DejaVu-Sans -pointsize 28 \
        -size 3120x48 -gravity west "label:  $s" "$T/head-$s.png"
    rows="$rows $T/head-$s.png"
    for th in $themes; do
        rows="$rows $T/row-$s-${th%%:*}.png"
    done
done
# shellcheck disable=SC2086
convert $rows -background '#808080' -gravity west -append +repage -depth 8 "$OUT"
echo "wrote $OUT"
