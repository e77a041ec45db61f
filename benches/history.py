#!/usr/bin/env python3
"""Time `leakscan scan --history` against the cost of reading every blob once with git.

Usage: python3 benches/history.py REPO [--runs N] [--bin PATH] [--threads N] [--peer kingfisher]

REPO is any local repository (a clone of git itself, or one built by
benches/make_history_repo.py). The floor is git's own single-threaded read of every
blob in pack order:
  git cat-file --batch-all-objects --unordered --batch-check='%(objecttype) %(objectname)'
    | awk '$1=="blob"{print $2}' | git cat-file --batch >/dev/null
Both run in the same invocation (once to warm the cache, then N times); the median
wall times, leakscan's peak RSS (from wait4) and the ratio are printed, then one more
run with `-v` prints leakscan's phases (commit order, trees, read and match, work
tree, attribute). `--peer kingfisher` times Kingfisher's full-history scan
(validation off) in the same invocation.
Targets (issue #11): ratio <= 1.5 on 2 cores; peak RSS < 300 MiB.
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
    ap.add_argument("--peer", choices=["kingfisher"], default=None)
    ap.add_argument("--reachable", action="store_true",
                    help="also time git reading only the blobs reachable from refs (what leakscan reads), in pack order")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    repo = os.path.abspath(args.repo)
    count = subprocess.run(["git", "-C", repo, "rev-list", "--all", "--count"], capture_output=True, text=True).stdout.strip()
    blobs = subprocess.run(
        f"git -C {repo!r} cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' | awk '$1==\"blob\"{{n++; s+=$2}} END{{printf \"%d %.0f\\n\", n, s}}'",
        shell=True, capture_output=True, text=True).stdout.split()
    print(f"repo {repo}: {count} commits, {blobs[0]} blobs, {int(blobs[1]) / 1e9:.2f} GB of blob content; {os.cpu_count()} cores")
    floor = (f"git -C {repo!r} cat-file --batch-all-objects --unordered --batch-check='%(objecttype) %(objectname)'"
             f" | awk '$1==\"blob\"{{print $2}}' | git -C {repo!r} cat-file --batch >/dev/null")
    ls = [args.bin, "scan", "--history", "--quiet", "--format", "json", "--output", os.devnull,
          "-j", str(args.threads), repo]
    f_t, _ = measure("git floor", floor, args.runs, shell=True)
    if args.reachable:
        # The blobs any ref reaches, in the pack order the floor reads them in; the
        # list is made before timing, so only git's reading is timed.
        listing = os.path.join(os.environ.get("TMPDIR", "/tmp"), "leakscan-reachable-blobs")
        subprocess.run(
            f"git -C {repo!r} rev-list --objects --all | cut -d' ' -f1 | sort -u > {listing}.all && "
            f"git -C {repo!r} cat-file --batch-all-objects --unordered --batch-check='%(objecttype) %(objectname)'"
            f" | awk '$1==\"blob\"{{print $2}}' | awk 'NR==FNR{{r[$1]=1; next}} ($1 in r)' {listing}.all - > {listing}",
            shell=True, check=True)
        n = sum(1 for _ in open(listing))
        r_t, _ = measure("reachable", f"git -C {repo!r} cat-file --batch < {listing} >/dev/null", args.runs, shell=True)
        print(f"  ({n} reachable blobs)")
    l_t, l_rss = measure("leakscan", ls, args.runs)
    print(f"ratio: leakscan / floor = {l_t / f_t:.2f}x (target <= 1.5)   peak RSS {l_rss:.1f} MiB (target < 300)")
    if args.reachable:
        print(f"ratio: leakscan / reachable-blob floor = {l_t / r_t:.2f}x")
    if args.peer == "kingfisher":
        kf = ["kingfisher", "scan", "--git-history", "full", "--no-validate", "--format", "json",
              "--output", os.devnull, repo]
        k_t, k_rss = measure("kingfisher", kf, args.runs)
        print(f"ratio: kingfisher / floor = {k_t / f_t:.2f}x   peak RSS {k_rss:.1f} MiB")
    phases = subprocess.run(ls[:2] + ["-v"] + ls[2:], capture_output=True, text=True).stderr
    print("phases (one more run, -v):")
    for line in phases.splitlines():
        if ": timing: " in line:
            print("  " + line.split(": timing: ", 1)[1])


if __name__ == "__main__":
    main()
