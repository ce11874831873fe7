// ScModel: sequential consistency. A graph is consistent iff po ∪ rf ∪ co ∪ fr (with spawn and
// join edges) is acyclic, and an execution iff that stays acyclic when every queue write
// co-before a sleep is ordered before the sleep's wait load; every atomic access synchronizes, so
// hb = (po ∪ rf on atomics ∪ spawn ∪ join)+ and cells race unless ordered by it.

#pragma once

#include "memory/memory_model.hpp"

namespace weft::model::memory {

class ScModel final : public MemoryModel {
 public:
  void update_views(ExecutionGraph& g, EventId e) const override;
  std::vector<EventId> coherent_stores(const ExecutionGraph& g, EventId read) const override;
  std::vector<EventId> coherent_placings(const ExecutionGraph& g, EventId w) const override;
  bool may_revisit(const ExecutionGraph& g, EventId read, EventId w) const override;
  bool is_consistent(const ExecutionGraph& g) const override;
  bool is_execution(const ExecutionGraph& g) const override;
  void order_edges(const ExecutionGraph& g, bool wait_steps, const EdgeSink& sink) const override;
};

}  // namespace weft::model::memory
