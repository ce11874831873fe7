// Events of an execution graph: their position (EventId) and their content (Event).

#pragma once

#include <atomic>
#include <cstdint>
#include <limits>

#include "graph/view.hpp"
#include "weft/model/detail/types.hpp"

namespace weft::model::graph {

using detail::LocationId;
using detail::LocationKind;
using detail::RmwOp;
using detail::SourceLine;
using detail::Value;

using ThreadId = std::uint32_t;
using Stamp = std::uint32_t;

// EventId: the position of an event: thread and index in program order. Index 0 is the
// thread's start event. The initial writes of all locations share one id, EventId::init().
struct EventId {
  ThreadId thread = 0;
  std::uint32_t index = 0;

  static constexpr EventId init() { return {std::numeric_limits<ThreadId>::max(), 0}; }
  constexpr bool is_init() const { return thread == std::numeric_limits<ThreadId>::max(); }
  friend constexpr bool operator==(EventId, EventId) = default;
  friend constexpr auto operator<=>(EventId, EventId) = default;
};

enum class EventKind : std::uint8_t {
  start,   // first event of every thread
  end,     // the thread returned
  read,    // an atomic load, a cell read, the read part of an RMW, a failed CAS, a wait's load
  write,   // an atomic store, a cell write, the write part of an RMW
  fence,   // std::atomic_thread_fence
  spawn,   // created thread `other`
  join,    // joined thread `other`
  choice,  // a choice the program leaves open (a spurious wake-up, a timeout): `value` of `other`
};

// The part an event plays in atomic::wait / notify. A location `x` that threads wait on has a
// wait queue, a location of its own (graph/wait_queue.hpp): sleeping, waking and notifying are
// accesses to it, so that the order in which they happen is a coherence order like any other.
enum class WaitPart : std::uint8_t {
  none,
  load,        // read of `x`: the load of one iteration of atomic::wait
  sleep,       // write of x's queue: the waiter, having read the old value, goes to sleep
  wake,        // read of x's queue: reads the notify that woke it, or the initial write (asleep)
  notify_one,  // write of x's queue
  notify_all,  // write of x's queue
};

// The operands of a read-modify-write, kept on its read part so that the explorer can build the
// write part when it changes what the read reads, without running the program.
struct RmwPayload {
  RmwOp op = RmwOp::exchange;
  Value operand = 0;   // the argument of exchange/fetch_*; CAS: desired
  Value expected = 0;  // CAS only
  std::memory_order failure_order = std::memory_order_relaxed;  // CAS only
  bool weak = false;                                            // compare_exchange_weak
  // A weak CAS that read its expected value and failed anyway (explored under Model::rc11 with
  // Options::spurious_cas_failures): it writes nothing. A choice of the graph, reset whenever
  // the read takes a source (ExecutionGraph::set_rf).
  bool fails_spuriously = false;
};

// Event: the content of one event. Which fields mean something depends on `kind`.
struct Event {
  EventKind kind = EventKind::start;
  bool is_rmw = false;  // read: part of an RMW (successful or not); write: an RMW write part
  // A non-atomic access (detail::cell_read / cell_write): every access of a cell, and a plain
  // access of an atomic location (a litmus test's `*x` on an `atomic_int*`: herd decides
  // atomicity per access). graph::is_atomic is exactly !plain for accesses.
  bool plain = false;
  WaitPart wait = WaitPart::none;
  bool added_max = true;    // took the co-maximal choice when its rf/co position was last set
  bool revisitable = true;  // may still be revisited by a later write
  // Made in an iteration of spin_until or of a lock's acquisition: a thread whose next event
  // is such a read, of a write not yet made, is waiting (blocked), not preempted.
  bool in_spin = false;
  // An RMW of a lock's attempt (weft::model::mutex, shared_mutex): if it fails, the attempt
  // wrote nothing and its thread waits for the lock.
  bool lock_attempt = false;
  // read: the whole of a failed spin iteration after which its thread is blocked, waiting for a
  // write it may read (Driver::await_write); set_rf clears it.
  bool awaits_write = false;
  // read: took its source in place, without a frame of its own, when the write came while it
  // awaited one (GenMC's in-place revisit, TrustExplorer::revisit_in_place); set_rf clears it.
  bool in_place = false;
  // in_place: the source it had before its first in-place revisit (a greedy choice, or a
  // revisit's write), which TrustExplorer::is_maximal judges it by.
  EventId awaited_source = EventId::init();
  std::memory_order order = std::memory_order_seq_cst;
  LocationId location;
  Value value = 0;  // write: value written; read: value read (cached from rf)
  // read: the write it reads from; start: the spawn event; join: the joined thread's end.
  EventId rf = EventId::init();
  ThreadId other = 0;           // spawn/join: the other thread; choice: how many values it has
  const char* label = nullptr;  // choice: what it decides, for traces ("spurious wake-up")
  RmwPayload rmw;               // read with is_rmw
  Stamp stamp = 0;
  std::uint32_t co_position = 0;  // write: its index in its location's coherence order
  SourceLine source;
  View porf;  // po ∪ rf ∪ spawn ∪ join prefix (this event included; a read's own rf excluded)
  View hb;    // happens-before prefix as the memory model defines it (this event included)

  bool is_access() const { return kind == EventKind::read || kind == EventKind::write; }
  bool is_notify() const { return wait == WaitPart::notify_one || wait == WaitPart::notify_all; }
};

}  // namespace weft::model::graph
