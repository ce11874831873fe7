// The relations of RC11 (Lahav, Vafeiadis, Kang, Hur, Dreyer, "Repairing Sequential Consistency
// in C/C++11", PLDI 2017) that weft computes from an execution graph, in the form of
// ../shared/guides/rc11.md:
//   - modes: a cell access is non-atomic; an atomic access, an RMW's two halves and a fence carry
//     their memory_order (consume counts as acquire; a failed compare-exchange's read carries its
//     failure order); the wait queue's events (sleep, wake, notify) are relaxed: they never
//     synchronize and never enter psc;
//   - the release view of a write: what an acquire that reads it (directly or through its release
//     sequence, C++20's: rf;rmw chains of any mode) learns; a release fence po-before a relaxed
//     write heads that write's sequence;
//   - happens-before as vector clocks (Event::hb: computed when the event is added, from its
//     po-predecessor, so it never depends on the event's own rf; HbViews adds that last edge for
//     whole-graph checks).

#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::memory::rc11 {

using graph::Event;
using graph::EventId;
using graph::ExecutionGraph;
using graph::View;

// The memory_order an event takes part in RC11 with (relaxed for a cell access or a wait-queue
// event: see is_atomic; consume as acquire; a failed compare-exchange's failure order).
std::memory_order mode_of(const ExecutionGraph& g, EventId e);

// Whether `e` is an atomic access (a cell access is not).
bool is_atomic(const ExecutionGraph& g, EventId e);
// A read or fence that acquires, a write or fence that releases, an SC access or fence.
bool acquires(const ExecutionGraph& g, EventId e);
bool releases(const ExecutionGraph& g, EventId e);
bool is_sc(const ExecutionGraph& g, EventId e);

// What an acquire reading `w` synchronizes with: the hb view of the head of every release
// sequence `w` belongs to (empty for the initial write and for a write no release heads).
View release_view(const ExecutionGraph& g, EventId w);

// The hb views of a whole graph with every edge in (an acquire read's view includes what its own
// source releases), indexed by thread and po index.
class HbViews {
 public:
  explicit HbViews(const ExecutionGraph& g);
  const View& of(EventId e) const { return views_[e.thread][e.index]; }
  // Whether a happens-before b (or a == b); the initial write happens before everything.
  bool reflexive(EventId a, EventId b) const {
    return a.is_init() || of(b).contains(a.thread, a.index);
  }

 private:
  std::vector<std::vector<View>> views_;
};

// A same-location access's place in coherence: a write's index in co, a read's source's (-1:
// the initial write).
std::int64_t co_place(const ExecutionGraph& g, EventId access);

// Whether x eco y: (rf ∪ co ∪ rb)+ between two accesses of one location.
bool eco(const ExecutionGraph& g, EventId x, EventId y);

}  // namespace weft::model::memory::rc11
