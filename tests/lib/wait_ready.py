#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Waits until a bangtin run says it is on screen, instead of a fixed sleep.

    tests/lib/wait_ready.py SOCKET SECONDS &
    NOTIFY_SOCKET=SOCKET bangtin run ... &

Binds SOCKET (a unix datagram socket, as systemd's notify socket) and
exits 0 when READY=1 arrives (bangtin sends it after its first frame is
presented), 1 when SECONDS pass first. The socket exists when this
prints "listening" on stdout, so a caller can wait for that line."""
import os
import socket
import sys
import time

path, limit = sys.argv[1], float(sys.argv[2])
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
print("listening", flush=True)
end = time.monotonic() + limit
while time.monotonic() < end:
    s.settimeout(max(0.05, end - time.monotonic()))
    try:
        msg = s.recv(4096).decode(errors="replace")
    except socket.timeout:
        break
    if "READY=1" in msg.split("\n"):
        sys.exit(0)
sys.exit(1)
