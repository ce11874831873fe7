// weft/model/detail/futex_queue.hpp: a model of one futex word's kernel queue, as FUTEX_WAIT
// and FUTEX_WAKE(1) use it. Internal: weft::model::model_atomics's lock word (sync_mutex.hpp)
// is built on it; users never see it.
//
// What it models: the kernel checks a waiter's condition and queues it in one step, and
// FUTEX_WAKE takes one thread off the queue in one step, so a thread that queues after a
// wake-up is never woken by it. (std::atomic's notify_one, by contrast, may unblock a waiter
// that blocked after the value changed, which then blocks again: built on it, a futex model
// would lose wake-ups that the kernel never loses.)
//
// How it is built (what the checker explores), after weft::model::condition_variable: one
// atomic word holds the threads asleep (bit t: thread t, threads 0 to 31) and, above them, the
// number of wake-ups so far. A waiter's condition is "no wake-up since prepare_wait()"; it queues
// itself with a compare-exchange that succeeds only while the count is the one it read, so the
// check and the queueing are one step. wake_one() increments the count and clears one sleeper's
// bit in one compare-exchange (which sleeper, when there are several, is a choice the checker
// explores), then writes that thread's wake-up flag; the sleeper awaits its flag like a
// spin_until (revisited in place, never re-run). A sleeper that nobody wakes is reported as a
// deadlock that names the queue.
//
// Memory ordering: every access is seq_cst (the kernel takes the futex's hash-bucket lock on
// both sides).

#pragma once

#include <bit>
#include <cstdint>
#include <string_view>

#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"
#include "weft/model/detail/wake_up_flags.hpp"

namespace weft::model::detail {

class futex_queue {
 public:
  explicit futex_queue(std::string_view name)
      : word_(new_location(LocationKind::atomic, 8, 0, name)), wake_up_flags_(name, word_) {}
  futex_queue(const futex_queue&) = delete;
  futex_queue& operator=(const futex_queue&) = delete;

  // The number of wake-ups so far: the ticket a later wait() compares against.
  std::uint32_t prepare_wait(SourceLine where = SourceLine::current()) {
    return wake_ups(load(word_, std::memory_order_seq_cst, where));
  }

  // Sleeps until a wake_one() takes this thread off the queue; returns at once if a wake-up came
  // since the prepare_wait() that returned `ticket`.
  void wait(std::uint32_t ticket, SourceLine where = SourceLine::current()) {
    const std::uint32_t self = current_thread();
    if (self >= kMaxSleepers) {
      lock_misuse(word_, "waits on", "futex", "which supports waiting threads 0 to 31 only", where);
      return;
    }
    // Counted before queueing, so that a wake_one() that takes this thread writes its number.
    const Value wake_up = wake_up_flags_.begin_block(self);
    Value word = Value{ticket} << kCountShift;  // the likely value: nobody else asleep
    for (;;) {
      if (compare_exchange(word_, word, word | (Value{1} << self), std::memory_order_seq_cst,
                           std::memory_order_seq_cst, false, where)) {
        break;
      }
      if (wake_ups(word) != ticket) {
        return;
      }
    }
    wake_up_flags_.await(wake_up, where);
  }

  // Counts a wake-up and takes one sleeper, if any, off the queue and wakes it.
  void wake_one(SourceLine where = SourceLine::current()) {
    Value word = load(word_, std::memory_order_seq_cst, where);
    for (;;) {
      const Value asleep = word & kSleeperMask;
      const std::uint32_t thread = asleep == 0 ? kMaxSleepers : pick_sleeper(asleep, where);
      const Value taken = thread == kMaxSleepers ? 0 : Value{1} << thread;
      // Fails only when the word changed since it was read (a sleeper came, or another wake-up
      // counted): try again with what it holds now.
      if (compare_exchange(word_, word, (word + (Value{1} << kCountShift)) & ~taken,
                           std::memory_order_seq_cst, std::memory_order_seq_cst, false, where)) {
        if (taken != 0) {
          wake_up_flags_.wake(thread, where);
        }
        return;
      }
    }
  }

 private:
  static constexpr std::uint32_t kMaxSleepers = 32;
  static constexpr int kCountShift = 32;
  static constexpr Value kSleeperMask = (Value{1} << kCountShift) - 1;

  static std::uint32_t wake_ups(Value word) {
    return static_cast<std::uint32_t>(word >> kCountShift);
  }

  // Which of the threads in `asleep` (a nonempty set of bits) the wake-up takes.
  static std::uint32_t pick_sleeper(Value asleep, SourceLine where) {
    const int count = std::popcount(asleep);
    const std::uint32_t pick = count == 1
                                   ? 0
                                   : choose(static_cast<std::uint32_t>(count),
                                            "FUTEX_WAKE takes sleeper (in thread order)", where);
    return wake_up_flags::nth_thread(asleep, pick);
  }

  LocationId word_;  // bits 0..31: threads asleep; bits 32..63: wake-ups so far
  wake_up_flags wake_up_flags_;
};

}  // namespace weft::model::detail
