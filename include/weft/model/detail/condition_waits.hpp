// weft/model/detail/condition_waits.hpp: the waiting member functions of a model condition
// variable (wait, wait_for, wait_until, each with and without a predicate), written once over
// the one step a condition variable provides. Internal: weft::model::condition_variable derives
// from it (as does the tests' futex-built reference variable).
//
// `Variable` (CRTP) provides, reachable from this class (a friend):
//   bool wait_or_leave(std::unique_lock<mutex>& lock, const char* leave, SourceLine where);
// which releases `lock`, blocks until notified or, when `leave` is not null, may instead leave
// that way (a spurious wake-up, a time-out: a choice the checker explores), takes `lock` again,
// and returns false when it left without a notify.

#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "weft/model/detail/runtime.hpp"
#include "weft/model/std_mutex.hpp"

namespace weft::model::detail {

template <class Variable>
class condition_waits {
 public:
  // Releases `lock`, blocks until notified (or wakes spuriously), takes `lock` again. `lock`
  // must own its mutex.
  void wait(std::unique_lock<mutex>& lock, SourceLine where = SourceLine::current()) {
    self().wait_or_leave(lock, spurious_wakeups_explored() ? "spurious wake-up" : nullptr, where);
  }

  template <class Predicate>
  void wait(std::unique_lock<mutex>& lock, Predicate stop_waiting,
            SourceLine where = SourceLine::current()) {
    while (!stop_waiting()) {
      wait(lock, where);
    }
  }

  // Waits until notified or timed out: which, is a choice the checker explores (the duration
  // is not looked at). A spurious wake-up counts as no_timeout, as in the standard.
  template <class Rep, class Period>
  std::cv_status wait_for(std::unique_lock<mutex>& lock,
                          const std::chrono::duration<Rep, Period>& /*timeout*/,
                          SourceLine where = SourceLine::current()) {
    return self().wait_or_leave(lock, "time out", where) ? std::cv_status::no_timeout
                                                         : std::cv_status::timeout;
  }

  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& timeout,
                Predicate stop_waiting, SourceLine where = SourceLine::current()) {
    while (!stop_waiting()) {
      if (wait_for(lock, timeout, where) == std::cv_status::timeout) {
        return stop_waiting();
      }
    }
    return true;
  }

  template <class Clock, class Duration>
  std::cv_status wait_until(std::unique_lock<mutex>& lock,
                            const std::chrono::time_point<Clock, Duration>& /*deadline*/,
                            SourceLine where = SourceLine::current()) {
    return wait_for(lock, std::chrono::seconds(0), where);
  }

  template <class Clock, class Duration, class Predicate>
  bool wait_until(std::unique_lock<mutex>& lock,
                  const std::chrono::time_point<Clock, Duration>& /*deadline*/,
                  Predicate stop_waiting, SourceLine where = SourceLine::current()) {
    return wait_for(lock, std::chrono::seconds(0), std::move(stop_waiting), where);
  }

 private:
  Variable& self() { return static_cast<Variable&>(*this); }
};

}  // namespace weft::model::detail
