#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kill -9 at random instants of `bangtin fetch --once` installs.

Usage: kill_loop.py BANGTIN [ITERATIONS]   (default 200, or $KILL_ITERATIONS)

Each iteration starts an install of a new signed version (sequence i, two
fresh images) into one cache and kills it with SIGKILL after a random delay
drawn over the length of an install. After each kill the cache must be
consistent: DIR/playlist.json parses, every image it names is inside DIR
and hashes to its signed sha256, the generation it belongs to holds the
signed feed.json of the same sequence (minisign verifies it), state.json
parses; and what plays is byte for byte the state before the kill or the
complete new one. Prints one line per 50 iterations, then the counts and
"N passed, N failed" (one per iteration).
"""
import hashlib
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

BIN = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("KILL_ITERATIONS", "200"))
HERE = os.path.dirname(os.path.abspath(__file__))
if not shutil.which("minisign"):
    print("minisign missing")
    sys.exit(77)


def png(path, w, seed):
    rnd = random.Random(seed)
    raw = b"".join(b"\0" + rnd.randbytes(w * 3) for _ in range(w))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, w, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def playable(c):
    """What the board would show: the playlist and each image's bytes."""
    p = os.path.join(c, "playlist.json")
    if not os.path.exists(p):
        return None
    pl = json.load(open(p))
    imgs = tuple(sorted((it["src"], sha(os.path.join(c, it["src"])))
                        for it in pl["items"] if it["type"] == "image"))
    return (pl["sequence"], sha(p), imgs)


def consistent(c, pub):
    """Raises AssertionError saying what is inconsistent."""
    p = os.path.join(c, "playlist.json")
    pl = json.load(open(p))
    real = os.path.realpath(c) + "/"
    for it in pl["items"]:
        if it["type"] != "image":
            continue
        f = os.path.realpath(os.path.join(c, it["src"]))
        assert f.startswith(real), "image outside the cache: " + f
        assert sha(f) == it["sha256"], "image does not hash to its sha256: " + it["src"]
    ino = os.stat(p).st_ino
    gdir = os.path.join(c, "gen")
    if os.path.isdir(gdir):
        gens = [g for g in os.listdir(gdir)
                if os.path.exists(os.path.join(gdir, g, "root.json")) and
                os.stat(os.path.join(gdir, g, "root.json")).st_ino == ino]
        assert len(gens) == 1, "playlist.json is no generation's root: %r" % gens
        g = os.path.join(gdir, gens[0])
    else:
        g = c  # the layout before generations: DIR/feed.json beside it
    feed = json.load(open(os.path.join(g, "feed.json")))
    assert feed["sequence"] == pl["sequence"], "feed.json %s vs playlist.json %s" % (
        feed["sequence"], pl["sequence"])
    r = subprocess.run(["minisign", "-V", "-q", "-p", pub, "-m", os.path.join(g, "feed.json")],
                       capture_output=True)
    assert r.returncode == 0, "the kept signature does not verify"
    st = os.path.join(c, "state.json")
    if os.path.exists(st):
        json.load(open(st))


def main():
    w = tempfile.mkdtemp(prefix="bangtin-kill-")
    srv = None
    try:
        www, c = os.path.join(w, "www"), os.path.join(w, "cache")
        os.makedirs(www)
        pub, sec = os.path.join(w, "k.pub"), os.path.join(w, "k.sec")
        subprocess.run(["minisign", "-G", "-p", pub, "-s", sec, "-W"], check=True,
                       capture_output=True)
        with open(os.path.join(w, "port"), "w") as out:
            srv = subprocess.Popen([sys.executable, os.path.join(HERE, "fault_server.py"), www,
                                    os.path.join(w, "log")], stdout=out)
        for _ in range(100):
            if os.path.getsize(os.path.join(w, "port")):
                break
            time.sleep(0.05)
        url = "http://127.0.0.1:%s" % open(os.path.join(w, "port")).read().strip()
        for i in range(N + 2):
            d = os.path.join(www, "v%d" % i)
            os.makedirs(d)
            items = [{"id": "t", "type": "text", "text": "BẢN TIN SỐ %d" % i}]
            for k in range(2):
                h = png(os.path.join(d, "i%d.png" % k), 160, i * 10 + k)
                items.append({"id": "i%d" % k, "type": "image", "src": "i%d.png" % k,
                              "sha256": h})
            with open(os.path.join(d, "feed.json"), "w") as f:
                json.dump({"version": 1, "name": "UBND", "sequence": i + 1, "items": items}, f,
                          ensure_ascii=False, indent=1)
            subprocess.run(["minisign", "-S", "-s", sec, "-m", os.path.join(d, "feed.json")],
                           check=True, capture_output=True)

        def fetch(i):
            return [BIN, "fetch", "--feed", "%s/v%d/feed.json" % (url, i), "--cache", c,
                    "--pubkey", pub, "--timeout", "20", "--once"]

        t0 = time.monotonic()
        r = subprocess.run(fetch(0), capture_output=True, text=True)
        span = max(0.05, (time.monotonic() - t0) * 1.3)
        if r.returncode != 0:
            print("first install failed: " + r.stderr)
            print("0 passed, 1 failed")
            return 1
        passed = failed = old = new = 0
        rnd = random.Random(21)
        for i in range(1, N + 1):
            before = playable(c)
            p = subprocess.Popen(fetch(i), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(0, span))
            p.kill()
            p.wait()
            try:
                consistent(c, pub)
                after = playable(c)
                if after == before:
                    old += 1
                elif after[0] == i + 1:
                    new += 1
                else:
                    raise AssertionError("neither the old nor the new version: %r" % (after,))
                passed += 1
            except (AssertionError, OSError, ValueError, KeyError) as e:
                failed += 1
                print("iteration %d: inconsistent: %s" % (i, e))
            if i % 50 == 0:
                print("%d iterations: %d consistent (%d kept the old version, %d the new)" %
                      (i, passed, old, new))
        # The cache still works and collects what the kills left behind.
        r = subprocess.run(fetch(N + 1), capture_output=True, text=True)
        gens = os.listdir(os.path.join(c, "gen")) if os.path.isdir(os.path.join(c, "gen")) else []
        tmp = os.listdir(os.path.join(c, "tmp")) if os.path.isdir(os.path.join(c, "tmp")) else []
        if r.returncode != 0 or len(gens) != 1 or tmp:
            failed += 1
            print("after the loop: exit %d %s; gen %r; tmp %r" % (r.returncode, r.stderr, gens,
                                                                  tmp))
        else:
            passed += 1
            print("after the loop: a clean install works; one generation left, tmp empty")
        print("kill -9: %d iterations, %d consistent (%d old, %d new)" % (N, passed - 1 if
              failed == 0 else passed, old, new))
        print("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 else 1
    finally:
        if srv:
            srv.kill()
            srv.wait()
        shutil.rmtree(w, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
