// weft/model/spin.hpp: waiting loops. spin_until(pred) is the exact form; spin_loop() and
// yield_now() mark the end of one iteration of a hand-written loop.
//
//   weft::model::spin_until([&] { return flag.load(std::memory_order_acquire) == 1; });
//
//   bool expected = false;
//   weft::model::spin_until([&] {
//     expected = false;
//     return lock.compare_exchange_strong(expected, true, std::memory_order_acquire);
//   });
//
// The checker explores waiting loops finitely (GenMC's spin-assume): an iteration that wrote
// nothing to shared memory would only re-read, so the execution in which it spins again is cut
// short and counted in Report::blocked; the continuations in which the loop reads newer values
// are reached by revisiting its reads. A thread that can never leave its loop (every read of
// its last iteration already reads the newest write, and nothing else can run) is reported as a
// liveness failure.
//
// spin_until(pred): each call of `pred` is one iteration, so the checker knows exactly which
// reads belong to the loop. Prefer it.
//
// spin_loop() / yield_now(): the iteration ends at the marker; it is taken to start after the
// previous marker when that marker was at the same call site, otherwise after the later of the
// previous marker (anywhere) and the thread's last write. What that heuristic can get wrong:
//   - reads made before the loop's first iteration (and after the thread's last write) count as
//     loop reads: a first iteration that can never succeed may be classified as blocked (a newer
//     value of the pre-loop read "could release it") instead of a liveness failure;
//   - a first iteration that writes shared memory before its marker is assumed to be left after
//     that iteration: executions with a second such iteration are not explored;
//   - a loop with two markers (an inner and an outer loop) starts its outer iteration after the
//     inner marker.
// See docs/model-checker.md.

#pragma once

#include <utility>

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

// Calls `pred()` until it returns true. Every call is one iteration of the loop (std::atomic
// code would put a CPU pause or std::this_thread::yield between them).
template <class Pred>
void spin_until(Pred&& pred, detail::SourceLine loc = detail::SourceLine::current()) {
  for (;;) {
    const std::uint32_t from = detail::spin_iteration_begin();
    if (pred()) {
      detail::spin_iteration_succeeded();
      return;
    }
    detail::spin_iteration_failed(from, loc);
  }
}

// One iteration of a spin loop ended (std::this_thread::yield / a CPU pause in real code).
inline void spin_loop(detail::SourceLine loc = detail::SourceLine::current()) {
  detail::spin_loop(loc);
}

// Same as spin_loop(), named after std::this_thread::yield (loom's thread::yield_now).
inline void yield_now(detail::SourceLine loc = detail::SourceLine::current()) {
  detail::spin_loop(loc);
}

}  // namespace weft::model
