#include "memory/psc.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace weft::model::memory::rc11 {

using graph::EventKind;

namespace {

// A wait queue's events count as events without a location: they are no memory access, and
// must not order SC events (memory/rc11_model.hpp).
bool is_memory_access(const ExecutionGraph& g, EventId e) {
  return g[e].is_access() && !graph::is_queue_event(g[e]);
}

// Two accesses of one memory location.
bool same_location(const ExecutionGraph& g, EventId a, EventId b) {
  return is_memory_access(g, a) && is_memory_access(g, b) && g[a].location == g[b].location;
}

// An event "at another location" than access or fence `x`: a fence, an event without a location
// (start, spawn, join, end, choice), or an access elsewhere; any event with location_free_scb.
bool elsewhere(const ExecutionGraph& g, EventId x, EventId other, const Rc11Variant& variant) {
  return variant.location_free_scb || g[x].kind == EventKind::fence || !g[other].is_access() ||
         !same_location(g, x, other);
}

// The first po-successor of `x` at another location (the start of x's sb|≠loc edges), if any.
std::optional<EventId> first_elsewhere_after(const ExecutionGraph& g, EventId x,
                                             const Rc11Variant& variant) {
  for (std::uint32_t i = x.index + 1; i < g.thread_size(x.thread); ++i) {
    if (elsewhere(g, x, EventId{x.thread, i}, variant)) {
      return EventId{x.thread, i};
    }
  }
  return std::nullopt;
}

// The last po-predecessor of `y` at another location (the end of the sb|≠loc edges into y).
std::optional<EventId> last_elsewhere_before(const ExecutionGraph& g, EventId y,
                                             const Rc11Variant& variant) {
  for (std::uint32_t i = y.index; i-- > 0;) {
    if (elsewhere(g, y, EventId{y.thread, i}, variant)) {
      return EventId{y.thread, i};
    }
  }
  return std::nullopt;
}

// x scb y: sb ∪ sb|≠loc;hb;sb|≠loc ∪ hb|loc ∪ co ∪ rb.
bool scb(const ExecutionGraph& g, const HbViews& hb, EventId x, EventId y,
         const Rc11Variant& variant) {
  if (x == y) {
    return false;
  }
  if (x.thread == y.thread && x.index < y.index) {
    return true;
  }
  if (same_location(g, x, y)) {
    if (hb.reflexive(x, y)) {
      return true;
    }
    if (g[y].kind == EventKind::write && co_place(g, x) < g.co_index(y)) {
      return true;  // co (x a write) or rb (x a read)
    }
  }
  const std::optional<EventId> after = first_elsewhere_after(g, x, variant);
  const std::optional<EventId> before = last_elsewhere_before(g, y, variant);
  return after && before && hb.reflexive(*after, *before);
}

// Where, in one location's coherence order, the accesses of a set lie (co_place): the co-earliest
// write and read of the set (what a fence happens before) or the co-latest (what happens before
// a fence). Enough to decide whether some access of one set is eco-before one of another.
struct CoExtent {
  graph::LocationId location;
  std::int64_t write = 0;
  std::int64_t read = 0;
};

// One SC event with the events its psc edges start from (L: it, and what it happens before if
// it is a fence) and end at (R: it, and what happens before it if it is a fence); for a fence,
// also where the memory accesses among them lie in coherence order, location by location (sorted
// by location).
struct ScEvent {
  EventId id;
  bool fence = false;
  std::vector<EventId> from;
  std::vector<EventId> to;
  std::vector<CoExtent> from_earliest;
  std::vector<CoExtent> to_latest;
};

std::vector<ScEvent> sc_events(const ExecutionGraph& g) {
  std::vector<ScEvent> out;
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      const EventId e{t, i};
      if (is_sc(g, e)) {
        out.push_back(ScEvent{e, g[e].kind == EventKind::fence, {e}, {e}, {}, {}});
      }
    }
  }
  return out;
}

constexpr std::int64_t none_earlier = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t none_later = std::numeric_limits<std::int64_t>::min();

// Widens `extents` (earliest or latest, by `earliest`) to take in memory access `e`.
void take_in(const ExecutionGraph& g, EventId e, bool earliest, std::vector<CoExtent>& extents) {
  const graph::LocationId loc = g[e].location;
  auto at = std::find_if(extents.begin(), extents.end(),
                         [&](const CoExtent& x) { return x.location == loc; });
  if (at == extents.end()) {
    const std::int64_t unset = earliest ? none_earlier : none_later;
    at = extents.insert(extents.end(), CoExtent{loc, unset, unset});
  }
  std::int64_t& place = g[e].kind == EventKind::write ? at->write : at->read;
  const std::int64_t here = co_place(g, e);
  place = earliest ? std::min(place, here) : std::max(place, here);
}

