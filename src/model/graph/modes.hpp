// The memory_order each event takes part in the C++ memory model with, as the graph records it:
// a cell access is non-atomic; an atomic access, an RMW's two halves and a fence carry their
// order (consume counts as acquire; a failed compare-exchange's read carries its failure order);
// the wait queue's events (sleep, wake, notify) are relaxed: they never synchronize and never
// take part in SC orders. Models and reports ask these; a model decides what they imply.

#pragma once

#include <atomic>

#include "graph/execution_graph.hpp"

namespace weft::model::graph {

std::memory_order mode_of(const ExecutionGraph& g, EventId e);

// Whether `e` is an atomic access: not Event::plain (a cell access, or a litmus test's `*x`).
bool is_atomic(const ExecutionGraph& g, EventId e);
// A wait queue's own events (sleep, wake, notify): relaxed accesses of a hidden location
// (graph/wait_queue.hpp), no memory access.
inline bool is_queue_event(const Event& ev) {
  return ev.wait != WaitPart::none && ev.wait != WaitPart::load;
}
// A read or fence that acquires, a write or fence that releases, an SC access or fence.
bool acquires(const ExecutionGraph& g, EventId e);
bool releases(const ExecutionGraph& g, EventId e);
bool is_sc(const ExecutionGraph& g, EventId e);

}  // namespace weft::model::graph
