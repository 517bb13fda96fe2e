#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The include graph of src/ points down: a folder includes only itself and
the folders below it in LAYERS. Prints the graph and any upward include;
ends with 'N passed, N failed' (one case per folder)."""
import os
import re
import sys

# Bottom first. A folder may include any folder listed before it.
LAYERS = ["util", "json", "calendar", "text", "vn", "playlist", "sched", "media", "slides", "display",
          "feed", "ops", "app", "cli"]
# Pure logic: no SDL, no I/O libraries (DESIGN.md: tested directly).
PURE = {"json", "calendar", "text", "vn", "playlist", "sched"}
# Libraries one folder owns: JSON is read and written only through src/json
# (positions, paths, exact integers; docs/HACKING.md).
OWNED = {"cjson/": "json"}

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
inc = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
graph, bad = {}, {}
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if not os.path.isdir(path):
        continue
    if folder not in LAYERS:
        bad.setdefault(folder, []).append(f"src/{folder}/ is not in a layer (add it to LAYERS)")
        continue
    rank = LAYERS.index(folder)
    for name in sorted(os.listdir(path)):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(path, name), encoding="utf-8").read()
        for kind, target in inc.findall(text):
            if kind == "<":
                if folder in PURE and target.startswith("SDL"):
                    bad.setdefault(folder, []).append(f"src/{folder}/{name}: pure layer includes <{target}>")
                for lib, owner in OWNED.items():
                    if target.startswith(lib) and folder != owner:
                        bad.setdefault(folder, []).append(
                            f"src/{folder}/{name}: includes <{target}>; use src/{owner}/ instead")
                continue
            dep = target.split("/")[0]
            if dep == folder:
                continue
            graph.setdefault(folder, set()).add(dep)
            if dep not in LAYERS or LAYERS.index(dep) > rank:
                bad.setdefault(folder, []).append(
                    f"src/{folder}/{name}: includes \"{target}\" from a higher layer")

for folder in LAYERS:
    deps = sorted(graph.get(folder, ()), key=LAYERS.index)
    print(f"{folder:9} -> {' '.join(deps) if deps else '(nothing)'}")
for folder, msgs in sorted(bad.items()):
    for m in msgs:
        print("error: " + m)
folders = [f for f in LAYERS if os.path.isdir(os.path.join(src, f))] + [f for f in bad if f not in LAYERS]
failed = sum(1 for f in folders if f in bad)
print(f"{len(folders) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
