#!/usr/bin/env python3
"""Time `leakscan scan --history` against the cost of reading every blob once with git.

Usage: python3 benches/history.py REPO [--runs N] [--bin PATH] [--threads N]

REPO is any local repository (a clone of git itself, or one built by
benches/make_history_repo.py). The floor is git's own single-threaded read of every
blob in pack order:
  git cat-file --batch-all-objects --unordered --batch-check='%(objecttype) %(objectname)'
    | awk '$1=="blob"{print $2}' | git cat-file --batch >/dev/null
Both run in the same invocation (once to warm the cache, then N times); the median
wall times, leakscan's peak RSS (from wait4) and the ratio are printed.
Targets (issue #3): ratio <= 2.0 on 2 cores; peak RSS < 400 MiB.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import measure  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default="target/release/leakscan")
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    repo = os.path.abspath(args.repo)
    count = subprocess.run(["git", "-C", repo, "rev-list", "--all", "--count"], capture_output=True, text=True).stdout.strip()
    blobs = subprocess.run(
        f"git -C {repo!r} cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' | awk '$1==\"blob\"{{n++; s+=$2}} END{{print n, s}}'",
        shell=True, capture_output=True, text=True).stdout.split()
    print(f"repo {repo}: {count} commits, {blobs[0]} blobs, {int(blobs[1]) / 1e9:.2f} GB of blob content; {os.cpu_count()} cores")
    floor = (f"git -C {repo!r} cat-file --batch-all-objects --unordered --batch-check='%(objecttype) %(objectname)'"
             f" | awk '$1==\"blob\"{{print $2}}' | git -C {repo!r} cat-file --batch >/dev/null")
    ls = [args.bin, "scan", "--history", "--quiet", "--format", "json", "--output", os.devnull,
          "-j", str(args.threads), repo]
    f_t, _ = measure("git floor", floor, args.runs, shell=True)
    l_t, l_rss = measure("leakscan", ls, args.runs)
    print(f"ratio: leakscan / floor = {l_t / f_t:.2f}x (target <= 2.0)   peak RSS {l_rss:.1f} MiB (target < 400)")


if __name__ == "__main__":
    main()
