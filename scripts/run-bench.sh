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

# --- weft-litmus (issue 11, done-when 3): the whole herdtools-c corpus (tests/litmus/herdtools-c,
#     66 files) under --model rc11, one test at a time, as herd7 runs them. Prints each test's
#     time (herd's `Time NAME SECONDS`, here to the millisecond, with its verdict and race
#     flag), the files it rejects, the tool's summary, and the wall time of the whole run
#     beside herd7 7.58's (about 131 s on this kind of machine, 130 s of it on fig6 and
#     fig6_translated). weft-litmus is built by the bench build (WEFT_BUILD_TOOLS is on by
#     default) as $build/tools/weft-litmus. Under a second.
litmus_corpus=tests/litmus/herdtools-c
herd7_seconds=131
run_litmus() {
  local exe="$build/tools/weft-litmus"
  echo "=== weft-litmus --model rc11 $litmus_corpus ($(uptime | sed 's/.*load average/load average/'))"
  if [ ! -x "$exe" ]; then
    echo "!!! $exe is not built"
    status=1
    return
  fi
  local out="$results/weft_litmus.jsonl" err="$results/weft_litmus.stderr" rc=0
  local start; start=$(date +%s.%N)
  "$exe" --model rc11 --json -j 1 "$litmus_corpus" >"$out" 2>"$err" || rc=$?
  local end; end=$(date +%s.%N)
  # One JSON object per file: name first, then verdict, race, ..., seconds (a rejected file has
  # "name":null and its error on stderr).
  sed -n 's/^{"name":"\([^"]*\)".*"verdict":"\([^"]*\)".*"race":\([a-z]*\).*"seconds":\([0-9.]*\).*/\1 \4 \2 \3/p' \
      "$out" | awk '{ printf "Time %-22s %6.3f  %s%s\n", $1, $2, $3, ($4 == "true" ? " (race)" : "") }'
  sed 's/^/  /' "$err"
  awk -v start="$start" -v end="$end" -v herd="$herd7_seconds" -v out="$out" 'BEGIN {
    while ((getline line < out) > 0) {
      if (line !~ /"verdict":"/) continue  # a rejected file: its error is printed above
      if (match(line, /"seconds":[0-9.]+/)) { sum += substr(line, RSTART + 10, RLENGTH - 10); n++ }
    }
    wall = end - start
    printf "weft-litmus: %d tests answered, sum of their times %.3f s\n", n, sum
    printf "weft-litmus: whole directory %.3f s wall (herd7 7.58: about %d s): %.0fx faster, %s\n",
           wall, herd, herd / wall, (wall < herd / 10 ? "under a tenth of herd7" : "NOT under a tenth of herd7")
  }'
  # Exit status 2 means some file was rejected (with file:line:col on stderr, printed above;
  # herd7 rejects C07 too); anything else, or a timeout, is a failure.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    echo "!!! weft-litmus failed (exit status $rc)"
    status=1
  elif grep -q '"timed_out":true' "$out"; then
    echo "!!! weft-litmus timed out on a test"
    status=1
  fi
  echo
}
run_litmus

# --- Further benchmark programs: one section each, here.

exit $status
