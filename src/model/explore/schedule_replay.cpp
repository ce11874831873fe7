#include "explore/schedule_replay.hpp"

#include "graph/rmw.hpp"
#include "graph/wait_queue.hpp"

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
    graph_.set_rf(id, e.wait == graph::WaitPart::wake ? graph::newest_wake_source(graph_, id)
                                                      : graph_.co_max(e.location));
    if (auto w = graph::rmw_write_part(e, graph_.location(e.location).size)) {
      const EventId part = graph_.append(thread, std::move(*w));
      model_.update_views(graph_, part);
      graph_.insert_co_after(part, graph_.co_max(graph_[part].location));
      ++position_;
    }
  }
  return id;
}

}  // namespace weft::model::explore
