// The relations of RC11 (Lahav, Vafeiadis, Kang, Hur, Dreyer, "Repairing Sequential Consistency
// in C/C++11", PLDI 2017) that weft computes from an execution graph, in the form of
// ../shared/guides/rc11.md (each event's mode: graph/modes.hpp):
//   - the release view of a write: what an acquire that reads it (directly or through its release
//     sequence, C++20's: rf;rmw chains of any mode; C++11's with release_sequence_2017: also a
//     later store of the same thread to the location) learns; a release fence po-before a
//     relaxed write heads that write's sequence;
//   - happens-before as vector clocks (Event::hb: computed when the event is added, from its
//     po-predecessor, so it never depends on the event's own rf; HbViews adds that last edge for
//     whole-graph checks).

#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "graph/execution_graph.hpp"
#include "graph/modes.hpp"
#include "weft/model/check.hpp"

namespace weft::model::memory::rc11 {

using graph::acquires;
using graph::Event;
using graph::EventId;
using graph::ExecutionGraph;
using graph::is_atomic;
using graph::is_sc;
using graph::releases;
using graph::View;

// What an acquire reading `w` synchronizes with: the hb view of the head of every release
// sequence `w` belongs to (empty for the initial write and for a write no release heads).
View release_view(const ExecutionGraph& g, EventId w, const Rc11Variant& variant);

// Whether `e` acts as an acquire fence (a fence that acquires; with spawn_join_fences, a join)
// or a release fence (a fence that releases; with spawn_join_fences, a spawn).
bool acquire_fence(const ExecutionGraph& g, EventId e, const Rc11Variant& variant);
bool release_fence(const ExecutionGraph& g, EventId e, const Rc11Variant& variant);

// The hb views of a whole graph with every edge in (an acquire read's view includes what its own
// source releases), indexed by thread and po index.
class HbViews {
 public:
  HbViews(const ExecutionGraph& g, const Rc11Variant& variant);
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
