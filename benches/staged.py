#!/usr/bin/env python3
"""Time the pre-commit path: `leakscan scan --staged` on a large repository.

Usage: python3 benches/staged.py [REPO] [--files 50000] [--runs 20]

Without REPO, builds one in a temp dir: FILES small source files in nested
directories, committed; then stages a typical change (three files edited, one
added). Prints the median and max wall time of `leakscan scan --staged`.
Target (issue #3): well under 100 ms.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def build(root, n):
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    for i in range(n):
        d = os.path.join(root, f"pkg{i % 200:03d}", f"mod{i % 17:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"file{i}.py"), "w") as fh:
            fh.write(f"def f{i}(x):\n    return x * {i}\n\n# token handling lives elsewhere\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@x")
    subprocess.run(["git", "-C", root, "add", "-A"], check=True)
    subprocess.run(["git", "-C", root, "commit", "-qm", "base"], check=True, env=env)
    for i in (5, 500, 5000):
        p = os.path.join(root, f"pkg{i % 200:03d}", f"mod{i % 17:02d}", f"file{i}.py")
        with open(p, "a") as fh:
            fh.write("\ndef g(y):\n    return y + 1\n")
    with open(os.path.join(root, "new_module.py"), "w") as fh:
        fh.write("import os\nAPI_URL = os.environ['API_URL']\n")
    subprocess.run(["git", "-C", root, "add", "-A"], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo", nargs="?")
    ap.add_argument("--files", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--bin", default=os.path.abspath("target/release/leakscan"))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    tmp = None
    repo = args.repo
    if repo is None:
        tmp = tempfile.TemporaryDirectory()
        repo = tmp.name
        build(repo, args.files)
    files = subprocess.run(["git", "-C", repo, "ls-files"], capture_output=True, text=True).stdout.count("\n")
    cmd = [args.bin, "scan", "--staged", "--quiet", repo]
    subprocess.run(cmd, stdout=subprocess.DEVNULL)
    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        walls.append(time.perf_counter() - start)
    print(f"repo with {files} files; leakscan scan --staged: median {statistics.median(walls) * 1000:.1f} ms,"
          f" max {max(walls) * 1000:.1f} ms over {args.runs} runs (exit {code}); target well under 100 ms")


if __name__ == "__main__":
    main()
