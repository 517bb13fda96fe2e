#!/bin/sh
# SPDX-License-Identifier: MIT
# The Raspberry Pi path end to end on an emulated arm64 machine.
#
#   deploy/pi-emulated/run.sh OUT_DIR
#
# Builds (once; cached in $BANGTIN_PI_CACHE, default /var/cache/bangtin-pi)
# a Debian bookworm arm64 system with debootstrap, its second stage run
# inside the emulated machine; boots it with qemu-system-aarch64 -M virt,
# Debian's arm64 kernel and a virtio-gpu display (a DRM/KMS device, so SDL
# takes its KMSDRM path as on a Pi without a desktop); installs bangtin with
# deploy/install.sh inside it (the arm64 build comes from
# deploy/cross/build-arm64.sh; the machine has no network); systemd starts
# the service at boot. Three boots:
#   1. install: the demo plays         -> screen.png, journal.txt, status.json
#   2. a typo in /etc/bangtin/config.json: the board still comes up and the
#      journal names the line          -> screen-broken.png, journal-broken.txt
#      then a signed feed installs (screen-feed1.png) and the power is cut
#      (QEMU quit) while the next generation downloads
#   3. after the power cut: the last good playlist plays -> screen-aftercut.png
# result.txt is one line: "ok" when every boot did what it should (the unit
# active, READY sent, the watchdog fed), otherwise what failed. Exits 0 only
# on "ok". Bounded: the boots stop within 25 minutes (BANGTIN_PI_LIMIT); the
# image, built once and cached, has its own bound (BANGTIN_PI_IMAGE_LIMIT,
# 80 minutes: debootstrap's second stage is slow without KVM).
set -eu
[ $# -eq 1 ] || { echo "usage: deploy/pi-emulated/run.sh OUT_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
CACHE=${BANGTIN_PI_CACHE:-/var/cache/bangtin-pi}
LIMIT=${BANGTIN_PI_LIMIT:-1500}             # seconds, for the boots
IMAGE_LIMIT=${BANGTIN_PI_IMAGE_LIMIT:-4800} # seconds, to build the image once
START=$(date +%s)
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

log() { echo "pi-emulated: $*" >&2; }
left() { echo $((LIMIT - ($(date +%s) - START))); }
fail() {
    echo "$*" >"$OUT/result.txt"
    log "$*"
    exit 1
}
rm -f "$OUT/result.txt"

# 1. Host tools.
PKGS="debootstrap qemu-system-arm e2fsprogs cpio kmod tar python3 minisign netpbm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    log "installing:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
$SUDO mkdir -p "$CACHE"

# 2. bangtin for arm64 (cross-built, as deploy/cross/build-arm64.sh does).
BUILD=$SRC/build-arm64
BUILD=$BUILD "$SRC/deploy/cross/build-arm64.sh" --no-test >"$OUT/cross-build.txt" 2>&1 ||
    fail "the arm64 cross build failed: see $OUT/cross-build.txt"

# The machine: 2 cores and 1 GB like a Pi 3B+/4, a virtio disk, a virtio-gpu
# display, no network, serial console to a file, QEMU's monitor on a socket.
qemu_start() { # qemu_start NAME DISK [more -drive files...]
    name=$1
    disk=$2
    shift 2
    extra=""
    n=1
    for f in "$@"; do
        extra="$extra -drive if=none,format=raw,file=$f,id=d$n -device virtio-blk-pci,drive=d$n"
        n=$((n + 1))
    done
    W=$CACHE/run
    mkdir -p "$W"
    rm -f "$W/mon.sock" "$W/console-$name.log"
    # shellcheck disable=SC2086
    qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 -accel tcg,thread=multi \
        -kernel "$CACHE/vmlinuz" -initrd "$CACHE/initrd.img" \
        -append "console=ttyAMA0 root=/dev/vda rw panic=1 ${APPEND:-} quiet" -no-reboot \
        -drive if=none,format=raw,file="$disk",id=d0,cache=${DISK_CACHE:-writeback} \
        -device virtio-blk-pci,drive=d0 $extra \
        -device virtio-gpu-pci,xres=1280,yres=720 -display none -nic none \
        -serial file:"$W/console-$name.log" -monitor unix:"$W/mon.sock",server,nowait \
        >"$W/qemu-$name.log" 2>&1 &
    QEMU=$!
    CONSOLE=$W/console-$name.log
}

monitor() { # one monitor command
    python3 - "$CACHE/run/mon.sock" "$1" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
time.sleep(0.3)
try:
    s.recv(65536)
except OSError:
    pass
s.sendall((sys.argv[2] + "\n").encode())
time.sleep(1.5)
PY
}

screendump() { # screendump OUT.png
    monitor "screendump $CACHE/run/screen.ppm" &&
        pnmtopng "$CACHE/run/screen.ppm" >"$1" 2>/dev/null && log "screenshot $1"
    # A board is never black: say whether this picture has anything on it.
    python3 - "$CACHE/run/screen.ppm" "$1.lit" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# P6 header: magic, width, height, maxval, then the pixels.
parts = data.split(maxsplit=4)
lit = sum(1 for b in parts[4][::3] if b > 16) if len(parts) == 5 else 0
open(sys.argv[2], "w").write("%d\n" % lit)
PY
}

# Runs the machine until it powers off (or its time is up), answering the
# harness's markers: "EMU: shot NAME" -> screenshot, "EMU: cut" -> power cut.
qemu_wait() { # qemu_wait SECONDS
    t0=$(date +%s)
    seen=""
    while kill -0 "$QEMU" 2>/dev/null; do
        if [ $(($(date +%s) - t0)) -gt "$1" ] || [ "$(left)" -le 0 ]; then
            log "time is up: stopping the machine"
            monitor quit 2>/dev/null || true
            sleep 2
            kill "$QEMU" 2>/dev/null || true
            wait "$QEMU" 2>/dev/null || true
            return 1
        fi
        for m in $(sed -n 's/^.*EMU: \(shot\|cut\) *\([a-z0-9]*\).*$/\1:\2/p' "$CONSOLE" 2>/dev/null); do
            case " $seen " in *" $m "*) continue ;; esac
            seen="$seen $m"
            case "$m" in
            shot:demo) screendump "$OUT/screen.png" || true ;;
            shot:*) screendump "$OUT/screen-${m#shot:}.png" || true ;;
            cut:*)
                log "cutting the power (QEMU quit, no shutdown)"
                monitor quit || kill "$QEMU"
                ;;
            esac
        done
        sleep 1
    done
    wait "$QEMU" 2>/dev/null || true
    return 0
}

