// tests/model/futex_condition_variable.hpp: a reference for weft::model::condition_variable,
// for tests only. It is built the way futex-based condition variables are, from
// weft::model's atomic wait/notify (which the completeness oracle checks against an
// operational futex): a sequence counter that every notify increments, read under the lock
// before wait() releases it, and an atomic wait on the counter. So it has a futex
// implementation's extra wake-ups (a waiter that has released the lock but not yet slept
// returns when any notify comes), and its spurious wake-ups are bounded differently (at most
// one per notify the waiter has seen). locks_test.cpp compares the behaviours of the two.

#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string_view>

#include "weft/model/detail/condition_waits.hpp"
#include "weft/model/detail/runtime.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model::testing {

class futex_condition_variable : public detail::condition_waits<futex_condition_variable> {
 public:
  explicit futex_condition_variable(std::string_view name = {})
      : seq_(detail::new_location(detail::LocationKind::atomic, 4, 0, name)) {}
  futex_condition_variable(const futex_condition_variable&) = delete;
  futex_condition_variable& operator=(const futex_condition_variable&) = delete;

  void notify_one(detail::SourceLine where = detail::SourceLine::current()) {
    detail::fetch_op(seq_, detail::RmwOp::add, 1, std::memory_order_seq_cst, where);
    detail::notify(seq_, false, where);
  }

  void notify_all(detail::SourceLine where = detail::SourceLine::current()) {
    detail::fetch_op(seq_, detail::RmwOp::add, 1, std::memory_order_seq_cst, where);
    detail::notify(seq_, true, where);
  }

 private:
  friend class detail::condition_waits<futex_condition_variable>;

  // Releases `lock`; then, when `leave` names a way out (a spurious wake-up, a time-out) that
  // this thread has not taken since the last notify it saw, the choice between taking it and
  // sleeping until notified; takes `lock` again. False when it left without a notify.
  bool wait_or_leave(std::unique_lock<mutex>& lock, const char* leave, detail::SourceLine where) {
    const detail::Value seen = detail::load(seq_, std::memory_order_seq_cst, where);
    lock.unlock();
    const std::uint32_t self = detail::current_thread();
    const auto last = left_at_.find(self);
    const bool may_leave = leave != nullptr && (last == left_at_.end() || last->second != seen);
    bool notified = true;
    if (may_leave && detail::choose(2, leave, where) == 1) {
      left_at_[self] = seen;
      notified = false;
    } else {
      detail::wait(seq_, seen, std::memory_order_seq_cst, where);
    }
    lock.lock();
    return notified;
  }

  detail::LocationId seq_;  // incremented by every notify
  // Per thread: the counter's value when it last left a wait without a notify.
  std::map<std::uint32_t, detail::Value> left_at_;
};

}  // namespace weft::model::testing
