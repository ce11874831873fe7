#include "memory/sc_model.hpp"

#include <cstddef>
#include <utility>

#include "graph/order_graph.hpp"
#include "graph/wait_queue.hpp"
#include "memory/rc11_model.hpp"
#include "memory/visibility.hpp"

namespace weft::model::memory {

using graph::Event;
using graph::EventKind;
using graph::WaitPart;

void ScModel::update_views(ExecutionGraph& g, EventId e) const {
  View hb = inherited_view(g, e);
  if (e.index > 0) {
    const Event& pred = g[EventId{e.thread, e.index - 1}];
    // Under SC every atomic access is seq_cst: reading an atomic write synchronizes.
    if (pred.kind == EventKind::read && !pred.rf.is_init() &&
        g.location(pred.location).kind == graph::LocationKind::atomic) {
      hb.join(g[pred.rf].hb);
    }
  }
  hb.include(e.thread, e.index);
  g.at(e).hb = std::move(hb);
}

std::vector<EventId> ScModel::coherent_stores(const ExecutionGraph& g, EventId read) const {
  return stores_from_latest_visible(g, read, g[read].porf);
}

std::vector<EventId> ScModel::coherent_placings(const ExecutionGraph& g, EventId w) const {
  return placings_after_latest_visible(g, w, g[w].porf);
}

bool ScModel::may_revisit(const ExecutionGraph& g, EventId read, EventId w) const {
  return sees_nothing_newer(g, read, g[read].porf, w);
}

namespace {

// The edges of po ∪ rf ∪ co ∪ fr ∪ spawn ∪ join, and with `wait_steps` those that make a wait's
// load and sleep one step (every queue write co-before a sleep precedes the sleep's load),
// given to `edge(a, b)`. A wake has no fr edges: it is ordered after the notify it reads, and
// reading none orders nothing.
template <class Edge>
void sc_edges(const ExecutionGraph& g, bool wait_steps, Edge&& edge) {
  g.for_each_location([&](graph::LocationId, const graph::LocationInfo& info) {
    for (std::size_t i = 1; i < info.co.size(); ++i) {
      edge(info.co[i - 1], info.co[i]);
      if (wait_steps && g[info.co[i]].wait == WaitPart::sleep) {
        edge(info.co[i - 1], graph::load_of(info.co[i]));
      }
    }
  });
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const EventId e{t, i};
      if (i + 1 < events.size()) {
        edge(e, EventId{t, i + 1});
      }
      const Event& ev = events[i];
      if (ev.kind == EventKind::start || ev.kind == EventKind::join) {
        edge(ev.rf, e);  // spawn -> start, end -> join
      }
      if (ev.wait == WaitPart::wake) {
        edge(ev.rf, e);
      } else if (ev.kind == EventKind::read) {
        edge(ev.rf, e);
        if (EventId overwrite; g.first_overwrite(e, &overwrite)) {
          edge(e, overwrite);  // fr
        }
      }
    }
  }
}

bool sc_acyclic(const ExecutionGraph& g, bool wait_steps) {
  graph::OrderGraph order(g);
  sc_edges(g, wait_steps, [&](EventId a, EventId b) { order.edge(a, b); });
  order.finish();
  return order.acyclic();
}

}  // namespace

bool ScModel::is_consistent(const ExecutionGraph& g) const {
  return sc_acyclic(g, false);
}

bool ScModel::is_execution(const ExecutionGraph& g) const {
  return sc_acyclic(g, true);
}

void ScModel::order_edges(const ExecutionGraph& g, bool wait_steps, const EdgeSink& sink) const {
  sc_edges(g, wait_steps, sink);
}

std::unique_ptr<MemoryModel> MemoryModel::make(Model kind, const Rc11Variant& rc11) {
  switch (kind) {
    case Model::sc:
      return std::make_unique<ScModel>();
    case Model::rc11:
      return std::make_unique<Rc11Model>(rc11);
  }
  return nullptr;
}

}  // namespace weft::model::memory
