#!/usr/bin/env python3
"""Exports test: the dynamic symbols libliion.so defines must equal abi/exported-symbols.txt,
which must equal the symbols listed in lib/liion.map and the LIION_API prototypes in the public
headers. Every exported symbol is prefixed liion_ (never liion__) and carries a version node."""
import argparse
import pathlib
import re
import subprocess
import sys


def dynamic_symbols(library):
    out = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions", library],
                         check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        kind, name = parts[1], parts[2]
        if kind in ("A",):  # version node definitions, e.g. LIION_0.1
            continue
        base, _, version = name.partition("@")
        syms[base] = version.lstrip("@")
    return syms


def header_prototypes(dirs):
    names = set()
    proto = re.compile(r"LIION_API\b[^;{]*?\b(liion_[a-z0-9_]+)\s*\(", re.S)
    for d in dirs:
        for h in sorted(pathlib.Path(d).glob("*.h")):
            text = h.read_text()
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
            text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
            names.update(proto.findall(text))
    return names


def map_symbols(path):
    text = re.sub(r"/\*.*?\*/", "", pathlib.Path(path).read_text(), flags=re.S)
    return set(re.findall(r"^\s*(liion_[A-Za-z0-9_]+)\s*;", text, flags=re.M))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", required=True)
    ap.add_argument("--list", required=True)
    ap.add_argument("--map", required=True)
    ap.add_argument("--headers", nargs="+", required=True)
    a = ap.parse_args()

    exported = dynamic_symbols(a.library)
    listed = {l.strip() for l in pathlib.Path(a.list).read_text().splitlines()
              if l.strip() and not l.startswith("#")}
    mapped = map_symbols(a.map)
    declared = header_prototypes(a.headers)

    problems = []

    def compare(name_a, set_a, name_b, set_b):
        for s in sorted(set_a - set_b):
            problems.append(f"{s}: in {name_a} but not in {name_b}")
        for s in sorted(set_b - set_a):
            problems.append(f"{s}: in {name_b} but not in {name_a}")

    compare("libliion.so", set(exported), "abi/exported-symbols.txt", listed)
    compare("abi/exported-symbols.txt", listed, "lib/liion.map", mapped)
    compare("abi/exported-symbols.txt", listed, "LIION_API prototypes", declared)
    for s, version in sorted(exported.items()):
        if not s.startswith("liion_") or s.startswith("liion__"):
            problems.append(f"{s}: exported without the public liion_ prefix")
        if not version.startswith("LIION_"):
            problems.append(f"{s}: exported without a LIION_ version node ({version or 'none'})")

    if problems:
        print("exports test FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"exports OK: {len(exported)} symbols, all liion_-prefixed and versioned "
          f"({', '.join(sorted(set(exported.values())))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
