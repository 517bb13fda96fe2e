#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Character error rate of OCR output against the expected text.

usage: cer.py EXPECTED_FILE OCR_FILE -> prints the CER (edit distance /
length of the expected text), both NFC, whitespace collapsed to one space."""
import sys
import unicodedata


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


want = norm(open(sys.argv[1], encoding="utf-8").read())
got = norm(open(sys.argv[2], encoding="utf-8", errors="replace").read())
print("%.4f" % (distance(want, got) / max(1, len(want))))
