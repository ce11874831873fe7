// PctSampler: one random schedule of the program, for tests too big to explore (Options::sample).
//
// PCT, "probabilistic concurrency testing" (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
// 2010): every thread gets a random priority above `depth`, and the highest-priority thread that
// can run performs the next event; at depth - 1 steps chosen at random among the expected length
// of a run, the thread that performs the step drops to priority 1, 2, ... (below every initial
// priority). A bug that needs d ordering constraints between n threads in runs of k steps is
// found by one sample with probability at least 1 / (n k^(d-1)).
//
// The run is operational (runtime::Driver::operational): reads take the newest write (SC), a
// spinning thread waits for a newer write, a sleeping one for a notify. The sampled execution
// is replayed from its schedule (ScheduleReplay with operational set).

#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "memory/memory_model.hpp"
#include "runtime/driver.hpp"

namespace weft::model::explore {

class PctSampler final : public runtime::Driver {
 public:
  // `expected_length`: the number of events a run is expected to have (the change points are
  // drawn among them); `depth` >= 1.
  PctSampler(const memory::MemoryModel& model, std::uint64_t seed, std::uint32_t depth,
             std::uint32_t expected_length);

  graph::ExecutionGraph& graph() override { return graph_; }
  graph::EventId add(graph::ThreadId thread, graph::Event event) override;
  bool moot() const override { return false; }
  bool schedules() const override { return true; }
  bool operational() const override { return true; }
  std::optional<graph::ThreadId> next_thread(std::span<const graph::ThreadId> runnable) override;

  // Events added so far.
  std::uint32_t steps() const { return steps_; }

 private:
  std::uint64_t priority_of(graph::ThreadId t);

  const memory::MemoryModel& model_;
  std::mt19937_64 random_;
  std::uint32_t depth_;
  std::vector<std::uint64_t> priority_;   // per thread; 0: not drawn yet
  std::vector<std::uint32_t> change_at_;  // steps at which priorities drop, ascending
  std::uint32_t steps_ = 0;
  std::size_t changes_done_ = 0;
  graph::ExecutionGraph graph_;
};

}  // namespace weft::model::explore
