#!/bin/sh
# SPDX-License-Identifier: MIT
# ocr_one.sh PNG EXPECTED_TXT: prints the CER of tesseract -l vie on PNG.
# The slide is made grey and negated first (light letters on a dark ground
# become dark on light: tesseract's own per-line guess at polarity is what
# failed, not the letters), and small boards are enlarged 4x (nearest
# neighbour): tesseract wants letters taller than ~20 px. Ours and
# Chromium's go through the very same steps.
set -eu
png=$1 want=$2
dir=$(dirname "$0")
tmp=$(mktemp -d)
w=$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(struct.unpack('>I', d[16:20])[0])" "$png")
scale=1
[ "$w" -lt 1000 ] && scale=4
pngtopnm "$png" | ppmtopgm | pnminvert | pnmscale -xscale $scale -yscale $scale -nomix 2>/dev/null |
    pnmtopng > "$tmp/in.png"
tesseract "$tmp/in.png" "$tmp/out" -l vie --psm 6 >/dev/null 2>&1
python3 "$dir/cer.py" "$want" "$tmp/out.txt"
rm -rf "$tmp"
