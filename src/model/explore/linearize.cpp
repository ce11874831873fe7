#include "explore/linearize.hpp"

#include "graph/order_graph.hpp"
#include "graph/rmw.hpp"

namespace weft::model::explore {

using graph::Event;
using graph::EventId;
using graph::EventKind;
using graph::WaitPart;

namespace {

// A read of an RMW's source precedes the RMW's read part, not just its write part (the model's
// fr edge). Under SC this never makes a consistent graph cyclic (a path from the read part leaves
// through the write part); it lets an order keep the parts adjacent, which schedule replay
// relies on.
void rmw_step_edges(const graph::ExecutionGraph& g, graph::OrderGraph& order) {
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    const auto& events = g.thread_events(t);
    for (std::uint32_t i = 0; i < events.size(); ++i) {
      const Event& ev = events[i];
      if (ev.kind != EventKind::read || ev.wait == WaitPart::wake) {
        continue;
      }
      EventId overwrite;
      if (g.first_overwrite(EventId{t, i}, &overwrite) && g[overwrite].is_rmw &&
          graph::rmw_read_of(overwrite) != EventId{t, i}) {
        order.edge(EventId{t, i}, graph::rmw_read_of(overwrite));
      }
    }
  }
}

std::optional<std::vector<EventId>> ordered(const memory::MemoryModel& model,
                                            const graph::ExecutionGraph& g, Prefer prefer,
                                            bool wait_steps, bool rmw_steps) {
  graph::OrderGraph order(g);
  model.order_edges(g, wait_steps, [&](EventId a, EventId b) { order.edge(a, b); });
  if (rmw_steps) {
    rmw_step_edges(g, order);
  }
  order.finish();
  // Among the ready events: an RMW's write part right after its read part, a sleep right after
  // its wait load, and a wake right after the notify it reads (or its sleep), as schedule replay
  // performs them; then the preference.
  auto urgent = [&](EventId e) {
    const Event& ev = g[e];
    return ev.wait == WaitPart::sleep || ev.wait == WaitPart::wake ||
           (ev.kind == EventKind::write && ev.is_rmw);
  };
  return order.order([&](EventId a, EventId b, const EventId* last) {
    if (urgent(a) != urgent(b)) {
      return urgent(a);
    }
    const bool a_same = last != nullptr && a.thread == last->thread;
    const bool b_same = last != nullptr && b.thread == last->thread;
    if (prefer != Prefer::added_first && a_same != b_same) {
      return a_same;
    }
    return prefer == Prefer::same_thread_then_newest ? g[a].stamp > g[b].stamp
                                                     : g[a].stamp < g[b].stamp;
  });
}

}  // namespace

std::optional<std::vector<EventId>> linearize(const memory::MemoryModel& model,
                                              const graph::ExecutionGraph& g, Prefer prefer) {
  // The RMW steps keep under SC; a weak graph may read an RMW's source after the RMW.
  for (const bool rmw_steps : {true, false}) {
    for (const bool wait_steps : {true, false}) {
      if (auto order = ordered(model, g, prefer, wait_steps, rmw_steps)) {
        return order;
      }
    }
  }
  return std::nullopt;
}

}  // namespace weft::model::explore
