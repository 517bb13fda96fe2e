# SPDX-License-Identifier: MIT
# Sourced by script tests: `need TOOL...` ends the test as skipped (exit 77,
# which meson reports as SKIP and tests/summary.py counts as skipped) when a
# tool it needs is missing, naming the tool and the package that brings it.
# ./bootstrap.sh test installs them all, so CI never skips.
need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 && continue
        case "$tool" in
        tesseract) pkg=tesseract-ocr ;;
        Xvfb) pkg=xvfb ;;
        xdotool) pkg=xdotool ;;
        xwd) pkg=x11-apps ;;
        convert) pkg=imagemagick ;;
        faketime) pkg=faketime ;;
        ffmpeg | ffprobe) pkg=ffmpeg ;;
        chromium) pkg=chromium ;;
        pdftoppm) pkg=poppler-utils ;;
        systemd-analyze) pkg=systemd ;;
        *) pkg=$tool ;;
        esac
        echo "skipped: this test needs $tool (apt-get install $pkg, or ./bootstrap.sh test)"
        exit 77
    done
}
