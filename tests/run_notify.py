#!/usr/bin/env python3
"""bangtin run speaks systemd's notify protocol to a socket this test
listens on: READY=1 only once a frame is on screen, WATCHDOG=1 at half of
WATCHDOG_USEC while frames are produced (a static slide included), and
STOPPING=1 on a clean exit."""
import json, os, socket, subprocess, sys, tempfile, time

binary = sys.argv[1]
passed = failed = 0


def check(ok, what):
    global passed, failed
    passed += ok
    failed += not ok
    print(("ok - " if ok else "not ok - ") + what)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    playlist = os.path.join(tmp, "p.json")
    with open(playlist, "w") as f:
        json.dump({"version": 1, "items": [
            {"id": "tinh", "type": "text", "text": "TRANG TĨNH", "duration": 60}]}, f)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000",
               SDL_VIDEODRIVER="dummy")
    env.pop("WATCHDOG_PID", None)
    start = time.monotonic()
    proc = subprocess.Popen([binary, "run", playlist, "--window", "320x160",
                             "--duration", "3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    msgs = []
    while proc.poll() is None or time.monotonic() - start < 4:
        try:
            data = sock.recv(4096).decode()
            msgs.append((time.monotonic() - start, data))
        except socket.timeout:
            if proc.poll() is not None:
                break
    proc.wait()
    kinds = [m for _, m in msgs]
    check(proc.returncode == 0, "run exits 0 under the notify protocol")
    check("READY=1" in kinds, "READY=1 is sent")
    ready = kinds.index("READY=1") if "READY=1" in kinds else len(kinds)
    check(all(k != "WATCHDOG=1" for k in kinds[:ready]),
          "no WATCHDOG=1 before READY=1")
    pings = [t for t, k in msgs if k == "WATCHDOG=1"]
    # 3 s at one ping per 500 ms: about 6, on a static slide too.
    check(4 <= len(pings) <= 8, f"WATCHDOG=1 at half WATCHDOG_USEC ({len(pings)} in 3 s)")
    gaps = [b - a for a, b in zip(pings, pings[1:])]
    # systemd would restart the board after a 1 s silence.
    check(bool(gaps) and max(gaps) < 0.9, f"no gap between pings near WATCHDOG_USEC ({max(gaps) if gaps else 0:.2f} s)")
    check(kinds and kinds[-1] == "STOPPING=1", "STOPPING=1 last, on a clean exit")

    # Without WATCHDOG_USEC the static slide is not redrawn for pings.
    env.pop("WATCHDOG_USEC")
    msgs.clear()
    start = time.monotonic()
    proc = subprocess.run([binary, "run", playlist, "--window", "320x160", "--duration", "2"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            msgs.append(sock.recv(4096).decode())
        except socket.timeout:
            break
    check("WATCHDOG=1" not in msgs and "READY=1" in msgs,
          "no watchdog configured: READY=1 only, no pings")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
