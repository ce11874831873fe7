// ScheduleReplay: re-runs one execution from its replay string (the order in which threads
// performed their events). Under SC every read reads the newest write and every write becomes
// the newest, so the schedule alone determines the execution. Under RC11 it does not: a weak
// string also gives each read's source and each write's place in coherence order
// (report::encode_schedule), which the replay follows. A wake reads the newest write of
// its wait queue when that is a notify it may read (traces place every wake right after the
// notify it read, or right after its sleep when nobody woke it).
//
// A sampled execution (PctSampler) ran operationally (runtime::Driver::operational): its replay
// string says so, and its replay runs operationally too.

#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "memory/memory_model.hpp"
#include "runtime/driver.hpp"

namespace weft::model::explore {

// Appends `event` of `thread` to `g` as the newest event of an SC schedule: a write becomes
// co-maximal, a read reads the co-maximal write (a wake: see newest_wake_source), and an RMW
// whose read succeeds gets its write part appended right after it. A choice keeps the value
// the caller gave it.
graph::EventId add_as_newest(const memory::MemoryModel& model, graph::ExecutionGraph& g,
                             graph::ThreadId thread, graph::Event event);

class ScheduleReplay final : public runtime::Driver {
 public:
  // `choices`: the values of the execution's choice events, in trace order.
  ScheduleReplay(const memory::MemoryModel& model, std::vector<graph::ThreadId> schedule,
                 std::vector<graph::Value> choices, bool operational)
      : model_(model),
        schedule_(std::move(schedule)),
        choices_(std::move(choices)),
        operational_(operational) {}

  // A weak replay: per read (in schedule order) the schedule position of its source (-1: the
  // initial write), per write its index in coherence order.
  void follow_recorded(std::vector<std::int64_t> sources, std::vector<bool> spurious,
                       std::vector<std::uint32_t> co_places) {
    weak_ = true;
    sources_ = std::move(sources);
    spurious_ = std::move(spurious);
    co_places_ = std::move(co_places);
  }
  // Whether a weak replay string named a source that is not a write of the read's location
  // before it (the string was edited): the replay read the newest write instead.
  bool recorded_mismatch() const { return recorded_mismatch_; }

  graph::ExecutionGraph& graph() override { return graph_; }
  graph::EventId add(graph::ThreadId thread, graph::Event event) override;
  bool moot() const override { return false; }
  bool schedules() const override { return true; }
  bool operational() const override { return operational_; }
  std::optional<graph::ThreadId> next_thread(
      std::span<const graph::ThreadId> /*runnable*/) override {
    if (position_ < schedule_.size()) {
      return schedule_[position_];
    }
    return std::nullopt;
  }

 private:
  graph::EventId add_as_recorded(graph::ThreadId thread, graph::Event event);
  graph::EventId recorded_source(graph::EventId read);
  void place_as_recorded(graph::EventId write);

  const memory::MemoryModel& model_;
  std::vector<graph::ThreadId> schedule_;
  std::vector<graph::Value> choices_;
  bool operational_;
  std::size_t position_ = 0;
  std::size_t next_choice_ = 0;
  graph::ExecutionGraph graph_;
  bool weak_ = false;
  std::vector<std::int64_t> sources_;
  std::vector<bool> spurious_;
  std::vector<std::uint32_t> co_places_;
  std::vector<graph::EventId> added_;                             // in schedule order
  std::vector<std::pair<graph::EventId, std::uint32_t>> placed_;  // writes and their co index
  std::size_t next_read_ = 0;
  bool recorded_mismatch_ = false;
};

}  // namespace weft::model::explore
