#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end legibility: bangtin renders each slogan of slogans.txt as a
# text slide, tesseract -l vie reads it back, and the mean character error
# rate (edit distance / length, NFC, cer.py) must be no worse than headless
# Chromium's for the same text, font, colours and box.
#
# Chromium's figures were measured once with chromium_baseline.sh
# (Chromium 156.0.8078.79, Debian 12; tesseract 5.3.0 with Debian's
# tesseract-ocr-vie) and are kept here; Chromium never runs in CI.
#
# usage: test_ocr.sh BANGTIN
set -u
BIN=$1
here=$(cd "$(dirname "$0")" && pwd)
CHROMIUM_CER_1920x1080=0.0433
CHROMIUM_CER_384x192=0.0218

pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One playlist per slogan (one text item, no ticker, no title): each is
# fitted on its own, as Chromium fitted it. (In one playlist, slogans share
# a size scale, which is a choice about neighbours, not about legibility.)
python3 - "$here/slogans.txt" "$tmp" <<'PY'
import json, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for i, t in enumerate(lines):
    with open("%s/ocr-%d.json" % (sys.argv[2], i + 1), "w", encoding="utf-8") as f:
        json.dump({"version": 1, "name": "OCR",
                   "defaults": {"background": "#a50000", "color": "#ffde00"},
                   "items": [{"id": "s%d" % (i + 1), "type": "text", "text": t}]},
                  f, ensure_ascii=False)
PY
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s\n' "$line" > "$tmp/want-$i.txt"
done < "$here/slogans.txt"

for size in 1920x1080 384x192; do
    eval "base=\$CHROMIUM_CER_$size"
    total=0 n=0
    for k in $(seq 1 "$i"); do
        if ! "$BIN" render "$tmp/ocr-$k.json" --out "$tmp/$size-$k" --size "$size" >/dev/null; then
            echo "not ok - bangtin render --size $size (slogan $k)"
            fail=$((fail + 1))
            continue 2
        fi
        png=$(printf '%s/%s-%d/001-s%d.png' "$tmp" "$size" "$k" "$k")
        cer=$("$here/ocr_one.sh" "$png" "$tmp/want-$k.txt")
        echo "# $size slogan $k: CER $cer"
        total=$(python3 -c "print($total + $cer)")
        n=$((n + 1))
    done
    mean=$(python3 -c "print('%.4f' % ($total / $n))")
    if python3 -c "import sys; sys.exit(0 if $mean <= $base else 1)"; then
        echo "ok - $size: mean CER $mean <= Chromium's $base"
        pass=$((pass + 1))
    else
        echo "not ok - $size: mean CER $mean > Chromium's $base"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
