// A text that tells execution graphs apart, for the tests that check that no graph is explored
// twice: every event (kind, wait part, location, value, reads-from) per thread in program order,
// and every accessed location's coherence order. Values on locations that hold pointers are left
// out: addresses differ between runs, the graph does not.

#pragma once

#include <set>
#include <string>

#include <fmt/format.h>

#include "graph/execution_graph.hpp"

namespace weft::model::test {

inline std::string graph_text(const graph::ExecutionGraph& g) {
  std::string out;
  // Only the locations that events access are listed below: the location table is not cut back
  // with the events (a location that a thread created on a path a revisit abandoned stays,
  // unused), and a location no event accesses is not part of the execution.
  std::set<graph::LocationId> accessed;
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (const graph::Event& e : g.thread_events(t)) {
      const bool pointer = e.is_access() && g.location(e.location).holds_pointers;
      out += fmt::format("{}:{}:{}.{}:{}:{}.{};", static_cast<int>(e.kind),
                         static_cast<int>(e.wait), e.location.thread, e.location.index,
                         pointer ? 0 : e.value, e.rf.thread, e.rf.index);
      if (e.is_access()) {
        accessed.insert(e.location);
      }
    }
    out += '|';
  }
  g.for_each_location([&](graph::LocationId id, const graph::LocationInfo& info) {
    if (!accessed.contains(id)) {
      return;
    }
    out += fmt::format("{}.{}:", id.thread, id.index);
    for (graph::EventId w : info.co) {
      out += fmt::format("{}.{},", w.thread, w.index);
    }
  });
  return out;
}

}  // namespace weft::model::test
