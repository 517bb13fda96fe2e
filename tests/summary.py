#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Adds up meson test logs into the one line CI reads: 'N passed, N failed'.

A Check suite counts its test cases ("Checks: 12, Failures: 1, Errors: 0");
a script test counts its own "N passed, N failed" line; anything else
counts as one test by its result; a skipped test (exit 77: a tool it
needs is missing) is counted as skipped and named."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1
        print(f"summary: no test log at {path}", file=sys.stderr)
        continue
    for line in lines:
        t = json.loads(line)
        out = t.get("stdout") or ""
        if t.get("result") == "SKIP":
            skipped += 1
            print(f"summary: skipped {t.get('name')}: {out.strip().splitlines()[-1] if out.strip() else ''}",
                  file=sys.stderr)
            continue
        ok = t.get("result") == "OK"
        check = re.findall(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)", out)
        script = re.findall(r"^(\d+) passed, (\d+) failed", out, re.M)
        if check:
            n, f, e = map(int, check[-1])
            passed += n - f - e
            failed += f + e
        elif script:
            p, f = map(int, script[-1])
            passed += p
            failed += f
        else:
            passed += ok
            failed += not ok
            continue
        if not ok and not (check and int(check[-1][1]) + int(check[-1][2])) \
                and not (script and int(script[-1][1])):
            failed += 1  # crashed or timed out after its counts were printed
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
