#!/bin/sh
# SPDX-License-Identifier: MIT
# bangtin report on six months of a board's proof log, as the office runs it
# for its half-year report:
#   report.sh BANGTIN xlsx   the workbook, read back with openpyxl (python3-openpyxl)
#   report.sh BANGTIN html   the HTML through headless Chromium to an A4 PDF,
#                            its text and pages read back with poppler-utils
# The log is generated here in the exact line format src/ops/prooflog.c
# writes (tests/test_ops.c pins that format): two hours a day on air, every
# 13th day off, a slogan whose words change with feed version 42 on 1 April,
# and a storm warning at priority 5 on 15 March.
BIN=$1
MODE=${2:-xlsx}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
T=$(mktemp -d /tmp/bangtin-report-XXXXXX)
trap 'rm -rf "$T"' EXIT

# Debian's python3 (a pyenv or venv python3 first on PATH lacks its modules).
PY=python3
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done

"$PY" - "$T/proof.log" "$T/want.json" <<'PY'
import datetime, json, sys
office = "UBND phường Minh Xuân"
loop = [("nq57", "text", "ĐẨY MẠNH CHUYỂN ĐỔI SỐ VÌ NHÂN DÂN PHỤC VỤ", 12),
        ("khauhieu-2", "text", "KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO LÀ ĐỘT PHÁ QUAN TRỌNG HÀNG ĐẦU", 10),
        ("info", "image", "assets/infographic.png", 10),
        ("cds", "countdown", "Ngày Chuyển đổi số quốc gia", 8),
        ("gio", "clock", None, 10)]
storm = ("bao", "text", "THÔNG BÁO KHẨN: BÃO SỐ 3 ĐỔ BỘ, NGƯỜI DÂN KHÔNG RA ĐƯỜNG", 15)
want = {"contents": {}, "months": {}, "days": 0, "plays": 0, "seconds": 0.0}
out = open(sys.argv[1], "w", encoding="utf-8")
day = datetime.date(2026, 1, 1)
while day <= datetime.date(2026, 6, 30):
    if day.day % 13 == 0:
        day += datetime.timedelta(1)
        continue
    seq = 42 if day >= datetime.date(2026, 4, 1) else 41
    t = datetime.datetime.combine(day, datetime.time(7, 0))
    i = 0
    want["days"] += 1
    while t < datetime.datetime.combine(day, datetime.time(9, 0)):
        id_, type_, words, secs = loop[i % len(loop)]
        prio = 0
        if id_ == "khauhieu-2" and seq == 42:
            words = "KHOA HỌC, CÔNG NGHỆ LÀ ĐỘT PHÁ"
        if day == datetime.date(2026, 3, 15) and datetime.time(7, 30) <= t.time() < datetime.time(8, 0):
            (id_, type_, words, secs), prio = storm, 5
        # prooflog.c's order and format: ts, id, type, seconds (one decimal),
        # words, seq, priority, office; compact, UTF-8 unescaped.
        rec = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S+07:00"), "id": id_, "type": type_}
        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))[:-1]
        line += ',"seconds":%.1f' % secs
        if words:
            line += ',"words":' + json.dumps(words, ensure_ascii=False)
        line += ',"seq":%d' % seq
        if prio:
            line += ',"priority":%d' % prio
        line += ',"office":' + json.dumps(office, ensure_ascii=False) + "}"
        out.write(line + "\n")
        name = words or ("Đồng hồ (%s)" % id_ if type_ == "clock" else id_)
        c = want["contents"].setdefault(name, {"plays": 0, "seconds": 0.0, "months": {}})
        c["plays"] += 1
        c["seconds"] += secs
        c["months"][day.month] = c["months"].get(day.month, 0) + 1
        m = want["months"].setdefault(day.month, {"plays": 0, "seconds": 0.0, "days": set()})
        m["plays"] += 1
        m["seconds"] += secs
        m["days"].add(day.day)
        want["plays"] += 1
        want["seconds"] += secs
        t += datetime.timedelta(seconds=secs)
        i += 1
    day += datetime.timedelta(1)
for m in want["months"].values():
    m["days"] = len(m["days"])
json.dump(want, open(sys.argv[2], "w"), ensure_ascii=False)
open(sys.argv[2] + ".plays", "w").write("{:,}".format(want["plays"]).replace(",", "."))
PY
[ -s "$T/proof.log" ] && ok "six months of proof log: $(wc -l <"$T/proof.log") lines" || bad "log generated"

