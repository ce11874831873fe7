#include "memory/psc.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace weft::model::memory::rc11 {

using graph::EventKind;

namespace {

bool same_location(const ExecutionGraph& g, EventId a, EventId b) {
  return g[a].is_access() && g[b].is_access() && g[a].location == g[b].location;
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

// One SC event with the events its psc edges start from (L: it, and what it happens before if
// it is a fence) and end at (R: it, and what happens before it if it is a fence).
struct ScEvent {
  EventId id;
  bool fence = false;
  std::vector<EventId> from;
  std::vector<EventId> to;
};

std::vector<ScEvent> sc_events(const ExecutionGraph& g) {
  std::vector<ScEvent> out;
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      const EventId e{t, i};
      if (is_sc(g, e)) {
        out.push_back(ScEvent{e, g[e].kind == EventKind::fence, {e}, {e}});
      }
    }
  }
  return out;
}

// A fence's psc edges start from what it happens before and end at what happens before it.
void add_fence_ends(const ExecutionGraph& g, const HbViews& hb, ScEvent& s) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      const EventId e{t, i};
      if (e != s.id && hb.reflexive(s.id, e)) {
        s.from.push_back(e);
      } else if (e != s.id && hb.reflexive(e, s.id)) {
        s.to.push_back(e);
      }
    }
  }
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

// f1 hb f2, or f1 hb x, x eco y, y hb f2 for accesses x, y of one location.
bool psc_fences(const ExecutionGraph& g, const HbViews& hb, const ScEvent& f1, const ScEvent& f2) {
  if (hb.reflexive(f1.id, f2.id)) {
    return true;
  }
  for (EventId x : f1.from) {
    for (EventId y : f2.to) {
      if (same_location(g, x, y) && eco(g, x, y)) {
        return true;
      }
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
      const bool fences = events[a].fence && events[b].fence;
      if (psc_base(g, hb, events[a], events[b], variant) ||
          (fences && psc_fences(g, hb, events[a], events[b]))) {
        next[a].push_back(b);
      }
    }
  }
  return !has_cycle(next);
}

}  // namespace weft::model::memory::rc11
