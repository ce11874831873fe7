// weft/model/condition_variable.hpp
//
// weft::model::condition_variable: stands in for std::condition_variable, over
// std::unique_lock<weft::model::mutex>. It keeps the standard's semantics, not a futex
// implementation's: wait() releases the lock and blocks in one step, so a notify that comes
// after the waiter released the lock finds it blocked; notify_one() unblocks exactly one
// blocked waiter (the checker explores which), notify_all() every blocked one, and a notify that
// finds nobody blocked does nothing. A waiter that nobody will ever notify is reported as a
// deadlock at its wait() line.
//
// How it is built (what the checker explores): a word of the waiting threads (one bit per
// thread), which a waiter sets with a fetch_or while it holds the lock and a notify clears with
// a compare-exchange after reading it; and one wake-up flag per waiting thread
// (detail/wake_up_flags.hpp), which the notify that cleared its bit writes and the waiter awaits
// like a spin_until (so that it is revisited in place, never re-run). A notify called under the
// lock adds one read when nobody waits; one called after unlocking may read the word before or
// after a waiter's enqueue, and both orders are explored (the second is the lost wake-up of real
// code that notifies early).
//
// Memory ordering: every operation on the word and the flags is seq_cst; what the waiter sees
// of the notifier's writes comes, as with std::condition_variable, from the mutex.
//
// Spurious wake-ups are explored (Options::spurious_wakeups, on by default, as the standard
// allows them): a wait() may return without a notify, as if the thread had woken right after it
// released the lock (it takes the lock again; others may take it first). To keep a waiting loop
// finite, a thread's wait on one condition variable may return that way only if its previous
// wait on it (if any) was notified: two spurious wake-ups in a row are not explored. wait_for /
// wait_until may time out under the same rule; time itself is not modelled (the duration is
// not looked at).
//
// Limits: threads 0 to 63 may wait (a waiter numbered 64 or more is reported as misuse).

#pragma once

#include <bit>
#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>

#include "weft/model/detail/condition_waits.hpp"
#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"
#include "weft/model/detail/wake_up_flags.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model {

class condition_variable : public detail::condition_waits<condition_variable> {
 public:
  explicit condition_variable(std::string_view name = {})
      : waiters_(detail::new_location(detail::LocationKind::atomic, 8, 0, name)),
        wake_up_flags_(name, waiters_) {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  // Unblocks one waiting thread, if any: which one is a choice the checker explores.
  void notify_one(detail::SourceLine where = detail::SourceLine::current()) {
    detail::Value waiting = detail::load(waiters_, std::memory_order_seq_cst, where);
    while (waiting != 0) {
      const int count = std::popcount(waiting);
      // Traces read "notify_one picks the later of two waiters: yes" or "notify_one picks
      // waiter (in thread order): 2 of 0..3"; the flag write that follows names the thread.
      const std::uint32_t pick =
          count == 1   ? 0
          : count == 2 ? detail::choose(2, "notify_one picks the later of two waiters", where)
                       : detail::choose(static_cast<std::uint32_t>(count),
                                        "notify_one picks waiter (in thread order)", where);
      const std::uint32_t thread = detail::wake_up_flags::nth_thread(waiting, pick);
      const detail::Value bit = detail::Value{1} << thread;
      // Fails only when the word changed since it was read (a waiter came, or another notify
      // took a waiter): try again with what it holds now.
      if (detail::compare_exchange(waiters_, waiting, waiting & ~bit, std::memory_order_seq_cst,
                                   std::memory_order_seq_cst, false, where)) {
        wake_up_flags_.wake(thread, where);
        return;
      }
    }
  }

  // Unblocks every waiting thread.
  void notify_all(detail::SourceLine where = detail::SourceLine::current()) {
    if (detail::load(waiters_, std::memory_order_seq_cst, where) == 0) {
      return;
    }
    detail::Value woken =
        detail::fetch_op(waiters_, detail::RmwOp::exchange, 0, std::memory_order_seq_cst, where);
    for (; woken != 0; woken &= woken - 1) {
      wake_up_flags_.wake(static_cast<std::uint32_t>(std::countr_zero(woken)), where);
    }
  }

 private:
  friend class detail::condition_waits<condition_variable>;

  static constexpr std::uint32_t kMaxWaiters = 64;  // bits of the word of waiting threads

  // Releases `lock`; then, when `leave` names a way out (a spurious wake-up, a time-out) that
  // this thread may take (its previous wait here was notified), the choice between taking it
  // and blocking until notified; takes `lock` again. False when it left without a notify.
  bool wait_or_leave(std::unique_lock<mutex>& lock, const char* leave, detail::SourceLine where) {
    const std::uint32_t self = detail::current_thread();
    if (self >= kMaxWaiters) {
      detail::lock_misuse(waiters_, "waits on", "condition_variable",
                          "which supports waiting threads 0 to 63 only", where);
      return false;
    }
    bool& left_without_notify = left_without_notify_[self];
    if (leave != nullptr && !left_without_notify && detail::choose(2, leave, where) == 1) {
      left_without_notify = true;
      lock.unlock();
      lock.lock();
      return false;
    }
    left_without_notify = false;
    const detail::Value wake_up = wake_up_flags_.begin_block(self);
    detail::fetch_op(waiters_, detail::RmwOp::bit_or, detail::Value{1} << self,
                     std::memory_order_seq_cst, where);
    lock.unlock();
    wake_up_flags_.await(wake_up, where);
    lock.lock();
    return true;
  }

  detail::LocationId waiters_;  // bit t: thread t is blocked in a wait
  detail::wake_up_flags wake_up_flags_;
  // Whether a thread's last wait here returned spuriously or timed out.
  std::map<std::uint32_t, bool> left_without_notify_;
};

}  // namespace weft::model
