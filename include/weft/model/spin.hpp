// weft/model/spin.hpp: spin_loop() and yield_now(), the markers of one spin-loop iteration.
//
// Call one at the end of every iteration of a loop that waits for another thread:
//
//   while (locked.load(std::memory_order_relaxed)) weft::model::spin_loop();
//
// The checker explores such loops finitely (GenMC's spin-assume): an iteration that wrote
// nothing to shared memory would only re-read, so the execution in which it spins again is cut
// short and counted in Report::blocked; the continuations in which the loop reads newer values
// are reached by revisiting its reads. A loop that can never be left is reported as a liveness
// failure. An iteration ends at the marker and starts after the previous marker at the same
// call site or, when the previous marker was elsewhere, after the later of that marker and the
// thread's last write. See docs/architecture.md.

#pragma once

#include "weft/model/detail/runtime.hpp"

namespace weft::model {

// One iteration of a spin loop ended (std::this_thread::yield / a CPU pause in real code).
inline void spin_loop(detail::SourceLine loc = detail::SourceLine::current()) {
  detail::spin_loop(loc);
}

// Same as spin_loop(), named after std::this_thread::yield (loom's thread::yield_now).
inline void yield_now(detail::SourceLine loc = detail::SourceLine::current()) {
  detail::spin_loop(loc);
}

}  // namespace weft::model
