#include "memory/rc11_model.hpp"

#include <utility>

#include "graph/wait_queue.hpp"
#include "memory/psc.hpp"
#include "memory/rc11_relations.hpp"
#include "memory/visibility.hpp"

namespace weft::model::memory {

using graph::Event;
using graph::EventKind;
using graph::LocationKind;

// From the po-predecessor's view: what an acquire read po-before learned from its source, what
// an acquire fence learns from the sources of every atomic read po-before it, a spawn, a join.
void Rc11Model::update_views(ExecutionGraph& g, EventId e) const {
  View hb = inherited_view(g, e);
  if (e.index > 0) {
    const EventId pred{e.thread, e.index - 1};
    if (g[pred].kind == EventKind::read && graph::acquires(g, pred)) {
      hb.join(rc11::release_view(g, g[pred].rf, variant_));
    }
  }
  if (rc11::acquire_fence(g, e, variant_)) {
    for (std::uint32_t i = 0; i < e.index; ++i) {
      const EventId read{e.thread, i};
      if (g[read].kind == EventKind::read && graph::is_atomic(g, read) &&
          !graph::is_queue_event(g[read])) {  // a wake synchronizes with nothing
        hb.join(rc11::release_view(g, g[read].rf, variant_));
      }
    }
  }
  hb.include(e.thread, e.index);
  g.at(e).hb = std::move(hb);
}

std::vector<EventId> Rc11Model::coherent_stores(const ExecutionGraph& g, EventId read) const {
  return stores_from_latest_visible(g, read, g[read].hb);
}

std::vector<EventId> Rc11Model::coherent_placings(const ExecutionGraph& g, EventId w) const {
  return placings_after_latest_visible(g, w, g[w].hb);
}

bool Rc11Model::may_revisit(const ExecutionGraph& g, EventId read, EventId w) const {
  return sees_nothing_newer(g, read, g[read].hb, w);
}

namespace {

// Which accesses `coherent` checks: memory, or the wait queues' sleeps and notifies (a wake
// follows the queue's own rules: reading no notify is staying asleep, not reading the initial
// write).
enum class Accesses : std::uint8_t { memory, queue_writes };

// hb;eco? irreflexive, access by access: each reads from, or is placed co-after, the latest
// write it sees through its hb view (an acquire read's own source is judged at that source).
bool coherent(const ExecutionGraph& g, Accesses which) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const Event& ev = events[i];
      if (!ev.is_access()) {
        continue;
      }
      const bool queue = graph::is_queue_event(ev);
      const bool checked =
          which == Accesses::memory ? !queue : queue && ev.kind == EventKind::write;
      if (!checked) {
        continue;
      }
      const EventId e{t, i};
      const std::int64_t latest = latest_visible_write(g, ev.location, ev.hb, e);
      const bool ok =
          ev.kind == EventKind::read ? g.co_index(ev.rf) >= latest : g.co_index(e) > latest;
      if (!ok) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool Rc11Model::is_consistent(const ExecutionGraph& g) const {
  return rc11::psc_acyclic(g, variant_);
}

namespace {

// Whether `notify` announces a change that `sleep`'s wait did not see (C++20's "eligible to be
// unblocked"): some write co-after the one the wait's load read happens before the notify.
bool eligible(const ExecutionGraph& g, EventId sleep, EventId notify) {
  const EventId load = graph::load_of(sleep);
  const auto& co = g.co(g[load].location);
  for (auto i = static_cast<std::size_t>(g.co_index(g[load].rf) + 1); i < co.size(); ++i) {
    if (MemoryModel::happens_before(g, co[i], notify)) {
      return true;
    }
  }
  return false;
}

// Whether some sleep is eligible for a notify co-before it in its queue (the wait's load would
// have seen the change the notify announces: a futex checks the value and sleeps in one step).
bool sleeps_past_a_notify(const ExecutionGraph& g) {
  bool found = false;
  g.for_each_location([&](graph::LocationId, const graph::LocationInfo& info) {
    if (info.kind != LocationKind::wait_queue || found) {
      return;
    }
    for (std::size_t i = 0; i < info.co.size() && !found; ++i) {
      if (g[info.co[i]].wait != graph::WaitPart::sleep) {
        continue;
      }
      for (std::size_t j = 0; j < i && !found; ++j) {
        found = g[info.co[j]].is_notify() && eligible(g, info.co[i], info.co[j]);
      }
    }
  });
  return found;
}

}  // namespace

bool Rc11Model::is_consistent_from_scratch(const ExecutionGraph& g) const {
  return coherent(g, Accesses::memory) && coherent(g, Accesses::queue_writes) &&
         rc11::psc_acyclic(g, variant_);
}

bool Rc11Model::is_execution(const ExecutionGraph& g) const {
  return coherent(g, Accesses::queue_writes) && !sleeps_past_a_notify(g) && is_consistent(g);
}

void Rc11Model::order_edges(const ExecutionGraph& g, bool /*wait_steps*/,
                            const EdgeSink& sink) const {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const EventId e{t, i};
      if (i + 1 < events.size()) {
        sink(e, EventId{t, i + 1});
      }
      const Event& ev = events[i];
      if (ev.kind == EventKind::read || ev.kind == EventKind::start || ev.kind == EventKind::join) {
        sink(ev.rf, e);
      }
    }
  }
}

}  // namespace weft::model::memory
