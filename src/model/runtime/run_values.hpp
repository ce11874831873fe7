// RunValues: what a re-run of the body produces for the recorded events on locations that hold
// pointers (LocationInfo::holds_pointers).
//
// Heap addresses differ between re-runs of a body (new, make_unique, std::vector growth), so a
// recorded pointer value is only a value of the run that recorded it. While a run replays the
// graph, a replayed write on such a location takes its value from the program, and a replayed
// read returns the value its source write produced in this run (the replay order puts every
// source first). When the whole graph has been replayed, commit() writes this run's values into
// the graph, so that every value in the graph comes from one run and the explorer compares
// (compare-exchange expected values, RMW results) only values of one run. A run abandoned
// before it replayed everything commits nothing: the graph keeps the previous run's values.

#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::runtime {

class RunValues {
 public:
  // Location `loc` was created again in this run, with initial value `init`.
  void defined(graph::LocationId loc, graph::Value init);
  // Replayed write `w` wrote `v` in this run.
  void wrote(graph::EventId w, graph::Value v);
  // Replayed RMW read `r` had these operands in this run.
  void rmw_operands(graph::EventId r, const graph::RmwPayload& payload);

  // The value `write` (or the initial write) of `loc` produced in this run, when this run has
  // replayed it; else the graph's.
  graph::Value value_of(const graph::ExecutionGraph& g, graph::EventId write,
                        graph::LocationId loc) const;

  bool empty() const { return inits_.empty() && writes_.empty() && rmws_.empty(); }
  // Writes this run's values into `g`, and every read's value from its source.
  void commit(graph::ExecutionGraph& g) const;

 private:
  std::vector<std::pair<graph::LocationId, graph::Value>> inits_;
  std::vector<std::pair<graph::EventId, graph::Value>> writes_;
  std::vector<std::pair<graph::EventId, graph::RmwPayload>> rmws_;
};

}  // namespace weft::model::runtime
