#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes bangtin(1) in roff from the program's own --help texts, so the
man page and --help never disagree.

    docs/man.py BANGTIN VERSION OUT
"""
import os
import re
import subprocess
import sys


def help_text(exe, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="")
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    r = subprocess.run([exe, *args, "--help"], capture_output=True, text=True, env=env, timeout=30)
    return (r.stdout or r.stderr).rstrip("\n")


def roff(text):
    out = []
    for line in text.split("\n"):
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line if line.strip() else ".sp")
    return "\n".join(out)


def main():
    exe, version, out = sys.argv[1:4]
    top = help_text(exe)
    commands = re.findall(r"^  ([a-z]+) {2,}(.*)$", top, re.M)
    page = [
        f'.TH BANGTIN 1 "" "bangtin {version}" "User Commands"',
        ".SH NAME",
        "bangtin \\- drives the LED board or pano of a commune or ward office",
        ".SH SYNOPSIS",
        ".B bangtin",
        ".I COMMAND",
        "[\\fIARGS\\fR]",
        ".SH DESCRIPTION",
        ".nf",
        roff(top),
        ".fi",
        ".SH COMMANDS",
    ]
    for name, _summary in commands:
        page += [f".SS {name}", ".nf", roff(help_text(exe, name)), ".fi"]
    page += [
        ".SH FILES",
        ".TP",
        ".I /etc/bangtin/config.json",
        "the board's configuration (see \\fBbangtin check \\-\\-config\\fR)",
        ".TP",
        ".I /var/lib/bangtin",
        "proof\\-of\\-play log, offline cache of the feed, status file",
        ".SH SEE ALSO",
        "The documents in /usr/share/doc/bangtin: RASPBERRY\\-PI.md, SIGNING.md, playlist.md.",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