# 3. The base system, built once (again when this list changes). The
# libraries bangtin links or loads: FFmpeg and libwebpdemux for clips,
# libxlsxwriter for the report, Mesa for KMSDRM.
GUEST_PKGS=systemd,systemd-sysv,udev,kmod,dbus,procps,busybox-static,python3,libsdl2-2.0-0,libsdl2-image-2.0-0,libfreetype6,libharfbuzz0b,libutf8proc2,libcurl4,libcjson1,libsodium23,libpng16-16,libjpeg62-turbo,libavformat59,libavcodec59,libswscale6,libavutil57,libwebpdemux2,libxlsxwriter4,libgl1-mesa-dri,libegl1,libgles2,libgbm1,libdrm2,meson,ninja-build,minisign,ca-certificates
if [ -s "$CACHE/base.img" ] && [ "$(cat "$CACHE/base.pkgs" 2>/dev/null)" != "$GUEST_PKGS" ]; then
    log "the guest's package list changed: building the image again"
    rm -f "$CACHE/base.img"
fi
if [ ! -s "$CACHE/base.img" ]; then
    log "building the bookworm arm64 image (once; cached in $CACHE)"
    R=$CACHE/rootfs
    $SUDO rm -rf "$R" "$CACHE/k" "$CACHE/initramfs"
    $SUDO debootstrap --arch=arm64 --foreign --variant=minbase \
        --include="$GUEST_PKGS" \
        bookworm "$R" http://deb.debian.org/debian >"$OUT/debootstrap.txt" 2>&1 ||
        fail "debootstrap failed: see $OUT/debootstrap.txt"
    # The kernel and its modules, straight from Debian's package (the cross
    # build enabled arm64 in apt). Unpacked here rather than configured in
    # the emulated machine: its postinst (depmod over 4,000 modules) is the
    # slowest step there, and the machine boots this kernel from outside.
    kpkg=$(apt-cache depends linux-image-arm64:arm64 | sed -n 's/.*Depends: //p' | head -n 1)
    [ -n "$kpkg" ] || fail "no arm64 kernel package in apt (run deploy/cross/build-arm64.sh first)"
    rm -rf "$CACHE/kdeb" && mkdir -p "$CACHE/kdeb" "$CACHE/k"
    (cd "$CACHE/kdeb" && apt-get download "$kpkg" >/dev/null 2>&1) || fail "cannot download $kpkg"
    dpkg-deb -x "$CACHE"/kdeb/*.deb "$CACHE/k"
    kver=$(ls "$CACHE/k/lib/modules" | head -n 1)
    cp "$CACHE/k/boot/vmlinuz-$kver" "$CACHE/vmlinuz"
    depmod -b "$CACHE/k" "$kver"
    mkdir -p "$R/usr/lib/modules"
    cp -a "$CACHE/k/lib/modules/$kver" "$R/usr/lib/modules/"
    # A small initramfs: busybox and the modules needed to mount the root.
    I=$CACHE/initramfs
    mkdir -p "$I/bin" "$I/dev" "$I/proc" "$I/sys" "$I/lib/modules"
    dpkg-deb -x "$(ls "$R"/var/cache/apt/archives/busybox-static_*.deb | head -n 1)" "$CACHE/bb"
    cp "$CACHE/bb/bin/busybox" "$I/bin/busybox"
    cp "$HERE/initramfs-init" "$I/init"
    chmod +x "$I/init"
    M=$CACHE/k/lib/modules/$kver
    : >"$I/modules.list"
    for mod in crc32c_generic libcrc32c crc16 mbcache jbd2 ext4 virtio_pci_legacy_dev \
        virtio_pci_modern_dev virtio_pci virtio_blk; do
        f=$(cd "$M" && find kernel -name "$mod.ko" | head -n 1)
        [ -n "$f" ] || continue
        mkdir -p "$I/lib/modules/$(dirname "$f")"
        cp "$M/$f" "$I/lib/modules/$f"
        echo "$f" >>"$I/modules.list"
    done
    (cd "$I" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$CACHE/initrd.img"
    # The harness, and debootstrap's second stage as the first boot's PID 1.
    install -m 0755 "$HERE/stage2" "$R/stage2"
    install -D -m 0755 "$HERE/emu-harness" "$R/usr/local/sbin/emu-harness"
    install -D -m 0644 "$HERE/emu-harness.service" "$R/etc/systemd/system/emu-harness.service"
    rm -f "$CACHE/stage.img"
    mkfs.ext4 -q -F -L bangtin-root -d "$R" "$CACHE/stage.img" 3G
    log "second stage inside the emulated machine (no KVM: this takes a while)"
    # cache=unsafe: the image is thrown away if this boot fails, so dpkg's
    # many fsyncs need not reach the host's disk.
    LIMIT=$IMAGE_LIMIT DISK_CACHE=unsafe APPEND="init=/stage2" qemu_start stage2 "$CACHE/stage.img"
    LIMIT=$IMAGE_LIMIT qemu_wait "$IMAGE_LIMIT" || true
    grep -q "EMU: second stage ok" "$CONSOLE" ||
        fail "debootstrap's second stage failed: see $CONSOLE"
    mv "$CACHE/stage.img" "$CACHE/base.img"
    echo "$GUEST_PKGS" >"$CACHE/base.pkgs"
    log "image ready after $(($(date +%s) - START)) s"
    echo "image built in $(($(date +%s) - START)) s" >"$OUT/image.txt"
    START=$(date +%s) # the boots' own bound starts now
fi

# 4. The payloads: a tar on a raw disk for each boot (the first carries the
# source tree and the arm64 build at their host paths).
W=$CACHE/run
mkdir -p "$W"
rm -rf "$W/plan" "$W/feeds"
mkdir -p "$W/plan/run/emu/in"
echo "$SRC" >"$W/plan/run/emu/in/srcdir"
echo "$BUILD" >"$W/plan/run/emu/in/builddir"
cp "$SRC/tests/feed/fault_server.py" "$W/plan/run/emu/in/"

# Two generations of a signed feed, signed with a fresh key by minisign.
F=$W/plan/run/emu/in
minisign -G -p "$F/feed.pub" -s "$W/feed.key" -W -f >/dev/null 2>&1 || fail "minisign -G failed"
mkdir -p "$F/feed1" "$F/feed2"
python3 - "$F" <<'PY'
import hashlib, json, os, random, struct, sys, zlib
root = sys.argv[1]
def png(path, w, h, noise):
    rnd = random.Random(7)
    rows = b"".join(b"\0" + (bytes(rnd.getrandbits(8) for _ in range(3 * w)) if noise else bytes([20, 90, 160]) * w) for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)
    return hashlib.sha256(data).hexdigest()
def feed(gen, items):
    json.dump({"version": 1, "name": "UBND xã Thử Nghiệm", "sequence": gen,
               "defaults": {"duration": 8, "background": "#003a8c", "color": "#ffffff"},
               "items": items}, open(f"{root}/feed{gen}/feed.json", "w"), ensure_ascii=False, indent=1)
os.makedirs(f"{root}/feed1/assets", exist_ok=True)
h1 = png(f"{root}/feed1/assets/blue.png", 320, 160, False)
feed(1, [{"id": "ban-tin-1", "type": "text", "text": "BẢN TIN SỐ 1\nĐÃ CÀI ĐẶT"},
         {"id": "anh-1", "type": "image", "src": "assets/blue.png", "sha256": h1}])
os.makedirs(f"{root}/feed2/assets", exist_ok=True)
h2 = png(f"{root}/feed2/assets/slow-big.png", 1400, 1400, True)
feed(2, [{"id": "ban-tin-2", "type": "text", "text": "BẢN TIN SỐ 2"},
         {"id": "anh-2", "type": "image", "src": "assets/slow-big.png", "sha256": h2}])
PY
for g in 1 2; do
    minisign -S -s "$W/feed.key" -m "$F/feed$g/feed.json" >/dev/null 2>&1 || fail "minisign -S failed"
done

payload() { # payload PLAN OUT.tar [with source]
    echo "$1" >"$W/plan/run/emu/in/plan"
    if [ "${3:-}" = src ]; then
        (cd "$SRC" && { git ls-files 2>/dev/null || find . -path ./build\* -prune -o -type f -print; }) |
            sed "s|^\./||; s|^|${SRC#/}/|" >"$W/files.txt"
        # Not the logs and state of tests that may be running in it now,
        # but the log directory itself (meson install writes its log there).
        (cd "$BUILD" && find . -type f ! -path './meson-logs/*' ! -path './tests/state/*' &&
            echo ./meson-logs) | sed "s|^\./||; s|^|${BUILD#/}/|" >>"$W/files.txt"
        tar -c -f "$2" -C / --no-recursion -T "$W/files.txt" --recursion -C "$W/plan" run
    else
        tar -c -f "$2" -C "$W/plan" run
    fi
}

outdisk() { rm -f "$1" && truncate -s 64M "$1"; }
collect() { # collect OUTDISK
    mkdir -p "$W/got"
    tar -x -C "$W/got" -f "$1" 2>/dev/null || true
}

rm -rf "$W/got"
cp --sparse=always "$CACHE/base.img" "$W/board.img"
# The harness of this tree, not the one the cached image was made with.
# The second stage ends without unmounting: replay the journal first, or
# the guest's own replay at boot would undo what debugfs writes.
rc=0
e2fsck -fy "$W/board.img" >"$W/e2fsck.txt" 2>&1 || rc=$?
[ $rc -lt 4 ] || fail "the board's disk has errors e2fsck cannot fix: see $W/e2fsck.txt"
debugfs -w -R "rm /usr/local/sbin/emu-harness" "$W/board.img" >/dev/null 2>&1
debugfs -w -R "write $HERE/emu-harness /usr/local/sbin/emu-harness" "$W/board.img" >/dev/null 2>&1 ||
    fail "cannot put the harness on the board's disk (debugfs)"
boots=""

log "boot 1: install and play the demo"
payload install "$W/p1.tar" src
outdisk "$W/o1.img"
qemu_start boot1 "$W/board.img" "$W/p1.tar" "$W/o1.img"
qemu_wait 900 || true
collect "$W/o1.img"
r1=$(cat "$W/got/result-demo.txt" 2>/dev/null || echo "no report from the first boot (see console-boot1.log)")
boots="$boots boot 1 (install, demo): $r1;"

r2="not run"
r3="not run"
rf="not run"
if [ "$r1" = ok ] && [ "$(left)" -gt 120 ]; then
    log "boot 2: a typo in the config, then a feed and a power cut"
    payload broken "$W/p2.tar"
    outdisk "$W/o2.img"
    qemu_start boot2 "$W/board.img" "$W/p2.tar" "$W/o2.img"
    qemu_wait 900 || true
    collect "$W/o2.img"
    r2=$(cat "$W/got/result-broken.txt" 2>/dev/null || echo "no report (see console-boot2.log)")
    rf=$(cat "$W/got/result-feed.txt" 2>/dev/null || echo "no report (see console-boot2.log)")
fi
boots="$boots boot 2 (config typo): $r2; feed generation 1 then power cut: $rf;"
if [ "$rf" = ok ] && [ "$(left)" -gt 120 ]; then
    log "boot 3: after the power cut"
    payload aftercut "$W/p3.tar"
    outdisk "$W/o3.img"
    qemu_start boot3 "$W/board.img" "$W/p3.tar" "$W/o3.img"
    qemu_wait 600 || true
    collect "$W/o3.img"
    r3=$(cat "$W/got/result-aftercut.txt" 2>/dev/null || echo "no report (see console-boot3.log)")
fi
boots="$boots boot 3 (after the power cut): $r3"

# 5. What the board did.
cp "$W/got/journal-demo.txt" "$OUT/journal.txt" 2>/dev/null || true
cp "$W/got/status-demo.json" "$OUT/status.json" 2>/dev/null || true
for n in broken feed aftercut; do
    cp "$W/got/journal-$n.txt" "$OUT/" 2>/dev/null || true
    cp "$W/got/status-$n.json" "$OUT/" 2>/dev/null || true
done
cp "$W/got/install.txt" "$OUT/" 2>/dev/null || true
cp "$W"/console-*.log "$OUT/" 2>/dev/null || true
echo "$boots" | tr ';' '\n' | sed 's/^ //' >"$OUT/boots.txt"
elapsed=$(($(date +%s) - START))
echo "run time: $elapsed s" >>"$OUT/boots.txt"
# A board is never black: every screenshot must have light in it.
dark=""
for shot in screen screen-broken screen-feed1 screen-aftercut; do
    lit=$(cat "$OUT/$shot.png.lit" 2>/dev/null || echo 0)
    echo "$shot.png: $lit of $((1280 * 720)) pixels lit" >>"$OUT/boots.txt"
    [ "$lit" -gt 0 ] || dark="$dark $shot.png"
done
if [ -n "$dark" ] && [ "$r1" = ok ]; then
    fail "the unit ran, but these screenshots are black (QEMU's screendump saw nothing):$dark"
fi
if [ "$r1" = ok ] && [ "$r2" = ok ] && [ "$rf" = ok ] && [ "$r3" = ok ] && [ -s "$OUT/screen.png" ]; then
    echo ok >"$OUT/result.txt"
    log "ok in $elapsed s: $OUT"
    exit 0
fi
fail "$boots"
