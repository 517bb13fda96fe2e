#!/usr/bin/env python3
"""bangtin's performance benchmark (run it through tests/bench/bench.sh).

Measures, in one run on one machine, what issue 10 asks and writes the
table to docs/PERFORMANCE.md:
  1. one 1920x1080 slogan to PNG, whole process: bangtin render vs
     headless Chromium (same text, font, colours); wall time, peak memory;
  2. playing at 1920x1080 under the software path (dummy driver): CPU of
     one core and peak RSS, a static slide and a scrolling ticker;
  3. start to first frame; parse + check of a 1000-item playlist; text
     layout throughput;
  4. memory over a soak (slide change every second, fades, ticker);
  5. callgrind instructions per ticker frame (a stable figure to track).
Not part of the pass/fail suite: it reports, it does not fail.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HZ = os.sysconf("SC_CLK_TCK")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BG, FG = "#a50000", "#ffde00"
TITLE = "Nghị quyết 57-NQ/TW"
SLOGAN = "ĐẨY MẠNH CHUYỂN ĐỔI SỐ\nVÌ NHÂN DÂN PHỤC VỤ"
TICKER = ("Chuyển đổi số là nhiệm vụ của toàn dân, toàn diện, toàn quân — Người dân thực hiện "
          "thủ tục hành chính trên Cổng Dịch vụ công quốc gia, không phải đến trụ sở — Cài đặt "
          "và kích hoạt tài khoản định danh điện tử VNeID mức độ 2")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--window-size=1920,1080"]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def env_dummy():
    e = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
             BANGTIN_DATA_DIR=ROOT, LC_ALL="C.UTF-8")
    e.pop("SDL_VIDEO_DUMMY_SAVE_FRAMES", None)
    return e


# ---- process measurements -------------------------------------------------

def proc_cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def proc_status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root):
    """root and every process below it (by parent pid)."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def timed(cmd, env=None):
    """Whole-process wall time (s) and peak RSS (KB) as GNU time reports them."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed: {r.stderr.decode()[-500:]}")
        wall, rss = tf.read().split()[-2:]
    return float(wall), int(rss)


def timed_tree(cmd, env=None, interval=0.01):
    """Wall time, then the peak over 10 ms samples of the summed RSS and of
    the summed PSS of the whole process tree (Chromium is many processes;
    RSS counts shared pages once per process, PSS splits them)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    while p.poll() is None:
        pids = descendants(p.pid)
        peak_rss = max(peak_rss, sum(proc_status_kb(x, "VmRSS") for x in pids))
        peak_pss = max(peak_pss, sum(proc_pss_kb(x) for x in pids))
        time.sleep(interval)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"bench: {cmd[0]} failed with status {p.returncode}")
    return wall, peak_rss, peak_pss


# ---- inputs ---------------------------------------------------------------

def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)


