// Helpers shared by memory models: which writes an event already "sees" through a view.

#pragma once

#include "graph/execution_graph.hpp"

namespace weft::model::memory {

using graph::EventId;
using graph::ExecutionGraph;
using graph::LocationId;
using graph::View;

// The co-latest write to `loc` that is in `view`, or read by a read in `view` (other than
// `self`); the initial write when there is none. Returns its index in co (-1: initial write).
std::int64_t latest_visible_write(const ExecutionGraph& g, LocationId loc, const View& view,
                                  EventId self);

}  // namespace weft::model::memory
