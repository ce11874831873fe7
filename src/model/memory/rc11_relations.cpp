#include "memory/rc11_relations.hpp"

#include <optional>

#include "graph/rmw.hpp"

namespace weft::model::memory::rc11 {

using graph::EventKind;
using graph::LocationKind;
using graph::WaitPart;

namespace {

bool is_acquire_mode(std::memory_order m) {
  return m == std::memory_order_acquire || m == std::memory_order_acq_rel ||
         m == std::memory_order_seq_cst;
}

bool is_release_mode(std::memory_order m) {
  return m == std::memory_order_release || m == std::memory_order_acq_rel ||
         m == std::memory_order_seq_cst;
}

// The wait queue's own events: relaxed accesses of a hidden location (graph/wait_queue.hpp).
bool is_queue_event(const Event& ev) {
  return ev.wait != WaitPart::none && ev.wait != WaitPart::load;
}

// The latest fence po-before `w` that releases, if any.
std::optional<EventId> release_fence_before(const ExecutionGraph& g, EventId w) {
  for (std::uint32_t i = w.index; i-- > 0;) {
    const EventId f{w.thread, i};
    if (g[f].kind == EventKind::fence && releases(g, f)) {
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_atomic(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  return ev.is_access() && g.location(ev.location).kind != LocationKind::cell;
}

std::memory_order mode_of(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  if ((ev.is_access() && !is_atomic(g, e)) || is_queue_event(ev)) {
    return std::memory_order_relaxed;
  }
  std::memory_order mode = ev.order;
  if (ev.kind == EventKind::read && ev.is_rmw && !graph::rmw_write_of(g, e)) {
    mode = ev.rmw.failure_order;  // a failed compare-exchange
  }
  return mode == std::memory_order_consume ? std::memory_order_acquire : mode;
}

bool acquires(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  const bool can = ev.kind == EventKind::fence || (ev.kind == EventKind::read && is_atomic(g, e));
  return can && is_acquire_mode(mode_of(g, e));
}

bool releases(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  const bool can = ev.kind == EventKind::fence || (ev.kind == EventKind::write && is_atomic(g, e));
  return can && is_release_mode(mode_of(g, e));
}

bool is_sc(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  const bool can = ev.kind == EventKind::fence || is_atomic(g, e);
  return can && mode_of(g, e) == std::memory_order_seq_cst;
}

// Walks the write's release sequence back: each write on its rf;rmw chain contributes its own
// view if it releases, else that of a release fence po-before it.
View release_view(const ExecutionGraph& g, EventId w) {
  View out;
  while (!w.is_init() && is_atomic(g, w)) {
    if (releases(g, w)) {
      out.join(g[w].hb);
    } else if (const std::optional<EventId> fence = release_fence_before(g, w)) {
      out.join(g[*fence].hb);
    }
    if (!g[w].is_rmw) {
      break;
    }
    w = g[graph::rmw_read_of(w)].rf;
  }
  return out;
}

HbViews::HbViews(const ExecutionGraph& g) : views_(g.thread_count()) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    views_[t].reserve(events.size());
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const EventId e{t, i};
      View view = events[i].hb;
      if (events[i].kind == EventKind::read && acquires(g, e)) {
        view.join(release_view(g, events[i].rf));
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
