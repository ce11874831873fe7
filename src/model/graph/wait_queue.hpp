// Wait queues: how atomic::wait and notify_one / notify_all are recorded in the graph.
//
// Every atomic `x` has a wait queue, a location of its own defined right after `x`. One
// iteration of x.wait(old) is a load of `x` (WaitPart::load); when it reads `old`, the waiter
// writes a sleep event to the queue and then reads the queue (a wake event). A notify is a
// write to the queue. A wake reads the notify that woke it, or the queue's initial write: the
// thread is still asleep.
//
// The queue's coherence order is the order in which sleeps and notifies happen, so "thread T
// sleeps when notify n comes" is a fact of the graph: T's sleep is co-before n and T's wake
// reads neither n nor any notify before it. The load and the sleep of one iteration are one
// atomic step (a futex checks the value and enqueues the waiter under one lock); the memory
// model orders every queue write that is co-before a sleep before that sleep's load.
//
// The rules, from the semantics of std::atomic::notify_one / notify_all:
//   - a wake may read notify n only if its sleep is co-before n, no notify_all lies between
//     them (that one would have woken it), and, for notify_one, no other wake reads n;
//   - in a finished execution, a notify_one that comes while some thread sleeps wakes one of
//     them, and a notify_all wakes every thread that sleeps when it comes (check_wakeups).

#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "graph/execution_graph.hpp"

namespace weft::model::graph {

// The wait queue of atomic `x`, and the atomic whose queue `q` is.
constexpr LocationId queue_of(LocationId x) {
  return {x.thread, x.index + 1};
}
constexpr LocationId queued_location(LocationId q) {
  return {q.thread, q.index - 1};
}

// The sleep a wake follows, and the wait load a sleep follows (each its po-predecessor); the
// wake that follows a sleep.
constexpr EventId sleep_of(EventId wake) {
  return {wake.thread, wake.index - 1};
}
constexpr EventId wake_of(EventId sleep) {
  return {sleep.thread, sleep.index + 1};
}
constexpr EventId load_of(EventId sleep) {
  return {sleep.thread, sleep.index - 1};
}

// Whether wake `wake` may read queue write `w` (see the rules above).
bool may_wake_from(const ExecutionGraph& g, EventId wake, EventId w);
// Whether `notify`, revisiting `wake`, may wake it in the graph the revisit keeps (the events
// added up to `wake`, and porf(notify)): queue writes and wakes that the revisit deletes neither
// stand between the sleep and the notify nor consume it.
bool may_wake_on_revisit(const ExecutionGraph& g, EventId wake, EventId notify);

// The notifies `wake` may read, in coherence order, then the initial write (staying asleep,
// the greedy choice: a wake is woken by revisits, as a read is given newer writes).
std::vector<EventId> wake_sources(const ExecutionGraph& g, EventId wake);

// The source a wake takes when it runs right after the queue write it reads (schedule replay):
// the queue's newest write if it is a notify the wake may read, else the initial write.
EventId newest_wake_source(const ExecutionGraph& g, EventId wake);

// What the wake-ups of a finished graph say about it (the first problem found).
enum class Wakeups : std::uint8_t {
  // Every notify woke whom it had to, and every sleep that ended took its wake-up from someone.
  exact,
  // A notify_one that came while some thread slept woke none of them, or a notify_all left a
  // sleeper asleep: not an execution the program can end in (the sleeper would be woken).
  unserved,
  // A thread slept and was woken by a notify_all, or by a notify_one while nobody else slept:
  // the same execution without that sleep (the thread's load simply came later) is explored
  // too and looks the same to every thread, so this one is not counted (like a spin loop's
  // repeated iteration).
  needless,
};
Wakeups check_wakeups(const ExecutionGraph& g);

// Pairs of notifies adjacent in the coherence order of a queue that nobody sleeps on, the later
// one with the smaller EventId. With nobody asleep, the order of notifies changes nothing any
// thread can see, so graphs that differ only in it are one execution. The one counted is the
// smallest order by EventId among the consistent ones: it has no such pair that can be swapped
// consistently (the caller checks consistency; a graph with a swappable pair is not counted).
std::vector<std::pair<EventId, EventId>> notify_inversions(const ExecutionGraph& g);

}  // namespace weft::model::graph
