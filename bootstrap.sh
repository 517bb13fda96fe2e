#!/bin/sh
# SPDX-License-Identifier: MIT
# One-step set-up on Debian 12 / Raspberry Pi OS bookworm.
#   ./bootstrap.sh        install what is missing, build, play the demo
#   ./bootstrap.sh test   install what is missing, build, run every test
#                         (also under AddressSanitizer/UBSan)
set -eu
cd "$(dirname "$0")"
mode=${1:-demo}

# Build and run-time packages, then what only the tests need.
PKGS="meson ninja-build pkg-config gcc libsdl2-dev libsdl2-image-dev libpng-dev libjpeg-dev libfreetype-dev
libharfbuzz-dev libutf8proc-dev libcurl4-openssl-dev libcjson-dev libsodium-dev gettext
libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libwebp-dev libxlsxwriter-dev scdoc"
TEST_PKGS="
check python3 python3-jsonschema minisign file bc
tesseract-ocr tesseract-ocr-vie
xvfb xauth x11-apps x11-utils xdotool imagemagick netpbm
clang clang-format libclang-rt-14-dev
xfonts-base gettext recode hunspell-vi systemd
ffmpeg faketime python3-openpyxl chromium poppler-utils
"

want=$PKGS
[ "$mode" = test ] && want="$PKGS $TEST_PKGS"
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "bootstrap: installing:$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

werror=false
[ -n "${CI:-}" ] && werror=true
# The test mode insists on the test suites: a build/ first configured by
# the demo mode (before Check was installed) is reconfigured, not reused
# without its tests.
tests=auto
[ "$mode" = test ] && tests=enabled
if [ -d build ]; then
    meson configure build -Dtests=$tests -Dwerror=$werror
else
    meson setup build -Dtests=$tests -Dwerror=$werror
fi
ninja -C build

case "$mode" in
test)
    exec tests/run-all.sh
    ;;
demo)
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -e /dev/dri/card0 -a -z "${SSH_TTY:-}" ]; then
        echo "bootstrap: playing the demo; press q or Esc to quit"
        build/bangtin run && exit 0
        echo "bootstrap: the display could not be opened; rendering the demo instead"
    fi
    rm -rf out/demo
    build/bangtin render playlists/demo.json --out out/demo --size 1920x1080
    echo "bootstrap: no display here; the demo's slides are PNG files in $(pwd)/out/demo/"
    ;;
*)
    echo "usage: ./bootstrap.sh [demo|test]" >&2
    exit 2
    ;;
esac
