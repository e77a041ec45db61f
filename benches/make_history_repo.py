#!/usr/bin/env python3
"""Build a realistic stand-in for a long-history repository, from local material only.

Usage: python3 benches/make_history_repo.py OUT_DIR [--commits 20000] [--files 2500]
       [--source DIR] [--seed 1]

Base files are real source files from a local directory (default: the cargo registry
sources, ~/.cargo/registry/src). Each commit edits 1-5 files with seeded, source-like
edits (insert, delete or rewrite a few lines), occasionally adds or deletes a file,
and every 500th commit plants a Paperspace-format key (removed a few commits later),
so the scan has something to find. The stream goes through `git fast-import`, then
`git repack -ad` so objects are packed with deltas, as in a real clone. Defaults give
about 20k commits and well over 1 GB of blob content (sum of all blob sizes).
"""
import argparse
import os
import random
import subprocess
import sys


def source_files(root, limit, rng):
    found = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith((".rs", ".py", ".c", ".h", ".js", ".ts", ".go", ".toml", ".md", ".json", ".yml")):
                p = os.path.join(d, f)
                try:
                    size = os.path.getsize(p)
                except OSError:
                    continue
                if 2_000 <= size <= 200_000:
                    found.append(p)
    rng.shuffle(found)
    return found[:limit]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=20_000)
    ap.add_argument("--files", type=int, default=2_500)
    ap.add_argument("--source", default=os.path.expanduser("~/.cargo/registry/src"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    paths = source_files(args.source, args.files, rng)
    if not paths:
        sys.exit(f"no source files under {args.source}")
    files = {}
    for i, p in enumerate(paths):
        with open(p, "rb") as fh:
            lines = fh.read().split(b"\n")
        files[f"src/m{i % 40:02d}/{os.path.basename(p)}.{i}"] = lines
    os.makedirs(args.out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    fi = subprocess.Popen(["git", "-C", args.out, "fast-import", "--quiet", "--depth=50"], stdin=subprocess.PIPE)
    out = fi.stdin
    total = 0

    def blob(data):
        nonlocal total
        total += len(data)
        out.write(b"data %d\n" % len(data))
        out.write(data)
        out.write(b"\n")

    names = sorted(files)
    t = 1_500_000_000
    planted = {}
    for c in range(args.commits):
        t += rng.randint(60, 20_000)
        changes = []
        if c == 0:
            changes = names
        else:
            for _ in range(rng.randint(1, 5)):
                changes.append(rng.choice(names))
            for name in set(changes):
                lines = files[name]
                pos = rng.randrange(len(lines))
                kind = rng.random()
                if kind < 0.5:
                    donor = files[rng.choice(names)]
                    start = rng.randrange(len(donor))
                    lines[pos:pos] = donor[start:start + rng.randint(1, 12)]
                elif kind < 0.8 and len(lines) > 40:
                    del lines[pos:pos + rng.randint(1, 8)]
                else:
                    lines[pos] = lines[pos] + b" // edited %d" % c
        if c % 500 == 250:
            key = "".join(rng.choice("0123456789abcdef") for _ in range(30))
            name = f"deploy/env{c}.env"
            files[name] = [b"DEBUG=0", b"PAPERSPACE_API_KEY=" + key.encode(), b""]
            names.append(name)
            planted[name] = c + rng.randint(1, 20)
            changes.append(name)
        deleted = [n for n, when in planted.items() if when == c]
        for n in deleted:
            del planted[n]
            del files[n]
            names.remove(n)
        out.write(b"commit refs/heads/main\n")
        out.write(b"author Dev %d <dev%d@example.com> %d +0000\n" % (c % 17, c % 17, t))
        out.write(b"committer Dev %d <dev%d@example.com> %d +0000\n" % (c % 17, c % 17, t))
        msg = b"commit %d" % c
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        for name in sorted(set(changes)):
            if name in files:
                out.write(b"M 100644 inline %s\n" % name.encode())
                blob(b"\n".join(files[name]))
        for n in deleted:
            out.write(b"D %s\n" % n.encode())
        out.write(b"\n")
        if c % 2000 == 0:
            print(f"{c} commits, {total / 1e9:.2f} GB of blobs", file=sys.stderr)
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.out, "repack", "-adq", "--depth=50", "--window=10"], check=True)
    subprocess.run(["git", "-C", args.out, "checkout", "-q", "main"], check=True)
    print(f"{args.commits} commits, {total / 1e9:.2f} GB of blob content written to {args.out}")


if __name__ == "__main__":
    main()