if [ "$MODE" = xlsx ]; then
    "$PY" -c 'import openpyxl' 2>/dev/null || { echo "SKIP: python3-openpyxl is not installed"; exit 77; }

    # CSV for machines keeps its header first, whatever the language.
    LC_ALL= LANG=vi_VN.UTF-8 "$BIN" report "$T/proof.log" --half 2026-1 >"$T/r.csv"
    head -1 "$T/r.csv" | grep -q '^id,type,plays,seconds,words,first_day,last_day' &&
        ok "CSV header id,type,plays,seconds then the new columns" || bad "CSV header: $(head -1 "$T/r.csv")"

    # Vietnamese by default under LANG=vi_*, no --lang.
    LC_ALL= LANG=vi_VN.UTF-8 "$BIN" report "$T/proof.log" --half 2026-1 --format xlsx --out "$T/r.xlsx" 2>"$T/err"
    [ $? -eq 0 ] && ok "xlsx written" || bad "xlsx: $(cat "$T/err")"
    "$PY" - "$T/r.xlsx" "$T/want.json" <<'PY'
import datetime, json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
want = json.load(open(sys.argv[2]))
fails = 0
def check(cond, what):
    global fails
    print(("ok - " if cond else "FAIL - ") + what)
    fails += not cond
check(wb.sheetnames == ["Tổng hợp", "Nội dung", "Theo tháng", "Khẩn cấp"], "Vietnamese sheet names: %s" % wb.sheetnames)
s = wb["Tổng hợp"]
summary = {s.cell(r, 1).value: s.cell(r, 2).value for r in range(1, 20)}
check(s["A1"].value == "UBND phường Minh Xuân", "office name heads the summary")
check(s["A3"].value == "6 tháng đầu năm 2026", "period named as a half year: %r" % s["A3"].value)
check(summary.get("Kỳ báo cáo") == "Từ ngày 01/01/2026 đến ngày 30/06/2026", "period %r" % summary.get("Kỳ báo cáo"))
plays = "{:,}".format(want["plays"]).replace(",", ".")
check(summary.get("Số lượt trình chiếu") == plays, "slides shown %r, Vietnamese style %s" % (summary.get("Số lượt trình chiếu"), plays))
hours = ("%.1f" % (want["seconds"] / 3600)).rstrip("0").rstrip(".").replace(".", ",")
check(summary.get("Số giờ phát") == hours + " giờ", "hours on air %r (want %s giờ)" % (summary.get("Số giờ phát"), hours))
check(summary.get("Số ngày phát") == "%d ngày" % want["days"], "days on air %r" % summary.get("Số ngày phát"))
check(summary.get("Số thông báo khẩn") == "1", "one emergency notice")

c = wb["Nội dung"]
heads = [c.cell(1, i).value for i in range(1, 8)]
check(heads == ["TT", "Nội dung", "Loại", "Số lượt", "Thời lượng", "Ngày đầu", "Ngày cuối"], "content headings %s" % heads)
rows = {}
for r in range(2, c.max_row + 1):
    if c.cell(r, 1).value is not None:
        rows[c.cell(r, 2).value] = [c.cell(r, i) for i in range(1, 9)]
check(set(rows) == set(want["contents"]), "one row per content, named by its words: %s" % sorted(rows))
check("KHOA HỌC, CÔNG NGHỆ LÀ ĐỘT PHÁ" in rows and "KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO LÀ ĐỘT PHÁ QUAN TRỌNG HÀNG ĐẦU" in rows,
      "khauhieu-2 changed its words with version 42: two rows")
for name, w in want["contents"].items():
    row = rows.get(name)
    if not row:
        continue
    check(row[3].value == w["plays"], "%s: shown %s times (want %d)" % (name[:30], row[3].value, w["plays"]))
    got = row[4].value
    secs = got.total_seconds() if isinstance(got, datetime.timedelta) else got * 86400
    check(abs(secs - w["seconds"]) < 1, "%s: %s on screen (want %d s)" % (name[:30], got, w["seconds"]))
k = rows["KHOA HỌC, CÔNG NGHỆ LÀ ĐỘT PHÁ"]
check(k[5].value == datetime.datetime(2026, 4, 1) and k[6].value == datetime.datetime(2026, 6, 30),
      "first and last day are dates: %s %s" % (k[5].value, k[6].value))
