#include "graph/modes.hpp"

#include "graph/rmw.hpp"

namespace weft::model::graph {

namespace {

bool is_acquire_mode(std::memory_order m) {
  return m == std::memory_order_acquire || m == std::memory_order_acq_rel ||
         m == std::memory_order_seq_cst;
}

bool is_release_mode(std::memory_order m) {
  return m == std::memory_order_release || m == std::memory_order_acq_rel ||
         m == std::memory_order_seq_cst;
}

}  // namespace

bool is_atomic(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  return ev.is_access() && !ev.plain;  // every cell access is plain (detail::cell_read/write)
}

std::memory_order mode_of(const ExecutionGraph& g, EventId e) {
  const Event& ev = g[e];
  if ((ev.is_access() && !is_atomic(g, e)) || is_queue_event(ev)) {
    return std::memory_order_relaxed;
  }
  std::memory_order mode = ev.order;
  // A failed compare-exchange, judged by the value it reads, not by its write part: the explorer
  // checks an alternative before it adds the write part, and the read's mode must be the one it
  // will have then (with its success order, it may close a psc cycle).
  if (ev.kind == EventKind::read && ev.is_rmw &&
      !graph::rmw_result(ev.rmw, ev.value, g.location(ev.location).size)) {
    mode = ev.rmw.failure_order;
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

}  // namespace weft::model::graph
