#include "explore/schedule_replay.hpp"

#include "graph/rmw.hpp"

namespace weft::model::explore {

using graph::EventId;
using graph::EventKind;

graph::EventId ScheduleReplay::add(graph::ThreadId thread, graph::Event event) {
  const EventId id = graph_.append(thread, std::move(event));
  model_.update_views(graph_, id);
  ++position_;
  graph::Event& e = graph_.at(id);
  if (e.kind == EventKind::write) {
    graph_.insert_co_after(id, graph_.co_max(e.location));
  } else if (e.kind == EventKind::read) {
    graph_.location(e.location).reads.push_back(id);
    graph_.set_rf(id, graph_.co_max(e.location));
    const auto size = graph_.location(e.location).size;
    if (e.is_rmw) {
      if (auto result = graph::rmw_result(e.rmw, e.value, size)) {
        graph::Event w;
        w.kind = EventKind::write;
        w.is_rmw = true;
        w.order = e.order;
        w.location = e.location;
        w.value = *result;
        w.source = e.source;
        const EventId part = graph_.append(thread, std::move(w));
        model_.update_views(graph_, part);
        graph_.insert_co_after(part, graph_.co_max(graph_[part].location));
        ++position_;
      }
    }
  }
  return id;
}

}  // namespace weft::model::explore
