#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs bangtin as a service on Raspberry Pi OS bookworm (or Debian 12).
#
#   sudo deploy/install.sh              install or upgrade, enable and (re)start
#   sudo deploy/install.sh --no-start   install and enable, start at next boot
#   sudo deploy/install.sh --uninstall  remove the program and the service; keep
#                                       /etc/bangtin (config) and /var/lib/bangtin
#                                       (proof-of-play log, cache, status)
#   sudo deploy/install.sh --uninstall --purge   also remove those and the user
#
# Idempotent: run it again after `git pull` to upgrade. It never overwrites
# /etc/bangtin/config.json once it exists.
#
# Environment:
#   DESTDIR=/some/dir   install into a scratch root (tests, packaging): no apt,
#                       no useradd, no chown, no systemctl
#   BUILD=dir           meson build directory (default build-release)
#   BANGTIN_BUILD_DIR=dir  use this already-built directory as is (tests)
#   NO_APT=1            do not install packages
set -eu

cd "$(dirname "$0")/.."
SRC=$(pwd)
DESTDIR=${DESTDIR:-}
PREFIX=/usr/local
BUILD=${BANGTIN_BUILD_DIR:-${BUILD:-build-release}}
ETC=$DESTDIR/etc/bangtin
VAR=$DESTDIR/var/lib/bangtin
UNIT=$DESTDIR$PREFIX/lib/systemd/system/bangtin.service
OLD_UNIT=$DESTDIR/etc/systemd/system/bangtin.service # where releases before 0.2 put it
SHARE=$DESTDIR$PREFIX/share/bangtin

# Build and run-time packages (keep in step with bootstrap.sh's PKGS).
PKGS="meson ninja-build pkg-config gcc libsdl2-dev libsdl2-image-dev libpng-dev libjpeg-dev libfreetype-dev
libharfbuzz-dev libutf8proc-dev libcurl4-openssl-dev libcjson-dev libsodium-dev
gettext minisign ca-certificates"

mode=install
start=1
purge=0
for a in "$@"; do
    case "$a" in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --no-start) start=0 ;;
    -h | --help)
        sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "install.sh: unknown option '$a'; see deploy/install.sh --help" >&2
        exit 2
        ;;
    esac
done

say() { echo "install.sh: $*"; }
live() { [ -z "$DESTDIR" ]; } # acting on this machine, not a scratch root

if live && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root: sudo $0 $*" >&2
    exit 2
fi
if live && ! command -v systemctl >/dev/null; then
    echo "install.sh: systemd is needed (Raspberry Pi OS bookworm or Debian 12)" >&2
    exit 3
fi

uninstall() {
    if live; then
        systemctl disable --now bangtin.service 2>/dev/null || true
    fi
    rm -f "$UNIT" "$OLD_UNIT" "$DESTDIR$PREFIX/bin/bangtin" "$DESTDIR$PREFIX/share/man/man1/bangtin.1"
    rm -rf "$SHARE" "$DESTDIR$PREFIX/share/doc/bangtin"
    if live; then
        systemctl daemon-reload
        systemctl reset-failed bangtin.service 2>/dev/null || true
    fi
    if [ "$purge" -eq 1 ]; then
        rm -rf "$ETC" "$VAR" "$DESTDIR/var/cache/bangtin"
        if live && getent passwd bangtin >/dev/null; then
            userdel bangtin || true
        fi
        say "removed bangtin, its configuration, logs and user"
    else
        say "removed bangtin; kept $ETC (config) and $VAR (proof-of-play log); --purge removes them"
    fi
}

if [ "$mode" = uninstall ]; then
    uninstall
    exit 0
fi

# 1. Packages.
if live && [ -z "${NO_APT:-}" ]; then
    missing=""
    for p in $PKGS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        say "installing:$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    fi
fi

# 2. Build (release) and install under /usr/local.
if [ -z "${BANGTIN_BUILD_DIR:-}" ]; then
    if [ -d "$BUILD" ]; then
        meson configure "$BUILD" -Dprefix=$PREFIX -Dbuildtype=release >/dev/null
    else
        meson setup "$BUILD" --prefix=$PREFIX --buildtype=release -Dtests=disabled >/dev/null
    fi
    say "building in $SRC/$BUILD"
    ninja -C "$BUILD"
fi
say "installing the program under ${DESTDIR}$PREFIX"
if [ -n "$DESTDIR" ]; then
    meson install -C "$BUILD" --no-rebuild --quiet --destdir "$DESTDIR"
else
    meson install -C "$BUILD" --no-rebuild --quiet
fi
install -d "$DESTDIR$PREFIX/share/doc/bangtin"
install -m 0644 docs/RASPBERRY-PI.md "$DESTDIR$PREFIX/share/doc/bangtin/"

# 3. The unprivileged user: video and render for the GPU and the Pi's
# decoder, input for the keyboard, audio for a clip's sound.
if live; then
    groups=""
    for g in video render input audio; do
        getent group "$g" >/dev/null && groups="$groups${groups:+,}$g"
    done
    if ! getent passwd bangtin >/dev/null; then
        say "creating the system user bangtin ($groups)"
        useradd --system --user-group --home-dir /var/lib/bangtin --no-create-home \
            --shell /usr/sbin/nologin --groups "$groups" --comment "bangtin player" bangtin
    else
        usermod -a -G "$groups" bangtin
    fi
fi

# 4. Configuration (never overwritten) and state.
install -d -m 0755 "$ETC"
if [ ! -e "$ETC/config.json" ]; then
    # Staff's own playlist if one is already there, else the bundled demo.
    if [ -e "$ETC/playlist.json" ]; then
        playlist=playlist.json
    else
        playlist=$PREFIX/share/bangtin/playlists/demo.json
    fi
    cat >"$ETC/config.json.tmp" <<EOF
{
  "playlist": "$playlist",
  "cache": "/var/lib/bangtin/cache",
  "proof_log": "/var/lib/bangtin/proof.log",
  "status_file": "/var/lib/bangtin/status.json",
  "display": {
    "brightness": [
      { "from": "06:00", "level": 100 },
      { "from": "18:30", "level": 80 }
    ]
  }
}
EOF
    mv "$ETC/config.json.tmp" "$ETC/config.json"
    say "wrote $ETC/config.json (playlist: $playlist)"
else
    say "kept the existing $ETC/config.json"
fi
install -d -m 0750 "$VAR" "$VAR/cache"
install -d -m 0750 "$DESTDIR/var/cache/bangtin"
if live; then
    chown -R bangtin:bangtin /var/lib/bangtin /var/cache/bangtin
fi

# 5. The service: meson install put the unit (made with this build's paths)
# in PREFIX/lib/systemd/system; a copy an older install left in /etc would
# shadow it.
[ -e "$UNIT" ] || { echo "install.sh: the build made no $UNIT" >&2; exit 3; }
if [ -e "$OLD_UNIT" ] && grep -q 'bangtin notice board player' "$OLD_UNIT"; then
    rm -f "$OLD_UNIT"
    say "removed the old copy of the unit in /etc/systemd/system"
fi
if live; then
    systemctl daemon-reload
    systemctl enable bangtin.service >/dev/null 2>&1
    if [ "$start" -eq 1 ]; then
        systemctl restart bangtin.service
        say "started; follow it with: journalctl -u bangtin -f"
    else
        say "enabled; it starts at the next boot (or: systemctl start bangtin)"
    fi
else
    say "installed into $DESTDIR (no user, no systemctl in a scratch root)"
fi
