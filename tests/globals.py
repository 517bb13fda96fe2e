#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when src/ has mutable state outside the objects that own it.

State belongs on a struct that someone creates and frees (the image
cache on the scene, font caches on the font set). This reads every .c
and .h under src/ and lists each variable of static storage that is not
const: file-scope variables (static or not) and `static` locals. An
array of pointers is const only when the pointers are (`const char
*const names[]`). The few process-wide exceptions are in
tests/globals.allow, one `file:name  reason` a line; an entry that no
longer matches anything is an error too, so the list only shrinks.

Usage: globals.py SRC_DIR [ALLOW_FILE]
Prints one line per finding and `N passed, N failed` last.
"""

import os
import re
import sys

KEYWORDS_TYPE = {"struct", "union", "enum"}
SKIP_START = ("typedef",)


def strip(text):
    """Comments, strings, character constants and preprocessor lines
    blanked, newlines kept (so line numbers hold)."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            # A preprocessor line, with its continuations.
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("\n")
                    i += 2
                    continue
                i += 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * 0 + c)
            i = j + 1
            continue
        out.append(c)
        line_start = c == "\n" or (line_start and c in " \t")
        i += 1
    return "".join(out)


def declarators(decl):
    """The declarators of one declaration (initialisers removed):
    `static const char *const a[], *b` -> specifiers, ['*const a[]', '*b']."""
    depth = 0
    parts, cur = [], []
    for ch in decl:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    parts = [re.split(r"=", p, maxsplit=1)[0] for p in parts]
    first = parts[0]
    # Specifiers end where the first declarator's name or '*' begins.
    m = re.match(r"^((?:\s*(?:struct|union|enum)\s+\w+|\s*\w+)+?)\s*([*(]*\s*\w+\s*[\[\)]?.*)$",
                 first.strip(), re.S)
    if not m:
        return None, []
    words = first.strip().split()
    # Walk words: specifiers until the last identifier before '*', '[', or end.
    tokens = re.findall(r"\w+|[*()\[\]]", first)
    idx = None
    for k, t in enumerate(tokens):
        if t in "*(":
            idx = k
            break
    if idx is None:
        # `static int x[4]`: the name is the last word before '['.
        names = [k for k, t in enumerate(tokens) if re.match(r"\w+", t)]
        bracket = tokens.index("[") if "[" in tokens else len(tokens)
        names = [k for k in names if k < bracket]
        if not names:
            return None, []
        idx = names[-1]
    specs = tokens[:idx]
    first_decl = " ".join(tokens[idx:])
    rest = [p.strip() for p in parts[1:]]
    del words
    return specs, [first_decl] + rest


def is_const(specs, decl):
    """Whether the object a declarator names is const."""
    if "(" in decl and "*" in decl.split(")")[0]:
        # A pointer to function (or to array): const only after the '*'.
        inner = decl.split(")")[0]
        return re.search(r"\*\s*const\b", inner) is not None
    if "*" in decl:
        after = decl[decl.rfind("*") + 1:]
        return re.match(r"\s*const\b", after) is not None
    return "const" in specs or "constexpr" in specs


def name_of(decl):
    m = re.search(r"(\w+)\s*(\[.*)?$", decl.strip())
    ids = re.findall(r"[A-Za-z_]\w*", decl)
    ids = [i for i in ids if i != "const" and i != "volatile" and i != "restrict"]
    return ids[0] if ids else (m.group(1) if m else "?")


