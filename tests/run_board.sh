#!/bin/sh
# SPDX-License-Identifier: MIT
# The board's display settings from --config, seen on a real X screen
# (Xvfb): an LED sending card's viewport (the picture pixel-exact in a
# corner, the rest black), brightness scaling every colour, rotation for
# portrait panos, and the scheduled off period (black on purpose).
set -u
BIN=$1
T=$(mktemp -d /tmp/bangtin-board-XXXXXX)
xpid=""
cleanup() { [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }

d=120
while [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
Xvfb ":$d" -screen 0 640x360x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
xpid=$!
i=0
while [ ! -e "/tmp/.X11-unix/X$d" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
export DISPLAY=":$d"

cat >"$T/p.json" <<'JSON'
{ "version": 1, "name": "Bảng", "defaults": { "background": "#c80000", "color": "#ffffff" },
  "items": [ { "id": "a", "type": "text", "text": "Ở" , "duration": 60 } ] }
JSON

# ready_wait: listens for the player's READY=1 (sent after its first frame)
# on $T/notify; ready_done waits for it, at most 15 s. No fixed sleeps.
ready_wait() {
    rm -f "$T/wr.out"
    python3 "$(dirname "$0")/lib/wait_ready.py" "$T/notify" 15 >"$T/wr.out" &
    wpid=$!
    i=0
    while ! grep -q listening "$T/wr.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
ready_done() { wait "$wpid" || echo "# no READY=1 from the player within 15 s"; }

# board CONFIG_DISPLAY_JSON: runs 3 s fullscreen, screenshots the root window
# once the player says its first frame is on screen.
board() {
    cat >"$T/c.json" <<JSON
{ "playlist": "p.json", "display": $1 }
JSON
    # Mesa/D-Bus exit leaks under ASan are not ours (see run_display.sh).
    ready_wait
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" SDL_VIDEODRIVER=x11 \
        NOTIFY_SOCKET="$T/notify" timeout 20 "$BIN" run --config "$T/c.json" --fullscreen \
        --duration 3 2>"$T/err" &
    rpid=$!
    ready_done
    import -window root "$T/shot.png" 2>/dev/null
    wait $rpid || echo "run failed: $(cat "$T/err")"
}
# px X Y: "R,G,B" of the screenshot's pixel.
px() { convert "$T/shot.png" -crop "1x1+$1+$2" -depth 8 txt:- | sed -n 2p | sed 's/.*(\([0-9]*\),\([0-9]*\),\([0-9]*\).*/\1,\2,\3/'; }
near() { # near "R,G,B" R G B: each channel within 3
    echo "$1" | awk -F, -v r="$2" -v g="$3" -v b="$4" \
        'function a(x){return x<0?-x:x} {exit !(a($1-r)<=3 && a($2-g)<=3 && a($3-b)<=3)}'
}

board '{ "viewport": [0, 0, 192, 96] }'
c=$(px 5 5); near "$c" 200 0 0 && ok "viewport: the board's background at its corner ($c)" || bad "viewport corner is $c"
c=$(px 300 200); near "$c" 0 0 0 && ok "viewport: black outside the board ($c)" || bad "outside the viewport is $c"
c=$(px 191 95); near "$c" 200 0 0 && ok "viewport: pixel-exact to its last pixel ($c)" || bad "viewport last pixel is $c"
c=$(px 192 96); near "$c" 0 0 0 && ok "viewport: nothing past it ($c)" || bad "past the viewport is $c"
# Smooth against mono on a 320x160 board: at 192x96 every board draws its
# text in the bitmap strikes (crisp, two colours) anyway.
colours() { convert "$T/shot.png" -crop 320x160+0+0 +repage -format '%k' info:; }
board '{ "viewport": [0, 0, 320, 160] }'
n=$(colours)
[ "$n" -gt 2 ] && ok "smooth text: antialiased edges ($n colours)" || bad "smooth text has $n colours"

board '{ "viewport": [0, 0, 192, 96], "brightness": [ { "from": "00:00", "level": 50 } ] }'
c=$(px 5 5); near "$c" 100 0 0 && ok "brightness 50: colours halved ($c)" || bad "brightness 50 gives $c"

board '{ "viewport": [0, 0, 96, 192], "rotate": 90 }'
c=$(px 5 150); near "$c" 200 0 0 && ok "rotate 90: a portrait board stands in the viewport ($c)" || bad "rotated board at (5,150) is $c"
c=$(px 150 5); near "$c" 0 0 0 && ok "rotate 90: black beside it ($c)" || bad "beside the rotated board is $c"

board '{ "viewport": [0, 0, 320, 160], "mono": true }'
n=$(colours)
[ "$n" -eq 2 ] && ok "mono board: text is 1-bit, two colours only" || bad "mono board shows $n colours"

# Off now: the off period started a minute ago and ends in two hours.
on=$(date -d '+2 hours' +%H:%M)
off=$(date -d '-1 minute' +%H:%M)
board "{ \"viewport\": [0, 0, 192, 96], \"on\": \"$on\", \"off\": \"$off\" }"
c=$(px 5 5); near "$c" 0 0 0 && ok "scheduled off: the board is black ($c)" || bad "scheduled off shows $c"
on=$(date -d '-1 minute' +%H:%M)
off=$(date -d '+2 hours' +%H:%M)
board "{ \"viewport\": [0, 0, 192, 96], \"on\": \"$on\", \"off\": \"$off\" }"
c=$(px 5 5); near "$c" 200 0 0 && ok "scheduled on: the board shows ($c)" || bad "scheduled on shows $c"

# A window resized under the player: the slide is laid out again at the
# new size, nothing stays black.
ready_wait
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" SDL_VIDEODRIVER=x11 \
    NOTIFY_SOCKET="$T/notify" timeout 20 "$BIN" run "$T/p.json" --window 320x160 --duration 5 \
    2>"$T/err" &
rpid=$!
ready_done
wid=$(xwininfo -root -tree | awk '/"bangtin": \(/ { print $1; exit }')
xdotool windowmove "$wid" 0 0 windowsize "$wid" 640 360 2>/dev/null
sleep 1.5
import -window root "$T/shot.png" 2>/dev/null
wait $rpid
c=$(px 635 355); near "$c" 200 0 0 && ok "resize: the slide fills the larger window ($c)" || bad "after resize (635,355) is $c"
white=$(convert "$T/shot.png" -crop 640x80+0+270 -fill black +opaque white -format '%[fx:mean]' info:)
awk -v w="$white" 'BEGIN { exit !(w > 0.01) }' && ok "resize: the text is laid out again across it" || bad "no text below the old window after resize ($white)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
