#!/usr/bin/env python3
"""Runs one weft_lock_bench cell for several locks or builds in alternation, round after round,
and prints the medians of every repetition: CPU per acquisition, throughput and min_share.

On a VM whose speed drifts by several per cent within minutes, two cells compared across runs
minutes apart say little; alternating them round by round gives each the same drift.

  bench/alternate.py [--rounds N] [--cell CELL] LABEL:BINARY:LOCK ...

LOCK is the lock's name in the benchmark (weft::Mutex, std::mutex, Drepper mutex3, ...); CELL
defaults to 'longcs/{lock}/threads:16'. Example, a scratch build against the committed one:

  bench/alternate.py --rounds 6 new:/tmp/new_bench:weft::Mutex \\
      old:build/bench/bench/weft_lock_bench:weft::Mutex \\
      std:build/bench/bench/weft_lock_bench:std::mutex
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile


def run_cell(binary, cell, repetitions, out):
    """Runs one cell with `repetitions` repetitions; returns the per-repetition counters."""
    command = [binary, f"--benchmark_filter=^{cell}/", f"--benchmark_repetitions={repetitions}",
               f"--benchmark_out={out}", "--benchmark_out_format=json"]
    try:
        done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    except OSError as e:
        sys.exit(f"alternate.py: cannot run {binary}: {e.strerror}")
    if done.returncode != 0:
        sys.exit(f"alternate.py: {binary} exited with {done.returncode}: {done.stderr.strip()}")
    try:
        with open(out, encoding="utf-8") as f:
            runs = [b for b in json.load(f)["benchmarks"] if b.get("run_type") == "iteration"]
    except (OSError, ValueError, KeyError):
        runs = []
    if not runs:
        sys.exit(f"alternate.py: {binary} ran no cell matching '{cell}'")
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--cell", default="longcs/{lock}/threads:16")
    parser.add_argument("configs", nargs="+", metavar="LABEL:BINARY:LOCK")
    args = parser.parse_args()
    if args.rounds < 1 or args.repetitions < 1:
        sys.exit("alternate.py: --rounds and --repetitions must be at least 1")
    configs = []
    for c in args.configs:
        parts = c.split(":", 2)
        if len(parts) != 3:
            sys.exit(f"alternate.py: '{c}' is not LABEL:BINARY:LOCK")
        configs.append(parts)

    cpu = {label: [] for label, _, _ in configs}
    rate = {label: [] for label, _, _ in configs}
    share = {label: [] for label, _, _ in configs}
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        for _ in range(args.rounds):
            for label, binary, lock in configs:
                cell = args.cell.format(lock=lock)
                for r in run_cell(binary, cell, args.repetitions, out.name):
                    cpu[label].append(r["cpu_ms_per_Macq"] / 1e3)
                    rate[label].append(r["acq_per_s"] / 1e3)
                    share[label].append(r["min_share"])

    print(f"{args.rounds} rounds x {args.repetitions} repetitions, cell {args.cell}")
    for label, _, _ in configs:
        v = sorted(cpu[label])
        print(f"{label:>8}: CPU us/acq median {statistics.median(v):6.2f} "
              f"(quartiles {v[len(v) // 4]:.2f}-{v[3 * len(v) // 4]:.2f}), "
              f"k acq/s {statistics.median(rate[label]):6.1f}, "
              f"min_share {statistics.median(share[label]):.2f}")


if __name__ == "__main__":
    main()
