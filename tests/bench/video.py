#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Clips' rows of the benchmark (issue 17); run through tests/bench/video.sh.

  1. playing a 1080p30 H.264 clip on a 1920x1080 board and a 384x192 clip
     on a 384x192 board, looped, under SDL's dummy driver (the surface
     path: the decoder thread decodes and fits ARGB, the loop copies it):
     CPU as a share of one core and peak RSS of the whole player;
  2. callgrind instructions per picture of decoding and fitting (the
     player's own media/clip.h path, tests/bench/bench_video.c), for the
     surface path (argb) and the GPU path (yuv): the Pi estimate;
  3. memory over a long loop (--soak seconds, default 600): RSS sampled
     every 5 s; decoding buffers must not grow.
Prints a Markdown table. It reports; it does not fail.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HZ = os.sysconf("SC_CLK_TCK")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def log(msg):
    print(f"bench-video: {msg}", file=sys.stderr, flush=True)


def env():
    return dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                BANGTIN_DATA_DIR=ROOT, LC_ALL="C.UTF-8", BANGTIN_HWDEC="")


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def ff(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_clips(tmp):
    log("making clips with ffmpeg (1080p30 H.264 at 6 Mbit/s, 384x192 at 0.5 Mbit/s)")
    src = "testsrc2=s={s}:r=30:d={d},noise=alls=12:allf=t"
    ff("-f", "lavfi", "-i", src.format(s="1920x1080", d=10), "-c:v", "libx264", "-preset",
       "veryfast", "-b:v", "6M", "-g", "60", "-pix_fmt", "yuv420p", f"{tmp}/hd.mp4")
    ff("-f", "lavfi", "-i", src.format(s="1920x1080", d=2), "-c:v", "libx264", "-preset",
       "veryfast", "-b:v", "6M", "-g", "60", "-pix_fmt", "yuv420p", f"{tmp}/hd2.mp4")
    ff("-f", "lavfi", "-i", src.format(s="384x192", d=10), "-c:v", "libx264", "-b:v", "500k",
       "-g", "60", "-pix_fmt", "yuv420p", f"{tmp}/small.mp4")


def playlist(tmp, name, clip, seconds):
    path = f"{tmp}/{name}.json"
    with open(path, "w") as f:
        json.dump({"version": 1, "items": [{"id": "v", "type": "video", "src": clip,
                                            "duration": seconds, "loop": True}]}, f)
    return path


def play(a, pl, size, seconds, warm=5.0, sample_every=None):
    """CPU share of a core between warm and the end, peak RSS, RSS samples."""
    p = subprocess.Popen([a.bangtin, "run", pl, "--window", size, "--duration", str(seconds)],
                         env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.monotonic()
    time.sleep(warm)
    c0, t0 = cpu_s(p.pid), time.monotonic()
    samples = []
    while time.monotonic() - start < seconds - 1:
        time.sleep(sample_every or 0.5)
        if sample_every:
            samples.append((round(time.monotonic() - start), status_kb(p.pid, "VmRSS")))
    c1, t1 = cpu_s(p.pid), time.monotonic()
    hwm = status_kb(p.pid, "VmHWM")
    err = p.communicate()[1].decode(errors="replace")
    if "next slide" in err:
        log(f"the clip failed while measured: {err.strip()}")
    return {"cpu": (c1 - c0) / (t1 - t0), "hwm_kb": hwm, "samples": samples}


def callgrind(a, tmp, clip, w, h, mode):
    out = f"{tmp}/cg.{os.path.basename(clip)}.{mode}"
    r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        a.bench_video, clip, str(w), str(h), mode], env=env(),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    pictures = json.loads(r.stdout)["pictures"]
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1]) / max(pictures, 1), pictures
    raise SystemExit("bench-video: no totals in callgrind output")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bangtin", required=True)
    ap.add_argument("--bench-video", required=True)
    ap.add_argument("--soak", type=int, default=600)
    ap.add_argument("--seconds", type=int, default=30)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bangtin-bench-video-") as tmp:
        make_clips(tmp)
        rows = []
        for name, clip, size in (("1080p30 H.264 on 1920x1080", "hd.mp4", "1920x1080"),
                                 ("384x192 H.264 on 384x192", "small.mp4", "384x192")):
            log(f"playing {name} for {a.seconds} s")
            r = play(a, playlist(tmp, clip, clip, a.seconds + 10), size, a.seconds)
            rows.append((name, r))
        cg = []
        for name, clip, w, h in (("1080p30 H.264, 1920x1080 board", "hd2.mp4", 1920, 1080),
                                 ("384x192 H.264, 384x192 board", "small.mp4", 384, 192)):
            for mode in ("argb", "yuv"):
                log(f"callgrind: {name}, {mode}")
                ir, n = callgrind(a, tmp, f"{tmp}/{clip}", w, h, mode)
                cg.append((name, mode, ir, n))
        log(f"soak: 384x192 looping for {a.soak} s, 1080p looping for {min(a.soak, 120)} s")
        soak_small = play(a, playlist(tmp, "soak-small", "small.mp4", a.soak + 10), "384x192",
                          a.soak, warm=2, sample_every=5)
        soak_hd = play(a, playlist(tmp, "soak-hd", "hd.mp4", 130), "1920x1080",
                       min(a.soak, 120), warm=2, sample_every=5)

    print("| clip, board | CPU (share of one core) | peak RSS |")
    print("|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['cpu'] * 100:.0f} % | {r['hwm_kb'] / 1024:.1f} MB |")
    print()
    print("| decode + fit, callgrind | path | instructions per picture | pictures |")
    print("|---|---|---|---|")
    for name, mode, ir, n in cg:
        path = "surface (ARGB fitted on the decoder thread)" if mode == "argb" else \
            "GPU (YUV planes as decoded)"
        print(f"| {name} | {path} | {ir / 1e6:.1f} M | {n} |")
    print()
    print("| soak | RSS after 10 s | highest | last | samples |")
    print("|---|---|---|---|---|")
    for name, s in (("384x192 loop", soak_small), ("1080p loop", soak_hd)):
        kb = [v for t, v in s["samples"] if t >= 10 and v > 0]
        if kb:
            print(f"| {name}, {s['samples'][-1][0]} s | {kb[0] / 1024:.1f} MB | "
                  f"{max(kb) / 1024:.1f} MB | {kb[-1] / 1024:.1f} MB | {len(kb)} |")


if __name__ == "__main__":
    main()
