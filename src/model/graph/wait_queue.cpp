#include "graph/wait_queue.hpp"

#include <algorithm>

namespace weft::model::graph {

namespace {

bool everything(EventId /*e*/) {
  return true;
}

// Whether some wake other than `except`, among the events `kept`, reads `notify`.
template <class Kept>
bool consumed(const ExecutionGraph& g, EventId notify, EventId except, const Kept& kept) {
  const auto& reads = g.location(g[notify].location).reads;
  return std::any_of(reads.begin(), reads.end(),
                     [&](EventId r) { return r != except && g[r].rf == notify && kept(r); });
}

// Calls f(w) for each queue write among the events `kept` that is co-after `sleep`, up to and
// including the first notify_all.
template <class Kept, class F>
void for_each_reachable_write(const ExecutionGraph& g, EventId sleep, const Kept& kept, F&& f) {
  const auto& co = g.co(g[sleep].location);
  for (auto i = static_cast<std::size_t>(g.co_index(sleep) + 1); i < co.size(); ++i) {
    if (!kept(co[i])) {
      continue;
    }
    f(co[i]);
    if (g[co[i]].wait == WaitPart::notify_all) {
      return;
    }
  }
}

// may_wake_from over the graph that keeps only the events `kept`.
template <class Kept>
bool may_wake_among(const ExecutionGraph& g, EventId wake, EventId w, const Kept& kept) {
  if (w.is_init() || !g[w].is_notify()) {
    return false;
  }
  bool reachable = false;
  for_each_reachable_write(g, sleep_of(wake), kept,
                           [&](EventId c) { reachable = reachable || c == w; });
  return reachable && (g[w].wait == WaitPart::notify_all || !consumed(g, w, wake, kept));
}

}  // namespace

bool may_wake_from(const ExecutionGraph& g, EventId wake, EventId w) {
  return may_wake_among(g, wake, w, everything);
}

bool may_wake_on_revisit(const ExecutionGraph& g, EventId wake, EventId notify) {
  const Stamp wake_stamp = g.stamp_of(wake);
  return may_wake_among(g, wake, notify, [&](EventId e) {
    return g.stamp_of(e) <= wake_stamp || g.in_porf(e, notify);
  });
}

std::vector<EventId> wake_sources(const ExecutionGraph& g, EventId wake) {
  std::vector<EventId> out;
  for_each_reachable_write(g, sleep_of(wake), everything, [&](EventId c) {
    if (g[c].is_notify() &&
        (g[c].wait == WaitPart::notify_all || !consumed(g, c, wake, everything))) {
      out.push_back(c);
    }
  });
  out.push_back(EventId::init());
  return out;
}

EventId newest_wake_source(const ExecutionGraph& g, EventId wake) {
  const EventId newest = g.co_max(g[wake].location);
  return may_wake_from(g, wake, newest) ? newest : EventId::init();
}

namespace {

// Walks one queue's coherence order, keeping the wakes of the threads asleep.
Wakeups check_queue(const ExecutionGraph& g, const LocationInfo& info) {
  Wakeups verdict = Wakeups::exact;
  std::vector<EventId> sleepers;  // their wakes, in the order they fell asleep
  for (EventId w : info.co) {
    const Event& e = g[w];
    if (e.wait == WaitPart::sleep) {
      const EventId wake = wake_of(w);
      if (g.contains(wake)) {
        sleepers.push_back(wake);
      }
      continue;
    }
    const auto woken = std::stable_partition(sleepers.begin(), sleepers.end(),
                                             [&](EventId s) { return g[s].rf != w; });
    const bool all = e.wait == WaitPart::notify_all;
    if (all ? woken != sleepers.begin() : !sleepers.empty() && woken == sleepers.end()) {
      return Wakeups::unserved;
    }
    if (woken != sleepers.end() && (all || woken == sleepers.begin())) {
      verdict = Wakeups::needless;
    }
    sleepers.erase(woken, sleepers.end());
  }
  return verdict;
}

}  // namespace

std::vector<std::pair<EventId, EventId>> notify_inversions(const ExecutionGraph& g) {
  std::vector<std::pair<EventId, EventId>> out;
  g.for_each_location([&](LocationId, const LocationInfo& info) {
    if (info.kind != LocationKind::wait_queue || info.co.size() < 2 ||
        std::any_of(info.co.begin(), info.co.end(),
                    [&](EventId w) { return g[w].wait == WaitPart::sleep; })) {
      return;
    }
    for (std::size_t i = 1; i < info.co.size(); ++i) {
      if (info.co[i] < info.co[i - 1]) {
        out.emplace_back(info.co[i - 1], info.co[i]);
      }
    }
  });
  return out;
}

Wakeups check_wakeups(const ExecutionGraph& g) {
  Wakeups verdict = Wakeups::exact;
  g.for_each_location([&](LocationId, const LocationInfo& info) {
    if (info.kind == LocationKind::wait_queue && verdict != Wakeups::unserved) {
      const Wakeups queue = check_queue(g, info);
      if (queue != Wakeups::exact) {
        verdict = queue;
      }
    }
  });
  return verdict;
}

}  // namespace weft::model::graph