def make_inputs(tmp):
    slogan = {"version": 1, "name": "UBND phường Minh Xuân",
              "defaults": {"duration": 3600, "background": BG, "color": FG, "transition": "fade"},
              "items": [{"id": "khauhieu", "type": "text", "title": TITLE, "text": SLOGAN}]}
    write_json(f"{tmp}/static.json", slogan)
    write_json(f"{tmp}/ticker.json", dict(slogan, ticker={"text": TICKER, "speed": 90}))

    shutil.copytree(f"{ROOT}/assets", f"{tmp}/assets")
    soak_items = [
        {"id": "khauhieu", "type": "text", "title": TITLE, "text": SLOGAN},
        {"id": "khcn", "type": "text", "text": "Khoa học, công nghệ, đổi mới sáng tạo và chuyển "
         "đổi số là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh lực lượng "
         "sản xuất hiện đại"},
        {"id": "dai", "type": "text", "text": TICKER + " — " + TICKER},
        {"id": "cds", "type": "countdown", "event": "digital-transformation-day"},
        {"id": "tet", "type": "countdown", "event": "tet", "background": "#0b3d91",
         "color": "#ffffff"},
        {"id": "ketqua", "type": "stats", "title": "Kết quả chuyển đổi số năm 2026", "rows": [
            {"label": "Hồ sơ trực tuyến toàn trình", "value": 86, "max": 100, "unit": "%"},
            {"label": "Thanh toán không dùng tiền mặt", "value": 63.5, "max": 100, "unit": "%"},
            {"label": "Tài khoản VNeID đã kích hoạt", "value": 7412, "max": 9800,
             "unit": "người"}]},
        {"id": "info", "type": "image", "src": "assets/infographic.png"},
        {"id": "gio", "type": "clock", "background": "#0b2545"},
    ]
    write_json(f"{tmp}/soak.json", {
        "version": 1, "name": "UBND phường Minh Xuân",
        "defaults": {"duration": 1, "background": BG, "color": FG, "transition": "fade"},
        "ticker": {"text": TICKER, "speed": 90}, "items": soak_items})

    # 1000 items, every type, with schedules, as a large ward would have.
    items = []
    for i in range(1000):
        k = i % 5
        it = {"id": f"muc-{i:04d}", "duration": 8 + i % 7}
        if k == 0:
            it.update(type="text", title=f"Thông báo số {i}",
                      text=f"Đẩy mạnh chuyển đổi số, vì nhân dân phục vụ — đợt {i}")
        elif k == 1:
            it.update(type="countdown", event="digital-transformation-day")
        elif k == 2:
            it.update(type="stats", title="Kết quả tháng", rows=[
                {"label": "Hồ sơ trực tuyến", "value": i % 100, "max": 100, "unit": "%"},
                {"label": "Tài khoản VNeID", "value": 1000 + i, "unit": "người"}])
        elif k == 3:
            it.update(type="clock", hours="06:00-22:00", weekdays=[1, 2, 3, 4, 5])
        else:
            it.update(type="text", text="Ngày Khoa học và Công nghệ Việt Nam 18/5",
                      **{"from": "2026-05-01", "until": "2026-05-18"})
        items.append(it)
    write_json(f"{tmp}/big.json", {"version": 1, "name": "UBND phường Minh Xuân",
                                   "defaults": {"background": BG, "color": FG},
                                   "ticker": {"text": TICKER}, "items": items})

    with open(f"{tmp}/slogan.html", "w", encoding="utf-8") as f:
        f.write(f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Be Vietnam Pro"; font-weight: 700;
  src: url("file://{ROOT}/fonts/BeVietnamPro_700Bold.ttf"); }}
html, body {{ margin: 0; width: 1920px; height: 1080px; overflow: hidden;
  background: {BG}; color: {FG}; font-family: "Be Vietnam Pro"; font-weight: 700; }}
main {{ display: flex; flex-direction: column; align-items: center; justify-content: center;
  height: 1080px; text-align: center; }}
