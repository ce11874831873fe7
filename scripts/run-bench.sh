#!/usr/bin/env bash
# Runs weft's benchmark programs from build directory $1 (default build/bench); `make bench`
# builds them first. Any further arguments go to every program, e.g.
#   scripts/run-bench.sh build/bench --benchmark_filter=contended
# Each program also writes its full results (every repetition) as JSON to $1/results/<name>.json.
#
# To add a benchmark program: build it in bench/CMakeLists.txt and add a section with one
# `run <program> [its own args...]` line below.
set -euo pipefail
build=${1:-build/bench}
if [ $# -gt 0 ]; then
  shift
fi
extra=("$@")
results="$build/results"
mkdir -p "$results"
status=0

run() {  # run <program> [args...]
  local name=$1
  shift
  local exe="$build/bench/$name"
  echo "=== $name ($(uptime | sed 's/.*load average/load average/'))"
  if [ ! -x "$exe" ]; then
    echo "!!! $exe is not built"
    status=1
    return
  fi
  if ! "$exe" --benchmark_out="$results/$name.json" --benchmark_out_format=json \
      "$@" "${extra[@]}"; then
    echo "!!! $name failed"
    status=1
  fi
  echo
}

# --- Locks (issue 3): weft::sync::Mutex beside std::mutex, pthread_spinlock_t, absl::Mutex,
#     tbb::spin_mutex and weft::sync::SpinLock; uncontended, contended 1..16 threads, and with
#     ~100 ns of private work. About 2 minutes. See docs/benchmarks.md.
run weft_lock_bench

# --- Model checker (weft_model_bench): weft::model::check() on the 28 reference programs of
#     /work/shared/bench-programs (bench/programs) under SC, every size: verdict, executions,
#     blocked, time and speed beside GenMC's count, "match"/"MISMATCH" per row (fails on a
#     mismatch). About 3 minutes; the rows that would take weft many minutes or more
#     (ticketlock N=9, seqlock N=6, 7) are listed as skipped: `weft_model_bench --all` runs them.
run weft_model_bench

# --- The model API (weft_api_bench): a bounded buffer under weft::model::mutex and
#     condition_variable, beside the futex-built reference condition variable of the tests, in
#     one run. About a minute; `weft_api_bench --all` also runs the rows where the reference
#     takes minutes.
run weft_api_bench

# --- Further benchmark programs: one section each, here.

exit $status
