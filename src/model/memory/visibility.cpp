#include "memory/visibility.hpp"

#include <algorithm>

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

}  // namespace weft::model::memory
