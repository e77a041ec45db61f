#!/usr/bin/env python3
"""Time incremental history rescans (`--state`) against a full scan.

Usage: python3 benches/rescan.py REPO [--runs N] [--bin PATH]

Makes a throwaway `git clone --no-local` of REPO, then times, in one run:
  full      `scan --history` without a state (median of N)
  nothing   a rescan with the state of a full run and nothing new (median of N)
  one       a rescan after one new commit on the default branch, each time from
            the state as it was before that commit (median of N)
and prints each as a share of the full scan. Targets (issue #11): nothing new <= 10%,
one new commit <= 20%. Every rescan's report is checked against a scan without the
state (they must be byte for byte the same).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def timed(cmd, cwd):
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return time.perf_counter() - start, out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default="target/release/leakscan")
    args = ap.parse_args()
    ls = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="leakscan-rescan-")
    try:
        clone = os.path.join(work, "repo")
        subprocess.run(["git", "clone", "-q", "--no-local", os.path.abspath(args.repo), clone], check=True)
        state = os.path.join(work, "state.json")
        scan = [ls, "scan", "--history", "-q", "--format", "json"]
        timed(scan, clone)  # warm the cache
        full = [timed(scan, clone)[0] for _ in range(args.runs)]
        timed(scan + ["--state", state], clone)
        before = state + ".before"
        shutil.copy(state, before)
        plain = timed(scan, clone)[1]
        nothing = []
        for _ in range(args.runs):
            t, report = timed(scan + ["--state", state], clone)
            assert report == plain, "a rescan's report differs from a full scan's"
            nothing.append(t)
        with open(os.path.join(clone, "leakscan-rescan.txt"), "a") as f:
            f.write("one more line\n")
        subprocess.run(["git", "-C", clone, "add", "-A"], check=True)
        subprocess.run(["git", "-C", clone, "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                        "commit", "-qm", "one more commit"], check=True)
        plain = timed(scan, clone)[1]
        one = []
        for _ in range(args.runs):
            shutil.copy(before, state)
            t, report = timed(scan + ["--state", state], clone)
            assert report == plain, "a rescan's report differs from a full scan's"
            one.append(t)
        f, n, o = (statistics.median(x) for x in (full, nothing, one))
        print(f"repo {args.repo}: full {f:.2f} s; rescan, nothing new {n:.2f} s ({100 * n / f:.0f}% of full, target <= 10%);"
              f" after one new commit {o:.2f} s ({100 * o / f:.0f}%, target <= 20%); state {os.path.getsize(state) / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
