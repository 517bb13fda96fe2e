#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bangtin's performance benchmark (run it through tests/bench/bench.sh).

Measures, in one run on one machine, what issues 10 and 18 ask and writes
the table to docs/PERFORMANCE.md:
  1. one 1920x1080 slogan to PNG, whole process: bangtin render vs headless
     Chromium (same text, font, colours): wall time, CPU of every process
     of the tree, peak memory (Chromium's summed PSS);
  2. playing at 1920x1080 on every path this machine offers: SDL's dummy
     driver, a real X window (Xvfb) with Mesa's software GL, the same
     without GL, and (forced) the GL renderer on software GL; against a
     Chromium kiosk playing the same ticker as a CSS animation;
  3. scaling: 1/10/100/1000 items, tickers of 1/4/16 KB, images of 1/12/64
     Mpx, boards from 192x64 to 3840x2160, each with its ratio;
  4. start to first frame, a 1000-item playlist, text layout, a memory
     soak, callgrind instructions (stable figures to track), PNG encoder
     choices.
CPU figures are user + system time (whole process trees), not wall time:
the machine may be shared, and CPU time stays ours when others load it.
Not part of the pass/fail suite: it reports, it does not fail.
"""

import argparse
import ctypes
import datetime
import json
import os
import platform
import resource
import shutil
import signal
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
KIOSK_FLAGS = ["--no-sandbox", "--kiosk", "--no-first-run", "--disable-quic",
               "--disable-features=Translate", "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--noerrdialogs", "--disable-infobars", "--window-position=0,0",
               "--window-size=1920,1080"]
MB = 1024  # KB


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def env_dummy(**extra):
    e = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
             BANGTIN_DATA_DIR=ROOT, LC_ALL="C.UTF-8")
    e.pop("SDL_VIDEO_DUMMY_SAVE_FRAMES", None)
    e.update(extra)
    return e


# ---- process measurements -------------------------------------------------

def become_subreaper():
    """Orphans of the processes we start (Chromium's zygotes) are
    reparented to us, so we reap them and their CPU time is counted."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        log("cannot become a subreaper: orphaned processes' CPU may be missed")


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def proc_cpu_s(pid):
    try:
        fields = proc_stat(pid)
    except OSError:
        return 0.0
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


def children_map():
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            ppid = int(proc_stat(d)[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    return children


def descendants(root):
    """root and every process below it (by parent pid)."""
    children = children_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def reap_orphans(keep, timeout=10.0):
    """Waits for every child of ours not in keep (orphans reparented to
    us, already asked to stop), so RUSAGE_CHILDREN counts them."""
    end = time.monotonic() + timeout
    while True:
        mine = [p for p in children_map().get(os.getpid(), []) if p not in keep]
        if not mine:
            return
        for p in mine:
            try:
                if time.monotonic() > end:
                    os.kill(p, signal.SIGKILL)
                os.waitpid(p, os.WNOHANG)
            except (ChildProcessError, ProcessLookupError):
                pass
        time.sleep(0.02)


def run_tree(cmd, env=None, sample=None, interval=0.01, keep=()):
    """Runs cmd to its end. Returns wall (s), CPU (s) of the whole tree
    (user + system of every process, reaped, orphans included), the
    largest single process's peak RSS (KB), and if sample: the peak over
    samples of the tree's summed RSS and PSS (KB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    if sample:
        while p.poll() is None:
            pids = descendants(p.pid)
            peak_rss = max(peak_rss, sum(proc_status_kb(x, "VmRSS") for x in pids))
            peak_pss = max(peak_pss, sum(proc_pss_kb(x) for x in pids))
            time.sleep(interval)
    err = p.communicate()[1]
    wall = time.monotonic() - t0
    reap_orphans(set(keep))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({p.returncode}): "
                         f"{err.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "maxrss": after.ru_maxrss, "tree_rss": peak_rss,
            "tree_pss": peak_pss, "stderr": err.decode(errors="replace")}


def gnu_time(cmd, out):
    """cmd under GNU time, which writes the child's peak RSS to out. Not
    wait4 from here: Linux counts the forked Python's pages (~20 MB) in a
    child's ru_maxrss, flooring every figure below it; GNU time's own fork
    is small."""
    return ["/usr/bin/time", "-f", "%M", "-o", out] + cmd


def read_kb(path):
    with open(path) as f:
        return int(f.read().split()[-1])


def timed(cmd, env=None):
    """Whole-process wall time (s), CPU (s) and peak RSS (KB) of one
    process (bangtin is one; it starts no helper)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.monotonic()
        p = subprocess.Popen(gnu_time(cmd, tf.name), env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        if status != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed: "
                             f"{err.decode(errors='replace')[-500:]}")
        rss = read_kb(tf.name)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": rss,
            "stderr": err.decode(errors="replace")}


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


# ---- X servers ------------------------------------------------------------

class Xvfb:
    """A real X server: with GLX (Mesa's software GL behind it) or without."""

    def __init__(self, gl):
        d = 90
        while os.path.exists(f"/tmp/.X11-unix/X{d}") or os.path.exists(f"/tmp/.X{d}-lock"):
            d += 1
        self.display = f":{d}"
        args = ["Xvfb", self.display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"]
        if not gl:
            args += ["-extension", "GLX"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{d}"):
                break
            time.sleep(0.05)
        time.sleep(0.2)

    def env(self, **extra):
        return env_dummy(SDL_VIDEODRIVER="x11", DISPLAY=self.display, **extra)

    def cpu(self):
        return proc_cpu_s(self.proc.pid)

    def close(self):
        self.proc.terminate()
        self.proc.wait()

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



def write_html(path, body_css, body, extra=""):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Be Vietnam Pro"; font-weight: 700;
  src: url("file://{ROOT}/fonts/BeVietnamPro_700Bold.ttf"); }}
@font-face {{ font-family: "Be Vietnam Pro"; font-weight: 600;
  src: url("file://{ROOT}/fonts/BeVietnamPro_600SemiBold.ttf"); }}
html, body {{ margin: 0; width: 1920px; height: 1080px; overflow: hidden;
  background: {BG}; color: {FG}; font-family: "Be Vietnam Pro"; font-weight: 700; }}
main {{ display: flex; flex-direction: column; align-items: center; justify-content: center;
  height: {body_css}px; text-align: center; }}
h1 {{ font-size: 64px; margin: 0 0 40px; }} p {{ font-size: 140px; line-height: 1.2; margin: 0; }}
{extra}
</style></head><body><main><h1>{TITLE}</h1><p>{SLOGAN.replace(chr(10), "<br>")}</p></main>
{body}</body></html>
""")


def make_more_inputs(a, tmp):
    # The same ticker as bangtin's: a band of 8 % of the height, 90 px/s.
    band = 1080 * 8 // 100
    text = TICKER + " — "
    # bangtin's strip is one pass of the text and a gap; the CSS strip holds
    # two passes and moves by one, so it wraps seamlessly like bangtin's.
    write_html(f"{tmp}/kiosk.html", 1080 - band, f"""<div class="band"><div class="strip">
<span>{text}</span><span>{text}</span></div></div>""", extra=f"""
.band {{ position: absolute; left: 0; bottom: 0; width: 1920px; height: {band}px;
  background: #5a0000; overflow: hidden; }}
.strip {{ position: absolute; white-space: nowrap; font-weight: 600; font-size: {band * 6 // 10}px;
  line-height: {band}px; animation: tick var(--secs) linear infinite; will-change: transform; }}
@keyframes tick {{ from {{ transform: translateX(0); }} to {{ transform: translateX(-50%); }} }}
""")
    # Scaling inputs: 1/10/100/1000 items (text slides, every one drawn).
    for n in (1, 10, 100, 1000):
        items = [{"id": f"muc-{i:04d}", "type": "text", "title": f"Thông báo số {i + 1}",
                  "text": f"Đẩy mạnh chuyển đổi số, vì nhân dân phục vụ — đợt {i + 1}"}
                 for i in range(n)]
        write_json(f"{tmp}/items-{n}.json", {"version": 1, "name": "UBND phường Minh Xuân",
                                             "defaults": {"background": BG, "color": FG},
                                             "items": items})
    # Images of 1, 12 and 64 megapixels, PNG and JPEG (ffmpeg's test card).
    os.makedirs(f"{tmp}/img", exist_ok=True)
    for name, (w, h) in {"1": (1280, 800), "12": (4000, 3000), "64": (8192, 8192)}.items():
        for ext, q in (("png", []), ("jpg", ["-q:v", "3"])):
            path = f"{tmp}/img/{name}.{ext}"
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                            f"testsrc2=size={w}x{h}", "-frames:v", "1"] + q + [path], check=True)
            write_json(f"{tmp}/img-{name}-{ext}.json", {
                "version": 1, "name": "UBND", "defaults": {"background": BG, "color": FG},
                "items": [{"id": "anh", "type": "image", "src": f"img/{name}.{ext}"}]})


def bench_render(a, tmp):
    out = f"{tmp}/render"
    cmd = [a.bangtin, "render", f"{tmp}/static.json", "--out", out, "--size", "1920x1080"]
    runs = []
    for i in range(a.runs + 1):  # the first warms the page cache, not counted
        shutil.rmtree(out, ignore_errors=True)
        r = timed(cmd, env_dummy())
        if i:
            runs.append(r)
    chrome = shutil.which("chromium")
    c_runs = []
    for i in range(a.runs + 1):
        prof = tempfile.mkdtemp(prefix="bench-chromium-")
        shot = f"{tmp}/chromium.png"
        cmd = [chrome] + CHROMIUM_FLAGS + [f"--user-data-dir={prof}", f"--screenshot={shot}",
                                           f"file://{tmp}/slogan.html"]
        r = run_tree(cmd, sample=True)
        shutil.rmtree(prof, ignore_errors=True)
        if not os.path.exists(shot):
            raise SystemExit("bench: chromium wrote no screenshot")
        if i:
            c_runs.append(r)
    return {"wall": median_of(runs, "wall"), "cpu": median_of(runs, "cpu"),
            "rss": median_of(runs, "rss"),
            "c_wall": median_of(c_runs, "wall"), "c_cpu": median_of(c_runs, "cpu"),
            "c_rss": median_of(c_runs, "tree_rss"), "c_pss": median_of(c_runs, "tree_pss")}


def play(a, playlist, seconds, warm=1.5, size="1920x1080", env=None, xserver=None, cfg=None,
         sample=None):
    """Runs the player; CPU % of one core between warm and warm + seconds
    (steady state, start-up excluded), the X server's CPU over the same
    window, peak RSS of the run (the kernel's high-water mark), the path
    the display took (its log line), and RSS samples once a second if
    sample is a list."""
    cmd = [a.bangtin, "run"] + ([playlist] if playlist else []) + ["--window", size,
                                                                  "--duration",
                                                                  str(warm + seconds + 0.5)]
    if cfg:
        cmd += ["--config", cfg]
    tf = tempfile.NamedTemporaryFile("r", suffix=".time")
    p = subprocess.Popen(gnu_time(cmd, tf.name), env=env or env_dummy(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t_start = time.monotonic()
    time.sleep(warm)
    kids = [q for q in descendants(p.pid) if q != p.pid]
    pid = kids[0] if kids else p.pid  # bangtin, below GNU time
    c0, t0 = proc_cpu_s(pid), time.monotonic()
    x0 = xserver.cpu() if xserver else 0.0
    if sample is not None:
        while time.monotonic() - t0 < seconds:
            sample.append((time.monotonic() - t_start, proc_status_kb(pid, "VmRSS")))
            time.sleep(max(0.0, 1.0 - (time.monotonic() - t0) % 1.0))
    else:
        time.sleep(seconds)
    c1, t1 = proc_cpu_s(pid), time.monotonic()
    x1 = xserver.cpu() if xserver else 0.0
    err = p.stderr.read().decode(errors="replace")
    _, status, _ = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} exited with status {status >> 8}: {err[-400:]}")
    rss = read_kb(tf.name)
    tf.close()
    path = next((l.split("display: ", 1)[1] for l in err.splitlines() if "display: " in l), "?")
    path = path.split(" (")[0] if path.startswith("surface") else path.split(" (x11")[0]
    return {"cpu": 100.0 * (c1 - c0) / (t1 - t0), "x_cpu": 100.0 * (x1 - x0) / (t1 - t0),
            "rss": rss, "path": path.split(";")[0]}


def bench_paths(a, tmp):
    """The 1080p ticker on every path, and the Chromium kiosk beside it."""
    R = {}
    log("play: dummy driver")
    R["static"] = play(a, f"{tmp}/static.json", a.play)
    R["dummy"] = play(a, f"{tmp}/ticker.json", a.play)
    for gl in (True, False):
        x = Xvfb(gl)
        try:
            key = "x_gl" if gl else "x_nogl"
            log(f"play: X window {'with software GL' if gl else 'without GL'}")
            R[key] = play(a, f"{tmp}/ticker.json", a.play, env=x.env(), xserver=x)
            R[key + "_static"] = play(a, f"{tmp}/static.json", a.play, env=x.env(), xserver=x)
            if gl:
                write_json(f"{tmp}/gpu.json", {"playlist": f"{tmp}/ticker.json",
                                               "display": {"renderer": "gpu"}})
                log("play: X window, display.renderer gpu (forced onto software GL)")
                R["x_forced_gpu"] = play(a, None, a.play, env=x.env(), xserver=x,
                                         cfg=f"{tmp}/gpu.json")
                log("play: Chromium kiosk, the ticker as a CSS animation")
                R["kiosk"] = kiosk(a, tmp, x)
        finally:
            x.close()
    return R


def kiosk(a, tmp, x, warm=5.0):
    """Chromium --kiosk in the X window playing kiosk.html: CPU % of one
    core of every process of its tree between warm and warm + a.play
    (processes that start meanwhile counted whole), the X server's CPU,
    and the peak of the tree's summed PSS and RSS, sampled every 0.5 s."""
    prof = tempfile.mkdtemp(prefix="bench-kiosk-")
    # The animation's period: the strip moves one pass of its text at 90 px/s
    # (measured in the page, so the speed matches bangtin's).
    page = f"{tmp}/kiosk.html"
    with open(page, encoding="utf-8") as f:
        html = f.read()
    html = html.replace("</body>", """<script>
const s = document.querySelector('.strip');
s.style.setProperty('--secs', (s.scrollWidth / 2 / 90) + 's');
</script></body>""")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    env = dict(os.environ, DISPLAY=x.display)
    p = subprocess.Popen([shutil.which("chromium")] + KIOSK_FLAGS +
                         [f"--user-data-dir={prof}", f"file://{page}"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    time.sleep(warm)
    def tree_cpu():
        return {q: proc_cpu_s(q) for q in descendants(p.pid)}
    c0, t0, x0 = tree_cpu(), time.monotonic(), x.cpu()
    peak_pss = peak_rss = 0
    while time.monotonic() - t0 < a.play:
        pids = descendants(p.pid)
        peak_pss = max(peak_pss, sum(proc_pss_kb(q) for q in pids))
        peak_rss = max(peak_rss, sum(proc_status_kb(q, "VmRSS") for q in pids))
        time.sleep(0.5)
    c1, t1, x1 = tree_cpu(), time.monotonic(), x.cpu()
    n = len(c1)
    cpu = sum(c1[q] - c0.get(q, 0.0) for q in c1)
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    reap_orphans({x.proc.pid})
    shutil.rmtree(prof, ignore_errors=True)
    return {"cpu": 100.0 * cpu / (t1 - t0), "x_cpu": 100.0 * (x1 - x0) / (t1 - t0),
            "pss": peak_pss, "rss": peak_rss, "procs": n}


def bench_fps(a, tmp, frames=300):
    wall = timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                  "--frames", str(frames)], env_dummy())["wall"]
    first = timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                   "--frames", "1"], env_dummy())["wall"]
    return (frames - 1) / max(wall - first, 1e-3)


def bench_first_frame(a, tmp):
    runs = [timed([a.bangtin, "run", f"{tmp}/ticker.json", "--window", "1920x1080",
                   "--frames", "1"], env_dummy()) for _ in range(a.runs)]
    return {"wall": median_of(runs, "wall") * 1000.0, "cpu": median_of(runs, "cpu") * 1000.0}


def core(a, *args):
    r = subprocess.run([a.core] + [str(x) for x in args], env=env_dummy(), capture_output=True,
                       text=True)
    if r.returncode != 0:
        return None
    return [dict(x.split("=", 1) for x in line.split()) for line in r.stdout.splitlines()]


def bench_playlist(a, tmp):
    kv = core(a, "playlist", f"{tmp}/big.json", a.runs)[0]
    runs = [timed([a.bangtin, "check", f"{tmp}/big.json", "--size", "1920x1080"], env_dummy())
            for _ in range(a.runs)]
    return {"items": int(kv["items"]), "parse_ms": float(kv["parse_ms"]),
            "check_ms": median_of(runs, "cpu") * 1000.0}


def bench_layout(a):
    return {k: float(v) for k, v in core(a, "layout", 3)[0].items()}


def bench_text(a):
    out = {}
    for kb in (1, 4, 16):
        t = core(a, "ticker", kb)
        w = core(a, "wrap", kb)
        out[kb] = {"ticker": float(t[0]["ms"]) if t else None,
                   "strip_w": int(t[0]["strip_w"]) if t else None,
                   "bytes": int(t[0]["bytes"]) if t else None,
                   "wrap": float(w[0]["ms"]) if w else None}
    return out


def bench_scaling(a, tmp):
    S = {"items": {}, "text": {}, "images": {}, "boards": {}}
    log("scaling: items")
    for n in (1, 10, 100, 1000):
        chk = [timed([a.bangtin, "check", f"{tmp}/items-{n}.json"], env_dummy())
               for _ in range(3)]
        out = f"{tmp}/render-items"
        shutil.rmtree(out, ignore_errors=True)
        ren = timed([a.bangtin, "render", f"{tmp}/items-{n}.json", "--out", out], env_dummy())
        S["items"][n] = {"check": median_of(chk, "cpu"), "render": ren["cpu"],
                         "render_rss": ren["rss"]}
    shutil.rmtree(f"{tmp}/render-items", ignore_errors=True)
    log("scaling: ticker and paragraph length")
    S["text"] = bench_text(a)
    log("scaling: images")
    for mp in ("1", "12", "64"):
        for ext in ("png", "jpg"):
            out = f"{tmp}/render-img"
            shutil.rmtree(out, ignore_errors=True)
            r = timed([a.bangtin, "render", f"{tmp}/img-{mp}-{ext}.json", "--out", out],
                      env_dummy())
            ok = "cannot show" not in r["stderr"]
            S["images"][f"{mp}-{ext}"] = {"cpu": r["cpu"], "rss": r["rss"], "ok": ok}
    log("scaling: boards")
    for size in ("192x64", "384x192", "1280x720", "1920x1080", "3840x2160"):
        out = f"{tmp}/render-board"
        shutil.rmtree(out, ignore_errors=True)
        r = timed([a.bangtin, "render", f"{tmp}/ticker.json", "--out", out, "--size", size],
                  env_dummy())
        p = play(a, f"{tmp}/ticker.json", min(a.play, 5.0), size=size)
        S["boards"][size] = {"render": r["cpu"], "render_rss": r["rss"], "play": p["cpu"],
                             "play_rss": p["rss"]}
    return S


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


def bench_png(a, tmp):
    rows = core(a, "png", f"{tmp}/static.json", tmp) or []
    return [{"filter": r["filter"], "strategy": r["strategy"], "level": int(r["level"]),
             "ms": float(r["ms"]), "bytes": int(r["bytes"]), "default": r["default"] == "1"}
            for r in rows]


def bench_startup(a, tmp):
    """What start-up costs before any work: `bangtin calendar` (no display,
    no network), CPU and libraries mapped."""
    runs = [timed([a.bangtin, "calendar", "2026-01-12"], env_dummy()) for _ in range(a.runs * 2)]
    libs = subprocess.run(["ldd", a.bangtin], capture_output=True, text=True).stdout
    n = sum(1 for l in libs.splitlines() if ".so" in l)
    return {"cpu": median_of(runs, "cpu") * 1000.0, "rss": median_of(runs, "rss"), "libs": n}


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
            "commit": commit or "?", "load": os.getloadavg()[0]}


def mb(kb):
    return f"{kb / 1024:.1f} MB"


def ms(s):
    return f"{s * 1000:.0f} ms"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def ratio(x, base):
    return f"{x / base:.1f}x" if base else "—"


def report(a, m, R):
    r, P, S = R["render"], R["paths"], R["scaling"]
    pl, so, cg, ff = R["playlist"], R["soak"], R["callgrind"], R["first_frame"]
    speed, cpu_x, mem_x = r["c_wall"] / r["wall"], r["c_cpu"] / r["cpu"], r["c_pss"] / r["rss"]
    rows = [
        ("Render 1 slogan 1920x1080 to PNG: wall (median of %d)" % a.runs, ms(r["wall"]),
         f"Chromium {ms(r['c_wall'])}: {speed:.1f}x faster", "≥ 10x faster", verdict(speed >= 10)),
        ("Render: CPU of every process", ms(r["cpu"]),
         f"Chromium {ms(r['c_cpu'])} (its whole tree): {cpu_x:.1f}x less", "≥ 20x less",
         verdict(cpu_x >= 20)),
        ("Render: peak memory", mb(r["rss"]),
         f"Chromium {mb(r['c_pss'])} total PSS ({mb(r['c_rss'])} summed RSS): {mem_x:.1f}x less",
         "≥ 15x less than Chromium's PSS", verdict(mem_x >= 15)),
        ("Play 1080p, static slide (dummy driver): CPU of one core", f"{P['static']['cpu']:.2f} %",
         f"X window: {P['x_gl_static']['cpu']:.2f} % (+ X server {P['x_gl_static']['x_cpu']:.2f} %)",
         "≤ 1 %", verdict(max(P["static"]["cpu"], P["x_gl_static"]["cpu"],
                               P["x_nogl_static"]["cpu"]) <= 1)),
    ]
    for key, name in (("dummy", "dummy driver"), ("x_gl", "X window, software GL"),
                      ("x_nogl", "X window, no GL")):
        p = P[key]
        xs = f"; X server +{p['x_cpu']:.1f} %" if key != "dummy" else ""
        rows.append((f"Play 1080p ticker, {name}: CPU of one core", f"{p['cpu']:.2f} %",
                     f"path: {p['path']}{xs}; {mb(p['rss'])} peak RSS", "≤ 5 %",
                     verdict(p["cpu"] <= 5)))
    fg, k = P["x_forced_gpu"], P["kiosk"]
    rows.append(("Play 1080p ticker, X window, `display.renderer: gpu` forced onto software GL",
                 f"{fg['cpu']:.1f} %", f"path: {fg['path']}; X server +{fg['x_cpu']:.1f} %; "
                 f"{mb(fg['rss'])} peak RSS: what `auto` avoids", "not a target (forced)", ""))
    kx = k["cpu"] / max(P["x_gl"]["cpu"], 0.01)
    rows.append(("Chromium kiosk, the same ticker as a CSS animation, same X window",
                 f"{k['cpu']:.1f} %", f"{k['procs']} processes; X server +{k['x_cpu']:.1f} %; "
                 f"{mb(k['pss'])} total PSS ({mb(k['rss'])} summed RSS): bangtin uses "
                 f"{kx:.0f}x less CPU and {k['pss'] / P['x_gl']['rss']:.0f}x less memory", "—", ""))
    peaks = {"dummy static": P["static"]["rss"], "dummy ticker": P["dummy"]["rss"],
             "X GL": P["x_gl"]["rss"], "X no GL": P["x_nogl"]["rss"], "soak": so["peak"]}
    peak = max(peaks.values())
    rows.append(("Play 1080p: peak RSS on every path", mb(peak),
                 ", ".join(f"{n} {mb(v)}" for n, v in peaks.items()), "≤ 48 MB",
                 verdict(peak <= 48 * MB)))
    rows.append(("Frame rate, 1080p ticker (dummy)", f"{R['fps']:.0f} fps",
                 "`--frames 300` minus `--frames 1`, over the wall time between", "—", ""))
    rows.append(("Start to first frame (1080p, ticker)", f"{ff['wall']:.0f} ms",
                 f"whole `run --frames 1` (includes exit); CPU {ff['cpu']:.0f} ms", "≤ 300 ms",
                 verdict(ff["wall"] <= 300)))
    st = R["startup"]
    rows.append(("Start-up without display or network (`bangtin calendar`)",
                 f"{st['cpu']:.1f} ms CPU", f"{st['libs']} shared libraries mapped (libcurl is "
                 f"loaded only by the feed); {mb(st['rss'])} peak RSS", "—", ""))
    # Scaling.
    t = S["text"]
    for what, key in (("Ticker strip", "ticker"), ("Line breaking of a paragraph", "wrap")):
        vals = {kb: t[kb][key] for kb in (1, 4, 16)}
        if any(v is None for v in vals.values()):
            rows.append((f"{what}, 1/4/16 KB of text", "fails",
                         ", ".join(f"{kb} KB {'fails' if v is None else f'{v:.1f} ms'}"
                                   for kb, v in vals.items()), "16 KB / 4 KB ≤ 4.5x",
                         verdict(False)))
            continue
        q = vals[16] / max(vals[4], 1e-6)
        b = {kb: t[kb].get("bytes") for kb in (1, 4, 16)}
        longer = f" for {b[16] / b[4]:.2f}x the text" if b[4] and b[16] else ""
        rows.append((f"{what}, 1/4/16 KB of text (CPU)", f"{vals[16]:.1f} ms at 16 KB",
                     f"1 KB {vals[1]:.2f} ms, 4 KB {vals[4]:.2f} ms ({ratio(vals[4], vals[1])}), "
                     f"16 KB {ratio(vals[16], vals[4])} of 4 KB{longer}", "16 KB / 4 KB ≤ 4.5x",
                     verdict(q <= 4.5)))
    it = S["items"]
    rows.append(("`check`, 1/10/100/1000 items (CPU)", ms(it[1000]["check"]) + " at 1000",
                 ", ".join(f"{n}: {ms(it[n]['check'])} ({ratio(it[n]['check'], it[1]['check'])})"
                           for n in (1, 10, 100, 1000)), "linear", ""))
    rows.append(("`render` 1080p, 1/10/100/1000 items (CPU)", ms(it[1000]["render"]) + " at 1000",
                 ", ".join(f"{n}: {ms(it[n]['render'])} "
                           f"({ratio(it[n]['render'], it[1]['render'])})"
                           for n in (1, 10, 100, 1000)) +
                 f"; peak RSS {mb(it[1]['render_rss'])} → {mb(it[1000]['render_rss'])}",
                 "linear", ""))
    im = S["images"]
    for ext, name in (("png", "PNG"), ("jpg", "JPEG")):
        parts = []
        for mp in ("1", "12", "64"):
            x = im[f"{mp}-{ext}"]
            parts.append(f"{mp} Mpx: {ms(x['cpu'])}, {mb(x['rss'])}" + ("" if x["ok"] else
                                                                        " (refused)"))
        big = im[f"64-{ext}"]
        bpp = big["rss"] * 1024 / (8192 * 8192)
        rows.append((f"`render` of a 1/12/64 Mpx {name} at 1080p", f"{bpp:.2f} B/px at 64 Mpx",
                     "; ".join(parts) + " (CPU, peak RSS of the whole process)",
                     "64 Mpx ≤ 5 B/px at peak", verdict(big["ok"] and bpp <= 5)))
    bd = S["boards"]
    sizes = list(bd)
    rows.append(("`render` by board, 192x64 → 3840x2160 (CPU)", ms(bd[sizes[-1]]["render"]) +
                 " at 4K", ", ".join(f"{s}: {ms(bd[s]['render'])} ({mb(bd[s]['render_rss'])})"
                                     for s in sizes), "—", ""))
    rows.append(("Play the ticker by board, 192x64 → 3840x2160 (dummy)",
                 f"{bd[sizes[-1]]['play']:.1f} % at 4K",
                 ", ".join(f"{s}: {bd[s]['play']:.2f} %, {mb(bd[s]['play_rss'])}" for s in sizes),
                 "—", ""))
    rows += [
        ("Parse + validate %d-item playlist" % pl["items"], f"{pl['parse_ms']:.1f} ms",
         f"whole `bangtin check` (also fits every text): {pl['check_ms']:.0f} ms CPU", "—", ""),
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
    lines = ["| measure | bangtin | detail and ratio | target | |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(x) + " |" for x in rows]
    return "\n".join(lines)


def png_table(rows):
    if not rows:
        return "(bench-core png failed)"
    base = next((r for r in rows if r["default"]), rows[0])
    out = ["| filter | deflate strategy | level | CPU | file | |", "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: r["ms"]):
        out.append(f"| {r['filter']} | {r['strategy']} | {r['level']} | {r['ms']:.1f} ms "
                   f"({r['ms'] / base['ms']:.1f}x) | {r['bytes'] / 1024:.0f} KB "
                   f"({r['bytes'] / base['bytes']:.2f}x) | {'**png_write**' if r['default'] else ''} |")
    return "\n".join(out)

def bench_linking(a, tmp):
    """The start-up price of libraries, whatever the program does: an
    empty main() linked against bangtin's libraries, with and without
    libcurl (what dlopen'ing it saves), run 20 times."""
    pkgs = ["sdl2", "libpng", "libjpeg", "freetype2", "harfbuzz", "libutf8proc", "libcjson",
            "libsodium"]
    src = f"{tmp}/empty.c"
    with open(src, "w") as f:
        f.write("int main(void) { return 0; }\n")
    out = {}
    for name, extra in (("without", []), ("with", ["libcurl"])):
        libs = subprocess.run(["pkg-config", "--libs"] + pkgs + extra, capture_output=True,
                              text=True)
        if libs.returncode != 0:
            return None
        exe = f"{tmp}/empty-{name}"
        r = subprocess.run(["cc", "-O2", src, "-o", exe, "-Wl,--no-as-needed"] +
                           libs.stdout.split(), capture_output=True)
        if r.returncode != 0:
            return None
        runs = [timed([exe]) for _ in range(20)]
        n = sum(1 for l in subprocess.run(["ldd", exe], capture_output=True,
                                          text=True).stdout.splitlines() if ".so" in l)
        out[name] = {"cpu": median_of(runs, "cpu") * 1000.0, "rss": median_of(runs, "rss"),
                     "libs": n}
    return out


def write_doc(a, m, R, table):
    L = R["linking"]
    link = ("(the comparison could not be built here)" if not L else
            f"an empty `main()` linked against bangtin's libraries maps {L['with']['libs']} "
            f"libraries with libcurl and {L['without']['libs']} without; it costs "
            f"{L['with']['cpu']:.1f} ms CPU and {mb(L['with']['rss'])} with libcurl against "
            f"{L['without']['cpu']:.1f} ms and {mb(L['without']['rss'])} without")
    doc = f"""# Performance

Written by `tests/bench/bench.sh` (do not edit by hand); regenerate it with

    tests/bench/bench.sh              # about 10 minutes
    tests/bench/bench.sh --soak 3600  # the same with a one-hour memory soak

Measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} at commit `{m['commit']}`{m.get('redo', '')} on:
{m['cpu']}, {m['nproc']} CPUs (nproc), {m['ram_mb']} MB RAM, {m['os']}, Linux {m['kernel']}
({m['arch']}); {m['chromium']}. Load average at the start: {m['load']:.1f} (the machine is
shared: CPU figures are CPU time, which stays ours; wall times suffer from the load).

{table}

## PNG encoder choices (`bench-core png`, the 1080p slogan, CPU of one encode, median of 9)

{png_table(R["png"])}

## How each figure is taken

- **Render**: `bangtin render` of a one-item playlist (title + two-line
  slogan, {BG} on {FG} in Be Vietnam Pro Bold) to one 1920x1080 PNG, against
  headless Chromium (`{' '.join(CHROMIUM_FLAGS)} --user-data-dir=<fresh>
  --screenshot`) loading an HTML page with the same text, `@font-face` on
  fonts/BeVietnamPro_700Bold.ttf and the same colours. Whole processes,
  median of {a.runs} runs after one warm-up run each. bangtin is one process:
  its CPU comes from `wait4`, its peak RSS from GNU time's `%M` (not from
  Python's `wait4`: Linux counts the forked interpreter's pages in a child's
  peak RSS). Chromium is a tree of processes:
  the benchmark is their subreaper (`PR_SET_CHILD_SUBREAPER`), reaps every
  one, orphans included, and takes the tree's CPU from `RUSAGE_CHILDREN`; its
  memory is the peak of the tree's summed PSS (and RSS) sampled every 10 ms
  (PSS shares pages fairly between processes, so it is the smaller and the
  ratio uses it; 10 ms sampling can miss a spike, in Chromium's favour).
- **Play**: `bangtin run PLAYLIST --window 1920x1080` (boards: `--window`
  at the board's size). CPU is the process's user + system time from /proc
  between 1.5 s and {1.5 + a.play:g} s of the run (start-up excluded), as a
  percentage of one core. Paths: SDL's dummy driver; a real X window on
  Xvfb (1920x1080x24) whose GLX is Mesa's software GL (what a mini-PC
  without its GPU driver, or a Pi without vc4, offers), with `auto` choosing;
  the same X server started with `-extension GLX` (no GL at all); and
  `display.renderer: gpu` forcing SDL's GL renderer onto the software GL.
  "X server +N %" is Xvfb's own CPU over the same seconds (it copies what
  the window presents). The path is the one `run` logs at start. Peak RSS
  is the kernel's high-water mark (GNU time's `%M`).
- **Chromium kiosk**: `chromium {' '.join(KIOSK_FLAGS)}` on the same X
  server, playing the slogan with the same ticker text moving at 90 px/s as
  a CSS `transform` animation (the kiosk way); CPU of every process of its
  tree between 5 s and {5 + a.play:g} s (processes started meanwhile counted
  whole), peak summed PSS/RSS sampled every 0.5 s.
- **Scaling**: items are text slides (`check` median CPU of 3; `render`
  draws every item at 1920x1080); tickers and paragraphs are real Vietnamese
  text of 1, 4 and 16 KB (`bench-core ticker KB`: the strip the ticker
  scrolls, 86 px high; `bench-core wrap KB`: line breaking at 48 px in
  1800 px, median CPU of 5); images are ffmpeg's `testsrc2` card at
  1280x800, 4000x3000 and 8192x8192, PNG and JPEG (`-q:v 3`), drawn by
  `render` at 1920x1080 (bytes per pixel: the whole process's peak RSS over
  the image's pixels); boards render and play the ticker playlist.
- **Start-up**: {link}. bangtin loads libcurl with `dlopen` the first time
  the feed or the heartbeat calls it (src/feed/curl_dl.c), so `render`,
  `check` and `run` without a feed never map it.
- **First frame**: wall time of the whole `run --frames 1` (process start,
  fonts, playlist, window, first slide drawn and presented, then up to one
  16 ms frame wait and the exit): an upper bound of start to first frame.
- **Playlist**: a generated 1000-item playlist (all types, schedules);
  `playlist_load` in-process by `tests/bench/bench-core`, median of {a.runs};
  and the whole `bangtin check` (CPU).
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

## Where the time and memory go

- **The path to the screen** (src/display/): with `display.renderer: auto`
  the GPU path is taken only when the GL renderer is a real GPU with vsync;
  Mesa's llvmpipe/softpipe/swrast, no vsync, or no GPU device in /dev/dri
  take the surface path, where the window's own frame buffer (MIT-SHM on
  X11, never a GL texture) is rewritten only where the ticker moves.
- **A 1920x1080 picture is 8 MB.** `render` holds one per item: the slide
  is drawn into a buffer that grows to the board's height for the ticker
  (no second copy). Between slide changes the player holds one too: the
  window surface (the display lets go of its copy of the slide once it is
  on screen, and asks for it again on a brightness change or an exposed
  window).
- **Images** are decoded straight into the slide's pixel format and shrunk
  while decoding (JPEG by the decoder's DCT scaling, PNG row by row through
  a box filter) to at most twice the slide's pixels, so a 64 Mpx photo
  never exists at full size; files over the limits `check` applies (16384
  px a side, 64 Mpx, 32 MB) are refused by `render` and `run` alike.
- **Fonts**: the bitmap strikes (gzipped PCF) are opened the first time a
  fit needs a size that small, each file once; a 1080p board never opens
  them. The rest is the libraries' pages (mostly shared), the ticker's
  strip and a few MB of heap (glyph bitmaps of the sizes drawn).
"""
    path = os.path.join(ROOT, "docs", "PERFORMANCE.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmpf = path + ".tmp"
    with open(tmpf, "w", encoding="utf-8") as f:
        f.write(doc)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmpf, path)
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
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("--redo-text", metavar="JSON",
                    help="take every figure from a --json file of an earlier run, measure the "
                         "ticker and line-breaking rows again, and write the report")
    a = ap.parse_args()
    a.bangtin, a.core = os.path.abspath(a.bangtin), os.path.abspath(a.core)
    become_subreaper()
    if a.redo_text:
        with open(a.redo_text) as f:
            R = json.load(f)
        for part in ("items", "text"):
            R["scaling"][part] = {int(k): v for k, v in R["scaling"][part].items()}
        R["scaling"]["text"] = bench_text(a)
        m = machine()
        m["load"] = R.get("load", m["load"])
        m["redo"] = (" (the ticker-strip and line-breaking rows; the other rows are an earlier"
                     " run's figures, taken again with --redo-text)")
        table = report(a, m, R)
        print(table)
        if not a.no_doc:
            print(f"\nwritten to {write_doc(a, m, R, table)}")
        return
    tmp = tempfile.mkdtemp(prefix="bangtin-bench-")
    try:
        make_inputs(tmp)
        make_more_inputs(a, tmp)
        m = machine()
        R = {"load": m["load"]}
        log("render vs chromium")
        R["render"] = bench_render(a, tmp)
        R["paths"] = bench_paths(a, tmp)
        R["fps"] = bench_fps(a, tmp)
        log("first frame, start-up, playlist, layout, png")
        R["first_frame"] = bench_first_frame(a, tmp)
        R["startup"] = bench_startup(a, tmp)
        R["linking"] = bench_linking(a, tmp)
        R["playlist"] = bench_playlist(a, tmp)
        R["layout"] = bench_layout(a)
        R["png"] = bench_png(a, tmp)
        R["scaling"] = bench_scaling(a, tmp)
        log(f"soak for {a.soak:g} s")
        R["soak"] = bench_soak(a, tmp)
        log("callgrind")
        R["callgrind"] = bench_callgrind(a, tmp)
        table = report(a, m, R)
        print(f"\n{m['cpu']}, {m['nproc']} CPUs, {m['ram_mb']} MB RAM, {m['os']}\n")
        print(table)
        if a.json:
            with open(a.json, "w") as f:
                json.dump(R, f, indent=1, default=str)
        if not a.no_doc:
            print(f"\nwritten to {write_doc(a, m, R, table)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
