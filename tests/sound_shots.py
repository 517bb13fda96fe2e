#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads what SDL's disk audio driver wrote (float samples, mono, the
clip's rate) and prints each tone heard: start and end in seconds from
the output's opening, and its pitch by zero crossings, one JSON list.

Usage: sound_shots.py FILE RATE"""
import json
import math
import struct
import sys

raw = open(sys.argv[1], "rb").read()
rate = int(sys.argv[2])
x = struct.unpack("<%df" % (len(raw) // 4), raw[:len(raw) // 4 * 4])
win = rate // 100  # 10 ms windows
tones, cur = [], None
for i in range(0, len(x) - win + 1, win):
    w = x[i:i + win]
    on = math.sqrt(sum(v * v for v in w) / win) > 0.05
    if on:
        cur = [i, i + win] if cur is None else [cur[0], i + win]
    elif cur is not None:
        tones.append(cur)
        cur = None
if cur is not None:
    tones.append(cur)
out = []
for a, b in tones:
    w = x[a:b]
    up = sum(1 for u, v in zip(w, w[1:]) if u < 0 <= v)
    out.append({"start": round(a / rate, 3), "end": round(b / rate, 3),
                "hz": round(up / ((b - a) / rate))})
print(json.dumps({"seconds": round(len(x) / rate, 2), "tones": out}))