h1 {{ font-size: 64px; margin: 0 0 40px; }} p {{ font-size: 140px; line-height: 1.2; margin: 0; }}
</style></head><body><main><h1>{TITLE}</h1><p>{SLOGAN.replace(chr(10), "<br>")}</p></main>
</body></html>
""")


# ---- the measurements -----------------------------------------------------

def bench_render(a, tmp):
    out = f"{tmp}/render"
    cmd = [a.bangtin, "render", f"{tmp}/static.json", "--out", out, "--size", "1920x1080"]
    runs = []
    for i in range(a.runs + 1):  # the first warms the page cache, not counted
        shutil.rmtree(out, ignore_errors=True)
        r = timed(cmd, env_dummy())
        if i:
            runs.append(r)
    b_wall = statistics.median(r[0] for r in runs)
    b_rss = statistics.median(r[1] for r in runs)

    chrome = shutil.which("chromium")
    c_runs = []
    for i in range(a.runs + 1):
        prof = tempfile.mkdtemp(prefix="bench-chromium-")
        shot = f"{tmp}/chromium.png"
        cmd = [chrome] + CHROMIUM_FLAGS + [f"--user-data-dir={prof}", f"--screenshot={shot}",
                                           f"file://{tmp}/slogan.html"]
        wall, _ = timed(cmd)  # GNU time's wall; its %M is one process only
        _, rss, pss = timed_tree(cmd)
        shutil.rmtree(prof, ignore_errors=True)
        if not os.path.exists(shot):
            raise SystemExit("bench: chromium wrote no screenshot")
        if i:
            c_runs.append((wall, rss, pss))
    return {"bangtin_wall": b_wall, "bangtin_rss": b_rss,
            "chromium_wall": statistics.median(r[0] for r in c_runs),
            "chromium_rss": statistics.median(r[1] for r in c_runs),
            "chromium_pss": statistics.median(r[2] for r in c_runs)}


def play(a, playlist, seconds, warm=1.0, sample=None):
    """Runs the player at 1080p; CPU % of one core between warm and
    warm + seconds (steady state, start-up excluded), peak RSS of the run
    (the kernel's high-water mark, as GNU time reports), and RSS samples
    once a second if sample is a list."""
    cmd = [a.bangtin, "run", playlist, "--window", "1920x1080",
           "--duration", str(warm + seconds + 0.5)]
    p = subprocess.Popen(cmd, env=env_dummy(), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    t_start = time.monotonic()
    time.sleep(warm)
    c0, t0 = proc_cpu_s(p.pid), time.monotonic()
    if sample is not None:
        while time.monotonic() - t0 < seconds:
            sample.append((time.monotonic() - t_start, proc_status_kb(p.pid, "VmRSS")))
            time.sleep(max(0.0, 1.0 - (time.monotonic() - t0) % 1.0))
    else:
        time.sleep(seconds)
    c1, t1 = proc_cpu_s(p.pid), time.monotonic()
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} exited with status {status >> 8}")
    return {"cpu": 100.0 * (c1 - c0) / (t1 - t0), "rss": ru.ru_maxrss}


def bench_fps(a, tmp, frames=300):
    wall, _ = timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                     "--frames", str(frames)], env_dummy())
    first, _ = timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                      "--frames", "1"], env_dummy())
    return (frames - 1) / max(wall - first, 1e-3)


def bench_first_frame(a, tmp):
    runs = [timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                   "--frames", "1"], env_dummy())[0] for _ in range(a.runs)]
    return statistics.median(runs) * 1000.0


def bench_playlist(a, tmp):
    r = subprocess.run([a.core, "playlist", f"{tmp}/big.json", str(a.runs)], env=env_dummy(),
                       capture_output=True, text=True, check=True)
    kv = dict(x.split("=") for x in r.stdout.split())
    check = []
    for _ in range(a.runs):
        t0 = time.monotonic()
        subprocess.run([a.bangtin, "check", f"{tmp}/big.json", "--size", "1920x1080"],
                       env=env_dummy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        check.append(time.monotonic() - t0)
    return {"items": int(kv["items"]), "parse_ms": float(kv["parse_ms"]),
            "check_ms": statistics.median(check) * 1000.0}


def bench_layout(a):
    r = subprocess.run([a.core, "layout", "3"], env=env_dummy(), capture_output=True, text=True,
                       check=True)
    return {k: float(v) for k, v in (x.split("=") for x in r.stdout.split())}


def bench_soak(a, tmp):
    samples = []
    r = play(a, f"{tmp}/soak.json", a.soak, warm=0.5, sample=samples)
    warm = min(60.0, a.soak / 4)
    post = [s for s in samples if s[0] >= warm]
    win = max(5, min(30, len(post) // 4))
    # The floor (minimum) of a window: a slide being drawn briefly holds
    # a second picture; a leak raises the floor.
    early = min(kb for _, kb in post[:win])
    late = min(kb for _, kb in post[-win:])
    return {"seconds": a.soak, "warm": warm, "early": early, "late": late, "growth": late - early,
            "peak": r["rss"], "max_sample": max(kb for _, kb in samples)}


def callgrind_ir(a, tmp, frames):
    out = f"{tmp}/callgrind.{frames}"
    subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=display_frame",
                    f"--callgrind-out-file={out}", a.bangtin, "run", f"{tmp}/ticker.json",
                    "--window", "1920x1080", "--frames", str(frames)], env=env_dummy(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit("bench: no totals in callgrind output")


def bench_callgrind(a, tmp):
    n1, n2 = 30, 90
    i1, i2 = callgrind_ir(a, tmp, n1), callgrind_ir(a, tmp, n2)
    render = f"{tmp}/callgrind.render"
    shutil.rmtree(f"{tmp}/cg-out", ignore_errors=True)
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={render}", a.bangtin,
                    "render", f"{tmp}/static.json", "--out", f"{tmp}/cg-out", "--size",
                    "1920x1080"], env=env_dummy(), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    with open(render) as f:
        total = next(int(l.split()[1]) for l in f if l.startswith(("summary:", "totals:")))
    return {"per_frame": (i2 - i1) / (n2 - n1), "first_frames": i1, "render": total}


# ---- report ---------------------------------------------------------------

def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith(("model name", "Model")):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    osname = platform.platform()
    try:
        with open("/etc/os-release") as f:
            osname = next(l.split("=", 1)[1].strip().strip('"') for l in f
                          if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    chrome = "?"
    if shutil.which("chromium"):
        chrome = subprocess.run(["chromium", "--version"], stdout=subprocess.PIPE, text=True,
                                stderr=subprocess.DEVNULL).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    return {"cpu": model, "nproc": os.cpu_count(), "ram_mb": mem_kb // 1024, "os": osname,
            "kernel": platform.release(), "arch": platform.machine(), "chromium": chrome,
            "commit": commit or "?"}


def mb(kb):
    return f"{kb / 1024:.1f} MB"


def verdict(ok):
    return "**holds**" if ok else "**misses**"


def report(a, m, R):
    r, pl, so, cg = R["render"], R["playlist"], R["soak"], R["callgrind"]
    st, tk = R["static"], R["ticker"]
    speed = r["chromium_wall"] / r["bangtin_wall"]
    mem = r["chromium_pss"] / r["bangtin_rss"]
    peak_play = max(st["rss"], tk["rss"], so["peak"])
    rows = [
        ("Render 1 slogan 1920x1080 to PNG, wall (median of %d)" % a.runs,
         f"{r['bangtin_wall'] * 1000:.0f} ms", f"Chromium {r['chromium_wall'] * 1000:.0f} ms: "
         f"{speed:.1f}x faster", "≥ 10x faster", verdict(speed >= 10)),
        ("Render, peak memory (median)", mb(r["bangtin_rss"]),
         f"Chromium {mb(r['chromium_pss'])} PSS ({mb(r['chromium_rss'])} RSS) summed over its "
         f"processes: {mem:.1f}x less", "≥ 8x less", verdict(mem >= 8)),
        ("Play 1080p, static slide: CPU of one core", f"{st['cpu']:.2f} %",
         "steady state, %g s" % a.play, "≤ 2 %", verdict(st["cpu"] <= 2)),
        ("Play 1080p, scrolling ticker: CPU of one core", f"{tk['cpu']:.2f} %",
         f"at {R['fps']:.0f} frames/s, steady state, %g s" % a.play, "≤ 20 % at 60 fps",
         verdict(tk["cpu"] <= 20 and R["fps"] >= 55)),
        ("Play 1080p: peak RSS", mb(peak_play),
         f"static {mb(st['rss'])}, ticker {mb(tk['rss'])}, soak {mb(so['peak'])}", "≤ 48 MB",
         verdict(peak_play <= 48 * 1024)),
        ("Start to first frame (1080p, ticker)", f"{R['first_frame']:.0f} ms",
         "whole `run --frames 1`: an upper bound (includes exit)", "≤ 300 ms",
         verdict(R["first_frame"] <= 300)),
        ("Parse + validate %d-item playlist" % pl["items"], f"{pl['parse_ms']:.1f} ms",
         f"whole `bangtin check` (also fits every text): {pl['check_ms']:.0f} ms", "—", ""),
        ("Text layout, long Vietnamese paragraph fitted to 1080p",
         f"{R['layout']['fit_per_s']:.0f} slides/s",
         f"fit + draw: {R['layout']['fit_draw_per_s']:.0f} slides/s; first (cold cache) "
         f"{R['layout']['first_fit_ms']:.0f} ms", "—", ""),
        ("Memory over a %g s soak (slide every 1 s, fades, ticker)" % so["seconds"],
         f"{so['growth']:+d} KB",
         f"RSS floor {mb(so['early'])} after {so['warm']:.0f} s warm-up → {mb(so['late'])} at "
         f"the end; max sample {mb(so['max_sample'])}", "flat (≤ 512 KB)",
         verdict(so["growth"] <= 512)),
        ("Callgrind: instructions per ticker frame (1080p)", f"{cg['per_frame']:,.0f}",
         "display_frame inclusive, (I(90) − I(30)) / 60", "track", ""),
        ("Callgrind: instructions to render one 1080p slogan", f"{cg['render']:,}",
         "whole process", "track", ""),
    ]
    lines = ["| measure | bangtin | detail | target | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(x) + " |" for x in rows]
    return "\n".join(lines)


def write_doc(a, m, R, table):
    doc = f"""# Performance

Written by `tests/bench/bench.sh` (do not edit by hand); regenerate it with

    tests/bench/bench.sh              # about 5 minutes
    tests/bench/bench.sh --soak 3600  # the same with a one-hour memory soak

Measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} at commit `{m['commit']}` on:
{m['cpu']}, {m['nproc']} CPUs (nproc), {m['ram_mb']} MB RAM, {m['os']}, Linux {m['kernel']}
({m['arch']}); {m['chromium']}.

