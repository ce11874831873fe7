#include "runtime/run_values.hpp"

#include <algorithm>

namespace weft::model::runtime {

using graph::EventId;
using graph::LocationId;
using graph::Value;

void RunValues::defined(LocationId loc, Value init) {
  inits_.emplace_back(loc, init);
}

void RunValues::wrote(EventId w, Value v) {
  writes_.emplace_back(w, v);
}

void RunValues::rmw_operands(EventId r, const graph::RmwPayload& payload) {
  rmws_.emplace_back(r, payload);
}

Value RunValues::value_of(const graph::ExecutionGraph& g, EventId write, LocationId loc) const {
  if (write.is_init()) {
    const auto it = std::find_if(inits_.rbegin(), inits_.rend(),
                                 [&](const auto& entry) { return entry.first == loc; });
    return it != inits_.rend() ? it->second : g.location(loc).init;
  }
  const auto it = std::find_if(writes_.rbegin(), writes_.rend(),
                               [&](const auto& entry) { return entry.first == write; });
  return it != writes_.rend() ? it->second : g[write].value;
}

void RunValues::commit(graph::ExecutionGraph& g) const {
  for (const auto& [loc, init] : inits_) {
    g.location(loc).init = init;
  }
  for (const auto& [w, v] : writes_) {
    g.at(w).value = v;
  }
  for (const auto& [r, payload] : rmws_) {
    g.at(r).rmw = payload;
  }
  for (graph::ThreadId t = 0; t < g.thread_count(); ++t) {
    for (std::uint32_t i = 0; i < g.thread_size(t); ++i) {
      graph::Event& e = g.at({t, i});
      if (e.kind == graph::EventKind::read && g.location(e.location).holds_pointers) {
        e.value = g.value_of(e.rf, e.location);
      }
    }
  }
}

}  // namespace weft::model::runtime
