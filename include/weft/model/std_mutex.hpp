// weft/model/std_mutex.hpp
//
// weft::model::mutex: stands in for std::mutex inside weft::model::check(). lock() and unlock()
// are single operations of the explored execution, not a lock algorithm: a successful lock() is
// one compare-exchange of the mutex's word (acquire), unlock() one store (release), so N threads
// that each lock once give N! executions, one per lock order. A lock() that finds the mutex held
// waits exactly until it is released; when it never can be, the execution is reported as a
// deadlock that names the mutex, the line of the waiting lock() and the line where the holder
// took it.
//
// Memory ordering: as std::mutex, an unlock() synchronizes-with the lock() that takes the mutex
// next, so everything before the unlock() happens-before everything after that lock().
//
// It meets the standard's Lockable requirements: std::lock_guard, std::unique_lock and
// std::scoped_lock of one mutex work (reports then name the line in the standard header that
// calls lock(): call lock() yourself where your own line matters). std::lock and
// std::scoped_lock of several mutexes back off and retry, writing on every round: the checker
// sees a loop that may never end (Options::max_events); lock several mutexes in one fixed order.
//
// Differences from std::mutex:
//   - Must be created inside the check body (it is a location of the current execution); the
//     optional name is used in reports.
//   - try_lock() never fails spuriously.
//   - Unlocking a mutex the calling thread does not hold, and locking one it holds, stop the
//     execution with a misuse failure (std::mutex: undefined behaviour).

#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "weft/model/detail/lock_runtime.hpp"
#include "weft/model/detail/runtime.hpp"

namespace weft::model {

class mutex {
 public:
  explicit mutex(std::string_view name = {})
      : word_(detail::new_location(detail::LocationKind::atomic, 4, 0, name)), name_(name) {}
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock(detail::SourceLine where = detail::SourceLine::current()) {
    const std::uint32_t self = detail::current_thread() + 1;
    if (holder_ == self) {
      detail::lock_misuse(message(self, "locks", "which it holds already (a mutex is not "
                                                 "recursive: this would deadlock)"),
                          where);
      return;
    }
    for (;;) {
      const std::uint32_t from = detail::spin_iteration_begin();
      detail::Value expected = 0;
      if (detail::compare_exchange(word_, expected, self, std::memory_order_acquire,
                                   std::memory_order_relaxed, false, where)) {
        break;
      }
      detail::lock_wait_failed(from, word_, where);
    }
    holder_ = self;
  }

  bool try_lock(detail::SourceLine where = detail::SourceLine::current()) {
    const std::uint32_t self = detail::current_thread() + 1;
    if (holder_ == self) {
      detail::lock_misuse(message(self, "try-locks", "which it holds already"), where);
      return false;
    }
    detail::Value expected = 0;
    if (!detail::compare_exchange(word_, expected, self, std::memory_order_acquire,
                                  std::memory_order_relaxed, false, where)) {
      return false;
    }
    holder_ = self;
    return true;
  }

  void unlock(detail::SourceLine where = detail::SourceLine::current()) {
    const std::uint32_t self = detail::current_thread() + 1;
    if (holder_ != self) {
      detail::lock_misuse(message(self, "unlocks", "which it does not hold"), where);
      return;
    }
    holder_ = 0;
    const detail::NoAbortScope no_abort;  // called from destructors (std::lock_guard)
    detail::store(word_, 0, std::memory_order_release, where);
  }

 private:
  std::string message(std::uint32_t self, const char* verb, const char* what) const {
    return "thread " + std::to_string(self - 1) + " " + verb + " mutex" +
           (name_.empty() ? std::string() : " " + name_) + ", " + what;
  }

  detail::LocationId word_;  // 0: free; else the holder's thread number + 1
  std::string name_;
  std::uint32_t holder_ = 0;  // the same, as this run's program sees it (for misuse)
};

}  // namespace weft::model
