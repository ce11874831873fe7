// Driver: what the runtime asks of whoever decides the choices of an execution (the TruSt
// explorer, or the replay of one recorded execution). The runtime runs the program and records
// its events; a driver appends new events to its graph and makes their choices.

#pragma once

#include <optional>
#include <span>

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

  // Whether this driver schedules the threads (next_thread is asked before every new event).
  // The explorer does not: new events are added by the lowest-numbered runnable thread.
  virtual bool schedules() const { return false; }

  // The thread that must perform the next new event, given the threads that can run now
  // (lowest-numbered first), or nullopt for the default: the lowest-numbered runnable thread.
  // Asked only when schedules() is true; must return the same answer until an event is added.
  virtual std::optional<graph::ThreadId> next_thread(
      std::span<const graph::ThreadId> /*runnable*/) {
    return std::nullopt;
  }

  // Whether the program runs operationally, as on a machine: a thread blocked in a spin loop
  // runs again once a read of its last iteration has a newer write to read, a thread asleep in
  // atomic::wait once a notify wakes it (see runtime/execution.hpp). The explorer does not: it
  // cuts such runs short and reaches their continuations by revisiting reads.
  virtual bool operational() const { return false; }

  // `read`, a new or replayed read and its thread's last event, is the whole of a spin
  // iteration that failed: its thread blocks until a write it may read comes. True if the
  // driver may revisit the read in place when such a write is added: the thread then runs its
  // iteration again, replaying the read with its new source. The explorer does.
  virtual bool await_write(graph::EventId /*read*/) { return false; }
  // The next add() is the load of an atomic::spin_until, whose loop ends when `ends_loop` holds
  // for the value read and depends on nothing else: a source whose value fails it would only
  // repeat the loop. nullptr after the add.
  virtual void value_filter(const detail::ValueFilter* /*ends_loop*/) {}
  // Every recorded event has been replayed and every thread has run to its next operation (or
  // blocked). `run_over`: the run ended first (abandoned): nothing may change its graph in place.
  virtual void replay_done(bool /*run_over*/) {}
  // `cas`, the read part of a compare-exchange of a spin_until or lock iteration, about to be
  // added, would fail on the newest write of its location. True if its thread should not add it
  // yet but wait until a write is added there or no other thread can run (GenMC's
  // removeCASReadIfBlocks on a new read: a choice of schedule, which depends on the graph
  // alone). The explorer does, outside a preemption bound.
  virtual bool defers_failing_cas(const graph::Event& /*cas*/) { return false; }
  // `read`, a compare-exchange that failed and its thread's last event, ends a spin_until or
  // lock iteration that failed and wrote nothing. True if the driver took it out of the graph
  // (GenMC's removeCASReadIfBlocks on a revisit): the thread runs the iteration again and adds
  // the compare-exchange anew once a write comes (graph::ExecutionGraph::Withdrawal).
  virtual bool withdraw_failed_cas(graph::EventId /*read*/) { return false; }
};

}  // namespace weft::model::runtime
