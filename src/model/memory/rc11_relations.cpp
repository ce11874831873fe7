#include "memory/rc11_relations.hpp"

#include <optional>

#include "graph/modes.hpp"
#include "graph/rmw.hpp"

namespace weft::model::memory::rc11 {

using graph::acquires;
using graph::EventKind;
using graph::releases;

namespace {

// The latest event po-before `w` that acts as a release fence, if any.
std::optional<EventId> release_fence_before(const ExecutionGraph& g, EventId w,
                                            const Rc11Variant& variant) {
  for (std::uint32_t i = w.index; i-- > 0;) {
    if (release_fence(g, EventId{w.thread, i}, variant)) {
      return EventId{w.thread, i};
    }
  }
  return std::nullopt;
}

// C++11's release sequences: the latest release store po-before `w` to its location, if any.
std::optional<EventId> release_store_before(const ExecutionGraph& g, EventId w) {
  for (std::uint32_t i = w.index; i-- > 0;) {
    const EventId e{w.thread, i};
    if (g[e].kind == EventKind::write && g[e].location == g[w].location && releases(g, e)) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace

bool acquire_fence(const ExecutionGraph& g, EventId e, const Rc11Variant& variant) {
  const EventKind kind = g[e].kind;
  return (kind == EventKind::fence && acquires(g, e)) ||
         (variant.spawn_join_fences && kind == EventKind::join);
}

bool release_fence(const ExecutionGraph& g, EventId e, const Rc11Variant& variant) {
  const EventKind kind = g[e].kind;
  return (kind == EventKind::fence && releases(g, e)) ||
         (variant.spawn_join_fences && kind == EventKind::spawn);
}

// Walks the write's release sequence back: each write on its rf;rmw chain contributes its own
// view if it releases, else that of a release fence po-before it (and, C++11's way, that of a
// release store po-before it to the same location).
View release_view(const ExecutionGraph& g, EventId w, const Rc11Variant& variant) {
  View out;
  while (!w.is_init() && is_atomic(g, w)) {
    if (releases(g, w)) {
      out.join(g[w].hb);
    } else if (const std::optional<EventId> fence = release_fence_before(g, w, variant)) {
      out.join(g[*fence].hb);
    }
    if (variant.release_sequence_2017) {
      if (const std::optional<EventId> head = release_store_before(g, w)) {
        out.join(g[*head].hb);
      }
    }
    if (!g[w].is_rmw) {
      break;
    }
    w = g[graph::rmw_read_of(w)].rf;
  }
  return out;
}

HbViews::HbViews(const ExecutionGraph& g, const Rc11Variant& variant) : views_(g.thread_count()) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    views_[t].reserve(events.size());
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const EventId e{t, i};
      View view = events[i].hb;
      if (events[i].kind == EventKind::read && acquires(g, e)) {
        view.join(release_view(g, events[i].rf, variant));
      }
      views_[t].push_back(std::move(view));
    }
  }
}

std::int64_t co_place(const ExecutionGraph& g, EventId access) {
  const Event& ev = g[access];
  return g.co_index(ev.kind == EventKind::write ? access : ev.rf);
}

bool eco(const ExecutionGraph& g, EventId x, EventId y) {
  if (x == y) {
    return false;
  }
  const std::int64_t from = co_place(g, x);
  const std::int64_t to = co_place(g, y);
  if (g[x].kind == EventKind::write && g[y].kind == EventKind::read) {
    return to >= from;  // rf, or co;rf
  }
  return to > from;  // co, rb, rb;rf, co (write to write)
}

}  // namespace weft::model::memory::rc11
