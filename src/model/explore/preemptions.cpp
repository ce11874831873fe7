#include "explore/preemptions.hpp"

#include <map>
#include <utility>
#include <vector>

namespace weft::model::explore {

using graph::Event;
using graph::EventId;
using graph::EventKind;
using graph::LocationId;
using graph::ThreadId;

namespace {

// Walks an order of the events, knowing at each point what each thread has done and which
// write of each location is the newest so far.
class OrderWalk {
 public:
  explicit OrderWalk(const graph::ExecutionGraph& g) : g_(g), placed_(g.thread_count(), 0) {}

  void place(EventId e) {
    ++placed_[e.thread];
    if (g_[e].kind == EventKind::write) {
      newest_[key(g_[e].location)] = e;
    }
  }

  bool finished(ThreadId t) const { return placed_[t] == g_.thread_size(t); }

  // Whether thread t, switched away from now, waits rather than being preempted.
  bool waits(ThreadId t) const {
    const Event& next = g_[EventId{t, placed_[t]}];
    if (placed(next.rf)) {
      return false;
    }
    switch (next.kind) {
      case EventKind::join:
        return true;
      case EventKind::read:
        // Asleep; or in a waiting loop that would read another value now (a taken lock, an
        // unset flag: its iteration fails), where reading the same value would let it go on.
        return next.wait == graph::WaitPart::wake ||
               (next.in_spin && newest_value(next.location) != next.value);
      default:
        return false;
    }
  }

 private:
  static std::pair<std::uint32_t, std::uint32_t> key(LocationId loc) {
    return {loc.thread, loc.index};
  }
  bool placed(EventId e) const { return e.is_init() || placed_[e.thread] > e.index; }
  graph::Value newest_value(LocationId loc) const {
    const auto it = newest_.find(key(loc));
    return g_.value_of(it != newest_.end() ? it->second : EventId::init(), loc);
  }

  const graph::ExecutionGraph& g_;
  std::vector<std::uint32_t> placed_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, EventId> newest_;
};

}  // namespace

std::uint32_t count_preemptions(const graph::ExecutionGraph& g, const std::vector<EventId>& order) {
  OrderWalk walk(g);
  std::uint32_t preemptions = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && order[i].thread != order[i - 1].thread) {
      const ThreadId left = order[i - 1].thread;
      if (!walk.finished(left) && !walk.waits(left)) {
        ++preemptions;
      }
    }
    walk.place(order[i]);
  }
  return preemptions;
}

}  // namespace weft::model::explore