// A fence's psc edges start from what it happens before and end at what happens before it.
void add_fence_ends(const ExecutionGraph& g, const HbViews& hb, ScEvent& s) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      const EventId e{t, i};
      const bool after = e != s.id && hb.reflexive(s.id, e);
      if (!after && (e == s.id || !hb.reflexive(e, s.id))) {
        continue;  // neither after nor before the fence
      }
      (after ? s.from : s.to).push_back(e);
      if (is_memory_access(g, e)) {
        take_in(g, e, after, after ? s.from_earliest : s.to_latest);
      }
    }
  }
  const auto by_location = [](const CoExtent& a, const CoExtent& b) {
    return a.location < b.location;
  };
  std::sort(s.from_earliest.begin(), s.from_earliest.end(), by_location);
  std::sort(s.to_latest.begin(), s.to_latest.end(), by_location);
}

// Whether some access in `earliest` (what f1 happens before) is eco-before some access in
// `latest` (what happens before f2) at one location: a write before a read of it or of a later
// write, or before a later write; a read before a write co-after its source or a read of one.
bool eco_between(const CoExtent& earliest, const CoExtent& latest) {
  return latest.read >= earliest.write || latest.write > earliest.write ||
         latest.read > earliest.read || latest.write > earliest.read;
}

bool psc_base(const ExecutionGraph& g, const HbViews& hb, const ScEvent& a, const ScEvent& b,
              const Rc11Variant& variant) {
  for (EventId x : a.from) {
    for (EventId y : b.to) {
      if (scb(g, hb, x, y, variant)) {
        return true;
      }
    }
  }
  return false;
}

// f1 hb f2, or f1 hb x, x eco y, y hb f2 for accesses x, y of one location (an access both
// after f1 and before f2 makes f1 hb f2).
bool psc_fences(const HbViews& hb, const ScEvent& f1, const ScEvent& f2) {
  if (hb.reflexive(f1.id, f2.id)) {
    return true;
  }
  auto x = f1.from_earliest.begin();
  auto y = f2.to_latest.begin();
  while (x != f1.from_earliest.end() && y != f2.to_latest.end()) {
    if (x->location < y->location) {
      ++x;
    } else if (y->location < x->location) {
      ++y;
    } else if (eco_between(*x++, *y++)) {
      return true;
    }
  }
  return false;
}

bool has_cycle(const std::vector<std::vector<std::size_t>>& next) {
  enum class Mark : std::uint8_t { fresh, open, done };
  std::vector<Mark> mark(next.size(), Mark::fresh);
  std::vector<std::pair<std::size_t, std::size_t>> stack;  // (node, next edge to follow)
  for (std::size_t root = 0; root < next.size(); ++root) {
    if (mark[root] != Mark::fresh) {
      continue;
    }
    stack.emplace_back(root, 0);
    mark[root] = Mark::open;
    while (!stack.empty()) {
      auto& [node, edge] = stack.back();
      if (edge == next[node].size()) {
        mark[node] = Mark::done;
        stack.pop_back();
        continue;
      }
      const std::size_t to = next[node][edge++];
      if (mark[to] == Mark::open) {
        return true;
      }
      if (mark[to] == Mark::fresh) {
        mark[to] = Mark::open;
        stack.emplace_back(to, 0);
      }
    }
  }
  return false;
}

}  // namespace

bool psc_acyclic(const ExecutionGraph& g, const Rc11Variant& variant) {
  std::vector<ScEvent> events = sc_events(g);
  if (events.size() < 2) {
    return true;
  }
  const HbViews hb(g, variant);
  for (ScEvent& s : events) {
    if (s.fence) {
      add_fence_ends(g, hb, s);
    }
  }
  std::vector<std::vector<std::size_t>> next(events.size());
  for (std::size_t a = 0; a < events.size(); ++a) {
    for (std::size_t b = 0; b < events.size(); ++b) {
      if (a == b) {
        continue;
      }
      // Between two fences psc_base adds nothing to psc_F: its scb edges from what f1 happens
      // before to what happens before f2 are hb (sb, hb|loc, sb;hb;sb) or eco (co, rb).
      const bool fences = events[a].fence && events[b].fence;
      if (fences ? psc_fences(hb, events[a], events[b])
                 : psc_base(g, hb, events[a], events[b], variant)) {
        next[a].push_back(b);
      }
    }
  }
  return !has_cycle(next);
}

}  // namespace weft::model::memory::rc11
