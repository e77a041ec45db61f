#!/usr/bin/env python3
"""Regenerate src/byte_frequencies.txt: how often each byte value occurs in a sample
of local source text, in occurrences per million bytes, one line per byte value
(0 to 255, in order, as "hex count"); and src/window_frequencies.txt: the most
common 4-byte windows (ASCII-lowercased) of a 20 MB part of the same sample, per
million positions, as "hex-of-4-bytes count" (the hashed prefilter avoids them).

Usage: python3 scripts/make_tables.py DIR [DIR...]

The table only steers how the prefilter groups keywords into buckets and which
window of each keyword it searches for; any table gives correct results, a
representative one gives speed. The shipped table came from the local cargo
registry sources, the Python standard library, /usr/include and npm's JavaScript
(~40 MB).
"""
import os
import random
import sys

LIMIT = 40_000_000
WINDOW_LIMIT = 20_000_000
WINDOWS_KEPT = 40000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "byte_frequencies.txt")
WINDOWS_OUT = os.path.join(os.path.dirname(OUT), "window_frequencies.txt")


def main():
    files = []
    for root in sys.argv[1:]:
        for d, _, names in os.walk(root):
            files.extend(os.path.join(d, n) for n in names)
    files.sort()
    random.Random(1).shuffle(files)
    counts = [0] * 256
    total = 0
    windows = {}
    window_total = 0
    for path in files:
        try:
            with open(path, "rb") as fh:
                data = fh.read(200_000)
        except OSError:
            continue
        if b"\0" in data[:8000]:
            continue
        for b in range(256):
            counts[b] += data.count(bytes([b]))
        total += len(data)
        if window_total < WINDOW_LIMIT:
            low = data.lower()
            for i in range(len(low) - 3):
                w = low[i:i + 4]
                windows[w] = windows.get(w, 0) + 1
            window_total += max(len(low) - 3, 0)
        if total > LIMIT:
            break
    with open(OUT, "w") as out:
        out.write("# Occurrences per million bytes of each byte value in ~40 MB of source text\n")
        out.write("# (Rust crates, the Python standard library, C headers, npm's JavaScript).\n")
        out.write("# Made by scripts/make_tables.py; steers the keyword prefilter's choices.\n")
        for b, n in enumerate(counts):
            out.write(f"{b:02x} {n * 1_000_000 // max(total, 1)}\n")
    common = sorted(windows.items(), key=lambda kv: (-kv[1], kv[0]))[:WINDOWS_KEPT]
    with open(WINDOWS_OUT, "w") as out:
        out.write(f"# The {WINDOWS_KEPT} most common 4-byte windows (ASCII-lowercased) in ~20 MB of source text,\n")
        out.write("# per million positions, as hex of the four bytes and a count. Made by\n")
        out.write("# scripts/make_tables.py; the hashed prefilter picks keyword windows not in it.\n")
        for w, n in common:
            out.write(f"{w.hex()} {n * 1_000_000 / max(window_total, 1):.1f}\n")


if __name__ == "__main__":
    main()
