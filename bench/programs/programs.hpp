// bench/programs/programs.hpp: weft versions of the 28 reference programs of
// /work/shared/bench-programs/c/ (small C11 programs with GenMC v0.11.0's execution counts),
// with GenMC's SC complete-execution count for every size the reference README lists.
//
// Each program is a body `void(int n)` for weft::model::check(), written against weft::model
// with the same accesses, orderings and order as its C file: atomic<T> for the atomics (named as
// in the C file), cell<int> for the plain shared ints, thread for the pthreads, WEFT_ASSERT for
// assert, fence() for atomic_thread_fence. A spin loop whose iteration GenMC's spin-assume pass
// turns into an assume on what it read (a lock's retry loop, ticketlock's wait) is a spin_until
// loop, the runtime's exact form; the other loops (mutex-naive, xyz, seqlock) end each
// side-effect-free iteration that goes round again with spin_loop(). The *-by-hand programs are
// the lock loops written with spin_loop() (no GenMC counterpart: same complete executions, more
// blocked runs). `n` is the size: N,
// or T (the thread count) for the mutex-* programs, whose K (iterations per thread) is a
// template argument of the body, fixed per row: the "2x2" row is T=2,K=2, the "3x1" row
// T=3,K=1, and the ttas-N rows are mutex-ttas with T=N, K=1 (as GenMC ran them).
//
// Used by tests/model/genmc_counts_test.cpp (exact counts and verdicts) and
// bench/model_bench.cpp (the table of `make bench`).

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weft/model/check.hpp"

namespace weft::bench_programs {

using Body = void (*)(int n);

// One size of one program: a run of check() with GenMC's answer beside it.
struct Row {
  std::string size;  // "" (no size parameter), "N=4", "2x2" (TxK), ...
  int n = 0;         // the body's argument (N or T; 0 when the program has no size)
  int k = 0;         // K of the mutex-* programs (0 otherwise); already fixed in `body`
  Body body = nullptr;
  // GenMC's SC count of complete executions: with the program explored to the end (an "all"
  // count, Options::stop_at_first_failure = false) when Program::all_count is set.
  std::uint64_t genmc_executions = 0;
  // The same under RC11 (GenMC's --rc11 count, an "all" count when Program::rc11_all_count is
  // set) and its wall time in seconds (0: not measured; README's first table).
  std::uint64_t genmc_rc11_executions = 0;
  double genmc_rc11_seconds = 0;
  // GenMC v0.11's SC wall time in seconds (0: not measured), single-threaded, its compile step
  // (~0.03 s) included: from the issue that measured GenMC and weft one after the other on this
  // kind of machine (readers 16, ttas 5-6, ticketlock 8-9, seqlock 5-6), else from
  // ../shared/bench-programs/README.md's re-measured table (2026-11-29), else its first table.
  double genmc_seconds = 0;
  // weft's measured count when it differs from GenMC's (0: none known). Such a row is skipped
  // by the test (which still asserts GenMC's number) and flagged by the bench.
  std::uint64_t known_mismatch = 0;
  // Executions (complete + blocked) weft explores for this row, roughly: the test and the
  // bench's --quick mode use it to leave out the expensive rows.
  std::uint64_t work = 0;
};

struct Program {
  std::string name;  // as the C file (without .c); "ttas" is mutex-ttas.c with K=1
  std::string file;  // the C file it ports
  std::string description;
  bool safe = true;  // expected verdict under SC: ok (true) or failed (false)
  // For a program that is not safe: the failure weft must report first.
  weft::model::FailureKind failure = weft::model::FailureKind::assertion;
  // The counts are "all" counts: run with Options::stop_at_first_failure = false.
  bool all_count = false;
  // The same three under RC11 (GenMC's --rc11 answer).
  bool rc11_safe = true;
  weft::model::FailureKind rc11_failure = weft::model::FailureKind::assertion;
  bool rc11_all_count = false;
  std::vector<Row> rows;
};

// GenMC's answer for one row under one memory model: the verdict, the complete executions
// ("all" executions when all_count) and GenMC's wall time (0: not measured).
struct Answer {
  bool safe = true;
  weft::model::FailureKind failure = weft::model::FailureKind::assertion;
  bool all_count = false;
  std::uint64_t executions = 0;
  double seconds = 0;
};
Answer genmc_answer(const Program& program, const Row& row, weft::model::Model model);

// Every program, in the reference README's order, then the *-by-hand programs.
const std::vector<Program>& programs();

// The options a row of `program` is checked with under `model` (an "all" count =>
// stop_at_first_failure off).
weft::model::Options options_for(const Program& program,
                                 weft::model::Model model = weft::model::Model::sc);

// "fadd N=3", "mutex-ttas 2x2", "sb-rlx".
std::string row_name(const Program& program, const Row& row);

}  // namespace weft::bench_programs
