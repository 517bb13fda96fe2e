#!/bin/sh
# SPDX-License-Identifier: MIT
# A clip's sound, heard through SDL's disk audio driver (what the board's
# sound output would play, written to a file): a clip made here with a
# 440 Hz tone at 0.5-1.5 s and an 880 Hz one at 2.0-3.0 s plays with
# "audio": true, then muted (no "audio"), then with sound again. Each tone
# must come at its time in the clip and at its pitch, the muted clip must
# be silent, and a config without a sound output plays everything muted
# (logged once).
# Usage: run_sound.sh BANGTIN
set -u
BANGTIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v ffmpeg >/dev/null 2>&1 || { echo "SKIP: ffmpeg is not installed"; exit 77; }
T=$(mktemp -d /tmp/bangtin-sound-XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
cd "$T" || exit 1

ffmpeg -nostdin -v error -y -f lavfi -i "color=c=0x303030:s=320x180:r=25:d=3" \
    -f lavfi -i "sine=f=440:d=1:sample_rate=48000" -f lavfi -i "sine=f=880:d=1:sample_rate=48000" \
    -filter_complex "[1]adelay=500[a];[2]adelay=2000[b];[a][b]amix=inputs=2:normalize=0,apad=whole_dur=3[o]" \
    -map 0 -map "[o]" -c:v libx264 -pix_fmt yuv420p -c:a aac -ac 1 -shortest clip.mp4 ||
    bad "ffmpeg: cannot make the clip"
ffmpeg -nostdin -v error -y -f lavfi -i "color=c=0x303030:s=320x180:r=25:d=1" -c:v libx264 \
    -pix_fmt yuv420p silent.mp4 || bad "ffmpeg: cannot make the silent clip"
cat >play.json <<'JSON'
{"version": 1, "defaults": {"transition": "none"}, "items": [
 {"id": "first", "type": "text", "text": "BẢNG TIN", "duration": 1},
 {"id": "loud", "type": "video", "src": "clip.mp4", "audio": true},
 {"id": "muted", "type": "video", "src": "clip.mp4"},
 {"id": "again", "type": "video", "src": "clip.mp4", "audio": true},
 {"id": "after", "type": "text", "text": "HẾT", "duration": 30}
]}
JSON
printf '{"audio": {"output": "default"}}\n' >sound.json
printf '{}\n' >nosound.json

# check: a clip with sound is clean; "audio": true on a clip without any warns.
out=$("$BANGTIN" check play.json --size 320x180 2>&1)
[ $? -eq 0 ] && ! echo "$out" | grep -q "warning:" && ok "check: the clip with sound is clean" ||
    bad "check: $out"
printf '{"version": 1, "items": [{"id": "quiet", "type": "video", "src": "silent.mp4", "audio": true}]}\n' \
    >quiet.json
out=$("$BANGTIN" check quiet.json --size 320x180 2>&1)
echo "$out" | grep -q "silent.mp4 has no sound track" && ok "check: a clip without sound warns" ||
    bad "check: no warning for a clip without sound: $out"
printf '{"audio": {"outptu": "default"}}\n' >typo.json
out=$("$BANGTIN" check play.json --config typo.json --size 320x180 2>&1)
echo "$out" | grep -q 'typo.json:1:.*audio.outptu' && ok "check --config: a typo in audio is named" ||
    bad "check --config: $out"

# Plays 1 + 3 + 3 + 3 s, then the last slide.
play() {
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" SDL_VIDEODRIVER=dummy \
        SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/$2.raw" timeout 60 "$BANGTIN" run play.json \
        --config "$1" --window 320x180 --duration 11.5 2>"$2.err"
}
if play sound.json sound; then ok "run with sound: status 0"; else bad "run with sound: $(cat sound.err)"; fi
if [ -s sound.raw ]; then
    python3 "$HERE/sound_shots.py" sound.raw 48000 >sound.tones
    # From the output's opening (the loud clip's start): 0.5 s, 2.0 s, then
    # the same 6 s later (the muted clip plays between).
    python3 - sound.tones >sound.judge <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))
tones = got["tones"]
want = [(0.5, 1.5, 440), (2.0, 3.0, 880), (6.5, 7.5, 440), (8.0, 9.0, 880)]
print(f"     heard: {tones}")
ok = len(tones) == len(want)
print(("ok  " if ok else "FAIL") + f" sound: {len(tones)} tones heard, want 4 (the muted clip silent)")
for (a, b, hz), t in zip(want, tones):
    good = abs(t["start"] - a) <= 0.15 and abs(t["end"] - b) <= 0.15 and abs(t["hz"] - hz) <= hz * 0.03
    print(("ok  " if good else "FAIL") +
          f" sound: {hz} Hz at {t['start']:.2f}-{t['end']:.2f} s ({t['hz']} Hz; want {a}-{b} s)")
PY
    cat sound.judge
    pass=$((pass + $(grep -c '^ok' sound.judge)))
    fail=$((fail + $(grep -c '^FAIL' sound.judge)))
else
    bad "run with sound: nothing was played ($(cat sound.err))"
fi
grep -q "sound: default at 48000 Hz, 1 channels" sound.err && ok "the sound output is logged" ||
    bad "the sound output is not logged: $(cat sound.err)"

if play nosound.json nosound; then ok "run without a sound output: status 0"; else
    bad "run without a sound output: $(cat nosound.err)"; fi
[ ! -e nosound.raw ] && ok "without a sound output nothing plays" ||
    bad "without a sound output the board played sound"
n=$(grep -c "asks for sound, but the config names no sound output" nosound.err)
[ "$n" -eq 1 ] && ok "the muted clip asking for sound is logged once" ||
    bad "logged $n times: $(cat nosound.err)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
