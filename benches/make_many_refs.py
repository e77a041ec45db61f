#!/usr/bin/env python3
"""Build a repository with many refs, to show that history memory does not grow with
refs x commits.

Usage: python3 benches/make_many_refs.py OUT [--commits N] [--refs R]

N commits (default 5,000) on main, each changing one of 50 files (one holds a made-up
Paperspace-shaped key from commit 100 on), and R refs (default 50,000: branches and
tags spread over the history). Made with `git fast-import`, so it takes seconds. Then:
  /usr/bin/time -v leakscan scan --history -q --format json -o /dev/null OUT
and compare "Maximum resident set size" with the same repository made with --refs 10.
"""
import argparse
import os
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--refs", type=int, default=50000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    lines = []
    key = "PAPERSPACE_API_KEY=" + "".join("0123456789abcdef"[(i * 7 + 3) % 16] for i in range(30)) + "\n"
    for i in range(args.commits):
        name = f"src/file{i % 50}.txt"
        data = f"version {i}\n" + ("x" * (i % 40)) + "\n"
        if i >= 100 and i % 50 == 7:
            data += key
        lines.append(f"blob\nmark :{2 * i + 1}\ndata {len(data.encode())}\n{data}\n")
        msg = f"commit {i}"
        lines.append(
            f"commit refs/heads/main\nmark :{2 * i + 2}\n"
            f"committer Ana Dev <ana@example.com> {1_700_000_000 + 60 * i} +0000\n"
            f"data {len(msg)}\n{msg}\nM 100644 :{2 * i + 1} {name}\n\n"
        )
    for r in range(args.refs):
        at = 2 * (r * 7919 % args.commits) + 2
        kind = "tags" if r % 2 else "heads"
        lines.append(f"reset refs/{kind}/r{r}\nfrom :{at}\n\n")
    subprocess.run(["git", "-C", args.out, "fast-import", "--quiet"], input="".join(lines).encode(), check=True)
    subprocess.run(["git", "-C", args.out, "checkout", "-q", "main"], check=True)
    print(f"{args.out}: {args.commits} commits, {args.refs} refs")


if __name__ == "__main__":
    main()
