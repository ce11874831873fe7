#include "memory/visibility.hpp"

#include <algorithm>
#include <cstddef>

namespace weft::model::memory {

std::int64_t latest_visible_write(const ExecutionGraph& g, LocationId loc, const View& view,
                                  EventId self) {
  const auto& info = g.location(loc);
  std::int64_t latest = -1;
  for (std::int64_t i = static_cast<std::int64_t>(info.co.size()) - 1; i >= 0; --i) {
    const EventId w = info.co[static_cast<std::size_t>(i)];
    if (w != self && view.contains(w.thread, w.index)) {
      latest = i;
      break;
    }
  }
  for (EventId r : info.reads) {
    if (r != self && view.contains(r.thread, r.index)) {
      latest = std::max(latest, g.co_index(g[r].rf));
    }
  }
  return latest;
}

View inherited_view(const ExecutionGraph& g, EventId e) {
  View view;
  if (e.index > 0) {
    view = g[EventId{e.thread, e.index - 1}].hb;
  }
  const graph::Event& ev = g[e];
  if ((ev.kind == graph::EventKind::start || ev.kind == graph::EventKind::join) &&
      !ev.rf.is_init()) {
    view.join(g[ev.rf].hb);
  }
  return view;
}

bool sees_nothing_newer(const ExecutionGraph& g, EventId read, const View& view, EventId w) {
  return latest_visible_write(g, g[read].location, view, read) <= g.co_index(w);
}

std::vector<EventId> stores_from_latest_visible(const ExecutionGraph& g, EventId read,
                                                const View& view) {
  const graph::Event& r = g[read];
  const auto& co = g.co(r.location);
  const std::int64_t first = latest_visible_write(g, r.location, view, read);
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

std::vector<EventId> placings_after_latest_visible(const ExecutionGraph& g, EventId w,
                                                   const View& view) {
  const graph::Event& ev = g[w];
  const auto& co = g.co(ev.location);
  const auto n = static_cast<std::int64_t>(co.size());
  std::vector<EventId> out;
  for (std::int64_t k = latest_visible_write(g, ev.location, view, w); k < n; ++k) {
    // Never separate an RMW write part from its source, which immediately precedes it.
    if (k + 1 < n && g[co[static_cast<std::size_t>(k + 1)]].is_rmw) {
      continue;
    }
    out.push_back(k < 0 ? EventId::init() : co[static_cast<std::size_t>(k)]);
  }
  return out;
}

}  // namespace weft::model::memory