{table}

## How each figure is taken

- **Render**: `bangtin render` of a one-item playlist (title + two-line
  slogan, {BG} on {FG} in Be Vietnam Pro Bold) to one 1920x1080 PNG, against
  headless Chromium (`{' '.join(CHROMIUM_FLAGS)} --user-data-dir=<fresh>
  --screenshot`) loading an HTML page with the same text, `@font-face` on
  fonts/BeVietnamPro_700Bold.ttf and the same colours. Whole processes,
  median of {a.runs} runs after one warm-up run each. bangtin's time and peak
  RSS are GNU time's `%e %M`. Chromium is a tree of processes, where GNU
  time's `%M` only sees the largest one: its time is GNU time's, its memory
  the peak of the tree's summed RSS and summed PSS sampled every 10 ms
  (PSS shares pages fairly between processes, so it is the smaller and the
  ratio uses it; 10 ms sampling can miss a spike, also in Chromium's favour).
- **Play**: `bangtin run PLAYLIST --window 1920x1080` with
  `SDL_VIDEODRIVER=dummy` (no GPU: the software path). CPU is the process's
  user + system time from /proc between 1 s and {1 + a.play:g} s of the run
  (start-up excluded), as a percentage of one core. Frame rate: `--frames
  300` minus `--frames 1`, over the wall time between them. Peak RSS is the
  kernel's high-water mark (`wait4`, as GNU time reports it).
- **First frame**: wall time of the whole `run --frames 1` (process start,
  fonts, playlist, window, first slide drawn and presented, then up to one
  16 ms frame wait and the exit): an upper bound of start to first frame,
  taken from outside without a hook in the player.
- **Playlist**: a generated 1000-item playlist (all types, schedules);
  `playlist_load` (read, parse, validate) in-process by
  `tests/bench/bench-core`, median of {a.runs}; and the whole `bangtin check`.
- **Layout**: `bench-core layout` fits long Vietnamese paragraphs (four,
  rotating) to the text slide's 1080p box with `text_fit` for 3 s, warm
  font cache; then the same plus drawing into a 1080p picture.
- **Soak**: 8 items (slogan, paragraph, text too long that scrolls, two
  countdowns, stats, image, clock), one second each, fades, ticker, at
  1080p. RSS sampled every second; growth is the RSS floor (minimum) over
  the last samples minus the floor just after warm-up ({so_warm(a)} s).
- **Callgrind**: `valgrind --tool=callgrind --toggle-collect=display_frame`
  on `run ticker --frames N` for N = 30 and 90; the difference over 60
  frames is independent of start-up and of how long the player slept.
## Where the memory goes (1080p, software path)

A 1920x1080 ARGB picture is 8 MB. Between slide changes the player holds
one: the window surface, which is the frame buffer (the display lets go
of its copy of the slide once it is on screen, and asks for it again on
a brightness change or an exposed window). A slide change adds the new
slide (8 MB) until it is shown, or until its fade ends. An image slide
decodes the file (up to 4 bytes a source pixel) before the slide is
made, and a 1080p picture is not kept between showings. The rest is the
libraries' pages (~17 MB, mostly shared), the ticker (its text strip as
8-bit indices into its colours) and a few MB of heap: glyph bitmaps of
the sizes drawn only (fitting measures ink without rasterising) and 24
sized fonts at ~10 KB each.
"""
    path = os.path.join(ROOT, "docs", "PERFORMANCE.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)
    return path


def so_warm(a):
    return f"{min(60.0, a.soak / 4):g}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bangtin", required=True)
    ap.add_argument("--core", required=True, help="tests/bench/bench-core")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--play", type=float, default=10.0, help="seconds of play measured")
    ap.add_argument("--soak", type=float, default=120.0, help="soak seconds (3600: one hour)")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/PERFORMANCE.md")
    a = ap.parse_args()
    a.bangtin, a.core = os.path.abspath(a.bangtin), os.path.abspath(a.core)
    tmp = tempfile.mkdtemp(prefix="bangtin-bench-")
    try:
        make_inputs(tmp)
        m = machine()
        R = {}
        log("render vs chromium")
        R["render"] = bench_render(a, tmp)
        log("play: static slide, ticker")
        R["static"] = play(a, f"{tmp}/static.json", a.play)
        R["ticker"] = play(a, f"{tmp}/ticker.json", a.play)
        R["fps"] = bench_fps(a, tmp)
        log("first frame, playlist, layout")
        R["first_frame"] = bench_first_frame(a, tmp)
        R["playlist"] = bench_playlist(a, tmp)
        R["layout"] = bench_layout(a)
        log(f"soak for {a.soak:g} s")
        R["soak"] = bench_soak(a, tmp)
        log("callgrind")
        R["callgrind"] = bench_callgrind(a, tmp)
        table = report(a, m, R)
        print(f"\n{m['cpu']}, {m['nproc']} CPUs, {m['ram_mb']} MB RAM, {m['os']}\n")
        print(table)
        if not a.no_doc:
            print(f"\nwritten to {write_doc(a, m, R, table)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
