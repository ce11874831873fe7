// Rc11Model: the C++ memory model as RC11 states it (Lahav, Vafeiadis, Kang, Hur, Dreyer,
// "Repairing Sequential Consistency in C/C++11", PLDI 2017; ../shared/guides/rc11.md). A graph
// is consistent iff
//   - coherence: hb;eco? is irreflexive (every access comes co-after, or reads co-after, every
//     write it sees through happens-before, directly or through a read of it);
//   - atomicity: an RMW's write immediately follows its source in co, and no two RMWs read one
//     write (kept by the explorer);
//   - SC: psc is acyclic (memory/psc.hpp);
//   - no-thin-air: po ∪ rf is acyclic (by construction: graphs grow porf-first).
// hb is (po ∪ sw ∪ spawn ∪ join)+ with C++20's release sequences (memory/rc11_relations.hpp);
// cells are non-atomic and race unless ordered by it. Options::rc11 switches to the readings of
// other tools (Rc11Variant).
//
// atomic::wait / notify_one / notify_all behave as the futex they are built on
// (graph/wait_queue.hpp, the same rules as under SC): the queue's coherence order is the order
// in which threads fall asleep and notifies come, a notify_one wakes one thread asleep when it
// comes, a notify_all every one. Under RC11:
//   - The queue's events (sleep, wake, notify) are relaxed accesses of a location of their own.
//     They neither synchronize nor enter psc: a woken thread learns nothing from its notify and
//     loads the value again (C++20 [atomics.wait] promises no synchronization either).
//   - The queue's order respects hb (coherence), and a wait's load and its sleep are one step,
//     as the kernel compares the value and queues the thread under one lock: a sleep that comes
//     after a notify N in the queue must have loaded a value no older than every write that
//     happens before N (is_execution). That is C++20's eligibility rule: N may unblock a wait
//     that loaded X if some write co-after X happens before N, and must unblock one such wait.
//     It is what makes "store, then notify" lose no wake-up.
//   - One difference from the standard, on the futex's side: a notify_one may wake a thread
//     that is not eligible for it (nothing it could see changed), which then loads the same
//     value and sleeps again, while an eligible one stays asleep. The standard would wake an
//     eligible one; no futex knows which those are. weft reports the deadlocks a futex allows.

#pragma once

#include "memory/memory_model.hpp"

namespace weft::model::memory {

class Rc11Model final : public MemoryModel {
 public:
  explicit Rc11Model(const Rc11Variant& variant) : variant_(variant) {}

  void update_views(ExecutionGraph& g, EventId e) const override;
  std::vector<EventId> coherent_stores(const ExecutionGraph& g, EventId read) const override;
  std::vector<EventId> coherent_placings(const ExecutionGraph& g, EventId w) const override;
  bool may_revisit(const ExecutionGraph& g, EventId read, EventId w) const override;
  // psc acyclic (coherence and atomicity hold by construction).
  bool is_consistent(const ExecutionGraph& g) const override;
  // Coherence (hb;eco? irreflexive), then psc.
  bool is_consistent_from_scratch(const ExecutionGraph& g) const override;
  // psc, the queues' coherence, and no sleep eligible for a notify co-before it.
  bool is_execution(const ExecutionGraph& g) const override;
  // po ∪ rf ∪ spawn ∪ join: the orders in which a run may perform the events.
  void order_edges(const ExecutionGraph& g, bool wait_steps, const EdgeSink& sink) const override;

 private:
  Rc11Variant variant_;
};

}  // namespace weft::model::memory
