// Preemptions of an execution graph, for preemption-bounded exploration
// (Options::max_preemptions; Musuvathi and Qadeer, "Iterative context bounding for systematic
// testing of multithreaded programs", PLDI 2007, as loom and GenMC bound their searches).
//
// A graph's preemptions are counted on one order of its events (the memory model's
// linearization with fewest thread switches): a switch from thread T to another thread is a
// preemption unless T has finished, or T's next event cannot happen yet because T waits:
//   - a join of a thread that has not ended;
//   - a read made in a spin_until or lock iteration, of a write not yet made, when the newest
//     write so far has another value (T's iteration would fail: it spins or waits for the
//     lock; with the same value it would go on);
//   - a wake, of a notify not yet made (T is asleep in atomic::wait).
// A thread that would read an older value if it ran on (an ordinary read of a later write) is
// preempted: running it would give another execution.

#pragma once

#include <cstdint>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::explore {

std::uint32_t count_preemptions(const graph::ExecutionGraph& g,
                                const std::vector<graph::EventId>& order);

}  // namespace weft::model::explore