check(k[5].number_format == 'dd"/"mm"/"yyyy', "days shown dd/mm/yyyy: %s" % k[5].number_format)
vi_count = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
check(k[3].number_format == vi_count, "counts shown 7.412 in any locale: %s" % k[3].number_format)
check(k[4].number_format == '[h]" giờ "mm" phút"', "time on screen in hours and minutes: %s" % k[4].number_format)
check(isinstance(k[3].value, (int, float)), "counts are numbers, not text (they sum)")

m = wb["Theo tháng"]
check([m.cell(1, i).value for i in range(1, 5)] == ["Tháng", "Số ngày phát", "Số lượt", "Thời lượng"], "month headings")
months = [m.cell(r, 1).value for r in range(2, 8)]
check(months == ["Tháng %d/2026" % i for i in range(1, 7)], "six months: %s" % months)
for i in range(1, 7):
    w = want["months"][str(i)]
    check(m.cell(i + 1, 2).value == w["days"] and m.cell(i + 1, 3).value == w["plays"],
          "month %d: %s days, %s slides (want %d, %d)" % (i, m.cell(i + 1, 2).value, m.cell(i + 1, 3).value, w["days"], w["plays"]))
# The per-content matrix: each content's six months of counts.
head = next(r for r in range(1, m.max_row + 1) if m.cell(r, 1).value == "Nội dung")
check([m.cell(head, i).value for i in range(2, 8)] == months, "matrix columns are the six months")
seen = 0
for r in range(head + 1, m.max_row + 1):
    name = m.cell(r, 1).value
    if name in want["contents"]:
        got = [m.cell(r, i).value for i in range(2, 8)]
        exp = [want["contents"][name]["months"].get(str(i), 0) for i in range(1, 7)]
        check(got == exp, "%s by month %s (want %s)" % (name[:30], got, exp))
        seen += 1
check(seen == len(want["contents"]), "every content in the month matrix")

e = wb["Khẩn cấp"]
check(e["B2"].value == "THÔNG BÁO KHẨN: BÃO SỐ 3 ĐỔ BỘ, NGƯỜI DÂN KHÔNG RA ĐƯỜNG", "the storm warning listed: %r" % e["B2"].value)
check(e["C2"].value == datetime.datetime(2026, 3, 15, 7, 30) and e["D2"].value == datetime.datetime(2026, 3, 15, 8, 0),
      "with its times: %s – %s" % (e["C2"].value, e["D2"].value))
check(e["B3"].value is None, "one notice, not one row per play")
print("py: %d failed" % fails)
sys.exit(1 if fails else 0)
PY
    [ $? -eq 0 ] && ok "workbook cells read back with openpyxl" || bad "workbook cells"

    # --lang en wins over LANG; the cut when a report is due before the half ends.
    LC_ALL= LANG=vi_VN.UTF-8 "$BIN" report "$T/proof.log" --half 2026-1 --to 2026-06-15 --lang en --format md >"$T/r.md"
    grep -q '^| Period | From 2026-01-01 to 2026-06-15 |$' "$T/r.md" && ok "--half cut at --to, --lang en" ||
        bad "--half --to: $(grep Period "$T/r.md")"
    grep -q '^| 2026-06 | 14 | ' "$T/r.md" && ! grep -q '^| 2026-07' "$T/r.md" && ok "June counted to the 15th" ||
        bad "June: $(grep '^| 2026-0' "$T/r.md")"
    "$BIN" report "$T/proof.log" --half 2026-3 >/dev/null 2>"$T/err"
    [ $? -eq 2 ] && grep -q "2026-3" "$T/err" && ok "--half 2026-3 is a usage error" || bad "--half 2026-3"
    "$BIN" report "$T/proof.log" --half 2026-1 --to 2026-08-01 >/dev/null 2>&1
    [ $? -eq 2 ] && ok "--to outside the half is a usage error" || bad "--to outside the half"
    "$BIN" report "$T/proof.log" --format xlsx >/dev/null 2>&1
    [ $? -eq 2 ] && ok "xlsx without --out is a usage error" || bad "xlsx without --out"
    LC_ALL= LANG=vi_VN.UTF-8 "$BIN" report "$T/none.log" 2>"$T/err" >/dev/null
    grep -q "không đọc được" "$T/err" && ok "errors in Vietnamese under LANG=vi" || bad "error: $(cat "$T/err")"
    # libreoffice, when present, shows what people see: the formatted cells.
    if command -v soffice >/dev/null 2>&1; then
        # One CSV per sheet (filter token 12 = -1), cells as shown (token 9).
        (cd "$T" && HOME="$T" timeout 180 soffice --headless --convert-to \
            'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
            --outdir "$T/lo" "$T/r.xlsx" >/dev/null 2>&1)
        grep -q '^[0-9]*,"KHOA HỌC, CÔNG NGHỆ LÀ ĐỘT PHÁ",Chữ,12\.240,34 giờ 00 phút,01/04/2026,30/06/2026,khauhieu-2$' \
            "$T/lo/r-Nội dung.csv" 2>/dev/null &&
            ok "LibreOffice opens it and shows 12.240, 34 giờ 00 phút, 01/04/2026" ||
            bad "LibreOffice view: $(grep 'LÀ ĐỘT PHÁ\"' "$T/lo/r-Nội dung.csv" 2>/dev/null)"
        grep -q '^Tháng 6/2026,[0-9]*,[0-9]*\.[0-9][0-9][0-9],[0-9]* giờ [0-9][0-9] phút,' "$T/lo/r-Theo tháng.csv" 2>/dev/null &&
            ok "LibreOffice shows the month table" || bad "LibreOffice months: $(cat "$T/lo/r-Theo tháng.csv" 2>/dev/null | head -8)"
    else
        echo "note: soffice not installed; the workbook was not opened in LibreOffice"
    fi
