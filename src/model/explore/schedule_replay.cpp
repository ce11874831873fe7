#include "explore/schedule_replay.hpp"

#include <algorithm>
#include <cstdint>

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
  const EventId id = weak_ ? add_as_recorded(thread, std::move(event))
                           : add_as_newest(model_, graph_, thread, std::move(event));
  position_ += graph_.thread_size(thread) - before;  // an RMW's write part is a step too
  return id;
}

EventId ScheduleReplay::add_as_recorded(graph::ThreadId thread, graph::Event event) {
  const EventId id = graph_.append(thread, std::move(event));
  model_.update_views(graph_, id);
  added_.push_back(id);
  const graph::Event& e = graph_[id];
  if (e.kind == EventKind::write) {
    place_as_recorded(id);
  } else if (e.kind == EventKind::read) {
    graph_.location(e.location).reads.push_back(id);
    const std::size_t k = next_read_;
    graph_.set_rf(id, recorded_source(id));
    graph_.at(id).rmw.fails_spuriously = k < spurious_.size() && spurious_[k] && e.rmw.weak;
    if (auto w = graph::rmw_write_part(graph_[id], graph_.location(e.location).size)) {
      const EventId part = graph_.append(thread, std::move(*w));
      model_.update_views(graph_, part);
      added_.push_back(part);
      place_as_recorded(part);
    }
  }
  return id;
}

EventId ScheduleReplay::recorded_source(EventId read) {
  const std::size_t k = next_read_++;
  const std::int64_t position = k < sources_.size() ? sources_[k] : -1;
  if (position < 0) {
    return EventId::init();
  }
  const auto at = static_cast<std::size_t>(position);
  if (at < added_.size() && graph_[added_[at]].kind == EventKind::write &&
      graph_[added_[at]].location == graph_[read].location) {
    return added_[at];
  }
  recorded_mismatch_ = true;
  return graph_.co_max(graph_[read].location);
}

// After the last write already placed whose recorded coherence index is lower.
void ScheduleReplay::place_as_recorded(EventId write) {
  const std::size_t k = placed_.size();
  const std::uint32_t place = k < co_places_.size() ? co_places_[k] : UINT32_MAX;
  placed_.emplace_back(write, place);
  EventId after = EventId::init();
  for (EventId w : graph_.co(graph_[write].location)) {
    const auto it =
        std::find_if(placed_.begin(), placed_.end(), [&](const auto& p) { return p.first == w; });
    if (it != placed_.end() && it->second < place) {
      after = w;
    }
  }
  graph_.insert_co_after(write, after);
}

}  // namespace weft::model::explore
