#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bangtin run speaks systemd's notify protocol to a socket this test
listens on: READY=1 only once a frame is on screen, WATCHDOG=1 at half of
WATCHDOG_USEC while frames are produced (a static slide included), and
STOPPING=1 on a clean exit."""
import json, os, shutil, socket, subprocess, sys, tempfile, time

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


# ---- a config with a typo never takes the board down ----------------------
# Each kind of mistake: the board comes up (READY=1, watchdog pings), the
# log names the file, line and column, and the run ends cleanly.
def run_board(tmp, config, seconds, during=None):
    """Runs --config config under the notify protocol for seconds; during
    (if given) is called 1.5 s in. Returns (exit code, messages, stderr)."""
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000", SDL_VIDEODRIVER="dummy",
               STATE_DIRECTORY=os.path.join(tmp, "state"))
    env.pop("WATCHDOG_PID", None)
    errpath = os.path.join(tmp, "stderr")
    with open(errpath, "w") as err:
        proc = subprocess.Popen([binary, "run", "--config", config, "--duration", str(seconds)],
                                env=env, stdout=subprocess.DEVNULL, stderr=err)
        got = []
        start = time.monotonic()
        while proc.poll() is None:
            if during and time.monotonic() - start > 1.5:
                during()
                during = None
            try:
                got.append(sock.recv(4096).decode())
            except socket.timeout:
                pass
        while True:
            try:
                got.append(sock.recv(4096).decode())
            except socket.timeout:
                break
    return proc.returncode, got, open(errpath).read()


TYPOS = [
    # what, config text, where the mistake is (line:col), a word the message has
    ("a trailing comma", '{\n  "playlist": "p.json",\n  "display": { "size": "320x160" },\n}\n',
     "3:35:", "comma"),
    ('"off": "22h30"', '{\n  "playlist": "p.json",\n  "display": { "on": "06:00",\n'
     '               "off": "22h30" }\n}\n', "4:23:", "off"),
    ("an unknown key", '{\n  "playlist": "p.json",\n  "display": { "view_port": [0, 0, 64, 32] }\n}\n',
     "3:", "view_port"),  # at the key or its value: config.c decides
]
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    with open(os.path.join(tmp, "p.json"), "w") as f:
        json.dump({"version": 1, "items": [{"id": "tinh", "type": "text", "text": "TRANG TĨNH"}]}, f)
    config = os.path.join(tmp, "config.json")
    for what, text, where, word in TYPOS:
        with open(config, "w") as f:
            f.write(text)
        rc, got, err = run_board(tmp, config, 2.5)
        check(rc == 0, f"config with {what}: run does not exit on it ({rc})")
        check("READY=1" in got and got.count("WATCHDOG=1") >= 3,
              f"config with {what}: the board comes up (READY=1, {got.count('WATCHDOG=1')} pings)")
        line = [l for l in err.splitlines() if l.startswith(f"{config}:{where}")]
        check(bool(line) and word in line[0],
              f"config with {what}: logged at {where.rstrip(':')} ({line[0] if line else err.strip()[:300]})")
        # An error refuses the config (no good copy yet: defaults); a
        # warning does not.
        is_error = bool(line) and ": error: " in line[0]
        check(is_error == ("defaults" in err),
              f"config with {what}: {'refused, no good copy yet: defaults' if is_error else 'a warning: it loads'}")

    # A good config is saved; a later typo falls back to it, not to defaults.
    proof = os.path.join(tmp, "proof.log")
    good = '{ "playlist": "p.json", "proof_log": "proof.log", "display": { "size": "320x160" } }'
    with open(config, "w") as f:
        f.write(good)
    rc, got, err = run_board(tmp, config, 1.5)
    saved = os.path.join(tmp, "state", "config.last-good")
    check(rc == 0 and os.path.exists(saved), "a config that loads is saved as the last good copy")
    os.unlink(proof)
    with open(config, "w") as f:
        f.write(good.replace("}", "},", 1))
    rc, got, err = run_board(tmp, config, 2)
    check(rc == 0 and "last config that loaded" in err and "READY=1" in got,
          f"a typo after a good config: the board runs with the last good copy ({err.strip()[-200:]})")
    check(os.path.exists(proof) and "tinh" in open(proof).read(),
          "the last good copy's playlist and proof log are in use")

    # No good copy, then the file is fixed while the board runs: it loads.
    shutil.rmtree(os.path.join(tmp, "state"))
    os.unlink(proof)
    with open(config, "w") as f:
        f.write(good + ",")

    def fix():
        with open(config + ".tmp", "w") as f:
            f.write(good)
        os.replace(config + ".tmp", config)

    rc, got, err = run_board(tmp, config, 3.5, during=fix)
    check(rc == 0 and "defaults" in err and "the new config applies now" in err,
          f"a config fixed while the board runs is loaded ({err.strip()[-200:]})")
    check(os.path.exists(proof) and "tinh" in open(proof).read(),
          "after the fix the config's playlist plays")
    sock.close()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
