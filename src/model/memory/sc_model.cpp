#include "memory/sc_model.hpp"

#include <cstddef>
#include <utility>

#include "graph/rmw.hpp"
#include "graph/wait_queue.hpp"
#include "memory/visibility.hpp"

namespace weft::model::memory {

using graph::Event;
using graph::EventKind;
using graph::WaitPart;

void ScModel::update_views(ExecutionGraph& g, EventId e) const {
  View hb;
  if (e.index > 0) {
    const Event& pred = g[EventId{e.thread, e.index - 1}];
    hb = pred.hb;
    // Under SC every atomic access is seq_cst: reading an atomic write synchronizes.
    if (pred.kind == EventKind::read && !pred.rf.is_init() &&
        g.location(pred.location).kind == graph::LocationKind::atomic) {
      hb.join(g[pred.rf].hb);
    }
  }
  const Event& ev = g[e];
  if ((ev.kind == EventKind::start || ev.kind == EventKind::join) && !ev.rf.is_init()) {
    hb.join(g[ev.rf].hb);
  }
  hb.include(e.thread, e.index);
  g.at(e).hb = std::move(hb);
}

std::vector<EventId> ScModel::coherent_stores(const ExecutionGraph& g, EventId read) const {
  const Event& r = g[read];
  const auto& co = g.co(r.location);
  const std::int64_t first = latest_visible_write(g, r.location, r.porf, read);
  std::vector<EventId> out;
  out.reserve(co.size() - static_cast<std::size_t>(first));
  if (first < 0) {
    out.push_back(EventId::init());
  }
  for (std::size_t i = first < 0 ? 0 : static_cast<std::size_t>(first); i < co.size(); ++i) {
    out.push_back(co[i]);
  }
  return out;
}

std::vector<EventId> ScModel::coherent_placings(const ExecutionGraph& g, EventId w) const {
  const Event& ev = g[w];
  const auto& co = g.co(ev.location);
  const auto n = static_cast<std::int64_t>(co.size());
  std::vector<EventId> out;
  for (std::int64_t k = latest_visible_write(g, ev.location, ev.porf, w); k < n; ++k) {
    // Never separate an RMW write part from its source, which immediately precedes it.
    if (k + 1 < n && g[co[static_cast<std::size_t>(k + 1)]].is_rmw) {
      continue;
    }
    out.push_back(k < 0 ? EventId::init() : co[static_cast<std::size_t>(k)]);
  }
  return out;
}

bool ScModel::may_revisit(const ExecutionGraph& g, EventId read, EventId w) const {
  const Event& r = g[read];
  return latest_visible_write(g, r.location, r.porf, read) <= g.co_index(w);
}

namespace {

// The arrays of one ScOrder. A check runs for every alternative the explorer tries, so they are
// kept per OS thread and reused (their capacity survives), not allocated per check. One ScOrder
// at a time uses them.
struct ScOrderBuffers {
  std::vector<std::uint32_t> offset;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> targets;
  std::vector<std::uint32_t> indegree;
  std::vector<std::uint32_t> fill;
  std::vector<std::size_t> ready;
};

ScOrderBuffers& order_buffers() {
  thread_local ScOrderBuffers buffers;
  return buffers;
}

// Kahn's algorithm over po ∪ rf ∪ co ∪ fr ∪ spawn ∪ join, optionally with edges that make a
// wait's load and sleep, and an RMW's read and write parts, single steps. A wake
// has no fr edges: it is ordered after the notify it reads, and reading none orders nothing.
// The initial write precedes everything and has only outgoing edges, so it is left out.
class ScOrder {
 public:
  // Which single steps the order must respect beyond the axioms TruSt explores.
  struct Steps {
    // A wait's load and sleep: every queue write co-before a sleep precedes the sleep's load.
    bool waits = false;
    // An RMW's parts: a read of the RMW's source precedes the RMW's read part, not just its
    // write part. This never makes a consistent graph cyclic (a path from the read part leaves
    // through the write part); it lets a linearization keep the parts adjacent, which schedule
    // replay relies on.
    bool rmws = false;
  };
  ScOrder(const ExecutionGraph& g, Steps steps) : g_(g), steps_(steps) {
    offset_.assign(g.thread_count() + 1, 0);
    for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
      offset_[t + 1] = offset_[t] + g.thread_size(t);
    }
    indegree_.assign(offset_.back(), 0);
    edges_.clear();
    edges_.reserve(3 * indegree_.size());  // po, rf and fr or co: about three per event
    add_edges();
    // Compressed adjacency: one allocation for all successors instead of one per event.
    first_.assign(indegree_.size() + 1, 0);
    for (const auto& [a, b] : edges_) {
      ++first_[a + 1];
    }
    for (std::size_t n = 0; n < indegree_.size(); ++n) {
      first_[n + 1] += first_[n];
    }
    targets_.resize(edges_.size());
    fill_.assign(first_.begin(), first_.end() - 1);
    for (const auto& [a, b] : edges_) {
      targets_[fill_[a]++] = b;
    }
  }

