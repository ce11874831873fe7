// ScheduleReplay: re-runs one execution from its replay string (the order in which threads
// performed their events). Under SC every read reads the newest write and every write becomes
// the newest, so the schedule alone determines the execution. A wake reads the newest write of
// its wait queue when that is a notify it may read (traces place every wake right after the
// notify it read, or right after its sleep when nobody woke it).

#pragma once

#include <vector>

#include "memory/memory_model.hpp"
#include "runtime/driver.hpp"

namespace weft::model::explore {

class ScheduleReplay final : public runtime::Driver {
 public:
  ScheduleReplay(const memory::MemoryModel& model, std::vector<graph::ThreadId> schedule)
      : model_(model), schedule_(std::move(schedule)) {}

  graph::ExecutionGraph& graph() override { return graph_; }
  graph::EventId add(graph::ThreadId thread, graph::Event event) override;
  bool moot() const override { return false; }
  std::optional<graph::ThreadId> next_thread() override {
    if (position_ < schedule_.size()) {
      return schedule_[position_];
    }
    return std::nullopt;
  }

 private:
  const memory::MemoryModel& model_;
  std::vector<graph::ThreadId> schedule_;
  std::size_t position_ = 0;
  graph::ExecutionGraph graph_;
};

}  // namespace weft::model::explore
