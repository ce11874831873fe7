// linearize(): an order of all the events of a graph, for traces, replay strings and
// preemption counts. It respects the memory model's order (MemoryModel::order_edges) and, on
// top of it, performs as one step what a run performs as one: an RMW's read and write parts,
// a wait's load and sleep, a sleep and its wake, a notify and the wake that reads it. These
// are not the model's business (they hold under every model), so they live here.

#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graph/execution_graph.hpp"
#include "memory/memory_model.hpp"

namespace weft::model::explore {

// Which of the orders that respect the model's order linearize() gives.
enum class Prefer : std::uint8_t {
  added_first,  // the earliest-added event first: traces follow the exploration
  // The last event's thread while it can go on, else the earliest- or the latest-added event:
  // few switches (which of the two has fewer depends on the graph).
  same_thread_then_oldest,
  same_thread_then_newest,
};

// nullopt when the graph is inconsistent. A graph that is consistent but not an execution (a
// sleep placed after a notify it should have seen: a failure may be found in one) is ordered
// without the wait steps.
std::optional<std::vector<graph::EventId>> linearize(const memory::MemoryModel& model,
                                                     const graph::ExecutionGraph& g, Prefer prefer);

}  // namespace weft::model::explore