  // Whether the relation is acyclic.
  bool acyclic() {
    std::vector<std::size_t>& ready = ready_;
    ready.clear();
    for (std::size_t n = 0; n < indegree_.size(); ++n) {
      if (indegree_[n] == 0) {
        ready.push_back(n);
      }
    }
    std::size_t visited = 0;
    while (!ready.empty()) {
      const std::size_t n = ready.back();
      ready.pop_back();
      ++visited;
      for (std::uint32_t k = first_[n]; k < first_[n + 1]; ++k) {
        const std::uint32_t m = targets_[k];
        if (--indegree_[m] == 0) {
          ready.push_back(m);
        }
      }
    }
    return visited == indegree_.size();
  }

  // A topological order, or nullopt if there is a cycle.
  std::optional<std::vector<EventId>> order(MemoryModel::Prefer prefer) {
    std::vector<std::size_t>& ready = ready_;
    ready.clear();
    for (std::size_t n = 0; n < indegree_.size(); ++n) {
      if (indegree_[n] == 0) {
        ready.push_back(n);
      }
    }
    std::vector<EventId> order;
    order.reserve(indegree_.size());
    // Prefer the earliest-added event among the ready ones, so traces follow the exploration
    // (or, for fewest switches, an event of the last event's thread first); but an RMW's write
    // part goes right after its read part, a sleep right after its wait load, and a wake right
    // after the notify it reads (or its sleep): that is how schedule replay performs them.
    auto urgent = [&](std::size_t n) {
      const Event& e = g_[id(n)];
      return e.wait == WaitPart::sleep || e.wait == WaitPart::wake ||
             (e.kind == EventKind::write && e.is_rmw);
    };
    auto same_thread = [&](std::size_t n) {
      return !order.empty() && id(n).thread == order.back().thread;
    };
    auto before = [&](std::size_t a, std::size_t b) {
      if (urgent(a) != urgent(b)) {
        return urgent(a);
      }
      if (prefer != MemoryModel::Prefer::added_first && same_thread(a) != same_thread(b)) {
        return same_thread(a);
      }
      return prefer == MemoryModel::Prefer::same_thread_then_newest
                 ? g_[id(a)].stamp > g_[id(b)].stamp
                 : g_[id(a)].stamp < g_[id(b)].stamp;
    };
    while (!ready.empty()) {
      std::size_t best = 0;
      for (std::size_t i = 1; i < ready.size(); ++i) {
        if (before(ready[i], ready[best])) {
          best = i;
        }
      }
      const std::size_t n = ready[best];
      ready[best] = ready.back();
      ready.pop_back();
      order.push_back(id(n));
      for (std::uint32_t k = first_[n]; k < first_[n + 1]; ++k) {
        const std::uint32_t m = targets_[k];
        if (--indegree_[m] == 0) {
          ready.push_back(m);
        }
      }
    }
    if (order.size() != indegree_.size()) {
      return std::nullopt;
    }
    return order;
  }

