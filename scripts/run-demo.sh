#!/usr/bin/env bash
# Runs the bundled examples from build directory $1 and checks each one's verdict.
set -euo pipefail
build=${1:-build/release}
status=0
run() {  # run <name> <expected exit code> [args...]
  local name=$1 expected=$2
  shift 2
  echo "=== $name"
  set +e
  "$build/examples/$name" "$@"
  local rc=$?
  set -e
  if [ "$rc" -ne "$expected" ]; then
    echo "!!! $name exited with $rc, expected $expected"
    status=1
  fi
}
run notes_counter 0
run quick_start 0
run lost_update 0
run spinlocks 0
run deadlock 0
run lost_wakeup 0
run data_race 0
run execution_counts 0
run bounded_buffer 0
run weak_memory 0
# weft-litmus on the notes' programs as herd7 litmus tests (docs/litmus.md).
if [ -x "$build/tools/weft-litmus" ]; then
  echo "=== weft-litmus examples/litmus"
  if ! "$build/tools/weft-litmus" examples/litmus; then
    echo "!!! weft-litmus failed on examples/litmus"
    status=1
  fi
fi
exit $status
