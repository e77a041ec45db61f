"""Shared timing helpers for the bench scripts: wall time and peak RSS per run."""
import os
import statistics
import subprocess
import time


def run(cmd, shell=False):
    """Run once; return (wall seconds, peak RSS MiB from wait4, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def measure(name, cmd, runs, shell=False, fmt="{:8.3f}"):
    """Warm up once, run `runs` times; print and return (median wall, max peak RSS)."""
    run(cmd, shell)
    walls, rss, code = [], 0.0, 0
    for _ in range(runs):
        wall, peak, code = run(cmd, shell)
        walls.append(wall)
        rss = max(rss, peak)
    med = statistics.median(walls)
    print(f"{name:<10} median {fmt.format(med)} s   min {fmt.format(min(walls))} s   peak RSS {rss:8.1f} MiB   (exit {code})")
    return med, rss
