// ReadRules: how a read chooses its source, in one place for the explorer. An ordinary read
// follows the memory model; a wake (which notify woke a sleeping thread) follows the wait-queue
// rules of graph/wait_queue.hpp under every model, and its greedy choice is to stay asleep.

#pragma once

#include <optional>
#include <vector>

#include "graph/wait_queue.hpp"
#include "memory/memory_model.hpp"

namespace weft::model::explore {

class ReadRules {
 public:
  explicit ReadRules(const memory::MemoryModel& model) : model_(model) {}

  // The sources `read` may take, the greedy choice last (co-maximal, or staying asleep).
  std::vector<graph::EventId> sources(const graph::ExecutionGraph& g, graph::EventId read) const {
    return is_wake(g, read) ? graph::wake_sources(g, read) : model_.coherent_stores(g, read);
  }

  // Whether `write` may revisit `read` (before the maximality test), on the graph the revisit
  // keeps. `write_is_co_max`: no write follows it in coherence order.
  bool may_revisit(const graph::ExecutionGraph& g, graph::EventId read, graph::EventId write,
                   bool write_is_co_max) const {
    return is_wake(g, read) ? graph::may_wake_on_revisit(g, read, write)
                            : write_is_co_max || model_.may_revisit(g, read, write);
  }

  // Whether a wake's source is its greedy choice (the maximality test); nullopt for other reads,
  // whose greediness depends on what a revisit keeps.
  static std::optional<bool> wake_is_greedy(const graph::ExecutionGraph& g, graph::EventId read) {
    if (!is_wake(g, read)) {
      return std::nullopt;
    }
    return g[read].rf.is_init();
  }

  // Whether `read`, revisited by `write`, took the greedy choice (a wake never does: it was
  // woken).
  static bool greedy_after_revisit(const graph::ExecutionGraph& g, graph::EventId read,
                                   graph::EventId write) {
    return !is_wake(g, read) && g.co_max(g[read].location) == write;
  }

 private:
  static bool is_wake(const graph::ExecutionGraph& g, graph::EventId read) {
    return g[read].wait == graph::WaitPart::wake;
  }

  const memory::MemoryModel& model_;
};

}  // namespace weft::model::explore
