#include "explore/pct_sampler.hpp"

#include <algorithm>

#include "explore/schedule_replay.hpp"

namespace weft::model::explore {

PctSampler::PctSampler(const memory::MemoryModel& model, std::uint64_t seed, std::uint32_t depth,
                       std::uint32_t expected_length)
    : model_(model), random_(seed), depth_(std::max<std::uint32_t>(depth, 1)) {
  const std::uint32_t length = std::max<std::uint32_t>(expected_length, 1);
  std::uniform_int_distribution<std::uint32_t> step(1, length);
  for (std::uint32_t i = 1; i < depth_; ++i) {
    change_at_.push_back(step(random_));
  }
  std::sort(change_at_.begin(), change_at_.end());
}

// Initial priorities lie above `depth` (the priorities that change points give); the thread id
// in the low bits keeps them distinct.
std::uint64_t PctSampler::priority_of(graph::ThreadId t) {
  if (priority_.size() <= t) {
    priority_.resize(t + 1, 0);
  }
  if (priority_[t] == 0) {
    const std::uint64_t drawn = random_() >> 24;  // 40 random bits
    priority_[t] = ((drawn + depth_) << 20) | (t & 0xfffff);
  }
  return priority_[t];
}

std::optional<graph::ThreadId> PctSampler::next_thread(std::span<const graph::ThreadId> runnable) {
  if (runnable.empty()) {
    return std::nullopt;
  }
  graph::ThreadId best = runnable.front();
  for (graph::ThreadId t : runnable) {
    if (priority_of(t) > priority_of(best)) {
      best = t;
    }
  }
  return best;
}

graph::EventId PctSampler::add(graph::ThreadId thread, graph::Event event) {
  if (event.kind == graph::EventKind::choice) {
    event.value = std::uniform_int_distribution<graph::Value>(0, event.other - 1)(random_);
  }
  const graph::EventId id = add_as_newest(model_, graph_, thread, std::move(event));
  ++steps_;
  while (changes_done_ < change_at_.size() && change_at_[changes_done_] <= steps_) {
    ++changes_done_;
    priority_of(thread);
    priority_[thread] = changes_done_;  // below every initial priority
  }
  return id;
}

}  // namespace weft::model::explore
