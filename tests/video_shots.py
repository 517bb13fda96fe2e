#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Screenshots a real X window (xwd) while bangtin plays a playlist of an
MP4, a WebM, an animated GIF and a still, and judges what a passer-by
would see: each clip's pictures in order, at the clip's pace, one clip
after the other, then the next slide; the ticker moving over the clips.

Usage: video_shots.py grab DISPLAY SECONDS OUT.json
       video_shots.py judge OUT.json      (prints ok/FAIL lines)
       video_shots.py selftest            (the judge on made-up runs)
The clips' pictures are coded by colour (tests/run_video.sh makes them):
  MP4  grey   32 + 40 k   for its half-second k (0..5)
  WebM red    40 + 40 k   (0..5)
  GIF  green  60 + 60 k   (0..3, looped)
  the next slide: magenta.
Samples the centre pixel of the slide area and a hash of the ticker band.
"""
import json
import struct
import subprocess
import sys
import time
import zlib


def grab(display):
    raw = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                         stdout=subprocess.PIPE, check=True).stdout
    hdr = struct.unpack(">25I", raw[:100])
    header_size, width, height = hdr[0], hdr[4], hdr[5]
    bpp, bytes_per_line, ncolors = hdr[11], hdr[12], hdr[19]
    off = header_size + ncolors * 12
    return raw[off:], width, height, bytes_per_line, bpp


def pixel(img, x, y):
    data, w, h, bpl, bpp = img
    i = y * bpl + x * (bpp // 8)
    b, g, r = data[i], data[i + 1], data[i + 2]
    return r, g, b


def classify(rgb):
    r, g, b = rgb
    def seg(v, base, step, n):
        k = round((v - base) / step)
        return k if 0 <= k < n and abs(v - (base + step * k)) <= step * 0.4 else None
    if abs(r - g) < 12 and abs(g - b) < 12:
        k = seg(g, 32, 40, 6)
        if k is not None:
            return "mp4", k
    if g < 40 and b < 40:
        k = seg(r, 40, 40, 6)
        if k is not None:
            return "webm", k
    if r < 40 and b < 40:
        k = seg(g, 60, 60, 4)
        if k is not None:
            return "gif", k
    if r > 200 and b > 200 and g < 60:
        return "next", 0
    return "other", 0


def grab_all(display, seconds, out):
    samples = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        t0 = time.monotonic() - start
        try:
            img = grab(display)
        except subprocess.CalledProcessError:
            time.sleep(0.05)
            continue
        t1 = time.monotonic() - start
        w, h = img[1], img[2]
        band = img[0][(h - 8) * img[3]:(h - 7) * img[3]]  # a row inside the ticker
        # The picture was taken somewhere between t0 and t1.
        samples.append({"t": round((t0 + t1) / 2, 3), "dt": round(t1 - t0, 3),
                        "rgb": pixel(img, w // 2, h * 45 // 100),
                        "ticker": zlib.crc32(band)})
    json.dump(samples, open(out, "w"))


def judge(samples):
    """Returns [(ok, what)], one per property."""
    results = []

    def check(ok, what):
        results.append((ok, what))

    seen = [(s["t"], *classify(tuple(s["rgb"])), s["ticker"]) for s in samples]
    # A screenshot's time is known to within its capture: on a loaded
    # machine some take long, and only the quick ones time the pace.
    quick = {s["t"]: s["dt"] for s in samples if s["dt"] <= 0.12}
    # Which picture is on screen, from colours that hold 0.1 s or more (a
    # fade's mixes change every frame and may look like another clip's).
    runs = []
    for (t, cls, _, _), smp in zip(seen, samples):
        if runs and runs[-1][2] == smp["rgb"]:
            runs[-1][1] = t
        else:
            runs.append([t, t, smp["rgb"], cls])
    order = []
    for t0, t1, _, cls in runs:
        if t1 - t0 >= 0.1 and cls != "other" and (not order or order[-1] != cls):
            order.append(cls)
    check(order == ["mp4", "webm", "gif", "next"],
          f"the clips play one after the other, then the next slide ({' '.join(order)})")
    # No black and no bare background between the first clip and the
    # next slide: each clip was ready (prepared) when its slide came on,
    # and fades run from picture to picture.
    idx = [i for i, (_, cls, _, _) in enumerate(seen) if cls != "other"]
    first = next((i for i in idx if seen[i][1] == "mp4"), None)
    last = next((i for i in idx if seen[i][1] == "next"), None)
    if first is not None and last is not None:
        gaps = [seen[i][0] for i in range(first, last)
                if max(samples[i]["rgb"]) < 16 or tuple(samples[i]["rgb"]) == (32, 32, 96)]
        check(not gaps, f"no black or empty frame between the clips ({len(gaps)} at {gaps[:3]})")
    names = ["mp4", "webm", "gif", "next"]
    for name, step_s, n, loops in (("mp4", 0.5, 6, False), ("webm", 0.5, 6, False),
                                   ("gif", 0.5, 4, True)):
        # The clip's own screenshots: from its first picture to the next
        # clip's first; a fade's mixed colours at either end are left out.
        nxt = names[names.index(name) + 1]
        lo = next((i for i, s in enumerate(seen) if s[1] == name and s[2] == 0), None)
        hi = next((i for i, s in enumerate(seen) if lo is not None and i > lo and s[1] == nxt),
                  len(seen))
        ph = [(t, k) for t, cls, k, _ in seen[lo:hi] if cls == name] if lo is not None else []
        if len(ph) < 4:
            check(False, f"{name}: only {len(ph)} screenshots show it")
            continue
        # Unwrap a looping clip's pictures: k falling back starts a pass.
        u, base, prev, wraps = [], 0, ph[0][1], 0
        for t, k in ph:
            if loops and k < prev:
                base += n
                wraps += 1
            u.append((t, base + k))
            prev = k
        top = max(k for _, k in u)
        u = u[:max(i for i, (_, k) in enumerate(u) if k == top) + 1]  # the fade out's mix
        mono = all(b[1] >= a[1] for a, b in zip(u, u[1:]))
        check(mono, f"{name}: pictures in order ({' '.join(str(k) for _, k in u)})")
        # Pace: each picture's onset lies between the last screenshot
        # before it and the first that shows it; timed only where both are
        # quick and close together. The clip's clock is the onsets' median
        # offset; every onset must come within 0.2 s of it (on top of the
        # screenshots' own uncertainty, ~0.07 s): later is a hitch a
        # passer-by sees, as is a picture skipped.
        one = next(((t, k) for t, k in u if k >= 1), None)
        if not one:
            check(False, f"{name}: never got past its first picture")
            continue
        t1, k1 = one
        bounded, skipped = [], []  # (picture, earliest, latest onset)
        for (ta, ka), (tb, kb) in zip(u, u[1:]):
            if kb > ka and kb >= 1 and ta in quick and tb in quick and tb - ta <= 0.3:
                # A screenshot shows the window somewhere within its capture.
                lo, hi = ta - quick[ta] / 2, tb + quick[tb] / 2
                bounded.append((kb, lo, hi))
                # Pictures between the two never showed: none came on by ta.
                skipped += [(j, lo, float("inf")) for j in range(ka + 1, kb)]
        if len(bounded) < 3:
            check(False, f"{name}: only {len(bounded)} picture changes timed")
        else:
            mids = sorted((lo + hi) / 2 - k * step_s for k, lo, hi in bounded)
            clock = mids[len(mids) // 2]
            worst = max(max(lo - k * step_s - clock, clock - (hi - k * step_s), 0)
                        for k, lo, hi in bounded + skipped)
            # Its speed: the onsets' least-squares slope against their
            # pictures, which a clip too slow or too fast tilts.
            ks = [k for k, _, _ in bounded]
            ts = [(lo + hi) / 2 for _, lo, hi in bounded]
            km, tm = sum(ks) / len(ks), sum(ts) / len(ts)
            var = sum((k - km) ** 2 for k in ks)
            speed = step_s * var / sum((k - km) * (t - tm) for k, t in zip(ks, ts)) if var else 0
            check(worst <= 0.2 and abs(speed - 1) <= 0.15,
                  f"{name}: at the clip's pace ({speed:.2f}x; worst picture {worst:.2f} s off "
                  f"its clock; {len(bounded)} picture changes timed, {len(skipped)} skipped)")
        check(len({k for _, k in u}) >= n - 1, f"{name}: {len({k for _, k in u})} pictures seen")
        span = u[-1][0] - t1 + step_s
        want = 3.0 if loops else n * step_s
        check(want - 0.7 <= span <= want + 0.7,
              f"{name}: plays {span:.2f} s from picture 1 (want ~{want} s)")
        if loops:
            check(wraps >= 1, f"{name}: loops for its item's duration ({wraps} loop)")
    ticker = {tk for _, cls, _, tk in seen if cls in ("mp4", "webm", "gif")}
    check(len(ticker) >= 5, f"the ticker moves over the clips ({len(ticker)} positions)")
    return results


def synth(pace=1.0, slip=None, freeze=None):
    """Screenshots of a made-up run, 8 a second: the clips one after the
    other at their pace; or the MP4 at `pace` times its speed; or a clip's
    clock slipping from one picture on, slip = (clip, k, seconds); or one
    picture frozen on screen, freeze = (clip, k, seconds), the clip then
    catching up (the pictures it overran are never shown)."""
    segs, t0 = [(0.0, (32, 32, 96))], 1.0  # the text slide's background
    for name, colour, n in (("mp4", lambda k: (32 + 40 * k,) * 3, 6),
                            ("webm", lambda k: (40 + 40 * k, 0, 0), 6),
                            ("gif", lambda k: (0, 60 + 60 * (k % 4), 0), 6)):
        step = 0.5 / (pace if name == "mp4" else 1.0)
        ons = [t0 + k * step for k in range(n + 1)]
        if slip and slip[0] == name:
            ons = [on + (slip[2] if k >= slip[1] else 0) for k, on in enumerate(ons)]
        if freeze and freeze[0] == name:
            held = ons[freeze[1]] + freeze[2]
            ons = [max(on, held) if k > freeze[1] else on for k, on in enumerate(ons)]
        segs += [(ons[k], colour(k)) for k in range(n) if ons[k] < ons[k + 1]]
        t0 = ons[n]
    segs.append((t0, (255, 0, 255)))
    samples, t = [], 0.0
    while t < t0 + 2:
        rgb = [c for on, c in segs if on <= t][-1]
        samples.append({"t": round(t, 3), "dt": 0.03, "rgb": list(rgb), "ticker": int(t * 8)})
        t += 0.125
    return samples


def selftest():
    """The judge itself: it passes a run at pace and fails a hitch or a
    slow clip (what it exists to see)."""
    def fails(samples, word):
        return any(not ok and word in what for ok, what in judge(samples))
    cases = [("a run at the clips' pace passes", all(ok for ok, _ in judge(synth()))),
             ("the WebM's clock slipping 0.4 s fails its pace",
              fails(synth(slip=("webm", 3, 0.4)), "webm: at the clip's pace")),
             ("a GIF picture frozen 0.45 s, the next skipped, fails its pace",
              fails(synth(freeze=("gif", 1, 0.95)), "gif: at the clip's pace")),
             ("a GIF's last picture skipped before it loops fails its pace",
              fails(synth(freeze=("gif", 2, 0.95)), "gif: at the clip's pace")),
             ("an MP4 picture frozen 0.35 s fails its pace",
              fails(synth(freeze=("mp4", 2, 0.85)), "mp4: at the clip's pace")),
             ("an MP4 at 0.8x fails", fails(synth(pace=0.8), "mp4: at the clip's pace")),
             ("an MP4 at 1.25x fails", fails(synth(pace=1.25), "mp4: at the clip's pace"))]
    for what, ok in cases:
        print(("ok   " if ok else "FAIL ") + "judge: " + what)


if __name__ == "__main__":
    if sys.argv[1] == "grab":
        grab_all(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "judge":
        for ok, what in judge(json.load(open(sys.argv[2]))):
            print(("ok   " if ok else "FAIL ") + what)
    else:
        selftest()
