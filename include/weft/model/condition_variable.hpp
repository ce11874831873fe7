// weft/model/condition_variable.hpp
//
// weft::model::condition_variable: stands in for std::condition_variable, over
// std::unique_lock<weft::model::mutex>. Built the way futex-based condition variables are: a
// sequence counter that every notify increments, read under the lock before wait() releases it,
// and an atomic wait on the counter. So a notify that comes after the waiter released the lock
// is never lost, notify_one() wakes exactly one sleeper (the checker explores which), and a
// waiter that nobody will ever notify is reported as a deadlock at its wait() line.
//
// Memory ordering: the counter's operations are seq_cst; what the waiter sees of the notifier's
// writes comes, as with std::condition_variable, from the mutex.
//
// Differences from std::condition_variable:
//   - Spurious wake-ups are not explored (the standard allows them: always wait in a loop, or
//     with a predicate).
//   - No wait_for/wait_until.

#pragma once

#include <atomic>
#include <mutex>
#include <string_view>

#include "weft/model/detail/runtime.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model {

class condition_variable {
 public:
  explicit condition_variable(std::string_view name = {})
      : seq_(detail::new_location(detail::LocationKind::atomic, 4, 0, name)) {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  void notify_one(detail::SourceLine where = detail::SourceLine::current()) {
    detail::fetch_op(seq_, detail::RmwOp::add, 1, std::memory_order_seq_cst, where);
    detail::notify(seq_, false, where);
  }

  void notify_all(detail::SourceLine where = detail::SourceLine::current()) {
    detail::fetch_op(seq_, detail::RmwOp::add, 1, std::memory_order_seq_cst, where);
    detail::notify(seq_, true, where);
  }

  // Releases `lock`, sleeps until notified, takes `lock` again. `lock` must own its mutex.
  void wait(std::unique_lock<mutex>& lock,
            detail::SourceLine where = detail::SourceLine::current()) {
    const detail::Value seen = detail::load(seq_, std::memory_order_seq_cst, where);
    lock.unlock();
    detail::wait(seq_, seen, std::memory_order_seq_cst, where);
    lock.lock();
  }

  template <class Predicate>
  void wait(std::unique_lock<mutex>& lock, Predicate stop_waiting,
            detail::SourceLine where = detail::SourceLine::current()) {
    while (!stop_waiting()) {
      wait(lock, where);
    }
  }

 private:
  detail::LocationId seq_;  // incremented by every notify
};

}  // namespace weft::model
