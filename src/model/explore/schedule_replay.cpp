#include "explore/schedule_replay.hpp"

#include "graph/rmw.hpp"
#include "graph/wait_queue.hpp"

namespace weft::model::explore {

using graph::EventId;
using graph::EventKind;

EventId add_as_newest(const memory::MemoryModel& model, graph::ExecutionGraph& g,
                      graph::ThreadId thread, graph::Event event) {
  const EventId id = g.append(thread, std::move(event));
  model.update_views(g, id);
  graph::Event& e = g.at(id);
  if (e.kind == EventKind::write) {
    g.insert_co_after(id, g.co_max(e.location));
  } else if (e.kind == EventKind::read) {
    g.location(e.location).reads.push_back(id);
    g.set_rf(id, e.wait == graph::WaitPart::wake ? graph::newest_wake_source(g, id)
                                                 : g.co_max(e.location));
    if (auto w = graph::rmw_write_part(e, g.location(e.location).size)) {
      const EventId part = g.append(thread, std::move(*w));
      model.update_views(g, part);
      g.insert_co_after(part, g.co_max(g[part].location));
    }
  }
  return id;
}

EventId ScheduleReplay::add(graph::ThreadId thread, graph::Event event) {
  if (event.kind == EventKind::choice) {
    // A replay string with too few choices (edited by hand) takes the first value.
    event.value = next_choice_ < choices_.size() ? choices_[next_choice_++] : 0;
    if (event.value >= event.other) {
      event.value = 0;
    }
  }
  const std::uint32_t before = graph_.thread_size(thread);
  const EventId id = add_as_newest(model_, graph_, thread, std::move(event));
  position_ += graph_.thread_size(thread) - before;  // an RMW's write part is a step too
  return id;
}

}  // namespace weft::model::explore