else
    command -v chromium >/dev/null 2>&1 || { echo "SKIP: chromium is not installed"; exit 77; }
    command -v pdftotext >/dev/null 2>&1 || { echo "SKIP: poppler-utils is not installed"; exit 77; }
    LC_ALL= LANG=vi_VN.UTF-8 "$BIN" report "$T/proof.log" --half 2026-1 --format html --out "$T/r.html"
    [ $? -eq 0 ] && ok "html written" || bad "html"
    HOME="$T" timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$T/r.pdf" "file://$T/r.html" >/dev/null 2>&1
    [ -s "$T/r.pdf" ] && ok "Chromium prints it to PDF" || bad "no PDF"
    pdfinfo "$T/r.pdf" | grep -q 'Page size:.*(A4)' && ok "pages are A4" ||
        bad "page size: $(pdfinfo "$T/r.pdf" | grep 'Page size')"
    pages=$(pdfinfo "$T/r.pdf" | sed -n 's/^Pages: *//p')
    [ "${pages:-0}" -ge 1 ] && [ "${pages:-0}" -le 4 ] && ok "$pages pages" || bad "pages: $pages"
    # Cells wrap across lines: read the text as one line of words.
    pdftotext "$T/r.pdf" - | tr '\n' ' ' | tr -s ' ' >"$T/r.txt"
    vplays=$(cat "$T/want.json.plays")
    for s in "BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN" "6 tháng đầu năm 2026" "UBND phường Minh Xuân" \
        "Số lượt trình chiếu" "$vplays" "KHOA HỌC, CÔNG NGHỆ LÀ ĐỘT PHÁ" "Tháng 6/2026" \
        "15/03/2026 07:30"; do
        grep -qF "$s" "$T/r.txt" && ok "the PDF reads \"$s\"" || bad "PDF lacks \"$s\""
    done
    # Every cell of the content table printed with its borders: pixels of
    # the grid in the page's picture, not only text.
    pdftoppm -r 50 -png -f 1 -l 1 "$T/r.pdf" "$T/page"
    [ -s "$T/page-1.png" ] && ok "page 1 as PNG" || bad "pdftoppm"
    if [ -n "${BANGTIN_REPORT_SHOT:-}" ]; then
        pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$T/r.pdf" "${BANGTIN_REPORT_SHOT%.png}"
    fi
    # Word takes a pasted table as a table when it is one: <table> with
    # styles on the cells themselves.
    n_td=$(grep -o '<td style="border:1px solid #000' "$T/r.html" | wc -l)
    [ "$n_td" -gt 40 ] && ok "cells carry their borders inline ($n_td)" || bad "inline cell styles: $n_td"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
