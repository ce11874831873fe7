// Helpers shared by memory models: which writes an event already "sees" through a view.

#pragma once

#include <vector>

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

// The happens-before view every model starts an event's from: its po-predecessor's, and, for a
// thread's start or a join, the spawning or joined thread's (the event itself not yet included).
View inherited_view(const ExecutionGraph& g, EventId e);

// Whether `read` may read `w` without a write co-after `w` being visible through `view`.
bool sees_nothing_newer(const ExecutionGraph& g, EventId read, const View& view, EventId w);

// The writes `read` may read without a write it sees through `view` (its porf view under SC,
// its hb view under RC11) being co-after its source: the latest visible write and every write
// co-after it, in coherence order, the co-maximal last.
std::vector<EventId> stores_from_latest_visible(const ExecutionGraph& g, EventId read,
                                                const View& view);

// The writes that the new (non-RMW) write `w` may be placed immediately after, given what it
// sees through `view`: the latest visible write or later, never between an RMW write part and
// its source; the last places it co-maximal.
std::vector<EventId> placings_after_latest_visible(const ExecutionGraph& g, EventId w,
                                                   const View& view);

}  // namespace weft::model::memory
