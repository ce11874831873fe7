#!/usr/bin/env bash
# weft-litmus as a user runs it: answers, errors, exit statuses, --json, --graph, -j.
# Usage: cli_test.sh WEFT_LITMUS CORPUS_DIR SCRATCH_DIR
set -u
tool=$1 corpus=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
check() {  # check <description> <command status: 0 = passed>
  if [ "$2" -ne 0 ]; then echo "FAILED: $1"; failures=$((failures + 1)); else echo "ok: $1"; fi
}

out=$("$tool" "$corpus/C01.litmus" 2>"$scratch/err"); status=$?
check "one test answers with status 0" $status
grep -q '^Test C01 Required$' <<<"$out"; check "herd's header line" $?
grep -q '^Positive: 1 Negative: 0$' <<<"$out"; check "herd's witnesses line" $?
grep -q '^weft-litmus: 1 file: 1 Ok, 0 No (0 with a race), 0 errors, 0 timeouts$' "$scratch/err"
check "the summary line" $?

printf 'C bad\n{ x = 0; }\nP0(atomic_int* x) { atomic_store_explicit(x, 1, memory_order_weird); }\nexists (x=1)\n' >"$scratch/bad.litmus"
out=$("$tool" "$scratch/bad.litmus" "$scratch/none.litmus" "$corpus/C01.litmus" 2>"$scratch/err"); status=$?
[ $status -eq 2 ]; check "a malformed or missing file gives status 2" $?
grep -q "bad.litmus:3:49: unknown memory order 'memory_order_weird'" "$scratch/err"; check "file:line:col: message" $?
grep -q 'none.litmus: error' "$scratch/err"; check "a missing file is named" $?
grep -q '^Test C01 Required$' <<<"$out"; check "the other files still run" $?

out=$("$tool" --json "$corpus/mp-c11-race.litmus" 2>/dev/null)
[ "$(wc -l <<<"$out")" -eq 1 ]; check "--json: one line per test" $?
grep -q '"verdict":"Ok"' <<<"$out" && grep -q '"race":true' <<<"$out"; check "--json: verdict and race" $?

"$tool" --graph "$scratch/mp.dot" "$corpus/mp-c11-rel-acq.litmus" >/dev/null 2>&1
head -1 "$scratch/mp.dot" | grep -q '^digraph "weft" {$'; check "--graph writes a Graphviz file" $?
grep -q 'label="rf, sw"' "$scratch/mp.dot"; check "--graph marks the synchronizing read" $?

out=$("$tool" -j 2 "$corpus" 2>"$scratch/err" >/dev/null); status=$?
[ $status -eq 2 ]; check "the corpus: status 2 (C07 is rejected, as by herd7)" $?
grep -q '^weft-litmus: 66 files: .* 1 errors, 0 timeouts$' "$scratch/err"; check "the corpus summary" $?

"$tool" --model tso "$corpus/C01.litmus" >/dev/null 2>&1; status=$?
[ $status -eq 1 ]; check "an unknown model is a usage error (status 1)" $?

[ $failures -eq 0 ]
