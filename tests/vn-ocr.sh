#!/bin/sh
# SPDX-License-Identifier: MIT
# [no-diacritics] and [spelling] on real material, through 'bangtin check':
#  - OCR'd lines: real Vietnamese (the held-out corpus, src/vn/corpus/heldout.txt,
#    and tests/data/vi-corpus.txt) drawn by 'bangtin render', degraded (shrunk,
#    blurred, enlarged), read back by 'tesseract -l eng', which loses and
#    garbles the marks as a scanned plan run through OCR does. The detector
#    must flag at least 80 % of them.
#  - proper lines: the same held-out text as written; at most 1 in 30 flagged.
#  - [spelling] on the held-out administrative prose: at most 1 syllable in 500.
# Prints the figures (docs/TEXT.md quotes them).
BIN=$1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
for t in tesseract convert python3; do
    command -v $t >/dev/null 2>&1 || { echo "SKIP: $t is not installed"; exit 77; }
done
tesseract --list-langs 2>/dev/null | grep -qx eng || { echo "SKIP: tesseract-ocr-eng is not installed"; exit 77; }
SRC=${BANGTIN_DATA_DIR:-$(dirname "$0")/..}
T=$(mktemp -d /tmp/bangtin-vnocr-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT; echo "work: $T"

# The lines: held-out paragraphs cut into board-sized lines of 9 words
# (every 4th, for time), and the bundled corpus lines.
python3 - "$SRC/src/vn/corpus/heldout.txt" "$SRC/tests/data/vi-corpus.txt" "$T" <<'PY'
import json, sys
held, corpus, out = sys.argv[1:4]
def lines(path):
    return [l.strip() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]
chunks = []
for para in lines(held):
    w = para.split()
    chunks += [" ".join(w[i:i + 9]) for i in range(0, len(w), 9) if len(w[i:i + 9]) >= 5]
ocr_src = chunks[::4] + lines(corpus)[::2]
proper = lines(held) + lines(corpus)
def playlist(texts, path):
    items = [{"id": "l%03d" % i, "type": "text", "text": t} for i, t in enumerate(texts)]
    json.dump({"version": 1, "defaults": {"background": "#ffffff", "color": "#000000"},
               "items": items}, open(path, "w", encoding="utf-8"), ensure_ascii=False)
playlist(ocr_src, out + "/src.json")
playlist(proper, out + "/proper.json")
open(out + "/src.txt", "w", encoding="utf-8").write("\n".join(ocr_src) + "\n")
PY
n_src=$(wc -l <"$T/src.txt")

"$BIN" render "$T/src.json" --out "$T/png" --size 1600x160 >/dev/null 2>&1
[ "$(ls "$T/png" | wc -l)" -eq "$n_src" ] && ok "rendered $n_src lines" || bad "render"

# Two degradations: a poor scan and a worse one.
for level in 30 45; do
    : >"$T/ocr-$level.txt"
    for f in "$T"/png/*.png; do
        convert "$f" -resize "$level%" -blur 0x0.5 -resize 200% "$T/d.png"
        tesseract "$T/d.png" - -l eng --psm 6 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g; s/^ //; s/ $//' >>"$T/ocr-$level.txt"
        echo >>"$T/ocr-$level.txt"
    done
done
cat "$T/ocr-30.txt" "$T/ocr-45.txt" >"$T/ocr.txt"
python3 - "$T/src.txt" "$T/ocr.txt" "$T/ocr.json" <<'PY'
import json, sys, unicodedata
src = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1] * 2
ocr = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
# Only lines the OCR did change: a line read back exactly is not an OCR'd line.
keep = [o for s, o in zip(src, ocr) if o.strip() and unicodedata.normalize("NFC", o) != s]
items = [{"id": "o%03d" % i, "type": "text", "text": t} for i, t in enumerate(keep)]
json.dump({"version": 1, "items": items}, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
print(len(keep), "OCR'd lines differ from what was drawn")
PY
echo "e.g.: $(sed -n 3p "$T/src.txt")"
echo "  ->  $(sed -n 3p "$T/ocr-30.txt")"

n_ocr=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$T/ocr.json")
"$BIN" check "$T/ocr.json" --size 1920x1080 >"$T/ocr.out" 2>&1
hit=$(grep '\[no-diacritics\]' "$T/ocr.out" | sed -n 's/.*items\[\([0-9]*\)\].*/\1/p' | sort -u | wc -l)
pct=$((hit * 100 / (n_ocr > 0 ? n_ocr : 1)))
echo "figure: OCR'd lines flagged [no-diacritics]: $hit of $n_ocr ($pct %)"
[ "$n_ocr" -ge 60 ] && [ "$pct" -ge 80 ] && ok "detector finds $pct % of OCR'd lines (>= 80 %)" ||
    bad "detector finds $hit of $n_ocr OCR'd lines"
grep -m1 '\[no-diacritics\]' "$T/ocr.out" | grep -q 'of [0-9]* syllables have no tone mark' &&
    ok "the warning gives its evidence: $(grep -m1 '\[no-diacritics\]' "$T/ocr.out" | sed 's/.*leaves it (\(.*\)): type.*/\1/')" ||
    bad "evidence in the message"

n_proper=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$T/proper.json")
"$BIN" check "$T/proper.json" --size 1920x1080 >"$T/proper.out" 2>&1
fp=$(grep '\[no-diacritics\]' "$T/proper.out" | sed -n 's/.*items\[\([0-9]*\)\].*/\1/p' | sort -u | wc -l)
echo "figure: proper lines flagged [no-diacritics]: $fp of $n_proper"
[ $((fp * 30)) -le "$n_proper" ] && [ "$n_proper" -ge 60 ] && ok "at most 1 in 30 proper lines flagged ($fp of $n_proper)" ||
    { bad "proper lines flagged: $fp of $n_proper"; grep '\[no-diacritics\]' "$T/proper.out" | head -5; }

# [spelling] on the held-out administrative prose (the Constitution's
# chapter II, a ward's six-month report, Hồ Chí Minh's testament) and the
# bundled slogans and notices of tests/data/vi-corpus.txt.
python3 - "$SRC/src/vn/corpus/heldout.txt" "$T/prose.json" "$SRC/tests/data/vi-corpus.txt" <<'PY'
import json, re, sys
paras = [l.strip() for f in (sys.argv[1], sys.argv[3]) for l in open(f, encoding="utf-8")
         if l.strip() and not l.startswith("#")]
items = [{"id": "p%03d" % i, "type": "text", "text": t} for i, t in enumerate(paras)]
json.dump({"version": 1, "items": items}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
print(sum(len(re.findall(r"[^\W\d_]+", p)) for p in paras), file=open(sys.argv[2] + ".n", "w"))
PY
syl=$(cat "$T/prose.json.n")
"$BIN" check "$T/prose.json" --size 1920x1080 >"$T/prose.out" 2>&1
sp=$(grep -c '\[spelling\]' "$T/prose.out")
echo "figure: [spelling] on held-out administrative prose: $sp of $syl syllables"
[ "$syl" -ge 1000 ] && [ $((sp * 500)) -le "$syl" ] && ok "[spelling] flags $sp of $syl syllables (<= 1 in 500)" ||
    { bad "[spelling] flags $sp of $syl"; grep '\[spelling\]' "$T/prose.out" | head -5; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
