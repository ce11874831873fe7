// Rc11Model: the C++ memory model as RC11 states it (Lahav, Vafeiadis, Kang, Hur, Dreyer,
// "Repairing Sequential Consistency in C/C++11", PLDI 2017; ../shared/guides/rc11.md). A graph
// is consistent iff
//   - coherence: hb;eco? is irreflexive (every access comes co-after, or reads co-after, every
//     write it sees through happens-before, directly or through a read of it);
//   - atomicity: an RMW's write immediately follows its source in co, and no two RMWs read one
//     write (kept by the explorer);
//   - SC: psc is acyclic (memory/psc.hpp);
//   - no-thin-air: po ∪ rf is acyclic (by construction: graphs grow porf-first).
// hb is (po ∪ sw ∪ spawn ∪ join)+ with C++20's release sequences (memory/rc11_relations.hpp);
// cells are non-atomic and race unless ordered by it. Options::rc11 switches to the readings of
// other tools (Rc11Variant). atomic::wait / notify are not specified
// under this model yet (the runtime refuses them).

#pragma once

#include "memory/memory_model.hpp"

namespace weft::model::memory {

class Rc11Model final : public MemoryModel {
 public:
  explicit Rc11Model(const Rc11Variant& variant) : variant_(variant) {}

  void update_views(ExecutionGraph& g, EventId e) const override;
  std::vector<EventId> coherent_stores(const ExecutionGraph& g, EventId read) const override;
  std::vector<EventId> coherent_placings(const ExecutionGraph& g, EventId w) const override;
  bool may_revisit(const ExecutionGraph& g, EventId read, EventId w) const override;
  // psc acyclic (coherence and atomicity hold by construction).
  bool is_consistent(const ExecutionGraph& g) const override;
  // Coherence (hb;eco? irreflexive), then psc.
  bool is_consistent_from_scratch(const ExecutionGraph& g) const override;
  bool is_execution(const ExecutionGraph& g) const override { return is_consistent(g); }
  // po ∪ rf ∪ spawn ∪ join: the orders in which a run may perform the events.
  void order_edges(const ExecutionGraph& g, bool wait_steps, const EdgeSink& sink) const override;

 private:
  Rc11Variant variant_;
};

}  // namespace weft::model::memory
