#!/bin/sh
# SPDX-License-Identifier: MIT
# Black-box tests of 'bangtin text' and of the two text warnings of 'bangtin check'.
set -u
BIN=$1
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
same() { # name got want
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want='Đẩy mạnh chuyển đổi số'

same "raw TCVN3 bytes convert" "$(printf '\247\310y m\271nh chuy\323n \256\346i s\350' | "$BIN" text convert)" "$want"
same "pasted TCVN3 converts" "$(printf '§Èy m¹nh chuyÓn ®æi sè' | "$BIN" text convert --from tcvn3)" "$want"
same "pasted VNI converts (auto)" "$(printf 'Ñaåy maïnh chuyeån ñoåi soá' | "$BIN" text convert)" "$want"
same "VIQR converts" "$(printf "DDa^?y ma.nh chuye^?n ddo^?i so^'" | "$BIN" text convert --from=viqr)" "$want"
printf '%s' "$want" | iconv -t CP1258 > "$tmp/cp1258.txt"
same "Windows-1258 converts" "$("$BIN" text convert < "$tmp/cp1258.txt")" "$want"
same "detect tcvn3" "$(printf '§Èy m¹nh chuyÓn ®æi sè' | "$BIN" text detect)" tcvn3
same "detect vni" "$(printf 'Ñaåy maïnh chuyeån ñoåi soá' | "$BIN" text detect)" vni
same "detect viqr" "$(printf "DDa^?y ma.nh chuye^?n ddo^?i so^'" | "$BIN" text detect)" viqr
same "detect cp1258" "$("$BIN" text detect < "$tmp/cp1258.txt")" cp1258
same "detect utf-8" "$(printf '%s' "$want" | "$BIN" text detect)" utf-8
same "Unicode passes through, as NFC" "$(printf 'Vie\314\202\314\243t Nam' | "$BIN" text convert)" "Việt Nam"
"$BIN" text convert --from latin9 </dev/null >/dev/null 2>&1; same "unknown encoding is a usage error" $? 2
"$BIN" text frob </dev/null >/dev/null 2>&1; same "unknown action is a usage error" $? 2
"$BIN" text --help | grep -q 'text convert' && ok "--help" || bad "--help"

cat > "$tmp/pl.json" <<'JSON'
{ "version": 1, "name": "UBND phường Minh Xuân",
  "ticker": { "text": "Day manh truyen thong chuyen doi so tai phuong" },
  "items": [
    { "id": "a", "type": "text", "text": "§Èy m¹nh chuyÓn ®æi sè" },
    { "id": "b", "type": "text", "text": "Ñaåy maïnh chuyeån ñoåi soá", "title": "Digital transformation" },
    { "id": "c", "type": "stats", "title": "Kết quả", "rows": [ { "label": "Hå s¬ trùc tuyÕn", "value": 86, "max": 100, "unit": "%" } ] },
    { "id": "d", "type": "text", "text": "Đẩy mạnh chuyển đổi số vì nhân dân phục vụ", "title": "UBND" }
  ] }
JSON
out=$("$BIN" check "$tmp/pl.json" 2>&1); rc=$?
same "check: warnings only, exit 0" $rc 0
echo "$out" | grep -q "(items\[0\].text): .*convert --from tcvn3.*\[legacy-encoding\]" && ok "check flags pasted TCVN3" || bad "check flags pasted TCVN3"
echo "$out" | grep -q "(items\[1\].text): .*--from vni.*\[legacy-encoding\]" && ok "check flags pasted VNI" || bad "check flags pasted VNI"
echo "$out" | grep -q "rows\[0\].label): .*Hồ sơ trực tuyến.*\[legacy-encoding\]" && ok "check flags a stats label, shows the fix" || bad "check flags a stats label"
echo "$out" | grep -q "ticker.text: .*\[no-diacritics\]" && ok "check flags lost marks" || bad "check flags lost marks"
n=$(echo "$out" | grep -c ": warning:")
same "correct Vietnamese, English and UBND are left alone" "$n" 4

# [spelling], and what it leaves alone: items marked "lang", "allow_words",
# codes, names; the TCVN3/VNI pastes above gave [legacy-encoding] only.
echo "$out" | grep -q "\[spelling\]" && bad "no [spelling] on legacy pastes or correct text" || ok "no [spelling] on legacy pastes or correct text"
cat > "$tmp/sp.json" <<'JSON'
{ "version": 1, "allow_words": ["Zalo"],
  "items": [
    { "id": "a", "type": "text", "text": "Người dân tricn khai cài đặt ứng dụng, nhắn qua Zalo" },
    { "id": "b", "type": "text", "text": "Mời bà con đăng ký online theo Nghị quyết 57-NQ/TW" },
    { "id": "c", "type": "text", "text": "Welcome to the online public service portal", "lang": "en" },
    { "id": "d", "type": "text", "text": "Dot pha phat trién khoa heoc, cong nghé, déi méi sang tao" },
    { "id": "e", "type": "text", "text": "Liên hệ Google hoặc https://dichvucong.gov.vn, số 0912 345 678" }
  ] }
JSON
out=$("$BIN" check "$tmp/sp.json" 2>&1); rc=$?
same "check --spelling: warnings only, exit 0" $rc 0
echo "$out" | grep -q 'items\[0\]\.text)\{0,1\}: "tricn" is not a Vietnamese syllable: did you mean "triển".*\[spelling\]' &&
    ok "[spelling] names the word and suggests the nearest syllable" || bad "[spelling] tricn: $out"
echo "$out" | grep -q 'items\[1\]\.text)\{0,1\}: "online" is not a Vietnamese syllable' && ok "[spelling] on a foreign word left unmarked" ||
    bad "[spelling] online: $out"
[ "$(echo "$out" | grep -c '\[spelling\]')" -eq 2 ] && ok "nothing else: allow_words, lang en, codes, URLs, names, numbers" ||
    bad "[spelling] count: $out"
echo "$out" | grep -q 'items\[3\]\.text)\{0,1\}: .*12 syllables have no tone mark.*not Vietnamese (1): heoc.*(3): trién, déi, méi.*\[no-diacritics\]' &&
    ok "[no-diacritics] on OCR-like text, with its evidence" || bad "[no-diacritics] evidence: $out"
echo "$out" | grep -q 'items\[3\].*\[legacy-encoding\]' && bad "OCR text taken for TCVN3" || ok "OCR text is not taken for TCVN3"
printf '{"version":1,"items":[{"id":"a","type":"text","text":"Xin chào","lang":"tiếng Anh"}]}' > "$tmp/lang.json"
"$BIN" check "$tmp/lang.json" 2>&1 | grep -q 'items\[0\]\.lang)\{0,1\}: .*language tag' && ok "a bad lang is an error" || bad "bad lang"
LANG=vi_VN.UTF-8 LC_ALL= "$BIN" check "$tmp/sp.json" 2>&1 | grep -q '"tricn" không phải âm tiết tiếng Việt: có phải là "triển"' &&
    ok "[spelling] in Vietnamese" || bad "[spelling] in Vietnamese"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
