#!/usr/bin/env python3
"""Regenerate src/common_trigrams.txt: the 4096 most frequent byte trigrams
(ASCII-lowercased) in a sample of local source text, most frequent first, as hex.

Usage: python3 scripts/make_trigrams.py DIR [DIR...] > src/common_trigrams.txt

The table only steers which 2-3 byte window of each keyword the prefilter searches
for (the rarest one); any table gives correct results, a representative one gives
speed. The shipped table came from the local cargo registry sources, the Python
standard library, /usr/include and npm's JavaScript (~40 MB).
"""
import collections
import os
import random
import sys

LIMIT = 40_000_000


def main():
    files = []
    for root in sys.argv[1:]:
        for d, _, names in os.walk(root):
            files.extend(os.path.join(d, n) for n in names)
    random.Random(1).shuffle(files)
    counts = collections.Counter()
    total = 0
    for path in files:
        try:
            with open(path, "rb") as fh:
                data = fh.read(200_000)
        except OSError:
            continue
        if b"\0" in data[:8000]:
            continue
        data = data.lower()
        counts.update(data[i:i + 3] for i in range(len(data) - 2))
        total += len(data)
        if total > LIMIT:
            break
    print("# The 4096 most frequent byte trigrams (ASCII-lowercased) in ~40 MB of source")
    print("# text (Rust crates, the Python standard library, C headers, npm's JavaScript),")
    print("# most frequent first, as hex. Used only to pick each keyword's rarest anchor.")
    for tri, _ in counts.most_common(4096):
        print(tri.hex())


if __name__ == "__main__":
    main()
