// weft/model/sync_mutex.hpp
//
// weft::model::SyncMutex<T>: weft::sync::Mutex<T>'s algorithm, the very same source
// (weft/sync/raw_mutex.hpp), instantiated over the model checker's atomics, so that check()
// verifies the lock that ships.
//
// What the model abstracts (model_atomics below):
//   - The futex word's two bytes, `held` and `flags`, are two model locations (the native code
//     never accesses the word as a whole; only the kernel's futex compare reads both).
//   - FUTEX_WAIT compares both bytes and falls asleep in one step, and FUTEX_WAKE takes one
//     sleeper off the futex's queue in one step: a thread that falls asleep after a wake-up is
//     never woken by it. The model gives the queue a location of its own, `futex`
//     (detail/futex_queue.hpp): the threads asleep and the number of wake-ups so far, in one
//     word. prepare_wait() reads the count; wait() queues the thread only if no wake-up came
//     since (else it returns at once: a spurious return, which futex(2) allows too), in one
//     compare-exchange; wake_one() counts a wake-up and takes one sleeper (a choice, when there
//     are several) off the queue in one compare-exchange, then wakes it. lock_slow() reads held
//     (its exchange) and flags after prepare_wait(), so the compare is made by those reads: a
//     waiter sleeps only if both held the values it expects when it read them and no wake-up
//     has come since. It differs from the kernel's compare, which looks at values only, in two
//     ways. A change of held or flags after those reads that no wake-up follows: the kernel
//     returns (the waiter re-reads and sleeps again), the model sleeps; no such change frees
//     the lock or hands it over (each of those wakes someone), so this loses nothing. And a
//     wake-up after prepare_wait() but before a read whose value the waiter then expects: the
//     kernel sleeps, the model returns. That one hid a lost wake-up (a waiter whose hand-off
//     request read flags after an unlock() had cleared PARKED slept unannounced), which the
//     exact compare found; tests/model/sync_mutex_model_test.cpp checks 2x2 with the exact
//     compare, with and without hand-off requests (at 3x1 with requests it explores 36
//     million executions, verified once under SC: too many for the suite). Under Model::rc11 this
//     needs the waiter's heavy fence to come before its exchange on held (raw_mutex.hpp puts it
//     there), as the kernel's compare comes after the fence. (An earlier model made FUTEX_WAKE an
//     increment of a count and then an atomic notify_one, two steps: a thread could fall asleep
//     between them and take the notify meant for a sleeper, a lost wake-up that Linux cannot have;
//     checking 4 threads found it.)
//   - light_fence() and heavy_fence() are both seq_cst fences (P1202's pair orders like two
//     seq_cst fences); asymmetric_fences() is true, so the model checks the light path.
//   - Spin rounds are skipped (spin_rounds 0): they end by parking, not by an exit the checker
//     could assume. The fairness clock is a logical one that advances half a millisecond per
//     reading, so the hand-off path is explored too; whether a lock's hand-off interval has
//     passed (handoff_due) is a choice, so both answers are explored.

#pragma once

#include <atomic>
#include <cstdint>

#include "weft/model/atomic.hpp"
#include "weft/model/detail/futex_queue.hpp"
#include "weft/model/fence.hpp"
#include "weft/model/spin.hpp"
#include "weft/sync/mutex.hpp"

namespace weft::model {

// The atomics policy of weft::sync's algorithms under the checker.
struct model_atomics {
  template <class T>
  using atomic = weft::model::atomic<T>;

  // A lock word starts with its mode ASYMMETRIC (weft::sync::asymmetric_lock_mode), as a native
  // lock is after its first unlock() where membarrier works; a native lock starts SYMMETRIC (0),
  // which behaves as the last idle count of SYMMETRIC mode does (explored whenever a thread that
  // has slept takes the lock). Pass 0 to check new locks themselves (sync_mutex_model_test.cpp:
  // their 2x2 checks; at 3x1 the first unlock()'s leaving multiplies the executions by ten).
  struct lock_word {
    explicit lock_word(std::uint8_t initial_mode = weft::sync::asymmetric_lock_mode)
        : mode{initial_mode, "mode"} {}

    atomic<std::uint8_t> held{0, "held"};
    atomic<std::uint8_t> flags{0, "flags"};
    atomic<std::uint8_t> mode;
    detail::futex_queue futex{"futex"};  // the kernel's futex queue (and its wake-ups so far)

    std::uint32_t prepare_wait() { return futex.prepare_wait(); }
    void wait(std::uint8_t /*held*/, std::uint8_t /*flags*/, std::uint32_t ticket) {
      futex.wait(ticket);
    }
    void wake_one() { futex.wake_one(); }
  };

  static void light_fence() { fence(std::memory_order_seq_cst); }
  static void heavy_fence() { fence(std::memory_order_seq_cst); }
  static void seq_cst_fence() { fence(std::memory_order_seq_cst); }
  static bool asymmetric_fences() { return true; }

  static constexpr int spin_rounds = 0;
  // One idle unlock() keeps SYMMETRIC mode, the next leaves it: both are explored.
  static constexpr int symmetric_idle_unlocks = 1;
  static constexpr std::uint64_t handoff_after_ns = 1'000'000;
  // Operations throw to unwind a model thread whose execution is abandoned.
  static constexpr bool nothrow = false;

  static void yield() { yield_now(); }
  static void pause() { spin_loop(); }
  static std::uint64_t now_ns() { return detail::logical_clock_ns(); }
  // Whether the lock's hand-off interval has passed is a choice the checker explores: both the
  // hand-off and the unlock() that leaves the request for later are checked.
  static bool handoff_due(const void* /*lock*/,
                          detail::SourceLine where = detail::SourceLine::current()) {
    return detail::choose(2, "the lock's hand-off interval has passed", where) == 1;
  }
  static void handoff_made(const void* /*lock*/) {}
};

// weft's production lock under the checker (its parking protocol is explored). To lock in a
// test of your own code, use weft::model::Mutex<T> or weft::model::mutex (weft/model/mutex.hpp).
template <class T>
using SyncMutex = weft::sync::Mutex<T, model_atomics>;

template <class T>
using SyncMutexGuard = weft::sync::MutexGuard<T, model_atomics>;

}  // namespace weft::model
