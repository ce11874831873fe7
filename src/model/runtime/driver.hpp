// Driver: what the runtime asks of whoever decides the choices of an execution (the TruSt
// explorer, or the replay of one recorded execution). The runtime runs the program and records
// its events; a driver appends new events to its graph and makes their choices.

#pragma once

#include <optional>

#include "graph/execution_graph.hpp"

namespace weft::model::runtime {

class Driver {
 public:
  virtual ~Driver() = default;

  // The graph this execution replays and then extends. Events already in it are replayed: the
  // runtime returns their recorded results without asking the driver.
  virtual graph::ExecutionGraph& graph() = 0;

  // Appends a new event of `thread` past the recorded ones and makes its choices: a read's
  // source (an RMW read also gets its write part appended when it succeeds), a write's
  // coherence position. Returns the event's id.
  virtual graph::EventId add(graph::ThreadId thread, graph::Event event) = 0;

  // True when the execution so far can never be counted (an RMW atomicity conflict): the
  // runtime abandons it.
  virtual bool moot() const = 0;

  // The thread that must perform the next new event, or nullopt for the default: the
  // lowest-numbered runnable thread.
  virtual std::optional<graph::ThreadId> next_thread() { return std::nullopt; }
};

}  // namespace weft::model::runtime
