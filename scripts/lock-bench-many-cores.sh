#!/usr/bin/env bash
# The lock benchmark on a many-core machine (issue 12's 16-core table), as one prepared run:
# weft_lock_bench at 1..32 threads, twice in a row, each run's output in its own file.
#
#   scripts/lock-bench-many-cores.sh DIR OUTDIR [weft_lock_bench options...]
#
# DIR holds a weft_lock_bench built here (`make bench` builds build/bench/bench/weft_lock_bench)
# and, for a machine without this one's libraries, the shared libraries it loads (ldd's list
# less libc and libm); OUTDIR receives machine.txt, run1.txt and run2.txt. About 7 minutes on
# 16 cores. docs/benchmarks.md reports the medians of the two runs.
set -uo pipefail
dir=${1:?usage: $0 DIR OUTDIR}
out=${2:?usage: $0 DIR OUTDIR}
shift 2
mkdir -p "$out"
export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
{
  date -u
  uname -a
  nproc
  grep -m1 'model name' /proc/cpuinfo
  grep -c ^processor /proc/cpuinfo
  lscpu 2>/dev/null | grep -E 'Socket|Core|Thread|NUMA|MHz|L2|L3'
  uptime
  ldd "$dir/weft_lock_bench" | grep -E 'not found|stdc\+\+|benchmark' || true
} >"$out/machine.txt" 2>&1
cat "$out/machine.txt"
for run in 1 2; do
  echo "=== run $run ($(date -u +%T), $(uptime | sed 's/.*load average/load average/'))"
  "$dir/weft_lock_bench" --threads=1,2,4,8,16,32 --long_threads=8,16,32 "$@" \
    >"$out/run$run.txt" 2>"$out/run$run.err"
  echo "exit status $?"
  sed -n '/## weft_lock_bench summary/,$p' "$out/run$run.txt" | grep -E '^\- \[|Medians|cores'
done