def findings(path, text):
    """(line, name, declaration) of every mutable static-storage variable."""
    s = strip(text)
    out = []
    i, n = 0, len(s)
    depth = 0
    stmt_start = 0
    fn_depth = None  # depth of the function body we are in, if any

    def line_of(pos):
        return s.count("\n", 0, pos) + 1

    def check_decl(decl, pos, local):
        d = " ".join(decl.split())
        if not d or d.startswith(SKIP_START) or d.startswith("extern"):
            return
        if local and not re.match(r"^(static|.*\bstatic\b)", d):
            return
        if not local and re.search(r"\w\s*\(", d) and not re.search(r"\(\s*\*", d):
            return  # a function prototype
        words = d.split()
        if len(words) <= 2 and words[0] in KEYWORDS_TYPE:
            return  # `struct x;` or the tail of a type definition
        specs, decls = declarators(d)
        if specs is None:
            return
        if not specs and not local:
            return
        for dc in decls:
            if not dc:
                continue
            if not is_const(specs, dc):
                out.append((line_of(pos), name_of(dc), d))

    while i < n:
        c = s[i]
        if c == "{":
            head = s[stmt_start:i]
            if depth == 0 and "=" in head:
                # An initialiser: skip to its end, the statement goes on.
                j, k = i, 0
                while j < n:
                    if s[j] == "{":
                        k += 1
                    elif s[j] == "}":
                        k -= 1
                        if k == 0:
                            break
                    j += 1
                i = j + 1
                continue
            if depth == 0 and re.search(r"\)\s*$", head):
                fn_depth = 1  # a function body
                stmt_start = i + 1
            elif fn_depth is not None:
                stmt_start = i + 1  # a block inside a function
            # else a struct/union/enum body: the declaration goes on after it
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and fn_depth is not None:
                fn_depth = None
                stmt_start = i + 1
            elif fn_depth is not None:
                stmt_start = i + 1
        elif c == ";":
            stmt = s[stmt_start:i]
            if depth == 0:
                # Drop a struct/enum body: `struct x { ... } v;` keeps `struct x v`.
                flat = re.sub(r"\{[^{}]*\}", " ", stmt)
                if re.match(r"^\s*(static\s+)?(const\s+)?(struct|union|enum)\s+\w*\s*$", flat):
                    pass
                else:
                    check_decl(flat, stmt_start + len(stmt) - len(stmt.lstrip()), False)
            elif fn_depth is not None and re.search(r"\bstatic\b", stmt):
                # A static local: from `static` to the end of its declaration.
                k = stmt.find("static")
                check_decl(stmt[k:], stmt_start + k, True)
            if depth == 0 or fn_depth is not None:
                stmt_start = i + 1
        i += 1
    return out


SAMPLE = """
#include <stdio.h>
static const char *names[] = {"a", "b"};
static const char *const ok_names[] = {"a"};
int counter;
static int (*fn)(void);
static int (*const cfn)(void) = NULL;
static const struct { int a; } table[] = {{1}, {2}};
struct thing { int a; char *p; };
static struct thing things[3];
enum { A, B };
static int f(int x) { static int calls; static const int k = 3; int y = x; return y + k + calls; }
const int limit = 4;
extern int other;
int g(void);
struct s2 { int z; } s2var;
"""
SAMPLE_WANT = ["names", "counter", "fn", "things", "calls", "s2var"]


def self_test():
    """The checker finds what it must in a sample, and nothing else."""
    got = [name for _, name, _ in findings("sample.c", SAMPLE)]
    if got != SAMPLE_WANT:
        print(f"self-test: found {got}, want {SAMPLE_WANT}")
        return False
    return True


def main():
    if not self_test():
        print("0 passed, 1 failed")
        return 1
    src = sys.argv[1]
    allow_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "globals.allow")
    allow = {}
    with open(allow_file, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            allow[key] = reason.strip()
    passed = failed = 0
    seen = set()
    for root, _, files in sorted(os.walk(src)):
        for fn in sorted(files):
            if not fn.endswith((".c", ".h")):
                continue
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, os.path.dirname(os.path.abspath(src)))
            with open(path, encoding="utf-8") as f:
                text = f.read()
            bad = 0
            for line, name, decl in findings(path, text):
                key = f"{rel}:{name}"
                if key in allow:
                    seen.add(key)
                    continue
                print(f"{rel}:{line}: mutable state '{name}' outside an object: {decl}")
                print("    move it into the struct that owns it, make it const, or (process-wide"
                      " by nature) list it in tests/globals.allow with the reason")
                bad += 1
            if bad:
                failed += 1
            else:
                passed += 1
    for key in sorted(set(allow) - seen):
        print(f"tests/globals.allow: {key} matches nothing any more: remove the line")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
