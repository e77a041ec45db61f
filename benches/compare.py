#!/usr/bin/env python3
"""Time `leakscan scan` on a real tree against two references, in one run.

Usage: python3 benches/compare.py TREE [--runs N] [--bin PATH] [--before PATH] [--args ...]

References (same tree, same run, so the ratios hold on a noisy shared machine):
  cat  reading every file once: find TREE -type f -print0 | xargs -0 cat >/dev/null
  rg   ripgrep counting matches of a fixed alternation of 30 common secret keywords
       (issue #9's reference: fixed strings, ignore case, hidden files included, as
       leakscan scans them); --rg-all-keywords uses every rule keyword instead
  --before PATH  another leakscan build timed in the same run (before/after a change)
Each command runs once to warm the page cache, then N times; the median wall time
and the peak RSS (from wait4) are printed, with leakscan's ratio to each reference.
Targets (issue #9): leakscan <= 1.0x rg with every rule on; peak RSS < 64 MiB.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import measure  # noqa: E402

# 30 words every secret scanner looks for: the reference a search tool pays.
COMMON = ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key",
          "private key", "aws_secret", "client_secret", "auth", "bearer", "credentials",
          "ghp_", "github_pat", "glpat-", "xoxb-", "sk_live_", "akia", "aiza", "-----begin",
          "ssh-rsa", "api-key", "x-api-key", "authorization", "slack", "stripe",
          "paperspace", "heroku", "twilio"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default="target/release/leakscan")
    ap.add_argument("--before", help="another build to time in the same run")
    ap.add_argument("--rg-all-keywords", action="store_true")
    ap.add_argument("--args", nargs="*", default=[], help="extra leakscan scan arguments")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    rg = shutil.which("rg")
    if rg is None:
        sys.exit("ripgrep not found: apt-get install ripgrep")
    rules = json.loads(subprocess.run([args.bin, "rules", "list", "--json"], check=True,
                                      capture_output=True, text=True).stdout)
    keywords = sorted({k for r in rules for k in r.get("keywords", [])})
    files = sum(len(f) for _, _, f in os.walk(args.tree))
    print(f"tree {args.tree}: {files} files; {len(rules)} rules, {len(keywords)} keywords; {os.cpu_count()} cores")
    cat_cmd = f"find {args.tree!r} -type f -print0 | xargs -0 cat >/dev/null"
    words = keywords if args.rg_all_keywords else COMMON
    rg_cmd = [rg, "--count-matches", "--hidden", "-i", "-F"] + sum((["-e", k] for k in words), []) + [args.tree]
    ls_cmd = lambda b: [b, "scan", "--quiet", "--format", "json", "--output", os.devnull, *args.args, args.tree]
    cat_t, _ = measure("cat", cat_cmd, args.runs, shell=True)
    rg_t, _ = measure(f"rg ({len(words)} keywords)", rg_cmd, args.runs)
    if args.before:
        b_t, b_rss = measure("leakscan (before)", ls_cmd(args.before), args.runs)
        print(f"before: leakscan/rg = {b_t / rg_t:.2f}x   peak RSS {b_rss:.1f} MiB")
    ls_t, ls_rss = measure("leakscan", ls_cmd(args.bin), args.runs)
    print(f"ratios: leakscan/rg = {ls_t / rg_t:.2f}x (target <= 1.0x)   leakscan/cat = {ls_t / cat_t:.2f}x   "
          f"peak RSS {ls_rss:.1f} MiB (target < 64)")


if __name__ == "__main__":
    main()