 private:
  std::uint32_t node(EventId e) const { return offset_[e.thread] + e.index; }
  EventId id(std::size_t n) const {
    graph::ThreadId t = 0;
    while (offset_[t + 1] <= n) {
      ++t;
    }
    return {t, static_cast<std::uint32_t>(n - offset_[t])};
  }
  void edge(EventId a, EventId b) {
    if (a.is_init()) {
      return;
    }
    edges_.emplace_back(node(a), node(b));
    ++indegree_[node(b)];
  }

  void add_edges() {
    // co edges first.
    g_.for_each_location([&](graph::LocationId, const graph::LocationInfo& info) {
      for (std::size_t i = 0; i < info.co.size(); ++i) {
        if (i == 0) {
          continue;
        }
        edge(info.co[i - 1], info.co[i]);
        if (steps_.waits && g_[info.co[i]].wait == WaitPart::sleep) {
          edge(info.co[i - 1], graph::load_of(info.co[i]));
        }
      }
    });
    for (graph::ThreadId t = 0; t < g_.thread_count(); ++t) {
      const auto& events = g_.thread_events(t);
      for (std::uint32_t i = 0; i < events.size(); ++i) {
        const EventId e{t, i};
        if (i + 1 < events.size()) {
          edge(e, {t, i + 1});
        }
        const Event& ev = events[i];
        if (ev.kind == EventKind::start || ev.kind == EventKind::join) {
          edge(ev.rf, e);  // spawn -> start, end -> join
        }
        if (ev.wait == WaitPart::wake) {
          edge(ev.rf, e);
        } else if (ev.kind == EventKind::read) {
          edge(ev.rf, e);
          const auto& co = g_.co(ev.location);
          const std::int64_t k = g_.co_index(ev.rf);
          if (k + 1 < static_cast<std::int64_t>(co.size())) {
            const EventId next = co[static_cast<std::size_t>(k + 1)];
            edge(e, next);  // fr
            const EventId next_read_part = graph::rmw_read_of(next);
            if (steps_.rmws && g_[next].is_rmw && next_read_part != e) {
              edge(e, next_read_part);
            }
          }
        }
      }
    }
  }

  const ExecutionGraph& g_;
  Steps steps_;
  ScOrderBuffers& buffers_ = order_buffers();
  std::vector<std::uint32_t>& offset_ = buffers_.offset;
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges_ = buffers_.edges;
  std::vector<std::uint32_t>& first_ = buffers_.first;
  std::vector<std::uint32_t>& targets_ = buffers_.targets;
  std::vector<std::uint32_t>& indegree_ = buffers_.indegree;
  std::vector<std::uint32_t>& fill_ = buffers_.fill;
  std::vector<std::size_t>& ready_ = buffers_.ready;
};

}  // namespace

bool ScModel::is_consistent(const ExecutionGraph& g) const {
  return ScOrder(g, {}).acyclic();
}

bool ScModel::is_execution(const ExecutionGraph& g) const {
  return ScOrder(g, {.waits = true}).acyclic();
}

std::optional<std::vector<EventId>> ScModel::linearize(const ExecutionGraph& g,
                                                       Prefer prefer) const {
  // A failure may be found in a graph that is consistent but not an execution (a sleep placed
  // after a notify it should have seen): its trace is the order without the atomicity edges.
  if (auto order = ScOrder(g, {.waits = true, .rmws = true}).order(prefer)) {
    return order;
  }
  return ScOrder(g, {.rmws = true}).order(prefer);
}

std::unique_ptr<MemoryModel> MemoryModel::make(Model kind) {
  switch (kind) {
    case Model::sc:
      return std::make_unique<ScModel>();
  }
  return nullptr;
}

}  // namespace weft::model::memory
