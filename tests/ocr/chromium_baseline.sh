#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the Chromium baseline kept in test_ocr.sh: each slogan of
# slogans.txt rendered by headless Chromium in the same font (Be Vietnam
# Pro Bold), colours (#ffde00 on #a50000), margin (4 % of the short side)
# and fit rule (largest size that fits, balanced lines) as bangtin's text
# slide, then read back by tesseract -l vie exactly as test_ocr.sh does.
# Prints the mean CER per size. Needs chromium (Debian package); never run
# in CI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
for size in 1920x1080 384x192; do
    W=${size%x*} H=${size#*x}
    total=0 n=0
    i=0
    while IFS= read -r line; do
        i=$((i + 1))
        printf '%s\n' "$line" > "$out/want-$i.txt"
        cat > "$out/s-$i-$size.html" <<HTML
<!doctype html><html><head><meta charset="utf-8"><style>
@font-face { font-family: BVP; src: url("file://$root/fonts/BeVietnamPro_700Bold.ttf"); }
html, body { margin: 0; width: ${W}px; height: ${H}px; background: #a50000; overflow: hidden; }
#box { position: absolute; display: flex; align-items: center; justify-content: center; }
#t { font-family: BVP; font-weight: 700; color: #ffde00; text-align: center;
     text-wrap: balance; line-height: 1.25; }
</style></head><body><div id="box"><div id="t">$line</div></div>
<script>
const W = $W, H = $H, m = Math.max(2, Math.floor(Math.min(W, H) * 4 / 100));
const box = document.getElementById('box'), t = document.getElementById('t');
Object.assign(box.style, {left: m + 'px', top: m + 'px', width: (W - 2 * m) + 'px', height: (H - 2 * m) + 'px'});
document.fonts.load('700 20px BVP').then(() => {
  let lo = 6, hi = H;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.style.fontSize = mid + 'px';
    if (t.scrollWidth <= W - 2 * m && t.offsetHeight <= H - 2 * m) lo = mid; else hi = mid - 1;
  }
  t.style.fontSize = lo + 'px';
});
</script></body></html>
HTML
        chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --hide-scrollbars --virtual-time-budget=3000 --user-data-dir="$(mktemp -d)" \
            --screenshot="$out/chromium-$i-$size.png" --window-size="$W,$H" \
            "file://$out/s-$i-$size.html" >/dev/null 2>&1
        cer=$("$here/ocr_one.sh" "$out/chromium-$i-$size.png" "$out/want-$i.txt")
        echo "$size slogan $i: CER $cer"
        total=$(python3 -c "print($total + $cer)")
        n=$((n + 1))
    done < "$here/slogans.txt"
    echo "$size mean CER: $(python3 -c "print('%.4f' % ($total / $n))")"
done
