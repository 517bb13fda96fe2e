#!/bin/sh
# SPDX-License-Identifier: MIT
# bangtin run --config end to end: a local playlist plays first; a signed
# feed on a real HTTP server (127.0.0.1) is fetched in the background and
# swapped in between slides; the proof-of-play log and `bangtin report`
# add up to the time played; the status file says what is on screen.
set -u
BIN=$1
W=$(mktemp -d /tmp/bangtin-runfeed-XXXXXX)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

mkdir -p "$W/www" "$W/board"
cat >"$W/board/local.json" <<'JSON'
{ "version": 1, "name": "Bản địa", "defaults": { "duration": 1, "transition": "none" },
  "items": [ { "id": "local", "type": "text", "text": "BẢN ĐỊA" } ] }
JSON
cat >"$W/www/feed.json" <<'JSON'
{ "version": 1, "name": "Từ trung tâm", "sequence": 7,
  "defaults": { "duration": 1, "transition": "none" },
  "items": [ { "id": "tu-xa", "type": "text", "text": "TỪ TRUNG TÂM" } ] }
JSON
minisign -G -p "$W/board/feed.pub" -s "$W/k.sec" -W >/dev/null 2>&1
minisign -S -s "$W/k.sec" -m "$W/www/feed.json" >/dev/null 2>&1

# A plain http.server on a free port of 127.0.0.1.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$W/www" >/dev/null 2>&1 &
SRV=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/feed.json')" 2>/dev/null && break
    sleep 0.1
done

cat >"$W/board/config.json" <<JSON
{ "playlist": "local.json",
  "feed": { "url": "http://127.0.0.1:$PORT/feed.json", "pubkey": "feed.pub", "interval": 60 },
  "cache": "cache", "proof_log": "proof.log", "status_file": "status.json",
  "display": { "size": "320x160" } }
JSON

start=$(date +%s.%N)
SDL_VIDEODRIVER=dummy timeout 30 "$BIN" run --config "$W/board/config.json" --duration 6 \
    >"$W/out" 2>&1
st=$?
elapsed=$(python3 -c "import time; print(time.time() - $start)")
[ "$st" -eq 0 ] && ok "run --config exits cleanly" || bad "run --config: exit $st: $(tail -3 "$W/out")"

grep -q '"id":"local"' "$W/board/proof.log" && ok "the local playlist played first" \
    || bad "local playlist not in the proof log: $(cat "$W/board/proof.log")"
grep -q '"id":"tu-xa"' "$W/board/proof.log" && ok "the signed feed reached the screen" \
    || bad "feed item not in the proof log: $(cat "$W/board/proof.log") $(tail -3 "$W/out")"
python3 - "$W/board/proof.log" <<'PY' && ok "the feed took over between slides, never mid-slide" || bad "a slide was cut short by the swap"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
# Every slide but the last (cut by --duration) ran its full second.
sys.exit(0 if all(r["seconds"] >= 0.95 for r in rows[:-1]) else 1)
PY
python3 - "$W/board/proof.log" <<'PY' && ok "the proof log records each slide's words and the feed's sequence" || bad "proof log lacks words/seq: $(tail -3 "$W/board/proof.log")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
feed = [r for r in rows if r["id"] == "tu-xa"]
sys.exit(0 if feed and all(r.get("seq") == 7 and r.get("words") for r in feed) else 1)
PY
python3 - "$W/board/status.json" <<'PY' && ok "status file names the feed's playlist and sequence" || bad "status: $(cat "$W/board/status.json")"
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if s["playlist"]["source"] == "feed" and s["playlist"]["sequence"] == 7 else 1)
PY

"$BIN" report "$W/board/proof.log" >"$W/report.csv"
head -1 "$W/report.csv" | grep -q '^id,type,plays,seconds,' && ok "report CSV header" || bad "report header: $(head -1 "$W/report.csv")"
python3 - "$W/report.csv" "$elapsed" <<'PY' && ok "report adds up to the time played" || bad "report: $(cat "$W/report.csv") vs $elapsed s"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total = sum(float(r["seconds"]) for r in rows)
# Played for --duration 6 s, less start-up; never more than wall time.
sys.exit(0 if 4.0 <= total <= float(sys.argv[2]) + 0.5 else 1)
PY

# A broken edit of the local playlist is reported and does not stop the board.
cat >"$W/board/config2.json" <<JSON
{ "playlist": "local.json", "proof_log": "proof2.log", "display": { "size": "320x160" } }
JSON
( sleep 1.5; printf '{ "version": 1, "items": [ {"id": "x", "type": "text", "text": 5} ] }' >"$W/board/local.json" ) &
SDL_VIDEODRIVER=dummy timeout 30 "$BIN" run --config "$W/board/config2.json" --duration 4 >"$W/out2" 2>&1
st=$?
grep -q 'local.json:1:.*text' "$W/out2" && ok "a broken edit is reported with file, line and field" \
    || bad "broken edit not reported: $(cat "$W/out2")"
n=$(grep -c '"id":"local"' "$W/board/proof2.log")
[ "$st" -eq 0 ] && [ "$n" -ge 3 ] && ok "the previous playlist keeps playing after a broken edit" \
    || bad "after a broken edit: exit $st, $n plays"

# A refused update changes nothing on the board and says why in the log,
# once, with the next try: here the feed was edited after it was signed
# (a fresh cache, so the first fetch is due at once).
cat >"$W/board/config3.json" <<JSON
{ "playlist": "local.json",
  "feed": { "url": "http://127.0.0.1:$PORT/feed.json", "pubkey": "feed.pub", "interval": 60 },
  "cache": "cache3", "proof_log": "proof3.log", "display": { "size": "320x160" } }
JSON
sed -i 's/TỪ TRUNG TÂM/ĐÃ SỬA/' "$W/www/feed.json"
cat >"$W/board/local.json" <<'JSON'
{ "version": 1, "name": "Bản địa", "defaults": { "duration": 1, "transition": "none" },
  "items": [ { "id": "local", "type": "text", "text": "BẢN ĐỊA" } ] }
JSON
SDL_VIDEODRIVER=dummy timeout 30 "$BIN" run --config "$W/board/config3.json" --duration 3 >"$W/out3" 2>&1
st=$?
n=$(grep -c 'feed: .*refused.*next try at 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:]*' "$W/out3")
[ "$st" -eq 0 ] && [ "$n" -eq 1 ] && ok "a refused feed is logged once, with the next try" \
    || bad "refused feed: exit $st, $n log lines: $(cat "$W/out3")"
grep -q '"id":"local"' "$W/board/proof3.log" && ! grep -q '"id":"tu-xa"' "$W/board/proof3.log" \
    && ok "the refused feed never reached the screen" \
    || bad "after a refused feed: $(cat "$W/board/proof3.log")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
